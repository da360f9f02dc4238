import { quote } from '../model/naming.js';
import type { EntityModel, FieldModel, PlatformModel } from '../model/platform.js';
import { lines, type ProjectFiles } from '../project.js';
import { lookupProperty } from './database.js';

/** Entities whose records name a person by email: where a data subject's records are found. */
export function subjectEntities(model: PlatformModel): Array<{ entity: EntityModel; fields: FieldModel[] }> {
  return model.entities
    .map((entity) => ({ entity, fields: entity.fields.filter((field) => field.type === 'email' && !field.phi) }))
    .filter((item) => item.fields.length > 0);
}

/** The value a personal field is overwritten with on erasure (`id` keeps unique columns unique). */
function erasedValue(field: FieldModel): string {
  if (!field.required) return 'null';
  switch (field.type) {
    case 'email':
      return field.unique ? "'erased-' + id + '@invalid.example'" : "'erased@invalid.example'";
    case 'date':
      return "'1900-01-01'";
    case 'datetime':
      return "'1900-01-01T00:00:00.000Z'";
    case 'int':
    case 'decimal':
      return String(field.source.min ?? 0);
    case 'money':
      return quote(String(field.source.min ?? 0));
    case 'bool':
      return 'false';
    case 'enum':
      return quote(field.source.values?.[0]?.name ?? '');
    case 'json':
      return '{}';
    default:
      return field.unique ? "'[erased ' + id + ']'" : "'[erased]'";
  }
}

function erasedColumn(field: FieldModel): string[] {
  const value = erasedValue(field);
  if (!field.phi) return [`${field.name}: ${value},`];
  const out = [`${field.name}: encryptField(${value})${field.required ? ' as string' : ''},`];
  if (field.unique) out.push(`${quote(lookupProperty(field))}: lookupHash(${value}),`);
  return out;
}

