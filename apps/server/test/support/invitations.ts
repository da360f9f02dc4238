import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import pino from 'pino';
import { ServerLogMailer } from '../../src/invitations/mailer.js';

/**
 * The server's log as an operator reads it, for the invitations written there (the real
 * ServerLogMailer, on a real pino logger whose lines stay in memory): tests accept invitations with the
 * token the invitee would be handed, never with anything the inviter was answered.
 */
export class InvitationLog {
  readonly lines: string[] = [];
  readonly mailer: ServerLogMailer;

  constructor() {
    const logger = pino({ level: 'warn' }, { write: (line: string) => this.lines.push(line) });
    this.mailer = new ServerLogMailer(logger as unknown as FastifyBaseLogger);
  }

  /** The newest invitation token logged for `email`; throws when there is none. */
  tokenFor(email: string): string {
    for (const line of [...this.lines].reverse()) {
      const entry = JSON.parse(line) as { invitation?: { email: string; token: string } };
      if (entry.invitation?.email === email) return entry.invitation.token;
    }
    throw new Error(`no invitation for ${email} in the server log`);
  }
}

const logs = new WeakMap<FastifyInstance, InvitationLog>();

export function recordInvitations(app: FastifyInstance, log: InvitationLog): void {
  logs.set(app, log);
}

/** The invitations `app` (built by testApp) wrote to its log. */
export function invitationsOf(app: FastifyInstance): InvitationLog {
  const log = logs.get(app);
  if (!log) throw new Error('this app was not built by testApp');
  return log;
}
