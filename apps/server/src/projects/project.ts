import { z } from 'zod';
import type { Queryable } from '../db/database.js';
import { toIso } from '../users/user.js';

/** A project's name in URLs: lower-case letters, digits and dashes, up to 63, not starting with a dash. */
export const ProjectSlug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be 1-63 lower-case letters, digits or dashes, not starting with a dash');

/** A hosted project as the API shows it. */
export const ProjectView = z
  .object({
    id: z.uuid(),
    tenantId: z.uuid(),
    slug: ProjectSlug,
    name: z.string(),
    /** The repository's path for git clients, relative to the server's base URL. */
    gitPath: z.string(),
    protectedBranches: z.array(z.string()),
    createdAt: z.iso.datetime({ offset: true }),
    createdBy: z.uuid(),
  })
  .strict();
export type ProjectView = z.infer<typeof ProjectView>;

export interface ProjectRow {
  tenant_id: string;
  id: string;
  slug: string;
  name: string;
  created_by: string;
  created_at: string | Date;
  protected_branches: string[];
}

export const PROJECT_COLUMNS = 'tenant_id, id, slug, name, created_by, created_at, protected_branches';

export function gitPathOf(tenantId: string, slug: string): string {
  return `/git/${tenantId}/${slug}.git`;
}

export function projectView(row: ProjectRow): ProjectView {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    slug: row.slug,
    name: row.name,
    gitPath: gitPathOf(row.tenant_id, row.slug),
    protectedBranches: row.protected_branches,
    createdAt: toIso(row.created_at),
    createdBy: row.created_by,
  };
}

/** The tenant's project with `slug`, or undefined (the transaction's scope is the tenant). */
export async function projectBySlug(tx: Queryable, tenantId: string, slug: string): Promise<ProjectRow | undefined> {
  const [row] = await tx.query<ProjectRow>(
    `select ${PROJECT_COLUMNS} from projects where tenant_id = $1 and slug = $2`,
    [tenantId, slug],
  );
  return row;
}
