import type { FastifyBaseLogger } from 'fastify';

/** An invitation on its way to the invitee: the one-time token is for their eyes only. */
export interface Invitation {
  email: string;
  token: string;
  tenantName: string;
  role: string;
}

/** How the server hands an invitation to the invitee. The inviter learns only which way it went. */
export interface InvitationMailer {
  readonly delivery: 'email' | 'server-log';
  send(invitation: Invitation): Promise<void>;
}

/** What the invitee reads: where they were invited, and how to accept. */
export function invitationText(invitation: Invitation): { subject: string; text: string } {
  return {
    subject: 'Your invitation to WebNova',
    text: [
      `You are invited to ${invitation.tenantName} on WebNova, as ${invitation.role}.`,
      '',
      'To accept, choose a password (12 characters or more) and send it with this one-time token:',
      '',
      `  POST /auth/accept-invitation {"token": "${invitation.token}", "password": "…"}`,
      '',
      'If you did not expect this invitation, ignore it: nothing happens until it is accepted.',
    ].join('\n'),
  };
}

/**
 * Without an SMTP server, the operator passes invitations on: one log line each (level warn, so the
 * default level shows it) with the invitee's email and the acceptance token. The inviter's answer
 * never has the token; the server's log is the operator's, not the inviter's.
 */
export class ServerLogMailer implements InvitationMailer {
  readonly delivery = 'server-log';

  constructor(private readonly log: FastifyBaseLogger) {}

  async send(invitation: Invitation): Promise<void> {
    this.log.warn(
      {
        invitation: {
          email: invitation.email,
          tenant: invitation.tenantName,
          role: invitation.role,
          token: invitation.token,
        },
      },
      `invitation for ${invitation.email}: no SMTP server is configured (WEBNOVA_SMTP_URL), so pass this token on to them: ${invitation.token}`,
    );
  }
}
