import type { ProjectFiles } from '../project.js';

/** Email + password accounts (scrypt), sessions held as hashed random tokens. Same for every platform. */
export function renderAuth(files: ProjectFiles): void {
  files.add('api/src/auth/password.ts', passwordSource);
  files.add('api/src/auth/sessions.ts', sessionsSource);
  files.add('api/src/auth/accounts.ts', accountsSource);
  files.add('api/src/auth/setup.ts', setupSource);
}

const passwordSource = `// Passwords are stored as scrypt hashes: slow on purpose, salted, compared in constant time.
import { randomBytes, scrypt, type ScryptOptions, timingSafeEqual } from 'node:crypto';

const cost = { N: 16384, r: 8, p: 1 } as const;
const keyLength = 64;

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** \`scrypt$N$r$p$salt$hash\`, base64 parts. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, cost);
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await derive(password, Buffer.from(salt, 'base64'), { N: Number(n), r: Number(r), p: Number(p) });
  return key.length === expected.length && timingSafeEqual(key, expected);
}
`;

const sessionsSource = `// A session is a random token the client keeps; the database keeps only its SHA-256.
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt } from 'drizzle-orm';
import type { SessionUser } from '../access/context.js';
import type { Database } from '../db/client.js';
import { sessionTable, userTable } from '../db/schema.js';

const lifetimeMs = 12 * 60 * 60 * 1000;

function digest(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function startSession(db: Database, userId: string): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db.insert(sessionTable).values({ id: digest(token), userId, expiresAt: new Date(Date.now() + lifetimeMs) });
  return token;
}

export async function sessionUser(db: Database, token: string | null): Promise<SessionUser | null> {
  if (!token) return null;
  const [row] = await db
    .select({ id: userTable.id, email: userTable.email, role: userTable.role, personId: userTable.personId })
    .from(sessionTable)
    .innerJoin(userTable, eq(sessionTable.userId, userTable.id))
    .where(and(eq(sessionTable.id, digest(token)), gt(sessionTable.expiresAt, new Date())));
  return row ?? null;
}

export async function endSession(db: Database, token: string): Promise<void> {
  await db.delete(sessionTable).where(eq(sessionTable.id, digest(token)));
}

/** The token of a request: \`Authorization: Bearer …\` or the \`sid\` cookie. */
export function requestToken(authorization: string | undefined, cookie: string | undefined): string | null {
  const bearer = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(authorization ?? '');
  if (bearer?.[1]) return bearer[1];
  for (const part of (cookie ?? '').split(';')) {
    const [name, value] = part.trim().split('=');
    if (name === 'sid' && value && /^[A-Za-z0-9_-]{20,200}$/.test(value)) return value;
  }
  return null;
}

export function sessionCookie(token: string | null): string {
  return token
    ? \`sid=\${token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=\${lifetimeMs / 1000}\`
    : 'sid=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0';
}
`;

