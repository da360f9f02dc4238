import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../src/contracts/index.js';
import { AUDIT_STREAM, AuditLog, canonicalJson } from '../../src/governance/index.js';
import { EventStore } from '../../src/store/index.js';
import { events, streams } from '../../src/store/schema.js';
import { preparedDataDir, removeDataDir } from '../store/prepared-store.js';

let dataDir: string;
let store: EventStore;
let audit: AuditLog;

beforeAll(async () => {
  dataDir = await preparedDataDir();
  store = await EventStore.open(dataDir);
  audit = new AuditLog(store);
});

afterAll(async () => {
  await store?.close();
  await removeDataDir(dataDir);
});

const entry = (subject: string, data: AuditRecord['data'] = {}): AuditRecord => ({
  occurredAt: new Date().toISOString(),
  actor: { kind: 'user', id: 'owner' },
  action: 'test.recorded',
  subject,
  data,
});

const auditRow = (seq: number) => and(eq(events.streamId, AUDIT_STREAM), eq(events.streamVersion, seq));

describe('AuditLog on the event store', () => {
  it('chains entries as they are recorded, also when recorded all at once and from two logs', async () => {
    const first = await audit.record(entry('one'));
    expect(first).toMatchObject({ seq: 1, prevHash: '0'.repeat(64) });
    await Promise.all(Array.from({ length: 20 }, (_, i) => audit.record(entry(`burst ${i}`))));
    // A second log over the same store starts with a stale idea of the head and must re-chain.
    const other = new AuditLog(store);
    await other.record(entry('from the other log'));
    await Promise.all([audit.record(entry('race a')), other.record(entry('race b'))]);

    const entries = await audit.entries();
    expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
    for (let i = 1; i < entries.length; i++) expect(entries[i]?.prevHash).toBe(entries[i - 1]?.hash);
    expect(await audit.verify()).toEqual({ ok: true, count: 24, headHash: entries.at(-1)?.hash });
  });

  it('hashes data the same after jsonb reorders its keys and rewrites its numbers', async () => {
    const data = { zebra: 1, a: { longer_key: 1.5, k: 1e21, n: -0, s: 'é😀' }, '': [1.0, 2.5] };
    const recorded = await audit.record(entry('jsonb', data));
    const [stored] = await store.readStream(AUDIT_STREAM, recorded.seq);
    const storedData = stored?.data.data as typeof data;
    expect(Object.keys(storedData.a)).not.toEqual(Object.keys(data.a)); // jsonb did reorder
    expect(canonicalJson(stored?.data)).toBe(canonicalJson(recorded)); // -0 came back as 0: same JSON value
    expect((await audit.verify()).ok).toBe(true);
  });

  it('refuses a record that is not one', async () => {
    await expect(audit.record({ ...entry('x'), occurredAt: 'yesterday' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
  });

  describe('names the first broken entry when the table is tampered with', () => {
    const cases: Array<{
      name: string;
      problem: string;
      brokenAt: number;
      tamper: () => Promise<() => Promise<void>>;
    }> = [
      {
        name: 'a changed subject',
        problem: 'hash',
        brokenAt: 3,
        tamper: async () => {
          await store.db
            .update(events)
            .set({ data: sql`jsonb_set(${events.data}, '{subject}', '"something else"')` })
            .where(auditRow(3));
          return async () => {
            await store.db
              .update(events)
              .set({ data: sql`jsonb_set(${events.data}, '{subject}', '"burst 1"')` })
              .where(auditRow(3));
          };
        },
      },
      {
        name: 'a deleted middle row',
        problem: 'sequence',
        brokenAt: 5,
        tamper: async () => {
          const [row] = await store.db.delete(events).where(auditRow(5)).returning();
          return async () => {
            if (!row) throw new Error('nothing was deleted');
            await store.db.execute(
              sql`insert into events overriding system value select * from json_populate_record(null::events, ${JSON.stringify(rowJson(row))}::json)`,
            );
          };
        },
      },
      {
        name: 'a deleted newest row',
        problem: 'anchor',
        brokenAt: 25,
        tamper: async () => {
          const [row] = await store.db.delete(events).where(auditRow(25)).returning();
          return async () => {
            if (!row) throw new Error('nothing was deleted');
            await store.db.execute(
              sql`insert into events overriding system value select * from json_populate_record(null::events, ${JSON.stringify(rowJson(row))}::json)`,
            );
          };
        },
      },
      {
        name: 'two swapped rows',
        problem: 'sequence',
        brokenAt: 7,
        tamper: async () => {
          const swap = async () => {
            await store.db.update(events).set({ streamVersion: -1 }).where(auditRow(7));
            await store.db.update(events).set({ streamVersion: 7 }).where(auditRow(8));
            await store.db.update(events).set({ streamVersion: 8 }).where(auditRow(-1));
          };
          await swap();
          return swap;
        },
      },
      {
        name: 'an inserted copy of a row',
        problem: 'sequence',
        brokenAt: 26,
        tamper: async () => {
          const [last] = await store.readStream(AUDIT_STREAM, 25);
          if (!last) throw new Error('no entry 25');
          const { globalPosition: _, ...copy } = last;
          await store.db.insert(events).values({
            ...copy,
            id: '0190f5a0-0000-7000-8000-0000000000aa',
            streamVersion: 26,
            occurredAt: new Date(last.occurredAt),
          });
          return async () => {
            await store.db.delete(events).where(auditRow(26));
          };
        },
      },
      {
        name: 'a lowered stream version',
        problem: 'anchor',
        brokenAt: 25,
        tamper: async () => {
          await store.db.update(streams).set({ version: 24 }).where(eq(streams.streamId, AUDIT_STREAM));
          return async () => {
            await store.db.update(streams).set({ version: 25 }).where(eq(streams.streamId, AUDIT_STREAM));
          };
        },
      },
    ];

    for (const { name, problem, brokenAt, tamper } of cases) {
      it(name, async () => {
        expect(await audit.verify()).toMatchObject({ ok: true, count: 25 });
        const undo = await tamper();
        expect(await audit.verify()).toMatchObject({ ok: false, problem, brokenAt });
        await undo();
        expect(await audit.verify()).toMatchObject({ ok: true, count: 25 });
      });
    }
  });
});

/** A deleted events row as json_populate_record wants it back. */
function rowJson(row: typeof events.$inferSelect) {
  return {
    global_position: row.globalPosition,
    id: row.id,
    tenant_id: row.tenantId,
    stream_id: row.streamId,
    stream_version: row.streamVersion,
    type: row.type,
    data: row.data,
    meta: row.meta,
    occurred_at: row.occurredAt.toISOString(),
  };
}
