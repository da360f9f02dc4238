import { quote } from '../model/naming.js';
import type { EntityModel, FieldModel, OwnRule, PlatformModel } from '../model/platform.js';
import { lines, type ProjectFiles } from '../project.js';
import { lookupProperty } from './database.js';

/**
 * One module per entity: its zod input schemas, its API shape, the mapping to and from table rows
 * (encryption of health data included) and list/read/create/update/remove with the permission
 * checks. Every route of every stack goes through these functions.
 */
export function renderEntityServices(model: PlatformModel, files: ProjectFiles): void {
  for (const entity of model.entities) {
    files.add(`api/src/entities/${entity.file}.ts`, entityModule(model, entity), entity.name);
  }
}

function recordType(field: FieldModel): string {
  return field.required ? field.ts : `${field.ts} | null`;
}

function inputSchema(entity: EntityModel): string[] {
  return [
    ...entity.fields.map((field) => `  ${field.name}: ${field.zod}${field.required ? '' : '.nullable().optional()'},`),
    ...entity.references.map(
      (reference) => `  ${reference.name}: z.uuid()${reference.required ? '' : '.nullable().optional()'},`,
    ),
  ];
}

function readField(field: FieldModel): string {
  const value = `row.${field.name}`;
  if (field.phi) return `decryptField<${field.ts}>(${value})${field.required ? ` as ${field.ts}` : ''}`;
  if (field.type === 'enum') return `${value} as ${field.required ? field.ts : `${field.ts} | null`}`;
  if (field.type === 'datetime') {
    return field.required
      ? `new Date(${value}).toISOString()`
      : `${value} === null ? null : new Date(${value}).toISOString()`;
  }
  return value;
}

function writeField(field: FieldModel, value: string): string[] {
  const stored = field.required ? value : `${value} ?? null`;
  if (field.phi) {
    const out = [`${field.name}: encryptField(${stored})${field.required ? ' as string' : ''},`];
    if (field.unique) out.push(`${quote(lookupProperty(field))}: lookupHash(${stored}),`);
    return out;
  }
  if (field.type === 'json') return [`${field.name}: ${stored} as JsonValue${field.required ? '' : ' | null'},`];
  return [`${field.name}: ${stored},`];
}

function ownFilterCase(entity: EntityModel, rule: OwnRule): string[] {
  const column = `${entity.tableVar}.${rule.key}`;
  if (rule.match === 'person') {
    return [
      `    case ${quote(rule.key)}:`,
      `      return user.personId === null ? sql\`false\` : eq(${column}, user.personId);`,
    ];
  }
  if (rule.match === 'email') {
    return [`    case ${quote(rule.key)}:`, `      return sql\`lower(\${${column}}) = \${user.email.toLowerCase()}\`;`];
  }
  return [`    case ${quote(rule.key)}:`, `      return sql\`\${${column}}::text = \${user.id}\`;`];
}

function ownValueCase(rule: OwnRule): string[] {
  if (rule.match === 'person') {
    return [
      `    case ${quote(rule.key)}:`,
      "      if (user.personId === null) throw new HttpError(403, 'NOT_LINKED', 'Your account is not linked to a record.');",
      `      return { ${rule.key}: user.personId };`,
    ];
  }
  if (rule.match === 'email') return [`    case ${quote(rule.key)}:`, `      return { ${rule.key}: user.email };`];
  if (rule.textual) return [`    case ${quote(rule.key)}:`, `      return { ${rule.key}: user.id };`];
  return [`    case ${quote(rule.key)}:`, '      return {};'];
}

