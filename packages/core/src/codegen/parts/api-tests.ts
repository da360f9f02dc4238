import { camel, quote } from '../model/naming.js';
import type { EntityModel, GrantModel, PlatformModel } from '../model/platform.js';
import { sampleValue } from '../model/sample-values.js';
import { lines, type ProjectFiles } from '../project.js';

/**
 * The generated project's own tests (vitest, on embedded PGlite): per entity a full CRUD round
 * through the HTTP API, one denial per role that lacks a grant, and the "own records" row rules;
 * then accounts and the compliance controls. Stacks only provide `test/harness.ts`.
 */

/** Distinct example records per entity; unique fields differ between variants. */
const VARIANTS = 24;
const PASSWORD = 'correct horse battery staple';
const actionOrder = ['list', 'read', 'create', 'update', 'delete'] as const;

function seedName(entity: EntityModel): string {
  return `seed${entity.name}`;
}
function inputName(entity: EntityModel): string {
  return `${camel(entity.name)}Input`;
}

/** Required references whose chain of required references never leads back (those cannot be seeded). */
function seedableReferences(model: PlatformModel, entity: EntityModel) {
  const leadsTo = (from: string, target: string, seen: Set<string>): boolean => {
    if (from === target) return true;
    if (seen.has(from)) return false;
    seen.add(from);
    return model
      .entity(from)
      .references.filter((reference) => reference.required)
      .some((reference) => leadsTo(reference.target, target, seen));
  };
  return entity.references.filter(
    (reference) => reference.required && !leadsTo(reference.target, entity.name, new Set()),
  );
}

function fixtures(model: PlatformModel): string {
  const samples = model.entities.map((entity) => {
    const variants = Array.from({ length: VARIANTS }, (_, n) =>
      Object.fromEntries(entity.fields.map((field) => [field.name, sampleValue(field.source, n)])),
    );
    return `  ${entity.name}: ${JSON.stringify(variants)},`;
  });
  const secrets = model.entities.map(
    (entity) =>
      `  ${entity.name}: [${entity.fields
        .filter((field) => field.secret)
        .map((field) => quote(field.name))
        .join(', ')}],`,
  );
  const money = model.entities.map(
    (entity) =>
      `  ${entity.name}: [${entity.fields
        .filter((field) => field.type === 'money')
        .map((field) => quote(field.name))
        .join(', ')}],`,
  );
  return lines(
    '// Example records and accounts for the tests. Each call takes the next variant, so unique values stay unique.',
    "import { createAccount } from '../src/auth/accounts.js';",
    "import type { Database } from '../src/db/client.js';",
    model.entities.length > 0 &&
      `import { ${model.entities.map((entity) => entity.tableVar).join(', ')} } from '../src/db/schema.js';`,
    model.entities.map((entity) => `import * as ${camel(entity.name)}Entity from '../src/entities/${entity.file}.js';`),
    "import type { TestApi } from './harness.js';",
    '',
    `export const password = ${quote(PASSWORD)};`,
    '',
    'type Values = Record<string, unknown>;',
    '',
    'export const samples: Record<string, Values[]> = {',
    samples,
    '};',
    '',
    '/** Fields the API never sends back. */',
    'const secretFields: Record<string, string[]> = {',
    secrets,
    '};',
    '',
    '/** numeric(19, 4) columns come back with four decimals. */',
    'const moneyFields: Record<string, string[]> = {',
    money,
    '};',
    '',
    'const counters = new Map<string, number>();',
    'export function nextSample(entity: string): Values {',
    '  const n = counters.get(entity) ?? 0;',
    '  counters.set(entity, n + 1);',
    '  const variants = samples[entity] ?? [];',
    '  return { ...variants[n % variants.length] };',
    '}',
    '',
    '/** What the API answers for `input`: secrets left out, money with four decimals. */',
    'export function expectedRecord(entity: string, input: Values): Values {',
    '  const expected: Values = { ...input };',
    '  for (const name of secretFields[entity] ?? []) delete expected[name];',
    '  for (const name of moneyFields[entity] ?? []) {',
    "    if (typeof expected[name] === 'string') expected[name] = Number(expected[name]).toFixed(4);",
    '  }',
    '  return expected;',
    '}',
    model.entities.map((entity) => {
      const alias = `${camel(entity.name)}Entity`;
      return lines(
        '',
        `/** A valid ${entity.name} body (its required references seeded first). */`,
        `export async function ${inputName(entity)}(db: Database, overrides: Values = {}): Promise<Values> {`,
        `  const values = nextSample(${quote(entity.name)});`,
        seedableReferences(model, entity).map(
          (reference) =>
            `  if (!(${quote(reference.name)} in overrides)) values.${reference.name} = (await ${seedName(model.entity(reference.target))}(db)).id;`,
        ),
        '  return { ...values, ...overrides };',
        '}',
        '',
        `export async function ${seedName(entity)}(db: Database, overrides: Values = {}): Promise<{ id: string }> {`,
        `  const input = ${alias}.createSchema.parse(await ${inputName(entity)}(db, overrides));`,
        `  const [row] = await db.insert(${entity.tableVar}).values(${alias}.toInsert(input)).returning({ id: ${entity.tableVar}.id });`,
        `  if (!row) throw new Error('seeding ${entity.name} failed');`,
        '  return row;',
        '}',
      );
    }),
    '',
    'let accounts = 0;',
    '',
    '/** Creates an account with `role` and signs it in through the API. */',
    'export async function signInAs(api: TestApi, role: string, options: { personId?: string; email?: string } = {}): Promise<{ token: string; id: string; email: string }> {',
    '  accounts += 1;',
    "  const email = options.email ?? role.toLowerCase() + '-' + accounts + '@example.com';",
    '  const account = await createAccount(api.db, { email, password, role, personId: options.personId ?? null });',
    "  const response = await api.request('POST', '/api/auth/sign-in', { body: { email, password } });",
    "  if (response.status !== 200) throw new Error('sign-in failed: ' + JSON.stringify(response.body));",
    '  return { token: (response.body as { token: string }).token, id: account.id, email };',
    '}',
  );
}

