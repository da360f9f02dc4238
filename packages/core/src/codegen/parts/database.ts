import { fieldTypes } from '../model/field-types.js';
import { quote, sqlName, sqlText } from '../model/naming.js';
import type { EntityModel, FieldModel, PlatformModel } from '../model/platform.js';
import { lines, type ProjectFiles } from '../project.js';

/** A phi field that must stay unique is checked through a keyed hash of its value (ciphertexts differ). */
export function lookupProperty(field: FieldModel): string {
  return `${field.name}$lookup`;
}
export function lookupColumn(field: FieldModel): string {
  return `${field.column}__lookup`;
}

const deleteRules = { cascade: 'CASCADE', restrict: 'RESTRICT', 'set-null': 'SET NULL' } as const;
const drizzleDeleteRules = { cascade: 'cascade', restrict: 'restrict', 'set-null': 'set null' } as const;

export function renderDatabase(model: PlatformModel, files: ProjectFiles): void {
  files.add('api/src/db/schema.ts', drizzleSchema(model));
  files.add('api/migrations/0001_init.sql', migrationSql(model));
  files.add('api/src/db/client.ts', clientSource);
  files.add('api/src/db/migrate.ts', migrateSource);
}

function builders(model: PlatformModel): string[] {
  const used = new Set(['pgTable', 'text', 'timestamp', 'uuid', 'boolean', 'bigserial', 'jsonb', 'primaryKey']);
  for (const entity of model.entities) {
    for (const field of entity.fields) if (!field.phi) used.add(fieldTypes[field.type].builder);
  }
  return [...used].sort();
}

function fieldColumn(field: FieldModel): string {
  let column = field.phi ? `text(${quote(field.column)})` : fieldTypes[field.type].drizzle(field.column);
  if (field.type === 'json' && !field.phi) column += '.$type<JsonValue>()';
  if (field.required) column += '.notNull()';
  if (field.unique && !field.phi) column += '.unique()';
  return column;
}

function entityTable(entity: EntityModel, model: PlatformModel): string {
  const columns = [
    `  id: uuid('id').primaryKey().defaultRandom(),`,
    ...entity.fields.flatMap((field) => [
      `  ${field.name}: ${fieldColumn(field)},`,
      ...(field.phi && field.unique
        ? [`  ${quote(lookupProperty(field))}: text(${quote(lookupColumn(field))}).unique(),`]
        : []),
    ]),
    ...entity.references.map((reference) => {
      const target = model.entity(reference.target).tableVar;
      let column = `uuid(${quote(reference.column)})`;
      if (reference.required) column += '.notNull()';
      if (reference.unique) column += '.unique()';
      column += `.references((): AnyPgColumn => ${target}.id, { onDelete: '${drizzleDeleteRules[reference.onDelete]}' })`;
      return `  ${reference.name}: ${column},`;
    }),
    `  createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),`,
    `  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),`,
  ];
  return lines(`export const ${entity.tableVar} = pgTable(${quote(entity.table)}, {`, columns, '});');
}

function drizzleSchema(model: PlatformModel): string {
  return lines(
    '// The database schema, generated from the Blueprint. api/migrations holds the same tables in SQL.',
    `import { type AnyPgColumn, ${builders(model).join(', ')} } from 'drizzle-orm/pg-core';`,
    '',
    'export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };',
    '',
    '/** Accounts (`user` is a reserved word, so the table name is always quoted). */',
    "export const userTable = pgTable('user', {",
    "  id: uuid('id').primaryKey().defaultRandom(),",
    "  email: text('email').notNull().unique(),",
    "  passwordHash: text('password_hash').notNull(),",
    "  role: text('role').notNull(),",
    '  /** The record this account stands for (a Patient, a Doctor…): what "own records" rules compare with. */',
    "  personId: uuid('person_id'),",
    "  createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),",
    '});',
    '',
    "export const sessionTable = pgTable('session', {",
    '  /** SHA-256 of the session token: a stolen table holds no usable token. */',
    "  id: text('id').primaryKey(),",
    "  userId: uuid('user_id').notNull().references(() => userTable.id, { onDelete: 'cascade' }),",
    "  expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),",
    '});',
    '',
    '/** Append-only: a trigger refuses UPDATE and DELETE (see the migration). */',
    "export const auditLogTable = pgTable('audit_log', {",
    "  id: bigserial('id', { mode: 'number' }).primaryKey(),",
    "  at: timestamp('at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),",
    "  actorId: uuid('actor_id'),",
    "  action: text('action').notNull(),",
    "  entity: text('entity'),",
    "  recordId: text('record_id'),",
    "  detail: jsonb('detail').$type<JsonValue>(),",
    '});',
    model.controls.phiAccessLog && [
      '',
      '/** HIPAA: who read which health data, when. Append-only like the audit log. */',
      "export const accessLogTable = pgTable('access_log', {",
      "  id: bigserial('id', { mode: 'number' }).primaryKey(),",
      "  at: timestamp('at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),",
      "  userId: uuid('user_id').notNull(),",
      "  entity: text('entity').notNull(),",
      "  recordId: text('record_id').notNull(),",
      "  fields: jsonb('fields').$type<string[]>().notNull(),",
      '});',
    ],
    model.controls.consent && [
      '',
      '/** GDPR: every consent given or withdrawn, newest last. */',
      "export const consentRecordTable = pgTable('consent_record', {",
      "  id: uuid('id').primaryKey().defaultRandom(),",
      "  userId: uuid('user_id').notNull().references(() => userTable.id, { onDelete: 'cascade' }),",
      "  purpose: text('purpose').notNull(),",
      "  granted: boolean('granted').notNull(),",
      "  at: timestamp('at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),",
      '});',
    ],
    ...model.entities.map((entity) => `\n${entityTable(entity, model)}`),
    ...model.links.map((link) =>
      lines(
        '',
        `export const ${link.tableVar} = pgTable(`,
        `  ${quote(link.table)},`,
        '  {',
        `    fromId: uuid('from_id').notNull().references(() => ${model.entity(link.from).tableVar}.id, { onDelete: 'cascade' }),`,
        `    toId: uuid('to_id').notNull().references(() => ${model.entity(link.to).tableVar}.id, { onDelete: 'cascade' }),`,
        '  },',
        '  (table) => [primaryKey({ columns: [table.fromId, table.toId] })],',
        ');',
      ),
    ),
  );
}

