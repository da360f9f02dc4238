import { Readable } from 'node:stream';
import { verifyAuditChain } from '@webnova/core/audit-chain';
import { AuditEntry, AuditVerification } from '@webnova/core/contracts';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/database.js';
import type { OpenApiDocument } from '../http/openapi.js';
import { addRoute } from '../http/route.js';
import { TenantParams } from '../tenants/params.js';
import { readAuditAnchor, readAuditEntries } from './chain.js';

const EXPORT_PAGE = 1_000;
const EVERY_SEQ = 2 ** 31 - 1;

export function registerAuditRoutes(app: FastifyInstance, openapi: OpenApiDocument, db: Database): void {
  /**
   * Recomputes the tenant's whole chain and checks it against the count and head hash kept on the tenant:
   * `{ok: true, count, headHash}`, or the first broken entry `{ok: false, brokenAt, problem, reason}`.
   */
  const verify = {
    method: 'GET',
    url: '/tenants/:tenantId/audit/verify',
    summary: "Verify the tenant's audit chain (names the first broken entry)",
    signedIn: true,
    access: { permission: 'audit.read' },
    params: TenantParams,
    success: {
      status: 200,
      description: '{ok: true, count, headHash}, or the first broken entry {ok: false, brokenAt, problem, reason}',
      schema: AuditVerification,
    },
    problems: {
      403: 'PERMISSION_DENIED: without audit.read',
      404: "NOT_FOUND: no such tenant, or another tenant's",
    },
  } as const;
  addRoute(app, openapi, verify, async ({ params: { tenantId } }) => {
    return db.transaction({ tenantId }, async (tx) => {
      const anchor = await readAuditAnchor(tx, tenantId);
      // Every stored row, not just up to the recorded count: an added row must show too.
      const entries = await readAuditEntries(tx, tenantId, 0, EVERY_SEQ);
      return verifyAuditChain(entries, anchor);
    });
  });

  /** The chain as JSON lines, one AuditEntry per line, oldest first, read a page at a time. */
  const exportChain = {
    method: 'GET',
    url: '/tenants/:tenantId/audit/export',
    summary: "The tenant's audit chain as JSON lines",
    signedIn: true,
    access: { permission: 'audit.read' },
    params: TenantParams,
    success: {
      status: 200,
      description: 'JSON lines, oldest first: the schema is each line’s',
      schema: AuditEntry,
      contentType: 'application/x-ndjson',
    },
    problems: {
      403: 'PERMISSION_DENIED: without audit.read',
      404: "NOT_FOUND: no such tenant, or another tenant's",
    },
  } as const;
  addRoute(app, openapi, exportChain, async ({ params: { tenantId } }, _request, reply) => {
    // The chain only grows: everything up to the count read now is fixed, whatever is appended meanwhile.
    const { count } = await db.transaction({ tenantId }, (tx) => readAuditAnchor(tx, tenantId));
    async function* lines() {
      for (let after = 0; after < count; after += EXPORT_PAGE) {
        const upTo = Math.min(count, after + EXPORT_PAGE);
        const page = await db.transaction({ tenantId }, (tx) => readAuditEntries(tx, tenantId, after, upTo));
        yield page.map((entry) => `${JSON.stringify(entry)}\n`).join('');
      }
    }
    return reply
      .type('application/x-ndjson; charset=utf-8')
      .header('content-disposition', `attachment; filename="audit-${tenantId}.jsonl"`)
      .send(Readable.from(lines()));
  });
}
