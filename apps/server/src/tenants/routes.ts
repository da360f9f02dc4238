import { Instant } from '@webnova/core/contracts';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { appendAudit, userActor } from '../audit/chain.js';
import type { Database } from '../db/database.js';
import type { OpenApiDocument } from '../http/openapi.js';
import { addRoute } from '../http/route.js';
import { toIso } from '../users/user.js';
import { tenantNotFound } from './not-found.js';
import { TenantParams } from './params.js';

interface TenantRow {
  id: string;
  name: string;
  created_at: string | Date;
}

const Tenant = z.object({ id: z.uuid(), name: z.string(), createdAt: Instant }).strict();
type Tenant = z.infer<typeof Tenant>;

const tenantView = (row: TenantRow): Tenant => ({ id: row.id, name: row.name, createdAt: toIso(row.created_at) });

const TenantBody = z.object({ name: z.string().trim().min(1).max(200) }).strict();

export function registerTenantRoutes(app: FastifyInstance, openapi: OpenApiDocument, db: Database): void {
  const create = {
    method: 'POST',
    url: '/tenants',
    summary: 'Create a tenant (ROOT_OWNER)',
    signedIn: true,
    access: { roles: ['ROOT_OWNER'] },
    body: TenantBody,
    success: { status: 201, description: 'The tenant', schema: Tenant },
    problems: { 403: 'PERMISSION_DENIED: not ROOT_OWNER' },
  } as const;
  addRoute(app, openapi, create, async ({ body: { name }, principal }, _request, reply) => {
    const tenant = await db.transaction('installation', async (tx) => {
      const [created] = await tx.query<TenantRow>(
        'insert into tenants (name) values ($1) returning id, name, created_at',
        [name],
      );
      if (!created) throw new Error('insert returned no tenant');
      await appendAudit(tx, created.id, {
        actor: userActor(principal.userId),
        action: 'tenant.created',
        subject: `tenant:${created.id}`,
        data: { name },
      });
      return created;
    });
    reply.code(201);
    return tenantView(tenant);
  });

  /** ROOT_OWNER sees every tenant; anyone else sees their own. */
  const list = {
    method: 'GET',
    url: '/tenants',
    summary: 'The tenants the caller may see',
    signedIn: true,
    success: {
      status: 200,
      description: 'ROOT_OWNER: every tenant; anyone else: their own',
      schema: z.object({ tenants: z.array(Tenant) }).strict(),
    },
  } as const;
  addRoute(app, openapi, list, async ({ principal }) => {
    const scope = principal.tenantId === null ? 'installation' : { tenantId: principal.tenantId };
    const rows = await db.transaction(scope, (tx) =>
      tx.query<TenantRow>('select id, name, created_at from tenants order by created_at, id'),
    );
    return { tenants: rows.map(tenantView) };
  });

  const read = {
    method: 'GET',
    url: '/tenants/:tenantId',
    summary: 'One tenant',
    signedIn: true,
    access: { tenant: 'visible' },
    params: TenantParams,
    success: { status: 200, description: 'The tenant', schema: Tenant },
    problems: { 404: "NOT_FOUND: no such tenant, or another tenant's" },
  } as const;
  addRoute(app, openapi, read, async ({ params: { tenantId } }) => {
    const [tenant] = await db.transaction({ tenantId }, (tx) =>
      tx.query<TenantRow>('select id, name, created_at from tenants where id = $1', [tenantId]),
    );
    if (!tenant) throw tenantNotFound();
    return tenantView(tenant);
  });
}
