import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { appendAudit, userActor } from '../audit/chain.js';
import { TENANT_USERS } from '../auth/permissions.js';
import { type Principal, tenantOfUser } from '../auth/principal.js';
import type { Database } from '../db/database.js';
import { isUniqueViolation } from '../db/errors.js';
import type { Repositories } from '../git/repositories.js';
import type { OpenApiDocument } from '../http/openapi.js';
import { ServerError } from '../http/problem.js';
import { addRoute } from '../http/route.js';
import { PROJECT_COLUMNS, type ProjectRow, ProjectSlug, ProjectView, projectView } from './project.js';

const PublishBody = z
  .object({
    /** The desktop's own project key. */
    id: z.uuid('must be the project key, a uuid'),
    slug: ProjectSlug,
    name: z.string().trim().min(1, 'must not be empty').max(200),
  })
  .strict();
const ProjectParams = z.object({ id: z.uuid('must be a project id') }).strict();

/** Projects belong to a tenant: ROOT_OWNER, who belongs to none, publishes none. */
const tenantOf = (principal: Principal) => tenantOfUser(principal, 'projects');

function projectNotFound(): ServerError {
  return new ServerError('NOT_FOUND', 'There is no such project.');
}

/**
 * `POST /projects`, `GET /projects`, `GET /projects/:id`: the caller's tenant's hosted projects, with a
 * session or a device credential. Publishing inserts the row and makes the bare repository in one
 * transaction: if the repository cannot be made, no row remains (and a half-made folder is removed).
 * `repositories` null: git hosting is not configured, and publishing answers NOT_CONFIGURED.
 */
export function registerProjectRoutes(
  app: FastifyInstance,
  openapi: OpenApiDocument,
  db: Database,
  repositories: Repositories | null,
): void {
  const publish = {
    method: 'POST',
    url: '/projects',
    summary: "Publish a project: the tenant's new hosted git repository, empty, for its first push",
    signedIn: true,
    acceptsDevices: true,
    access: TENANT_USERS,
    body: PublishBody,
    success: { status: 201, description: 'The project', schema: ProjectView },
    problems: {
      403: 'PERMISSION_DENIED: ROOT_OWNER belongs to no tenant',
      409: 'CONFLICT: the tenant has a project with this id or slug',
      503: 'NOT_CONFIGURED: this server does not host git repositories',
    },
  } as const;
  addRoute(app, openapi, publish, async ({ body, principal }, _request, reply) => {
    const tenantId = tenantOf(principal);
    if (!repositories) throw new ServerError('NOT_CONFIGURED', 'This server does not host git repositories.');
    let made = false;
    try {
      const row = await db.transaction({ tenantId }, async (tx) => {
        const [inserted] = await tx.query<ProjectRow>(
          `insert into projects (tenant_id, id, slug, name, created_by) values ($1, $2, $3, $4, $5)
           returning ${PROJECT_COLUMNS}`,
          [tenantId, body.id, body.slug, body.name, principal.userId],
        );
        if (!inserted) throw new Error('a project insert returned no row');
        await appendAudit(tx, tenantId, {
          actor: userActor(principal.userId),
          action: 'project.published',
          subject: `project:${body.id}`,
          data: { slug: body.slug, name: body.name, device: principal.deviceId ?? null },
        });
        made = true;
        await repositories.create(tenantId, body.id);
        return inserted;
      });
      return reply.code(201).send(projectView(row));
    } catch (error) {
      if (made) await repositories.remove(tenantId, body.id);
      if (isUniqueViolation(error)) {
        throw new ServerError('CONFLICT', 'The tenant has a project with this id or this slug.', {
          id: body.id,
          slug: body.slug,
        });
      }
      throw error;
    }
  });

  const list = {
    method: 'GET',
    url: '/projects',
    summary: "The caller's tenant's hosted projects, by slug",
    signedIn: true,
    acceptsDevices: true,
    access: TENANT_USERS,
    success: {
      status: 200,
      description: 'The projects',
      schema: z.object({ projects: z.array(ProjectView) }).strict(),
    },
    problems: { 403: 'PERMISSION_DENIED: ROOT_OWNER belongs to no tenant' },
  } as const;
  addRoute(app, openapi, list, async ({ principal }) => {
    const tenantId = tenantOf(principal);
    const rows = await db.queryOnce<ProjectRow>(
      { tenantId },
      `select ${PROJECT_COLUMNS} from projects where tenant_id = $1`,
      [tenantId],
    );
    return { projects: rows.map(projectView).sort((a, b) => a.slug.localeCompare(b.slug)) };
  });

  const one = {
    method: 'GET',
    url: '/projects/:id',
    summary: 'One of the tenant’s hosted projects',
    signedIn: true,
    acceptsDevices: true,
    access: TENANT_USERS,
    params: ProjectParams,
    success: { status: 200, description: 'The project', schema: ProjectView },
    problems: { 403: 'PERMISSION_DENIED: ROOT_OWNER belongs to no tenant', 404: 'NOT_FOUND: no such project' },
  } as const;
  addRoute(app, openapi, one, async ({ params, principal }) => {
    const tenantId = tenantOf(principal);
    const [row] = await db.queryOnce<ProjectRow>(
      { tenantId },
      `select ${PROJECT_COLUMNS} from projects where tenant_id = $1 and id = $2`,
      [tenantId, params.id],
    );
    if (!row) throw projectNotFound();
    return projectView(row);
  });
}