const accountsSource = `// Accounts: sign in, sign out, who am I, and creating accounts (by the account administrator role).
import { count, eq } from 'drizzle-orm';
import { z } from 'zod';
import { HttpError, parseInput, type RequestContext, requireUser, type SessionUser } from '../access/context.js';
import { accountAdminRole, isRole, roles } from '../access/permissions.js';
import { recordAudit } from '../compliance/audit.js';
import type { Database } from '../db/client.js';
import { userTable } from '../db/schema.js';
import { hashPassword, verifyPassword } from './password.js';
import { endSession, startSession } from './sessions.js';

const credentials = z.strictObject({ email: z.email().max(254), password: z.string().min(1).max(1024) });
const newAccount = z.strictObject({
  email: z.email().max(254),
  password: z.string().min(10).max(1024),
  role: z.string().refine(isRole, { message: 'unknown role; one of: ' + roles.join(', ') }),
  personId: z.uuid().nullable().optional(),
});
export interface NewAccount {
  readonly email: string;
  readonly password: string;
  readonly role: string;
  readonly personId?: string | null | undefined;
}

/** Compared against when the email is unknown, so both cases take as long. */
const decoyHash = hashPassword('decoy password that matches nothing');

export async function createAccount(db: Database, input: NewAccount): Promise<SessionUser> {
  const [row] = await db
    .insert(userTable)
    .values({ email: input.email.toLowerCase(), passwordHash: await hashPassword(input.password), role: input.role, personId: input.personId ?? null })
    .returning({ id: userTable.id, email: userTable.email, role: userTable.role, personId: userTable.personId });
  if (!row) throw new Error('insert returned nothing');
  return row;
}

export async function signIn(context: RequestContext, body: unknown): Promise<{ token: string; user: SessionUser }> {
  const input = parseInput(credentials, body);
  const [row] = await context.db.select().from(userTable).where(eq(userTable.email, input.email.toLowerCase()));
  const valid = await verifyPassword(input.password, row?.passwordHash ?? (await decoyHash));
  if (!row || !valid) {
    await recordAudit(context.db, { actorId: row?.id ?? null, action: 'auth.signInFailed' });
    throw new HttpError(401, 'WRONG_CREDENTIALS', 'Wrong email or password.');
  }
  const token = await startSession(context.db, row.id);
  await recordAudit(context.db, { actorId: row.id, action: 'auth.signIn' });
  return { token, user: { id: row.id, email: row.email, role: row.role, personId: row.personId } };
}

export async function signOut(context: RequestContext): Promise<{ ok: true }> {
  if (context.token) await endSession(context.db, context.token);
  if (context.user) await recordAudit(context.db, { actorId: context.user.id, action: 'auth.signOut' });
  return { ok: true };
}

export function currentUser(context: RequestContext): SessionUser {
  return requireUser(context);
}

/**
 * Accounts are created by the account administrator role only, on an empty platform too: the first
 * owner comes from the one-time setup token (setup.ts), never from an open endpoint.
 */
export async function createAccountByRequest(context: RequestContext, body: unknown): Promise<SessionUser> {
  const user = requireUser(context);
  if (user.role !== accountAdminRole) throw new HttpError(403, 'FORBIDDEN', 'Only the ' + String(accountAdminRole) + ' role creates accounts.');
  const input = parseInput(newAccount, body);
  const account = await createAccount(context.db, input);
  await recordAudit(context.db, { actorId: user.id, action: 'auth.accountCreated', recordId: account.id });
  return account;
}

/** How many accounts there are: none means the platform waits for its first owner. */
export async function accountCount(db: Database): Promise<number> {
  const [existing] = await db.select({ total: count() }).from(userTable);
  return Number(existing?.total ?? 0);
}
`;

const setupSource = `// The first owner of a new platform. Whoever reaches a fresh deployment first must not own it: the
// server makes a one-time setup token when it starts with no account and prints it (only someone who
// can read the server's output has it), and the first owner is created with that token, once.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { HttpError, parseInput, type RequestContext, type SessionUser } from '../access/context.js';
import { accountAdminRole } from '../access/permissions.js';
import { recordAudit } from '../compliance/audit.js';
import type { Database } from '../db/client.js';
import { accountCount, createAccount } from './accounts.js';
import { startSession } from './sessions.js';

const firstOwner = z.strictObject({
  token: z.string().min(1).max(200),
  email: z.email().max(254),
  password: z.string().min(10).max(1024),
});

const digest = (token: string) => createHash('sha256').update(token).digest();

/** The waiting token's digest: only its hash is kept, and it is spent by the first request that shows it. */
let waiting: Buffer | null = null;

/**
 * Called as the server starts: on a platform without accounts, a new one-time token (its digest kept
 * here), else null. Each start makes a new one; the last printed is the one that works.
 */
export async function prepareSetup(db: Database): Promise<string | null> {
  if (accountAdminRole === null || (await accountCount(db)) > 0) {
    waiting = null;
    return null;
  }
  const token = randomBytes(32).toString('base64url');
  waiting = digest(token);
  return token;
}

/** Whether the platform waits for its first owner (the web app then shows the setup form). */
export async function setupStatus(context: RequestContext): Promise<{ needed: boolean }> {
  return { needed: waiting !== null && (await accountCount(context.db)) === 0 };
}

/**
 * Creates the first owner, with the account administrator role, and signs them in. The token is spent
 * before anything is awaited, so of requests racing with it exactly one goes on; a failure after that
 * (a malformed email, the database) gives it back for another try.
 */
export async function createFirstOwner(context: RequestContext, body: unknown): Promise<{ token: string; user: SessionUser }> {
  const input = parseInput(firstOwner, body);
  const expected = waiting;
  const shown = digest(input.token);
  if (!expected || !timingSafeEqual(shown, expected) || accountAdminRole === null) {
    throw new HttpError(403, 'SETUP_TOKEN_INVALID', 'The setup token is not valid: use the one the server printed when it started with no account.');
  }
  waiting = null;
  try {
    if ((await accountCount(context.db)) > 0) throw new HttpError(409, 'ALREADY_SET_UP', 'This platform has its owner already.');
    const user = await createAccount(context.db, { email: input.email, password: input.password, role: accountAdminRole });
    await recordAudit(context.db, { actorId: user.id, action: 'auth.firstOwnerCreated', recordId: user.id });
    return { token: await startSession(context.db, user.id), user };
  } catch (error) {
    if (!(error instanceof HttpError && error.status === 409)) waiting = expected;
    throw error;
  }
}
`;