function sqlColumn(field: FieldModel): string {
  let column = `  ${sqlName(field.column)} ${field.phi ? 'text' : fieldTypes[field.type].sql}`;
  if (field.required) column += ' NOT NULL';
  if (field.unique && !field.phi) column += ' UNIQUE';
  if (field.type === 'enum' && !field.phi) {
    const values = (field.source.values ?? []).map((value) => sqlText(value.name)).join(', ');
    column += ` CHECK (${sqlName(field.column)} IN (${values}))`;
  }
  return column;
}

function migrationSql(model: PlatformModel): string {
  const timestamps = [
    '  "created_at" timestamp with time zone NOT NULL DEFAULT now(),',
    '  "updated_at" timestamp with time zone NOT NULL DEFAULT now()',
  ];
  const tables = model.entities.map((entity) =>
    lines(
      `CREATE TABLE ${sqlName(entity.table)} (`,
      '  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),',
      entity.fields.flatMap((field) => [
        `${sqlColumn(field)},`,
        ...(field.phi && field.unique ? [`  ${sqlName(lookupColumn(field))} text UNIQUE,`] : []),
      ]),
      entity.references.map(
        (reference) =>
          `  ${sqlName(reference.column)} uuid${reference.required ? ' NOT NULL' : ''}${reference.unique ? ' UNIQUE' : ''},`,
      ),
      timestamps,
      ');',
    ),
  );
  const foreignKeys = model.entities.flatMap((entity) =>
    entity.references.map(
      (reference) =>
        `ALTER TABLE ${sqlName(entity.table)} ADD FOREIGN KEY (${sqlName(reference.column)}) REFERENCES ${sqlName(
          model.entity(reference.target).table,
        )} ("id") ON DELETE ${deleteRules[reference.onDelete]};`,
    ),
  );
  const indexes = model.entities.flatMap((entity) =>
    entity.references.map((reference) => `CREATE INDEX ON ${sqlName(entity.table)} (${sqlName(reference.column)});`),
  );
  const links = model.links.map((link) =>
    lines(
      `CREATE TABLE ${sqlName(link.table)} (`,
      `  "from_id" uuid NOT NULL REFERENCES ${sqlName(model.entity(link.from).table)} ("id") ON DELETE CASCADE,`,
      `  "to_id" uuid NOT NULL REFERENCES ${sqlName(model.entity(link.to).table)} ("id") ON DELETE CASCADE,`,
      '  PRIMARY KEY ("from_id", "to_id")',
      ');',
    ),
  );
  const appendOnly = (table: string) => [
    `CREATE TRIGGER "${table}_append_only" BEFORE UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION "webnova_append_only"();`,
    `CREATE TRIGGER "${table}_no_truncate" BEFORE TRUNCATE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION "webnova_append_only"();`,
  ];
  return lines(
    `-- ${model.name}: the initial schema, generated from the Blueprint.`,
    '',
    'CREATE TABLE "user" (',
    '  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),',
    '  "email" text NOT NULL UNIQUE,',
    '  "password_hash" text NOT NULL,',
    '  "role" text NOT NULL,',
    '  "person_id" uuid,',
    '  "created_at" timestamp with time zone NOT NULL DEFAULT now()',
    ');',
    '',
    'CREATE TABLE "session" (',
    '  "id" text PRIMARY KEY,',
    '  "user_id" uuid NOT NULL REFERENCES "user" ("id") ON DELETE CASCADE,',
    '  "expires_at" timestamp with time zone NOT NULL',
    ');',
    '',
    'CREATE TABLE "audit_log" (',
    '  "id" bigserial PRIMARY KEY,',
    '  "at" timestamp with time zone NOT NULL DEFAULT now(),',
    '  "actor_id" uuid,',
    '  "action" text NOT NULL,',
    '  "entity" text,',
    '  "record_id" text,',
    '  "detail" jsonb',
    ');',
    model.controls.phiAccessLog && [
      '',
      'CREATE TABLE "access_log" (',
      '  "id" bigserial PRIMARY KEY,',
      '  "at" timestamp with time zone NOT NULL DEFAULT now(),',
      '  "user_id" uuid NOT NULL,',
      '  "entity" text NOT NULL,',
      '  "record_id" text NOT NULL,',
      '  "fields" jsonb NOT NULL',
      ');',
    ],
    model.controls.consent && [
      '',
      'CREATE TABLE "consent_record" (',
      '  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),',
      '  "user_id" uuid NOT NULL REFERENCES "user" ("id") ON DELETE CASCADE,',
      '  "purpose" text NOT NULL,',
      '  "granted" boolean NOT NULL,',
      '  "at" timestamp with time zone NOT NULL DEFAULT now()',
      ');',
    ],
    '',
    '-- Logs are append-only: changing or removing an entry is refused by the database itself.',
    'CREATE FUNCTION "webnova_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$',
    'BEGIN',
    "  RAISE EXCEPTION 'the table % is append-only', TG_TABLE_NAME;",
    'END',
    '$$;',
    appendOnly('audit_log'),
    model.controls.phiAccessLog && appendOnly('access_log'),
    ...tables.map((table) => `\n${table}`),
    ...links.map((link) => `\n${link}`),
    foreignKeys.length > 0 && ['', ...foreignKeys],
    indexes.length > 0 && ['', ...indexes],
  );
}

