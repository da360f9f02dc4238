import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { v4 as uuidv4 } from 'uuid';
import { z } from 'zod';
import { appendAudit, userActor } from '../audit/chain.js';
import type { Database } from '../db/database.js';
import type { OpenApiDocument } from '../http/openapi.js';
import { ServerError } from '../http/problem.js';
import { addRoute } from '../http/route.js';
import { type Role, toIso } from '../users/user.js';
import { TENANT_USERS } from './permissions.js';
import { type Principal, tenantOfUser } from './principal.js';
import { tokenHash } from './tokens.js';

/** What a token lets its holder do with the tenant's repositories: fetch, or fetch and push. */
export const AccessTokenScope = z.enum(['read', 'read-write']);
export type AccessTokenScope = z.infer<typeof AccessTokenScope>;

/** `wnpat_<id>_<secret>`: recognisable (secret scanners, logs), the id in clear, 32 random bytes after it. */
const ACCESS_TOKEN = /^wnpat_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})_[A-Za-z0-9_-]{43}$/;
export const ACCESS_TOKEN_PREFIX = 'wnpat_';
export const MAX_TOKEN_DAYS = 365;

/** A token as listed: never its secret, which only its creation's answer holds. */
export const AccessTokenView = z
  .object({
    id: z.uuid(),
    name: z.string(),
    scope: AccessTokenScope,
    createdAt: z.iso.datetime({ offset: true }),
    expiresAt: z.iso.datetime({ offset: true }).nullable(),
    revokedAt: z.iso.datetime({ offset: true }).nullable(),
    lastUsedAt: z.iso.datetime({ offset: true }).nullable(),
  })
  .strict();
export type AccessTokenView = z.infer<typeof AccessTokenView>;

export const CreatedAccessToken = z
  .object({
    id: z.uuid(),
    name: z.string(),
    scope: AccessTokenScope,
    /** Shown this once: the server keeps its SHA-256 only. */
    token: z.string().regex(ACCESS_TOKEN),
    createdAt: z.iso.datetime({ offset: true }),
    expiresAt: z.iso.datetime({ offset: true }).nullable(),
  })
  .strict();

const CreateBody = z
  .object({
    name: z.string().trim().min(1, 'must not be empty').max(100),
    scope: AccessTokenScope,
    expiresInDays: z.number().int().min(1).max(MAX_TOKEN_DAYS).optional(),
  })
  .strict();
const TokenParams = z.object({ id: z.uuid('must be a token id') }).strict();

/** Who holds a valid access token, as the database says now. */
export interface TokenHolder {
  tokenId: string;
  tenantId: string;
  userId: string;
  role: Role;
  scope: AccessTokenScope;
}

export function isAccessToken(secret: string): boolean {
  return secret.startsWith(ACCESS_TOKEN_PREFIX);
}

interface TokenRow {
  id: string;
  name: string;
  scope: AccessTokenScope;
  created_at: string | Date;
  expires_at: string | Date | null;
  revoked_at: string | Date | null;
  last_used_at: string | Date | null;
}

const iso = (value: string | Date | null) => (value === null ? null : toIso(value));

function view(row: TokenRow): AccessTokenView {
  return {
    id: row.id,
    name: row.name,
    scope: row.scope,
    createdAt: toIso(row.created_at),
    expiresAt: iso(row.expires_at),
    revokedAt: iso(row.revoked_at),
    lastUsedAt: iso(row.last_used_at),
  };
}

/**
 * The holder of `secret`, read now (no cache), or null when it is not a token, unknown, revoked, expired,
 * or its user is no longer active. Marks it used (at most once a minute, to spare the row).
 */
export async function authenticateAccessToken(db: Database, secret: string): Promise<TokenHolder | null> {
  if (!ACCESS_TOKEN.test(secret)) return null;
  const [row] = await db.transaction('installation', (tx) =>
    tx.query<{ id: string; tenant_id: string; user_id: string; role: Role; scope: AccessTokenScope }>(
      `update access_tokens t
          set last_used_at = case when t.last_used_at is null or t.last_used_at < now() - interval '1 minute'
                                  then now() else t.last_used_at end
         from users u
        where t.token_hash = $1 and u.id = t.user_id and u.status = 'ACTIVE' and t.revoked_at is null
          and (t.expires_at is null or t.expires_at > now())
       returning t.id, t.tenant_id, t.user_id, u.role, t.scope`,
      [tokenHash(secret)],
    ),
  );
  return row
    ? { tokenId: row.id, tenantId: row.tenant_id, userId: row.user_id, role: row.role, scope: row.scope }
    : null;
}