/** The first role granted `action` on every row of the entity. */
function roleWith(entity: EntityModel, action: (typeof actionOrder)[number]): string | undefined {
  for (const [role, grant] of entity.grants) if (grant.actions.includes(action) && !grant.own) return role;
  return undefined;
}

function updatableField(entity: EntityModel) {
  const ownKeys = new Set(entity.ownRules.map((rule) => rule.key));
  return entity.fields.find((field) => !field.secret && !field.unique && !ownKeys.has(field.name));
}

function crudTest(entity: EntityModel): string {
  const base = `/api/${entity.route}`;
  const creator = roleWith(entity, 'create');
  const reader = roleWith(entity, 'read');
  const lister = roleWith(entity, 'list');
  const updater = roleWith(entity, 'update');
  const deleter = roleWith(entity, 'delete');
  const field = updatableField(entity);
  const patch = field ? { [field.name]: sampleValue(field.source, VARIANTS - 1) } : {};
  const token = (role: string) => `(await signInAs(api, ${quote(role)})).token`;
  return lines(
    "  it('creates, reads, lists, updates and deletes through the API', async () => {",
    `    const body = await ${inputName(entity)}(api.db);`,
    creator
      ? [
          `    const created = await api.request('POST', '${base}', { token: ${token(creator)}, body });`,
          '    expect(created.status).toBe(201);',
          `    expect(created.body).toMatchObject(expectedRecord(${quote(entity.name)}, body));`,
          '    const id = (created.body as { id: string }).id;',
        ]
      : [
          `    // No role may create ${entity.name} records: the record is seeded directly.`,
          `    const { id } = await ${seedName(entity)}(api.db, body);`,
        ],
    reader && [
      `    const read = await api.request('GET', '${base}/' + id, { token: ${token(reader)} });`,
      '    expect(read.status).toBe(200);',
      `    expect(read.body).toMatchObject({ id, ...expectedRecord(${quote(entity.name)}, body) });`,
    ],
    lister && [
      `    const listed = await api.request('GET', '${base}', { token: ${token(lister)} });`,
      '    expect(listed.status).toBe(200);',
      '    expect((listed.body as Array<{ id: string }>).map((record) => record.id)).toContain(id);',
    ],
    updater && [
      `    const patch = ${JSON.stringify(patch)};`,
      `    const updated = await api.request('PATCH', '${base}/' + id, { token: ${token(updater)}, body: patch });`,
      '    expect(updated.status).toBe(200);',
      `    expect(updated.body).toMatchObject(expectedRecord(${quote(entity.name)}, patch));`,
    ],
    deleter && [
      `    const deleterToken = ${token(deleter)};`,
      `    expect((await api.request('DELETE', '${base}/' + id, { token: deleterToken })).status).toBe(204);`,
      reader &&
        `    expect((await api.request('GET', '${base}/' + id, { token: ${token(reader)} })).status).toBe(404);`,
    ],
    '  });',
  );
}

