import { text } from 'node:stream/consumers';
import { parseArgs } from 'node:util';
import { buildApp } from './app.js';
import { type KeyFile, loadOrCreateKeyFile } from './auth/secret-key-file.js';
import { bootstrapRootOwner } from './bootstrap.js';
import { loadConfig, type ServerConfig } from './config.js';
import type { Database } from './db/database.js';
import { openDatabase } from './db/open.js';
import { ServerError } from './http/problem.js';

const USAGE = `Usage:
  webnova-server [serve]                                   run the server
  webnova-server bootstrap --email <email> --password-stdin  create the first ROOT_OWNER, once

Environment: DATABASE_URL, DATABASE_MIGRATION_URL, WEBNOVA_SERVER_DATA_DIR, WEBNOVA_SECRET_KEY,
WEBNOVA_SMTP_URL, WEBNOVA_SMTP_FROM, WEBNOVA_GIT_ROOT, WEBNOVA_GIT_MAX_PUSH_BYTES,
WEBNOVA_TRUST_FORWARDED_PROTO, PORT, HOST, LOG_LEVEL
(see apps/server/README.md).`;

function fail(message: string, exitCode = 2): never {
  process.stderr.write(`webnova-server: ${message}\n`);
  process.exit(exitCode);
}

function open(config: ServerConfig): Promise<Database> {
  if (!config.databaseUrl) return openDatabase({ dataDir: config.dataDir });
  return openDatabase(
    config.databaseMigrationUrl
      ? { url: config.databaseUrl, migrationUrl: config.databaseMigrationUrl }
      : { url: config.databaseUrl },
  );
}

/** WEBNOVA_SECRET_KEY; else, with PGlite, the data folder's key file (made on first start); else none. */
async function secretKey(config: ServerConfig): Promise<{ key: Buffer | null; keyFile?: KeyFile }> {
  if (config.secretKey) return { key: config.secretKey };
  if (config.databaseUrl) return { key: null };
  const keyFile = await loadOrCreateKeyFile(config.dataDir);
  return { key: keyFile.key, keyFile };
}

async function serve(config: ServerConfig): Promise<void> {
  const db = await open(config);
  let key: Awaited<ReturnType<typeof secretKey>>;
  try {
    key = await secretKey(config);
  } catch (error) {
    await db.close();
    throw error;
  }
  const app = buildApp({
    db,
    logLevel: config.logLevel,
    secretKey: key.key,
    smtp: config.smtp,
    git: {
      root: config.git.root,
      limits: {
        trustForwardedProto: config.git.trustForwardedProto,
        ...(config.git.maxPushBytes ? { maxPushBytes: config.git.maxPushBytes } : {}),
      },
    },
  });
  if (key.keyFile?.created) app.log.info({ path: key.keyFile.path }, 'made a new secret key file');
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: finishing requests in flight');
    try {
      await app.close();
      await db.close();
      process.exit(0);
    } catch (error) {
      app.log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  await app.listen({ port: config.port, host: config.host });
  app.log.info({ database: db.kind, dataDir: db.kind === 'pglite' ? config.dataDir : undefined }, 'ready');
}

async function bootstrap(config: ServerConfig, args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { email: { type: 'string' }, 'password-stdin': { type: 'boolean' } },
    strict: true,
  });
  if (!values.email || !values['password-stdin']) fail(`bootstrap needs --email and --password-stdin.\n${USAGE}`);
  if (process.stdin.isTTY) process.stderr.write('Password (then Enter, Ctrl-D): ');
  const password = (await text(process.stdin)).replace(/\r?\n$/, '');
  const db = await open(config);
  try {
    const user = await bootstrapRootOwner(db, values.email, password);
    process.stdout.write(`Created the ROOT_OWNER ${user.email} (${user.id}).\n`);
  } finally {
    await db.close();
  }
}

export async function main(argv: string[]): Promise<void> {
  const [command = 'serve', ...rest] = argv;
  if (command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const loaded = loadConfig(process.env);
  if (!loaded.ok) fail(`the configuration is not valid:\n  ${loaded.problems.join('\n  ')}`);
  try {
    if (command === 'serve') await serve(loaded.config);
    else if (command === 'bootstrap') await bootstrap(loaded.config, rest);
    else fail(`unknown command "${command}".\n${USAGE}`);
  } catch (error) {
    if (error instanceof ServerError) fail(error.message, 1);
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      fail(`${error.message}\n${USAGE}`);
    }
    // Most often the database: unreachable, refused credentials, a data folder another process holds.
    fail(`could not ${command}: ${error instanceof Error ? error.message : String(error)}`, 1);
  }
}