const clientSource = `// Opens the database: PostgreSQL when DATABASE_URL is set, else embedded PGlite (in memory without a folder).
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import * as schema from './schema.js';

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface DatabaseHandle {
  readonly db: Database;
  /** Runs SQL text holding several statements (migrations). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  readonly url?: string | undefined;
  /** PGlite's folder; none means in memory. */
  readonly dataDir?: string | undefined;
  /** A PGlite data folder dump to start from (tests). */
  readonly snapshot?: Blob;
}

export async function openDatabase(options: DatabaseOptions = {}): Promise<DatabaseHandle> {
  if (options.url) {
    const pool = new pg.Pool({ connectionString: options.url });
    return {
      db: drizzleNodePg(pool, { schema }),
      exec: async (sql) => {
        await pool.query(sql);
      },
      close: () => pool.end(),
    };
  }
  const client = new PGlite({ ...(options.dataDir && { dataDir: options.dataDir }), ...(options.snapshot && { loadDataDir: options.snapshot }) });
  await client.waitReady;
  return {
    db: drizzlePglite(client, { schema }),
    exec: async (sql) => {
      await client.exec(sql);
    },
    close: () => client.close(),
  };
}
`;

const migrateSource = [
  '// Applies api/migrations/*.sql in name order, each once, recorded in webnova_migration.',
  "import { readdir, readFile } from 'node:fs/promises';",
  "import { sql } from 'drizzle-orm';",
  "import type { DatabaseHandle } from './client.js';",
  '',
  "const folder = new URL('../../migrations/', import.meta.url);",
  '',
  'export async function migrate(handle: DatabaseHandle): Promise<string[]> {',
  '  await handle.exec(',
  '    \'CREATE TABLE IF NOT EXISTS "webnova_migration" ("name" text PRIMARY KEY, "applied_at" timestamp with time zone NOT NULL DEFAULT now())\',',
  '  );',
  "  const names = (await readdir(folder)).filter((name) => name.endsWith('.sql')).sort();",
  '  const applied: string[] = [];',
  '  for (const name of names) {',
  `    const done = await handle.db.execute(sql\`SELECT "name" FROM "webnova_migration" WHERE "name" = \${name}\`);`,
  '    if (rowsOf(done).length > 0) continue;',
  "    if (!/^[A-Za-z0-9_.-]+$/.test(name)) throw new Error('unexpected migration file name: ' + name);",
  "    const text = await readFile(new URL(name, folder), 'utf8');",
  '    // One simple-protocol round trip: the whole file and its record commit together or not at all.',
  "    await handle.exec('BEGIN;\\n' + text + '\\nINSERT INTO \"webnova_migration\" (\"name\") VALUES (\\'' + name + '\\');\\nCOMMIT;');",
  '    applied.push(name);',
  '  }',
  '  return applied;',
  '}',
  '',
  'function rowsOf(result: unknown): unknown[] {',
  '  const rows = Array.isArray(result) ? result : (result as { rows?: unknown }).rows;',
  '  return Array.isArray(rows) ? rows : [];',
  '}',
].join('\n');
