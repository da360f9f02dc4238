import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Database } from '../db/database.js';
import type { OpenApiDocument } from '../http/openapi.js';
import { ServerError } from '../http/problem.js';
import { addRoute } from '../http/route.js';
import { Email, USER_COLUMNS, type UserRow, userView } from '../users/user.js';
import type { LoginLimiter } from './login-limiter.js';
import {
  hashPassword,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  verifyAgainstDecoy,
  verifyPassword,
} from './password.js';
import { authenticate } from './principal.js';
import { newToken, tokenHash } from './tokens.js';

export const SESSION_LIFETIME_MS = 12 * 60 * 60_000;

export const NewPassword = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `must be at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH);

const LoginBody = z.object({ email: Email, password: z.string().min(1).max(PASSWORD_MAX_LENGTH) }).strict();
const AcceptInvitationBody = z.object({ token: z.string().min(20).max(200), password: NewPassword }).strict();

export function registerAuthRoutes(
  app: FastifyInstance,
  openapi: OpenApiDocument,
  db: Database,
  limiter: LoginLimiter,
): void {
  const login = {
    method: 'POST',
    url: '/auth/login',
    summary: 'Log in: an opaque session token',
    signedIn: false,
    body: LoginBody,
    responses: { 201: '{token, expiresAt, user}' },
  } as const;
  addRoute(app, openapi, login, async ({ body: { email, password } }, request, reply) => {
    const lockedFor = limiter.lockedFor(email, request.ip);
    if (lockedFor > 0) {
      const seconds = Math.ceil(lockedFor / 1000);
      throw new ServerError('RATE_LIMITED', `Too many failed logins: try again in ${seconds} s.`, undefined, {
        'retry-after': String(seconds),
      });
    }

    const [user] = await db.transaction('installation', (tx) =>
      tx.query<UserRow>(`select ${USER_COLUMNS} from users where email = $1`, [email]),
    );
    const passwordOk = user?.password_hash
      ? await verifyPassword(password, user.password_hash)
      : await verifyAgainstDecoy(password);
    if (!user || !passwordOk) {
      limiter.recordFailure(email, request.ip);
      throw new ServerError('UNAUTHORIZED', 'The email or the password is wrong.');
    }
    limiter.recordSuccess(email, request.ip);
    if (user.status !== 'ACTIVE') {
      throw new ServerError('PERMISSION_DENIED', `This account is ${user.status.toLowerCase()}.`);
    }

    const token = newToken();
    const expiresAt = new Date(Date.now() + SESSION_LIFETIME_MS).toISOString();
    await db.transaction('installation', (tx) =>
      tx.query('insert into sessions (token_hash, user_id, tenant_id, expires_at) values ($1, $2, $3, $4)', [
        tokenHash(token),
        user.id,
        user.tenant_id,
        expiresAt,
      ]),
    );
    request.log.info({ userId: user.id }, 'login');
    return reply.code(201).send({ token, expiresAt, user: userView(user) });
  });

  const logout = {
    method: 'POST',
    url: '/auth/logout',
    summary: 'End this session',
    signedIn: true,
    responses: { 204: 'Ended' },
  } as const;
  addRoute(app, openapi, logout, async (_input, request, reply) => {
    const principal = await authenticate(db, request);
    await db.transaction('installation', (tx) =>
      tx.query('update sessions set revoked_at = now() where id = $1', [principal.sessionId]),
    );
    return reply.code(204).send();
  });

  const me = {
    method: 'GET',
    url: '/auth/me',
    summary: 'Who is calling',
    signedIn: true,
    responses: { 200: 'The user' },
  } as const;
  addRoute(app, openapi, me, async (_input, request) => {
    const principal = await authenticate(db, request);
    const [user] = await db.transaction('installation', (tx) =>
      tx.query<UserRow>(`select ${USER_COLUMNS} from users where id = $1`, [principal.userId]),
    );
    if (!user) throw new ServerError('UNAUTHORIZED', 'The session has ended or is not valid: log in again.');
    return userView(user);
  });

  /** An invited user sets a password with the one-time token the invitation handed out. */
  const accept = {
    method: 'POST',
    url: '/auth/accept-invitation',
    summary: 'Accept an invitation: set the password',
    signedIn: false,
    body: AcceptInvitationBody,
    responses: { 200: 'The user' },
  } as const;
  addRoute(app, openapi, accept, async ({ body: { token, password } }, _request, reply) => {
    const passwordHash = await hashPassword(password);
    const rows = await db.transaction('installation', (tx) =>
      tx.query<UserRow>(
        `update users set password_hash = $2, invitation_hash = null, updated_at = now()
          where invitation_hash = $1 and password_hash is null returning ${USER_COLUMNS}`,
        [tokenHash(token), passwordHash],
      ),
    );
    const user = rows[0];
    if (!user) throw new ServerError('NOT_FOUND', 'This invitation does not exist or was already accepted.');
    return reply.code(200).send(userView(user));
  });
}
