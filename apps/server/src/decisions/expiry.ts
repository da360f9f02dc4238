import type { FastifyBaseLogger } from 'fastify';
import { appendAudit, SERVER_ACTOR } from '../audit/chain.js';
import type { Database, Queryable } from '../db/database.js';
import type { NotificationHub } from '../notifications/hub.js';
import { appendToLog, lockLog } from '../sync/log.js';
import { DECISION_SELECT, type DecisionRow, type DecisionView, decisionView } from './decision.js';
import { decisionStream } from './propose.js';

/**
 * Expires the tenant's decisions whose time has come (rejected automatically, as the desktop does),
 * with an audit entry and a `decision.expired` in the sync log each, inside the caller's transaction. Returns them to be announced after commit.
 */
export async function expireDueDecisions(tx: Queryable, tenantId: string): Promise<DecisionView[]> {
  // The tenant's log first, as a push takes it, before any decision row: never the two in opposite orders.
  await lockLog(tx, tenantId);
  const due = await tx.query<{ id: string; version: number }>(
    `update decisions set status = 'expired', updated_at = now(), version = version + 1
      where tenant_id = $1 and status in ('pending', 'escalated') and expires_at is not null and expires_at <= now()
      returning id, version`,
    [tenantId],
  );
  if (due.length === 0) return [];
  for (const { id, version } of due) {
    await appendAudit(tx, tenantId, {
      actor: SERVER_ACTOR,
      action: 'decision.expired',
      subject: `decision:${id}`,
      data: { version },
    });
    // By the server's clock, so the server records it in the tenant's log for every device.
    await appendToLog(tx, tenantId, {
      streamId: decisionStream(id),
      type: 'decision.expired',
      data: {},
      actor: SERVER_ACTOR,
    });
  }
  const rows = await tx.query<DecisionRow>(`${DECISION_SELECT} and d.id = any($2::uuid[]) order by d.proposed_at`, [
    tenantId,
    due.map((row) => row.id),
  ]);
  return rows.map(decisionView);
}

export function announceExpired(hub: NotificationHub, tenantId: string, expired: readonly DecisionView[]): void {
  for (const decision of expired) hub.publish(tenantId, { type: 'decision.expired', tenantId, decision });
}

/**
 * Expires due decisions in every tenant every `intervalMs`, so they end on time even when nobody reads
 * them (reads and reviews also expire what is due first). The sweep reads across tenants only to find
 * which have something due; each tenant's expiry then runs in that tenant's scope.
 */
export class DecisionExpiryTimer {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly db: Database,
    private readonly hub: NotificationHub,
    private readonly log: FastifyBaseLogger,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.running ??= this.sweep()
        .catch((error) => this.log.warn({ err: error }, 'expiring decisions failed'))
        .finally(() => {
          this.running = undefined;
        });
    }, this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  async sweep(): Promise<void> {
    const tenants = await this.db.transaction('installation', (tx) =>
      tx.query<{ tenant_id: string }>(
        `select distinct tenant_id from decisions
          where status in ('pending', 'escalated') and expires_at is not null and expires_at <= now()`,
      ),
    );
    for (const { tenant_id: tenantId } of tenants) {
      const expired = await this.db.transaction({ tenantId }, (tx) => expireDueDecisions(tx, tenantId));
      announceExpired(this.hub, tenantId, expired);
    }
  }
}