function entityModule(model: PlatformModel, entity: EntityModel): string {
  const { controls } = model;
  const phiFields = entity.fields.filter((field) => field.phi);
  const hasJson = entity.fields.some((field) => field.type === 'json');
  const hasOwn = entity.ownRules.length > 0;
  const table = entity.tableVar;
  const name = entity.name;
  const readAudit = controls.readAudit;
  const drizzleImports = ['and', 'asc', 'eq', 'type SQL', 'sql'];
  const contextImports = ['authorize', 'HttpError', 'parseId', 'parseInput', 'type RequestContext', 'type SessionUser'];
  const visible = entity.fields.filter((field) => !field.secret);
  const logsReads = readAudit || (phiFields.length > 0 && controls.phiAccessLog);
  return lines(
    `// ${name}: input checks, API shape, row mapping and the permission-checked operations.`,
    `import { ${drizzleImports.join(', ')} } from 'drizzle-orm';`,
    "import { z } from 'zod';",
    `import { ${contextImports.join(', ')} } from '../access/context.js';`,
    "import type { Grant } from '../access/permissions.js';",
    phiFields.length > 0 && controls.phiAccessLog && "import { logPhiAccess } from '../compliance/access-log.js';",
    "import { recordAudit } from '../compliance/audit.js';",
    controls.cardDataGuard && "import { assertNoCardData } from '../compliance/card-data.js';",
    phiFields.length > 0 &&
      `import { decryptField, encryptField${phiFields.some((field) => field.unique) ? ', lookupHash' : ''} } from '../compliance/field-crypto.js';`,
    `import { ${hasJson ? 'type JsonValue, ' : ''}${table} } from '../db/schema.js';`,
    '',
    `export const entityName = ${quote(name)};`,
    '',
    'export const createSchema = z.strictObject({',
    inputSchema(entity),
    '});',
    'export const updateSchema = createSchema.partial();',
    'export type CreateInput = z.infer<typeof createSchema>;',
    'export type UpdateInput = z.infer<typeof updateSchema>;',
    '',
    entity.fields.some((field) => field.secret) &&
      `/** The API shape; secret fields are write-only and never sent back. */`,
    `export interface ${entity.typeName} {`,
    '  id: string;',
    visible.map((field) => `  ${field.name}: ${recordType(field)};`),
    entity.references.map((reference) => `  ${reference.name}: string${reference.required ? '' : ' | null'};`),
    '  createdAt: string;',
    '  updatedAt: string;',
    '}',
    '',
    `type Row = typeof ${table}.$inferSelect;`,
    `type Insert = typeof ${table}.$inferInsert;`,
    '',
    phiFields.length > 0 &&
      `/** Health data fields: stored encrypted${controls.phiAccessLog ? ', every read logged' : ''}. */`,
    phiFields.length > 0 &&
      `export const phiFields = [${phiFields.map((field) => quote(field.name)).join(', ')}] as const;`,
    '',
    `export function toRecord(row: Row): ${entity.typeName} {`,
    '  return {',
    '    id: row.id,',
    visible.map((field) => `    ${field.name}: ${readField(field)},`),
    entity.references.map((reference) => `    ${reference.name}: row.${reference.name},`),
    '    createdAt: new Date(row.createdAt).toISOString(),',
    '    updatedAt: new Date(row.updatedAt).toISOString(),',
    '  };',
    '}',
    '',
    '/** The row for validated input (tests seed through it). */',
    'export function toInsert(input: CreateInput): Insert {',
    '  return {',
    entity.fields.flatMap((field) => writeField(field, `input.${field.name}`).map((line) => `    ${line}`)),
    entity.references.map(
      (reference) => `    ${reference.name}: input.${reference.name}${reference.required ? '' : ' ?? null'},`,
    ),
    '  };',
    '}',
    '',
    'function updateValues(input: UpdateInput): Partial<Insert> {',
    '  const values: Partial<Insert> = { updatedAt: new Date().toISOString() };',
    entity.fields.map((field) =>
      lines(
        `  if (input.${field.name} !== undefined) {`,
        `    Object.assign(values, { ${writeField(field, `input.${field.name}`).join(' ')} });`,
        '  }',
      ),
    ),
    entity.references.map(
      (reference) => `  if (input.${reference.name} !== undefined) values.${reference.name} = input.${reference.name};`,
    ),
    '  return values;',
    '}',
    '',
    "/** The rows a grant covers: all, or only the signed-in user's own. */",
    `function ownRows(${hasOwn ? 'user' : '_user'}: SessionUser, grant: Grant): SQL | undefined {`,
    "  if (grant.rows.scope === 'all') return undefined;",
    hasOwn && ['  switch (grant.rows.key) {', entity.ownRules.flatMap((rule) => ownFilterCase(entity, rule)), '  }'],
    '  return sql`false`;',
    '}',
    '',
    '/** Under an "own records" grant, the owner key is always the signed-in user: it cannot be set to someone else. */',
    `function ownValues(${hasOwn ? 'user' : '_user'}: SessionUser, grant: Grant): Record<string, unknown> {`,
    "  if (grant.rows.scope === 'all') return {};",
    hasOwn && ['  switch (grant.rows.key) {', entity.ownRules.flatMap(ownValueCase), '  }'],
    '  return {};',
    '}',
    '',
    'function withBody(body: unknown, forced: Record<string, unknown>): unknown {',
    "  return body && typeof body === 'object' && !Array.isArray(body) ? { ...body, ...forced } : body;",
    '}',
    '',
    logsReads && [
      `async function afterRead(context: RequestContext, user: SessionUser, records: readonly ${entity.typeName}[], action: 'read' | 'list'): Promise<void> {`,
      phiFields.length > 0 &&
        controls.phiAccessLog && [
          '  await logPhiAccess(',
          '    context.db,',
          '    user.id,',
          '    entityName,',
          '    records.map((record) => record.id),',
          '    phiFields,',
          '  );',
        ],
      readAudit && [
        '  // PCI-DSS: reads are audited too.',
        "  await recordAudit(context.db, { actorId: user.id, action, entity: entityName, ...(action === 'read' && records[0] ? { recordId: records[0].id } : { detail: { count: records.length } }) });",
      ],
      '}',
      '',
    ],
    `export async function list(context: RequestContext): Promise<${entity.typeName}[]> {`,
    "  const { user, grant } = authorize(context, entityName, 'list');",
    `  const rows = await context.db.select().from(${table}).where(ownRows(user, grant)).orderBy(asc(${table}.createdAt), asc(${table}.id)).limit(1000);`,
    logsReads ? '  const records = rows.map(toRecord);' : '  return rows.map(toRecord);',
    logsReads && "  await afterRead(context, user, records, 'list');",
    logsReads && '  return records;',
    '}',
    '',
    `export async function read(context: RequestContext, id: unknown): Promise<${entity.typeName}> {`,
    "  const { user, grant } = authorize(context, entityName, 'read');",
    `  const [row] = await context.db.select().from(${table}).where(and(eq(${table}.id, parseId(id)), ownRows(user, grant)));`,
    "  if (!row) throw new HttpError(404, 'NOT_FOUND', 'No such record.');",
    '  const record = toRecord(row);',
    logsReads && "  await afterRead(context, user, [record], 'read');",
    '  return record;',
    '}',
    '',
    `export async function create(context: RequestContext, body: unknown): Promise<${entity.typeName}> {`,
    "  const { user, grant } = authorize(context, entityName, 'create');",
    '  const input = parseInput(createSchema, withBody(body, ownValues(user, grant)));',
    controls.cardDataGuard && '  assertNoCardData(input);',
    `  const [row] = await context.db.insert(${table}).values(toInsert(input)).returning();`,
    "  if (!row) throw new Error('insert returned nothing');",
    "  await recordAudit(context.db, { actorId: user.id, action: 'create', entity: entityName, recordId: row.id, detail: { fields: Object.keys(input) } });",
    '  return toRecord(row);',
    '}',
    '',
    `export async function update(context: RequestContext, id: unknown, body: unknown): Promise<${entity.typeName}> {`,
    "  const { user, grant } = authorize(context, entityName, 'update');",
    '  const recordId = parseId(id);',
    '  const input = parseInput(updateSchema, withBody(body, ownValues(user, grant)));',
    controls.cardDataGuard && '  assertNoCardData(input);',
    `  const [row] = await context.db.update(${table}).set(updateValues(input)).where(and(eq(${table}.id, recordId), ownRows(user, grant))).returning();`,
    "  if (!row) throw new HttpError(404, 'NOT_FOUND', 'No such record.');",
    "  await recordAudit(context.db, { actorId: user.id, action: 'update', entity: entityName, recordId, detail: { fields: Object.keys(input) } });",
    '  return toRecord(row);',
    '}',
    '',
    'export async function remove(context: RequestContext, id: unknown): Promise<void> {',
    "  const { user, grant } = authorize(context, entityName, 'delete');",
    '  const recordId = parseId(id);',
    `  const [row] = await context.db.delete(${table}).where(and(eq(${table}.id, recordId), ownRows(user, grant))).returning({ id: ${table}.id });`,
    "  if (!row) throw new HttpError(404, 'NOT_FOUND', 'No such record.');",
    "  await recordAudit(context.db, { actorId: user.id, action: 'delete', entity: entityName, recordId });",
    '}',
  );
}
