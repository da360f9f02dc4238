// The limit `POST /sync/push` is held against under load (bench/sync.bench.mjs): Fastify alone, no
// hooks, no logger, no credential check, no lock, no seq or content check; one parameterised insert
// per request of the pushed events into a plain table of sync_events' columns (no key, no index, no
// row-level security), answered in the protocol's shape so the desktop's own client reads it as it
// reads the server's. It listens on PORT, writes to BARE_TABLE in DATABASE_URL, and says when it is up.
import Fastify from 'fastify';
import pg from 'pg';

const table = process.env.BARE_TABLE;
if (!/^[a-z_]+$/.test(table ?? '')) throw new Error('BARE_TABLE must name a table');
// The server's own pools hold 5 connections each.
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 5 });
const app = Fastify({ logger: false, bodyLimit: 4 * 1024 * 1024 });
app.post('/sync/push', async (request) => {
  const { deviceId, events } = request.body;
  const { rows } = await pool.query(
    `insert into ${table} (tenant_id, id, device_id, seq, stream_id, stream_version, type, data, actor, occurred_at,
                          received_at, content_hash)
     select $1, e.id, $2, e.seq, e."streamId", e.seq, e.type, e.data, e.actor, e."occurredAt", clock_timestamp(), ''
       from json_to_recordset($3) as e(seq int, id uuid, "streamId" text, type text, data jsonb, actor jsonb,
                                       "occurredAt" timestamptz)
     returning seq, position`,
    [process.env.BARE_TENANT_ID, deviceId, JSON.stringify(events)],
  );
  return {
    outcomes: rows.map((row) => ({ seq: row.seq, status: 'accepted', position: Number(row.position) })),
    lastSeq: Math.max(...rows.map((row) => row.seq)),
  };
});
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.stdout.write('listening\n');
process.once(
  'SIGTERM',
  () =>
    void app
      .close()
      .then(() => pool.end())
      .then(() => process.exit(0)),
);
