import type { FastifyBaseLogger } from 'fastify';
import type { Database, Queryable } from '../db/database.js';
import type { Invitation, InvitationMailer } from './mailer.js';

interface OutboxRow {
  id: string;
  recipient: string;
  data: Invitation;
  attempts: number;
}

/** A message still undelivered after this many tries is dropped (and said so in the log). */
const MAX_ATTEMPTS = 12;
/** Rows claimed by one sweep. */
const BATCH = 20;

/**
 * Queues an invitation inside the caller's transaction: it exists if and only if the user row it
 * invites commits. The token rides in the row until it is delivered, then the row goes.
 */
export async function enqueueInvitation(tx: Queryable, tenantId: string, invitation: Invitation): Promise<void> {
  await tx.query(`insert into outbox (tenant_id, kind, recipient, data) values ($1, 'invitation', $2, $3)`, [
    tenantId,
    invitation.email,
    JSON.stringify(invitation),
  ]);
}

/**
 * Delivers what the outbox holds through the mailer: right after the transaction that queued it (so an
 * inviter's answer comes once the invitation is on its way) and every `intervalMs`, for what failed
 * before. Each sweep claims its rows by pushing their next try into the future (`skip locked`), so two
 * sweeps, or two server processes, never send one message twice at once; a failed try waits longer
 * each time (30 s, 1 min, 2 min, … up to an hour).
 */
export class InvitationOutbox {
  private sweeping: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Database,
    readonly mailer: InvitationMailer,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** Delivers every message that is due; resolves when this sweep (after any running one) is done. */
  deliverDue(): Promise<void> {
    this.sweeping = this.sweeping
      .then(() => this.sweep())
      .catch((error) => {
        this.log.warn({ err: error }, 'delivering the outbox failed');
      });
    return this.sweeping;
  }

  start(intervalMs: number): void {
    this.timer = setInterval(() => void this.deliverDue(), intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.sweeping;
  }

  private async sweep(): Promise<void> {
    const claimed = await this.db.transaction('installation', (tx) =>
      tx.query<OutboxRow>(
        `update outbox set attempts = attempts + 1,
                next_attempt_at = now() + make_interval(secs => least(3600, 30 * power(2, attempts)))
          where id in (select id from outbox where next_attempt_at <= now() order by created_at
                        limit ${BATCH} for update skip locked)
          returning id, recipient, data, attempts`,
      ),
    );
    for (const row of claimed) {
      try {
        await this.mailer.send(row.data);
        await this.forget(row.id);
      } catch (error) {
        const gaveUp = row.attempts >= MAX_ATTEMPTS;
        // The recipient and the reason, never the token.
        this.log.warn(
          { recipient: row.recipient, attempts: row.attempts, reason: (error as Error).message },
          gaveUp
            ? 'an invitation could not be delivered: dropped, invite again'
            : 'an invitation could not be delivered yet',
        );
        if (gaveUp) await this.forget(row.id);
      }
    }
  }

  private async forget(id: string): Promise<void> {
    await this.db.transaction('installation', (tx) => tx.query('delete from outbox where id = $1', [id]));
  }
}
