import { Instant } from '@webnova/core/contracts';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { appendAudit, userActor } from '../audit/chain.js';
import type { Database } from '../db/database.js';
import type { OpenApiDocument } from '../http/openapi.js';
import { ServerError } from '../http/problem.js';
import { addRoute } from '../http/route.js';
import type { NotificationHub } from '../notifications/hub.js';
import { Email, USER_COLUMNS, type UserRow, UserView, userView } from '../users/user.js';
import type { HashQueue } from './hash-queue.js';
import {
  hashPassword,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  verifyAgainstDecoy,
  verifyPassword,
} from './password.js';
import type { Attempt, SignInThrottle } from './sign-in-throttle.js';
import { newToken, tokenHash } from './tokens.js';
import { consumeTotp, TotpCode } from './totp.js';
import type { TotpSecrets } from './totp-secrets.js';

export const SESSION_LIFETIME_MS = 12 * 60 * 60_000;

export const NewPassword = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `must be at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH);

const LoginBody = z
  .object({
    email: Email,
    password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
    /** The authenticator app's code, for a user with two-factor sign-in on. */
    totp: TotpCode.optional(),
  })
  .strict();
const AcceptInvitationBody = z.object({ token: z.string().min(20).max(200), password: NewPassword }).strict();

function invitationNotFound(): ServerError {
  return new ServerError('NOT_FOUND', 'This invitation does not exist or was already accepted.');
}

/** Runs `work`; if it throws, the guess was never judged and does not count. */
async function judged<T>(attempt: Attempt, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    attempt.giveBack();
    throw error;
  }
}

export function registerAuthRoutes(
  app: FastifyInstance,
  openapi: OpenApiDocument,
  db: Database,
  throttle: SignInThrottle,
  hashes: HashQueue,
  hub: NotificationHub,
  secrets: TotpSecrets,
): void {
  const login = {
    method: 'POST',
    url: '/auth/login',
    summary: 'Log in: an opaque session token',
    signedIn: false,
    body: LoginBody,
    success: {
      status: 201,
      description: 'A 12-hour session: its opaque token, when it ends, and who it is',
      schema: z.object({ token: z.string(), expiresAt: Instant, user: UserView }).strict(),
    },
    problems: {
      401: 'UNAUTHORIZED: a wrong email or password; or the TOTP code is missing (details.totp "required") or wrong ("wrong")',
      403: 'PERMISSION_DENIED: the account is suspended or banned',
      429: 'RATE_LIMITED: too many failed logins for this email, from this address, or with this authenticator; or the server is busy hashing (Retry-After)',
      503: 'NOT_CONFIGURED: the account has two-factor sign-in and the server cannot read its secret',
    },
  } as const;
  addRoute(app, openapi, login, async ({ body: { email, password, totp } }, request, reply) => {
    // Counted before anything costly runs: of many guesses at once, only the allowed number hash.
    const attempt = throttle.password(email, request.ip);
    const [user] = await judged(attempt, () =>
      db.transaction('installation', (tx) =>
        tx.query<UserRow & { totp_secret: string | null }>(
          `select ${USER_COLUMNS}, totp_secret from users where email = $1`,
          [email],
        ),
      ),
    );
    // An unknown email costs the same hash as a wrong password, and counts the same.
    const passwordOk = await judged(attempt, () =>
      hashes.run(request.ip, () =>
        user?.password_hash ? verifyPassword(password, user.password_hash) : verifyAgainstDecoy(password),
      ),
    );
    if (!user || !passwordOk) throw new ServerError('UNAUTHORIZED', 'The email or the password is wrong.');
    if (user.totp_enabled && !totp) {
      attempt.giveBack();
      throw new ServerError('UNAUTHORIZED', 'This account needs the code from its authenticator app (`totp`).', {
        totp: 'required',
      });
    }
    if (user.status !== 'ACTIVE') {
      attempt.succeeded();
      throw new ServerError('PERMISSION_DENIED', `This account is ${user.status.toLowerCase()}.`);
    }

    let codeAttempt: Attempt | null = null;
    if (user.totp_enabled) {
      try {
        codeAttempt = throttle.totp(user.id);
      } catch (error) {
        attempt.giveBack();
        throw error;
      }
    }
    const token = newToken();
    const expiresAt = new Date(Date.now() + SESSION_LIFETIME_MS).toISOString();
    const signedIn = await judged(attempt, () =>
      db.transaction('installation', async (tx) => {
        // A code counts once: checked and spent in the same transaction that opens the session.
        if (user.totp_enabled && !(totp && (await consumeTotp(tx, secrets, user, totp)))) return false;
        await tx.query('insert into sessions (token_hash, user_id, tenant_id, expires_at) values ($1, $2, $3, $4)', [
          tokenHash(token),
          user.id,
          user.tenant_id,
          expiresAt,
        ]);
        return true;
      }),
    );
    if (!signedIn) {
      throw new ServerError('UNAUTHORIZED', 'The authenticator code is wrong or was already used.', { totp: 'wrong' });
    }
    attempt.succeeded();
    codeAttempt?.succeeded();
    request.log.info({ userId: user.id }, 'login');
    reply.code(201);
    return { token, expiresAt, user: userView(user) };
  });

  const logout = {
    method: 'POST',
    url: '/auth/logout',
    summary: 'End this session',
    signedIn: true,
    success: { status: 204, description: 'Ended' },
  } as const;
  addRoute(app, openapi, logout, async ({ principal }, _request, reply) => {
    await db.transaction('installation', (tx) =>
      tx.query('update sessions set revoked_at = now() where id = $1', [principal.sessionId]),
    );
    hub.end({ sessionId: principal.sessionId });
    return reply.code(204).send();
  });

  const me = {
    method: 'GET',
    url: '/auth/me',
    summary: 'Who is calling',
    signedIn: true,
    success: { status: 200, description: 'The caller, as the database says now', schema: UserView },
  } as const;
  addRoute(app, openapi, me, async ({ principal }) => {
    const [user] = await db.queryOnce<UserRow>('installation', `select ${USER_COLUMNS} from users where id = $1`, [
      principal.userId,
    ]);
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
    success: { status: 200, description: 'The user, now with a password', schema: UserView },
    problems: {
      404: 'NOT_FOUND: no such invitation, or it was accepted',
      429: 'RATE_LIMITED: the server is busy hashing passwords (Retry-After)',
    },
  } as const;
  addRoute(app, openapi, accept, async ({ body: { token, password } }, request) => {
    // The token first: a made-up one costs a lookup, never a hash.
    const pending = await db.transaction('installation', (tx) =>
      tx.query('select 1 from users where invitation_hash = $1 and password_hash is null', [tokenHash(token)]),
    );
    if (pending.length === 0) throw invitationNotFound();
    const passwordHash = await hashes.run(request.ip, () => hashPassword(password));
    const user = await db.transaction('installation', async (tx) => {
      const [accepted] = await tx.query<UserRow>(
        `update users set password_hash = $2, invitation_hash = null, updated_at = now()
          where invitation_hash = $1 and password_hash is null returning ${USER_COLUMNS}`,
        [tokenHash(token), passwordHash],
      );
      if (accepted?.tenant_id) {
        await appendAudit(tx, accepted.tenant_id, {
          actor: userActor(accepted.id),
          action: 'user.invitationAccepted',
          subject: `user:${accepted.id}`,
          data: {},
        });
      }
      return accepted;
    });
    if (!user) throw invitationNotFound();
    return userView(user);
  });
}