function denialTests(model: PlatformModel, entity: EntityModel): string[] {
  const base = `/api/${entity.route}`;
  const tests: string[] = [];
  for (const role of model.roles) {
    const grant: GrantModel | undefined = entity.grants.get(role.name);
    const missing = actionOrder.find((action) => !grant?.actions.includes(action));
    if (!missing) continue;
    const request = {
      list: `api.request('GET', '${base}', { token })`,
      read: `api.request('GET', '${base}/' + existing.id, { token })`,
      create: `api.request('POST', '${base}', { token, body: await ${inputName(entity)}(api.db) })`,
      update: `api.request('PATCH', '${base}/' + existing.id, { token, body: {} })`,
      delete: `api.request('DELETE', '${base}/' + existing.id, { token })`,
    }[missing];
    tests.push(
      lines(
        `  it('refuses ${role.name} to ${missing} ${entity.name} records', async () => {`,
        `    const { token } = await signInAs(api, ${quote(role.name)});`,
        `    const response = await ${request};`,
        '    expect(response.status).toBe(403);',
        '  });',
      ),
    );
  }
  return tests;
}

function ownRuleTests(model: PlatformModel, entity: EntityModel): string[] {
  const base = `/api/${entity.route}`;
  const tests: string[] = [];
  for (const [role, grant] of entity.grants) {
    const rule = grant.own;
    if (!rule || !(grant.actions.includes('list') || grant.actions.includes('read'))) continue;
    if (rule.match === 'user' && !rule.textual) continue;
    let setup: string[];
    if (rule.match === 'person') {
      const target = entity.references.find((reference) => reference.name === rule.key)?.target;
      if (!target) continue;
      setup = [
        `    const person = await ${seedName(model.entity(target))}(api.db);`,
        `    const mine = await ${seedName(entity)}(api.db, { ${rule.key}: person.id });`,
        `    const user = await signInAs(api, ${quote(role)}, { personId: person.id });`,
      ];
    } else if (rule.match === 'email') {
      setup = [
        `    const email = 'owner-' + Math.random().toString(36).slice(2) + '@example.com';`,
        `    const mine = await ${seedName(entity)}(api.db, { ${rule.key}: email });`,
        `    const user = await signInAs(api, ${quote(role)}, { email });`,
      ];
    } else {
      setup = [
        `    const user = await signInAs(api, ${quote(role)});`,
        `    const mine = await ${seedName(entity)}(api.db, { ${rule.key}: user.id });`,
      ];
    }
    tests.push(
      lines(
        `  it('shows ${role} only their own ${entity.name} records', async () => {`,
        setup,
        `    const other = await ${seedName(entity)}(api.db);`,
        grant.actions.includes('list') && [
          `    const listed = await api.request('GET', '${base}', { token: user.token });`,
          '    const ids = (listed.body as Array<{ id: string }>).map((record) => record.id);',
          '    expect(ids).toContain(mine.id);',
          '    expect(ids).not.toContain(other.id);',
        ],
        grant.actions.includes('read') && [
          `    expect((await api.request('GET', '${base}/' + mine.id, { token: user.token })).status).toBe(200);`,
          `    expect((await api.request('GET', '${base}/' + other.id, { token: user.token })).status).toBe(404);`,
        ],
        '  });',
      ),
    );
  }
  return tests;
}

