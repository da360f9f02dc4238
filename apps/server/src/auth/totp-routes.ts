import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { appendAudit, userActor } from '../audit/chain.js';
import type { Database } from '../db/database.js';
import type { OpenApiDocument } from '../http/openapi.js';
import { ServerError } from '../http/problem.js';
import { addRoute } from '../http/route.js';
import { USER_COLUMNS, type UserRow, UserView, userView } from '../users/user.js';
import type { SignInThrottle } from './sign-in-throttle.js';
import { consumeTotp, newTotpSecret, TotpCode, totpUri } from './totp.js';
import type { TotpSecrets } from './totp-secrets.js';

const CodeBody = z.object({ code: TotpCode }).strict();
const TotpSetup = z
  .object({ secret: z.string().regex(/^[A-Z2-7]+$/), uri: z.string().startsWith('otpauth://totp/') })
  .strict();

/** TOTP is for the roles that govern. */
const OWNER_ROLES = { roles: ['ROOT_OWNER', 'sovereign', 'owner'] } as const;

/** Set up (a secret, not yet required), enable (after one good code) and disable (with a good code). */
export function registerTotpRoutes(
  app: FastifyInstance,
  openapi: OpenApiDocument,
  db: Database,
  secrets: TotpSecrets,
  throttle: SignInThrottle,
): void {
  const setup = {
    method: 'POST',
    url: '/auth/totp/setup',
    summary: 'Start two-factor sign-in: a new TOTP secret and otpauth:// URI (owner roles)',
    signedIn: true,
    access: OWNER_ROLES,
    success: {
      status: 201,
      description: 'The base32 secret and its otpauth:// URI, shown this once (the server keeps it encrypted)',
      schema: TotpSetup,
    },
    problems: {
      403: 'PERMISSION_DENIED: not an owner role',
      409: 'CONFLICT: two-factor sign-in is already on',
      503: 'NOT_CONFIGURED: the server has no WEBNOVA_SECRET_KEY to encrypt the secret with',
    },
  } as const;
  addRoute(app, openapi, setup, async ({ principal }, _request, reply) => {
    const secret = newTotpSecret();
    const stored = secrets.seal(principal.userId, secret);
    const rows = await db.transaction('installation', (tx) =>
      tx.query(
        'update users set totp_secret = $2, totp_last_step = null where id = $1 and not totp_enabled returning id',
        [principal.userId, stored],
      ),
    );
    if (rows.length === 0) throw new ServerError('CONFLICT', 'Two-factor sign-in is already on: disable it first.');
    reply.code(201);
    return { secret, uri: totpUri(secret, principal.email) };
  });

  for (const enable of [true, false]) {
    const spec = {
      method: 'POST',
      url: enable ? '/auth/totp/enable' : '/auth/totp/disable',
      summary: enable
        ? 'Turn two-factor sign-in on with a code from the app'
        : 'Turn two-factor sign-in off with a current code',
      signedIn: true,
      access: OWNER_ROLES,
      body: CodeBody,
      success: { status: 200, description: 'The user, with two-factor sign-in on or off', schema: UserView },
      problems: {
        403: 'PERMISSION_DENIED: not an owner role, or the code is wrong',
        409: enable ? 'CONFLICT: not set up, or already on' : 'CONFLICT: two-factor sign-in is off',
        429: 'RATE_LIMITED: too many wrong codes for this user (Retry-After)',
        503: 'NOT_CONFIGURED: the server cannot read the encrypted secret (no or another WEBNOVA_SECRET_KEY)',
      },
    } as const;
    addRoute(app, openapi, spec, async ({ body: { code }, principal }) => {
      // A guess at the code, counted before it is checked, with the login's guesses at the same codes.
      const attempt = throttle.totp(principal.userId);
      let wrongCode = false;
      const user = await db
        .transaction('installation', async (tx) => {
          const [current] = await tx.query<{ id: string; totp_secret: string | null; totp_enabled: boolean }>(
            'select id, totp_secret, totp_enabled from users where id = $1 for update',
            [principal.userId],
          );
          if (!current?.totp_secret || current.totp_enabled !== !enable) {
            throw new ServerError(
              'CONFLICT',
              enable ? 'Set up two-factor sign-in first (POST /auth/totp/setup).' : 'Two-factor sign-in is off.',
            );
          }
          if (!(await consumeTotp(tx, secrets, current, code))) {
            wrongCode = true;
            throw new ServerError('PERMISSION_DENIED', 'The code is wrong.');
          }
          const [updated] = await tx.query<UserRow>(
            `update users set totp_enabled = $2, totp_secret = case when $2 then totp_secret end, updated_at = now()
            where id = $1 returning ${USER_COLUMNS}`,
            [principal.userId, enable],
          );
          if (!updated) throw new Error('update returned no user');
          if (updated.tenant_id) {
            await appendAudit(tx, updated.tenant_id, {
              actor: userActor(principal.userId),
              action: enable ? 'user.totpEnabled' : 'user.totpDisabled',
              subject: `user:${principal.userId}`,
              data: {},
            });
          }
          return updated;
        })
        .catch((error: unknown) => {
          if (!wrongCode) attempt.giveBack();
          throw error;
        });
      attempt.succeeded();
      return userView(user);
    });
  }
}