export function renderPrivacy(model: PlatformModel, files: ProjectFiles): void {
  const subjects = subjectEntities(model);
  const subjectNames = new Set(subjects.map((item) => item.entity.name));
  const children = model.entities.flatMap((entity) =>
    entity.references
      .filter((reference) => subjectNames.has(reference.target))
      .map((reference) => ({ entity, reference })),
  );
  const involved = model.entities.filter(
    (entity) => subjectNames.has(entity.name) || children.some((child) => child.entity.name === entity.name),
  );
  const erasable = involved.filter((entity) => entity.fields.some((field) => field.personal));
  const usesCrypto = erasable.some((entity) => entity.fields.some((field) => field.personal && field.phi));
  const usesLookup = erasable.some((entity) =>
    entity.fields.some((field) => field.personal && field.phi && field.unique),
  );
  const tables = [...new Set(['consentRecordTable', 'userTable', ...involved.map((entity) => entity.tableVar)])].sort();
  files.add(
    'api/src/compliance/privacy.ts',
    lines(
      "// GDPR: consent records, and a data subject's rights to a copy of their data and to erasure.",
      "import { createHash } from 'node:crypto';",
      `import { and, asc, eq, inArray, ${subjects.length > 0 ? 'or, ' : ''}sql } from 'drizzle-orm';`,
      "import { z } from 'zod';",
      "import { HttpError, parseInput, type RequestContext, requireUser } from '../access/context.js';",
      "import { accountAdminRole } from '../access/permissions.js';",
      usesCrypto && `import { encryptField${usesLookup ? ', lookupHash' : ''} } from './field-crypto.js';`,
      "import type { Database } from '../db/client.js';",
      `import { ${tables.join(', ')} } from '../db/schema.js';`,
      involved.map(
        (entity) => `import * as ${entity.tableVar.replace(/Table$/, 'Entity')} from '../entities/${entity.file}.js';`,
      ),
      "import { recordAudit } from './audit.js';",
      '',
      'const consentInput = z.strictObject({ purpose: z.string().min(1).max(200), granted: z.boolean() });',
      'const subjectInput = z.strictObject({ email: z.email().max(254) });',
      '',
      '/** Records a consent given or withdrawn; the history is kept, the newest entry per purpose counts. */',
      'export async function recordConsent(context: RequestContext, body: unknown) {',
      '  const user = requireUser(context);',
      '  const input = parseInput(consentInput, body);',
      '  const [row] = await context.db.insert(consentRecordTable).values({ userId: user.id, ...input }).returning();',
      "  await recordAudit(context.db, { actorId: user.id, action: 'privacy.consent', detail: { purpose: input.purpose, granted: input.granted } });",
      '  return row;',
      '}',
      '',
      'export async function listConsents(context: RequestContext) {',
      '  const user = requireUser(context);',
      '  return context.db.select().from(consentRecordTable).where(eq(consentRecordTable.userId, user.id)).orderBy(asc(consentRecordTable.at), asc(consentRecordTable.id));',
      '}',
      '',
      '/** A person may ask about themselves; the account administrator role about anyone. */',
      'function subjectOf(context: RequestContext, body: unknown): string {',
      '  const user = requireUser(context);',
      '  const email = parseInput(subjectInput, body).email.toLowerCase();',
      '  if (user.email !== email && user.role !== accountAdminRole) {',
      "    throw new HttpError(403, 'FORBIDDEN', 'Only the person themselves or the account administrator may ask for this.');",
      '  }',
      '  return email;',
      '}',
      '',
      '/** The ids of the records about a person: found by their email, then the records that refer to those. */',
      'async function subjectRecords(db: Database, email: string): Promise<Record<string, string[]>> {',
      '  const found: Record<string, string[]> = {};',
      subjects.map(({ entity, fields }) =>
        lines(
          `  found[${quote(entity.name)}] = (`,
          `    await db.select({ id: ${entity.tableVar}.id }).from(${entity.tableVar}).where(or(${fields
            .map((field) => `sql\`lower(\${${entity.tableVar}.${field.name}}) = \${email}\``)
            .join(', ')}))`,
          '  ).map((row) => row.id);',
        ),
      ),
      children.map(({ entity, reference }) =>
        lines(
          `  if ((found[${quote(reference.target)}] ?? []).length > 0) {`,
          `    const rows = await db.select({ id: ${entity.tableVar}.id }).from(${entity.tableVar}).where(inArray(${entity.tableVar}.${reference.name}, found[${quote(reference.target)}] ?? []));`,
          `    found[${quote(entity.name)}] = [...new Set([...(found[${quote(entity.name)}] ?? []), ...rows.map((row) => row.id)])];`,
          '  }',
        ),
      ),
      '  return found;',
      '}',
      '',
      'function subjectHash(email: string): string {',
      "  return createHash('sha256').update(email).digest('hex');",
      '}',
      '',
      '/** Everything stored about a person, as JSON (GDPR art. 15 and 20). */',
      'export async function exportPersonalData(context: RequestContext, body: unknown) {',
      '  const email = subjectOf(context, body);',
      '  const ids = await subjectRecords(context.db, email);',
      '  const [account] = await context.db',
      '    .select({ id: userTable.id, email: userTable.email, role: userTable.role, personId: userTable.personId, createdAt: userTable.createdAt })',
      '    .from(userTable)',
      '    .where(eq(userTable.email, email));',
      '  const consents = account ? await context.db.select().from(consentRecordTable).where(eq(consentRecordTable.userId, account.id)) : [];',
      '  const records: Record<string, unknown[]> = {};',
      involved.map((entity) => {
        const alias = entity.tableVar.replace(/Table$/, 'Entity');
        return lines(
          `  if ((ids[${quote(entity.name)}] ?? []).length > 0) {`,
          `    const rows = await context.db.select().from(${entity.tableVar}).where(inArray(${entity.tableVar}.id, ids[${quote(entity.name)}] ?? []));`,
          `    records[${quote(entity.name)}] = rows.map(${alias}.toRecord);`,
          '  }',
        );
      }),
      "  await recordAudit(context.db, { actorId: requireUser(context).id, action: 'privacy.export', detail: { subject: subjectHash(email) } });",
      '  return { subject: email, account: account ?? null, consents, records };',
      '}',
      '',
      '/** Erases a person: their personal fields are overwritten, their account and consents deleted (GDPR art. 17). */',
      'export async function erasePersonalData(context: RequestContext, body: unknown) {',
      '  const email = subjectOf(context, body);',
      '  const ids = await subjectRecords(context.db, email);',
      '  const erased: Record<string, number> = {};',
      erasable.map((entity) =>
        lines(
          `  for (const id of ids[${quote(entity.name)}] ?? []) {`,
          `    await context.db.update(${entity.tableVar}).set({`,
          entity.fields
            .filter((field) => field.personal)
            .flatMap((field) => erasedColumn(field).map((line) => `      ${line}`)),
          '      updatedAt: new Date().toISOString(),',
          `    }).where(and(eq(${entity.tableVar}.id, id)));`,
          `    erased[${quote(entity.name)}] = (erased[${quote(entity.name)}] ?? 0) + 1;`,
          '  }',
        ),
      ),
      '  const accounts = await context.db.delete(userTable).where(eq(userTable.email, email)).returning({ id: userTable.id });',
      "  await recordAudit(context.db, { actorId: context.user?.id ?? null, action: 'privacy.erase', detail: { subject: subjectHash(email), erased, accounts: accounts.length } });",
      '  return { subject: email, erased, accounts: accounts.length };',
      '}',
    ),
  );
}
