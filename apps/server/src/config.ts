import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { parseSecretKey, SECRET_KEY_FORMAT } from './auth/secret-box.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export const LogLevel = z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` });
export type LogLevel = z.infer<typeof LogLevel>;

const Environment = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DATABASE_MIGRATION_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  WEBNOVA_SERVER_DATA_DIR: z.string().min(1, 'must not be empty').optional(),
  PORT: z
    .string()
    .regex(/^\d{1,5}$/, 'must be a whole number from 0 to 65535')
    .transform(Number)
    .pipe(z.number().max(65_535, 'must be a whole number from 0 to 65535'))
    .default(8787),
  HOST: z.string().min(1, 'must not be empty').default('127.0.0.1'),
  LOG_LEVEL: LogLevel.default('info'),
  WEBNOVA_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^\s/]+\/?$/, 'must be smtp://[user:password@]host[:port] or smtps://…')
    .optional(),
  WEBNOVA_SMTP_FROM: z.email('must be an email address').optional(),
  WEBNOVA_GIT_ROOT: z.string().min(1, 'must not be empty').optional(),
  WEBNOVA_GIT_MAX_PUSH_BYTES: z
    .string()
    .regex(/^\d{1,15}$/, 'must be a whole number of bytes')
    .transform(Number)
    .pipe(z.number().min(1024, 'must be at least 1024 bytes'))
    .optional(),
  WEBNOVA_TRUST_FORWARDED_PROTO: z
    .enum(['true', 'false', '1', '0'], { error: 'must be true or false' })
    .transform((value) => value === 'true' || value === '1')
    .default(false),
  WEBNOVA_SECRET_KEY: z
    .string()
    .transform((text, context) => {
      const key = parseSecretKey(text);
      if (!key) context.addIssue({ code: 'custom', message: `must be ${SECRET_KEY_FORMAT}` });
      return key ?? z.NEVER;
    })
    .optional(),
});

/** Variables whose value a problem must not repeat: the message may end up in a log. */
export const SECRET_VARIABLES: ReadonlySet<string> = new Set([
  'WEBNOVA_SECRET_KEY',
  'DATABASE_URL',
  'DATABASE_MIGRATION_URL',
  'WEBNOVA_SMTP_URL',
]);

export interface ServerConfig {
  /** PostgreSQL, or null for embedded PGlite in `dataDir`. */
  databaseUrl: string | null;
  /** The tables' owner, for the migrations; null: `databaseUrl` migrates (see db/postgres.ts). */
  databaseMigrationUrl: string | null;
  dataDir: string;
  port: number;
  host: string;
  logLevel: LogLevel;
  /**
   * The key TOTP secrets are encrypted under (AES-256-GCM). Null: with PGlite, a key file in the data
   * folder (made on first start); with PostgreSQL, none, and two-factor sign-in cannot be set up.
   */
  secretKey: Buffer | null;
  /** Where invitations are sent from; null: each invitation is written to the server's log for the operator. */
  smtp: { url: string; from: string } | null;
  /** Git hosting: the bare repositories' folder (storage every replica shares), and its limits. */
  git: { root: string; maxPushBytes: number | null; trustForwardedProto: boolean };
}

export type ConfigResult = { ok: true; config: ServerConfig } | { ok: false; problems: string[] };

/** Where PGlite keeps the server's data when neither DATABASE_URL nor WEBNOVA_SERVER_DATA_DIR says. */
export function defaultDataDir(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(base, 'webnova-server', 'pglite');
}

/** Where the repositories live when WEBNOVA_GIT_ROOT does not say: `git` beside the data folder. */
export function defaultGitRoot(dataDir: string): string {
  return join(dirname(dataDir), 'git');
}

/** Reads the configuration from the environment; names each bad variable, with what it must be. */
export function loadConfig(env: NodeJS.ProcessEnv): ConfigResult {
  // An empty variable counts as unset, as shells and .env files usually mean it.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = Environment.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      const got = SECRET_VARIABLES.has(name)
        ? `${env[name]?.length ?? 0} characters, not shown`
        : JSON.stringify(env[name]);
      return `${name}: ${issue.message} (got ${got})`;
    });
    return { ok: false, problems };
  }
  const value = parsed.data;
  const missing = [
    value.DATABASE_MIGRATION_URL && !value.DATABASE_URL
      ? 'DATABASE_MIGRATION_URL: goes with DATABASE_URL (the serving URL), which is not set'
      : null,
    value.WEBNOVA_SMTP_URL && !value.WEBNOVA_SMTP_FROM
      ? 'WEBNOVA_SMTP_FROM: the address invitations come from, needed with WEBNOVA_SMTP_URL'
      : null,
  ].filter((problem) => problem !== null);
  if (missing.length > 0) return { ok: false, problems: missing };
  return {
    ok: true,
    config: {
      databaseUrl: value.DATABASE_URL ?? null,
      databaseMigrationUrl: value.DATABASE_MIGRATION_URL ?? null,
      dataDir: value.WEBNOVA_SERVER_DATA_DIR ?? defaultDataDir(env),
      port: value.PORT,
      host: value.HOST,
      logLevel: value.LOG_LEVEL,
      secretKey: value.WEBNOVA_SECRET_KEY ?? null,
      smtp:
        value.WEBNOVA_SMTP_URL && value.WEBNOVA_SMTP_FROM
          ? { url: value.WEBNOVA_SMTP_URL, from: value.WEBNOVA_SMTP_FROM }
          : null,
      git: {
        root: value.WEBNOVA_GIT_ROOT ?? defaultGitRoot(value.WEBNOVA_SERVER_DATA_DIR ?? defaultDataDir(env)),
        maxPushBytes: value.WEBNOVA_GIT_MAX_PUSH_BYTES ?? null,
        trustForwardedProto: value.WEBNOVA_TRUST_FORWARDED_PROTO,
      },
    },
  };
}