function entityTest(model: PlatformModel, entity: EntityModel): string {
  const imports = [inputName(entity), 'expectedRecord', seedName(entity), 'signInAs'];
  for (const [, grant] of entity.grants) {
    const target =
      grant.own?.match === 'person'
        ? entity.references.find((item) => item.name === grant.own?.key)?.target
        : undefined;
    if (target) imports.push(seedName(model.entity(target)));
  }
  const denials = denialTests(model, entity);
  return lines(
    `// ${entity.name}: CRUD through the API, a denial for each role lacking a grant, own-records rules.`,
    "import { afterAll, beforeAll, describe, expect, it } from 'vitest';",
    `import { ${[...new Set(imports)].sort().join(', ')} } from './fixtures.js';`,
    "import { startTestApi, type TestApi } from './harness.js';",
    '',
    'let api: TestApi;',
    denials.length > 0 && 'let existing: { id: string };',
    '',
    'beforeAll(async () => {',
    '  api = await startTestApi();',
    denials.length > 0 && `  existing = await ${seedName(entity)}(api.db);`,
    '});',
    '',
    'afterAll(async () => {',
    '  await api.close();',
    '});',
    '',
    `describe(${quote(`${entity.name} API`)}, () => {`,
    "  it('asks for a session', async () => {",
    `    expect((await api.request('GET', '/api/${entity.route}')).status).toBe(401);`,
    '  });',
    '',
    crudTest(entity),
    ...denials.map((test) => `\n${test}`),
    ...ownRuleTests(model, entity).map((test) => `\n${test}`),
    '});',
  );
}

export function renderApiTests(model: PlatformModel, files: ProjectFiles): void {
  files.add('api/test/fixtures.ts', fixtures(model));
  files.add('api/test/global-setup.ts', globalSetupSource);
  files.add('api/test/database.ts', testDatabaseSource);
  files.add('api/test/auth.test.ts', authTest(model));
  files.add('api/test/compliance.test.ts', complianceTest(model));
  if (!model.blueprint.api.crud) return;
  for (const entity of model.entities) {
    files.add(`api/test/${entity.file}.test.ts`, entityTest(model, entity), entity.name);
  }
}

const globalSetupSource = `// A brand-new PGlite costs seconds: build and migrate one database once, and let every test file
// start from a copy of it (see harness.ts).
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import type { TestProject } from 'vitest/node';
import * as schema from '../src/db/schema.js';
import { migrate } from '../src/db/migrate.js';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseSnapshot: string;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const client = new PGlite();
  await client.waitReady;
  await migrate({ db: drizzle(client, { schema }), exec: async (sql) => void (await client.exec(sql)), close: () => client.close() });
  const dump = await client.dumpDataDir('none');
  await client.close();
  const file = join(await mkdtemp(join(tmpdir(), 'db-snapshot-')), 'snapshot.tar');
  await writeFile(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('databaseSnapshot', file);
}
`;