/** Access tokens reach a tenant's repositories: ROOT_OWNER, who belongs to no tenant, has none. */
const tenantOf = (principal: Principal) => tenantOfUser(principal, 'access tokens');

/**
 * `POST /auth/tokens`, `GET /auth/tokens`, `DELETE /auth/tokens/:id`: the caller's own personal access
 * tokens, with a session or a device credential. Creating and revoking one is an audit entry.
 */
export function registerAccessTokenRoutes(app: FastifyInstance, openapi: OpenApiDocument, db: Database): void {
  const create = {
    method: 'POST',
    url: '/auth/tokens',
    summary: 'Create a personal access token for git over HTTPS (its secret is in this answer only)',
    signedIn: true,
    acceptsDevices: true,
    access: TENANT_USERS,
    body: CreateBody,
    success: { status: 201, description: 'The token, with its secret', schema: CreatedAccessToken },
    problems: { 403: 'PERMISSION_DENIED: ROOT_OWNER belongs to no tenant' },
  } as const;
  addRoute(app, openapi, create, async ({ body, principal }, _request, reply) => {
    const tenantId = tenantOf(principal);
    const id = uuidv4();
    const token = `${ACCESS_TOKEN_PREFIX}${id}_${randomBytes(32).toString('base64url')}`;
    const row = await db.transaction({ tenantId }, async (tx) => {
      const [inserted] = await tx.query<TokenRow>(
        `insert into access_tokens (id, tenant_id, user_id, name, scope, token_hash, expires_at)
         values ($1, $2, $3, $4, $5, $6, case when $7::int is null then null else now() + make_interval(days => $7::int) end)
         returning id, name, scope, created_at, expires_at, revoked_at, last_used_at`,
        [id, tenantId, principal.userId, body.name, body.scope, tokenHash(token), body.expiresInDays ?? null],
      );
      if (!inserted) throw new Error('an access token insert returned no row');
      await appendAudit(tx, tenantId, {
        actor: userActor(principal.userId),
        action: 'accessToken.created',
        subject: `accessToken:${id}`,
        data: {
          name: body.name,
          scope: body.scope,
          expiresAt: iso(inserted.expires_at),
          device: principal.deviceId ?? null,
        },
      });
      return inserted;
    });
    const { revokedAt: _revoked, lastUsedAt: _used, ...shown } = view(row);
    return reply.code(201).send({ ...shown, token });
  });

  const list = {
    method: 'GET',
    url: '/auth/tokens',
    summary: "The caller's personal access tokens, revoked ones included, newest first (no secrets)",
    signedIn: true,
    acceptsDevices: true,
    access: TENANT_USERS,
    success: {
      status: 200,
      description: 'The tokens',
      schema: z.object({ tokens: z.array(AccessTokenView) }).strict(),
    },
    problems: { 403: 'PERMISSION_DENIED: ROOT_OWNER belongs to no tenant' },
  } as const;
  addRoute(app, openapi, list, async ({ principal }) => {
    const tenantId = tenantOf(principal);
    const rows = await db.queryOnce<TokenRow>(
      { tenantId },
      `select id, name, scope, created_at, expires_at, revoked_at, last_used_at from access_tokens
        where tenant_id = $1 and user_id = $2`,
      [tenantId, principal.userId],
    );
    const tokens = rows.map(view).sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id));
    return { tokens };
  });

  const revoke = {
    method: 'DELETE',
    url: '/auth/tokens/:id',
    summary: 'Revoke one of your personal access tokens: it stops working at once',
    signedIn: true,
    acceptsDevices: true,
    access: TENANT_USERS,
    params: TokenParams,
    success: { status: 204, description: 'Revoked (or it already was)' },
    problems: { 403: 'PERMISSION_DENIED: ROOT_OWNER belongs to no tenant', 404: 'NOT_FOUND: no such token of yours' },
  } as const;
  addRoute(app, openapi, revoke, async ({ params, principal }, _request, reply) => {
    const tenantId = tenantOf(principal);
    await db.transaction({ tenantId }, async (tx) => {
      const [row] = await tx.query<{ revoked: boolean }>(
        `select revoked_at is not null as revoked from access_tokens where id = $1 and user_id = $2 for update`,
        [params.id, principal.userId],
      );
      if (!row) throw new ServerError('NOT_FOUND', 'There is no such access token of yours.');
      if (row.revoked) return;
      await tx.query('update access_tokens set revoked_at = now() where id = $1', [params.id]);
      await appendAudit(tx, tenantId, {
        actor: userActor(principal.userId),
        action: 'accessToken.revoked',
        subject: `accessToken:${params.id}`,
        data: { device: principal.deviceId ?? null },
      });
    });
    return reply.code(204).send();
  });
}
