// Shared by bench/server-*.bench.mjs: a fresh PostgreSQL database, the real `webnova-server` binary
// on it (bootstrapped, listening on loopback), and a few API calls to populate it.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { closedPort as freePort } from '../../../scripts/lib/closed-port.mjs';

const BIN = fileURLToPath(new URL('../bin/webnova-server.mjs', import.meta.url));
const BARE_ROUTE = fileURLToPath(new URL('./bare-route.mjs', import.meta.url));
const ADMIN_URL = process.env.WEBNOVA_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A database with a random name on the local PostgreSQL; `drop()` removes it. */
export async function createDatabase(prefix = 'webnova_server_bench') {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.href,
    async drop() {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/** Stops a child process and waits until it has exited. */
async function stopChild(child) {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/**
 * Fastify alone answering a constant JSON body (`bare-route.mjs`), in a child process like the server's:
 * the ceiling an HTTP route can reach on this machine now. `url` is its one route. `script` runs another
 * bare route (`bare-push-route.mjs`) with `env` added to its environment; `origin` is where it listens.
 */
export async function startBareRoute({ script = BARE_ROUTE, env = {} } = {}) {
  const port = await freePort();
  const child = spawn(process.execPath, [script], {
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise((resolve, reject) => {
    child.stdout.once('data', resolve);
    child.once('exit', (code) => reject(new Error(`the bare route exited with ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}/bare`, origin: `http://127.0.0.1:${port}`, stop: () => stopChild(child) };
}

/**
 * `webnova-server bootstrap`, then `serve` in a child process; resolves once /readyz answers. `quiet`
 * keeps the server's log out of this process's output.
 */
export async function startServer(
  databaseUrl,
  { email = 'root@bench.example', password = 'bench root passphrase', quiet = false } = {},
) {
  const port = await freePort();
  const env = { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' };
  const boot = spawnSync(process.execPath, [BIN, 'bootstrap', '--email', email, '--password-stdin'], {
    env,
    input: `${password}\n`,
    encoding: 'utf8',
  });
  if (boot.status !== 0) throw new Error(`bootstrap failed: ${boot.stderr}`);
  // Without WEBNOVA_SMTP_URL the server logs each invitation's token for the operator: read it there,
  // as an operator would, and pass the log on.
  const invitations = new Map();
  const base = `http://127.0.0.1:${port}`;
  let child;
  /** `serve` as a child process on the same database and port; resolves once /readyz answers. */
  const serve = async () => {
    child = spawn(process.execPath, [BIN, 'serve'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let pending = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      if (!quiet) process.stdout.write(chunk);
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        try {
          const { invitation } = JSON.parse(line);
          if (invitation?.token) invitations.set(invitation.email, invitation.token);
        } catch {
          // not a JSON log line
        }
      }
    });
    for (let tries = 0; ; tries++) {
      try {
        if ((await fetch(`${base}/readyz`)).ok) break;
      } catch {
        // not listening yet
      }
      if (tries > 300 || child.exitCode !== null) throw new Error('the server did not start');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  await serve();
  const invitationFor = async (address) => {
    for (let tries = 0; !invitations.has(address); tries++) {
      if (tries > 200) throw new Error(`no invitation for ${address} in the server's log`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return invitations.get(address);
  };
  /** Each tenant's approvers made by `person`: an owner or sovereign joins once they approve. */
  const approvers = new Map();
  const api = async (method, path, token, body) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  const login = async (who, secret) =>
    (await api('POST', '/auth/login', undefined, { email: who, password: secret })).token;
  return {
    base,
    port,
    api,
    login,
    rootToken: await login(email, password),
    /**
     * Invites `address` into the tenant with `role` (approved by the approvers made so far, when the
     * role is an approver's), accepts with the token from the server's log, logs in: its id and a
     * session token.
     */
    async person(rootToken, tenantId, address, role) {
      const invited = await api('POST', `/tenants/${tenantId}/users`, rootToken, { email: address, role });
      let decision = invited.decision;
      for (const approver of approvers.get(tenantId) ?? []) {
        if (decision?.status !== 'pending') break;
        decision = await api('POST', `/tenants/${tenantId}/decisions/${decision.id}/approve`, approver, {});
      }
      const secret = `${address} bench passphrase`;
      const token = await invitationFor(address);
      const user = await api('POST', '/auth/accept-invitation', undefined, { token, password: secret });
      const session = await login(address, secret);
      if (role === 'owner' || role === 'sovereign') {
        approvers.set(tenantId, [...(approvers.get(tenantId) ?? []), session]);
      }
      return { id: user.id, token: session };
    },
    stop: () => stopChild(child),
    /** `kill -9`: the server dies wherever it is (mid-transaction), and answers nothing more. */
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
    /** Serves again on the same database and port (after `kill`). */
    restart: serve,
  };
}