function authTest(model: PlatformModel): string {
  const roles = model.roles.map((role) => role.name);
  const admin = model.accountAdminRole;
  const other = roles.find((role) => role !== admin);
  return lines(
    '// Accounts and sessions: scrypt hashes, sign-in, sign-out, the first owner, who may create accounts.',
    "import { afterAll, beforeAll, describe, expect, it } from 'vitest';",
    "import { accountCount } from '../src/auth/accounts.js';",
    "import { hashPassword, verifyPassword } from '../src/auth/password.js';",
    admin && "import { prepareSetup } from '../src/auth/setup.js';",
    "import { password, signInAs } from './fixtures.js';",
    "import { startTestApi, type TestApi } from './harness.js';",
    '',
    'let api: TestApi;',
    'beforeAll(async () => {',
    '  api = await startTestApi();',
    '});',
    'afterAll(async () => {',
    '  await api.close();',
    '});',
    '',
    "describe('accounts', () => {",
    "  it('stores passwords as salted scrypt hashes', async () => {",
    '    const first = await hashPassword(password);',
    '    const second = await hashPassword(password);',
    "    expect(first.startsWith('scrypt$')).toBe(true);",
    '    expect(first).not.toBe(second);',
    '    expect(first).not.toContain(password);',
    '    expect(await verifyPassword(password, first)).toBe(true);',
    "    expect(await verifyPassword('wrong password', first)).toBe(false);",
    '  });',
    '',
    admin && [
      "  it('makes the first owner only with the one-time setup token, once however many ask at once', async () => {",
      `    const body = { email: 'first@example.com', password, role: ${quote(admin)} };`,
      '    // No open door on an empty platform: six anonymous requests at once create nobody.',
      "    const anonymous = await Promise.all([0, 1, 2, 3, 4, 5].map((n) => api.request('POST', '/api/auth/accounts', { body: { ...body, email: 'anon' + n + '@example.com' } })));",
      '    expect(anonymous.map((response) => response.status)).toEqual([401, 401, 401, 401, 401, 401]);',
      '    expect(await accountCount(api.db)).toBe(0);',
      '    // As the server does when it starts with no account: a token, printed for whoever runs it.',
      '    const setupToken = await prepareSetup(api.db);',
      '    expect(setupToken).toMatch(/^[A-Za-z0-9_-]{43}$/);',
      "    expect((await api.request('GET', '/api/auth/setup')).body).toEqual({ needed: true });",
      "    const guessed = await api.request('POST', '/api/auth/setup', { body: { token: 'A'.repeat(43), email: body.email, password } });",
      '    expect(guessed.status).toBe(403);',
      "    const racing = await Promise.all([0, 1, 2, 3, 4, 5].map((n) => api.request('POST', '/api/auth/setup', { body: { token: setupToken, email: 'owner' + n + '@example.com', password } })));",
      '    const statuses = racing.map((response) => response.status).sort();',
      '    expect(statuses).toEqual([201, 403, 403, 403, 403, 403]);',
      '    expect(await accountCount(api.db)).toBe(1);',
      "    expect((await api.request('GET', '/api/auth/setup')).body).toEqual({ needed: false });",
      '    // The owner is signed in, and is the one who creates accounts from now on.',
      '    const owner = racing.find((response) => response.status === 201)?.body as { token: string; user: { role: string } };',
      `    expect(owner.user.role).toBe(${quote(admin)});`,
      "    const second = await api.request('POST', '/api/auth/accounts', { token: owner.token, body: { ...body, email: 'second@example.com' } });",
      '    expect(second.status).toBe(201);',
      "    const spent = await api.request('POST', '/api/auth/setup', { body: { token: setupToken, email: 'late@example.com', password } });",
      '    expect(spent.status).toBe(403);',
      other && [
        `    const { token } = await signInAs(api, ${quote(other)});`,
        "    const refused = await api.request('POST', '/api/auth/accounts', { token, body: { ...body, email: 'third@example.com' } });",
        '    expect(refused.status).toBe(403);',
      ],
      '  });',
      '',
      "  it('signs in, knows who is signed in, and signs out', async () => {",
      `    const { token, email } = await signInAs(api, ${quote(admin)});`,
      "    const me = await api.request('GET', '/api/auth/me', { token });",
      '    expect(me.status).toBe(200);',
      `    expect(me.body).toMatchObject({ email, role: ${quote(admin)} });`,
      "    expect((await api.request('POST', '/api/auth/sign-out', { token })).status).toBe(200);",
      "    expect((await api.request('GET', '/api/auth/me', { token })).status).toBe(401);",
      '  });',
      '',
      "  it('refuses a wrong password and malformed input', async () => {",
      `    const { email } = await signInAs(api, ${quote(admin)});`,
      "    expect((await api.request('POST', '/api/auth/sign-in', { body: { email, password: 'not the password' } })).status).toBe(401);",
      "    expect((await api.request('POST', '/api/auth/sign-in', { body: { email: 'not an email' } })).status).toBe(400);",
      '  });',
    ],
    "  it('refuses requests without a session', async () => {",
    "    expect((await api.request('GET', '/api/auth/me')).status).toBe(401);",
    '  });',
    '});',
  );
}

function complianceTest(model: PlatformModel): string {
  const { controls } = model;
  const admin = model.accountAdminRole;
  const phiEntity = model.entities.find(
    (entity) => entity.hasPhi && roleWith(entity, 'create') && roleWith(entity, 'read'),
  );
  const textEntity = model.entities.find(
    (entity) =>
      roleWith(entity, 'create') &&
      entity.fields.some(
        (field) =>
          (field.type === 'string' || field.type === 'text') &&
          !field.source.pattern &&
          (field.source.max ?? 100) >= 30,
      ),
  );
  const subjects = model.entities.filter((entity) =>
    entity.fields.some((field) => field.type === 'email' && !field.phi && field.personal),
  );
  const subject = subjects[0];
  const subjectField = subject?.fields.find((field) => field.type === 'email' && !field.phi && field.personal);
  const seeds = new Set<string>();
  if (phiEntity) seeds.add(inputName(phiEntity));
  if (textEntity && controls.cardDataGuard) seeds.add(inputName(textEntity));
  if (subject && controls.dataSubjectRights) seeds.add(seedName(subject));
  return lines(
    '// The audit log, and the controls the compliance regimes switch on.',
    "import { sql } from 'drizzle-orm';",
    "import { afterAll, beforeAll, describe, expect, it } from 'vitest';",
    `import { ${['signInAs', ...seeds].sort().join(', ')} } from './fixtures.js';`,
    "import { startTestApi, type TestApi } from './harness.js';",
    '',
    'let api: TestApi;',
    'beforeAll(async () => {',
    '  api = await startTestApi();',
    '});',
    'afterAll(async () => {',
    '  await api.close();',
    '});',
    '',
    'function rows(result: unknown): Array<Record<string, unknown>> {',
    '  return (result as { rows: Array<Record<string, unknown>> }).rows;',
    '}',
    '',
    "describe('compliance', () => {",
    "  it('keeps the audit log append-only', async () => {",
    "    await api.db.execute(sql`INSERT INTO audit_log (action) VALUES ('test.entry')`);",
    "    await expect(api.db.execute(sql`UPDATE audit_log SET action = 'changed'`)).rejects.toThrow();",
    '    await expect(api.db.execute(sql`DELETE FROM audit_log`)).rejects.toThrow();',
    "    const count = rows(await api.db.execute(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'test.entry'`));",
    '    expect(count[0]?.n).toBe(1);',
    '  });',
    phiEntity &&
      (() => {
        const phi = phiEntity.fields.filter((field) => field.phi);
        const creator = roleWith(phiEntity, 'create') ?? '';
        const reader = roleWith(phiEntity, 'read') ?? '';
        return [
          '',
          "  it('encrypts health data at rest and logs every read of it (HIPAA)', async () => {",
          `    const body = await ${inputName(phiEntity)}(api.db);`,
          `    const created = await api.request('POST', '/api/${phiEntity.route}', { token: (await signInAs(api, ${quote(creator)})).token, body });`,
          '    expect(created.status).toBe(201);',
          '    const id = (created.body as { id: string }).id;',
          `    const stored = rows(await api.db.execute(sql\`SELECT ${phi.map((field) => `"${field.column}"`).join(', ')} FROM "${phiEntity.table}" WHERE id = \${id}\`))[0] ?? {};`,
          phi.map((field) => [
            `    expect(String(stored[${quote(field.column)}])).toMatch(/^v1\\./);`,
            `    expect(String(stored[${quote(field.column)}])).not.toContain(String(body.${field.name}));`,
          ]),
          `    const reader = await signInAs(api, ${quote(reader)});`,
          `    const read = await api.request('GET', '/api/${phiEntity.route}/' + id, { token: reader.token });`,
          '    expect(read.status).toBe(200);',
          phi.map(
            (field) => `    expect((read.body as Record<string, unknown>).${field.name}).toEqual(body.${field.name});`,
          ),
          `    const logged = rows(await api.db.execute(sql\`SELECT user_id, fields FROM access_log WHERE record_id = \${id}\`));`,
          '    expect(logged).toEqual([{ user_id: reader.id, fields: ' +
            JSON.stringify(phi.map((field) => field.name)) +
            ' }]);',
          '  });',
        ];
      })(),
    controls.cardDataGuard &&
      textEntity &&
      (() => {
        const field = textEntity.fields.find(
          (item) =>
            (item.type === 'string' || item.type === 'text') && !item.source.pattern && (item.source.max ?? 100) >= 30,
        );
        const creator = roleWith(textEntity, 'create') ?? '';
        return [
          '',
          "  it('refuses card numbers anywhere in the input, however written (PCI-DSS)', async () => {",
          `    const token = (await signInAs(api, ${quote(creator)})).token;`,
          `    const base = await ${inputName(textEntity)}(api.db);`,
          '    const written = [',
          "      'card 4111 1111 1111 1111',",
          "      '4111.1111.1111.1111',",
          "      '4111/1111/1111/1111',",
          "      '\u0664\u0661\u0661\u0661 \u0661\u0661\u0661\u0661 \u0661\u0661\u0661\u0661 \u0661\u0661\u0661\u0661',",
          "      '\u06f4\u06f1\u06f1\u06f1\u06f1\u06f1\u06f1\u06f1\u06f1\u06f1\u06f1\u06f1\u06f1\u06f1\u06f1\u06f1',",
          "      '\uff14\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11',",
          '    ];',
          '    for (const text of written) {',
          `      const response = await api.request('POST', '/api/${textEntity.route}', { token, body: { ...base, ${field?.name}: text } });`,
          '      expect(response.status, text).toBe(422);',
          "      expect(response.body).toMatchObject({ error: { code: 'CARD_DATA_REFUSED' } });",
          '    }',
          '    // A JSON number, a key, an email: every value and key of every write is scanned.',
          `    expect((await api.request('POST', '/api/${textEntity.route}', { token, body: { ...base, note: 4111111111111111 } })).status).toBe(422);`,
          `    expect((await api.request('POST', '/api/${textEntity.route}', { token, body: { ...base, '4111111111111111': 'x' } })).status).toBe(422);`,
          "    const account = { email: '4111111111111111@example.com', password: 'a long enough password', role: 'x' };",
          "    expect((await api.request('POST', '/api/auth/accounts', { token, body: account })).status).toBe(422);",
          '    // Numbers that fail the Luhn check (a phone number, an order number) go through.',
          `    const phone = await api.request('POST', '/api/${textEntity.route}', { token, body: { ...base, ${field?.name}: 'call +966 55 123 4567, order 1234567890123' } });`,
          '    expect(phone.status).toBe(201);',
          '  });',
        ];
      })(),
    controls.consent &&
      admin && [
        '',
        "  it('records consents given and withdrawn (GDPR)', async () => {",
        `    const { token } = await signInAs(api, ${quote(admin)});`,
        "    expect((await api.request('POST', '/api/privacy/consents', { token, body: { purpose: 'newsletter', granted: true } })).status).toBe(201);",
        "    expect((await api.request('POST', '/api/privacy/consents', { token, body: { purpose: 'newsletter', granted: false } })).status).toBe(201);",
        "    const consents = await api.request('GET', '/api/privacy/consents', { token });",
        '    expect((consents.body as Array<{ granted: boolean }>).map((consent) => consent.granted)).toEqual([true, false]);',
        '  });',
      ],
    controls.dataSubjectRights &&
      admin &&
      subject &&
      subjectField && [
        '',
        "  it('exports and erases a person\\'s data (GDPR)', async () => {",
        "    const email = 'subject-' + Math.random().toString(36).slice(2) + '@example.com';",
        `    const record = await ${seedName(subject)}(api.db, { ${subjectField.name}: email });`,
        `    const { token } = await signInAs(api, ${quote(admin)});`,
        "    const exported = await api.request('POST', '/api/privacy/export', { token, body: { email } });",
        '    expect(exported.status).toBe(200);',
        `    expect((exported.body as { records: Record<string, Array<{ id: string }>> }).records[${quote(subject.name)}]?.map((item) => item.id)).toEqual([record.id]);`,
        "    const erased = await api.request('POST', '/api/privacy/erase', { token, body: { email } });",
        '    expect(erased.status).toBe(200);',
        `    const after = rows(await api.db.execute(sql\`SELECT "${subjectField.column}" AS email FROM "${subject.table}" WHERE id = \${record.id}\`));`,
        '    expect(after[0]?.email).not.toBe(email);',
        "    const again = await api.request('POST', '/api/privacy/export', { token, body: { email } });",
        `    expect((again.body as { records: Record<string, unknown[]> }).records[${quote(subject.name)}]).toBeUndefined();`,
        other(model) && [
          `    const stranger = await signInAs(api, ${quote(other(model) ?? '')});`,
          "    expect((await api.request('POST', '/api/privacy/export', { token: stranger.token, body: { email } })).status).toBe(403);",
        ],
        '  });',
      ],
    '});',
  );
}

function other(model: PlatformModel): string | undefined {
  return model.roles.find((role) => role.name !== model.accountAdminRole)?.name;
}

/** Shared by the stacks' harnesses: a database copied from the migrated snapshot. */
export const testDatabaseSource = `import { readFile } from 'node:fs/promises';
import { inject } from 'vitest';
import { type Database, type DatabaseHandle, openDatabase } from '../src/db/client.js';

export async function openTestDatabase(): Promise<DatabaseHandle> {
  const snapshot = await readFile(inject('databaseSnapshot'));
  return openDatabase({ snapshot: new Blob([snapshot]) });
}

export interface TestResponse {
  readonly status: number;
  readonly body: unknown;
}

export interface TestRequest {
  readonly token?: string;
  readonly body?: unknown;
}

/** What each stack's harness.ts starts: the API over a test database, called like a client would. */
export interface TestApi {
  readonly db: Database;
  request(method: string, path: string, options?: TestRequest): Promise<TestResponse>;
  close(): Promise<void>;
}
`;
