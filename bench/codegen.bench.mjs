// The generator: a 50-entity × 8-field Blueprint rendered by every template (target < 1 s each),
// and files per second. Core is TypeScript; tsx loads it without a build.
import { tsImport } from 'tsx/esm/api';
import { report, summarize } from './lib.mjs';

const { getTemplate, templateNames, validateBlueprint } = await tsImport(
  '../packages/core/src/index.ts',
  import.meta.url,
);
const ROUNDS = 15;

const types = ['string', 'text', 'int', 'money', 'date', 'datetime', 'email', 'bool'];
const label = (text) => ({ en: text, ar: `${text} ع` });

function largeBlueprint(entityCount, fieldCount) {
  const entities = Array.from({ length: entityCount }, (_, index) => ({
    name: `Thing${index}`,
    label: label(`Thing ${index}`),
    pluralLabel: label(`Things ${index}`),
    fields: Array.from({ length: fieldCount }, (_, f) => ({
      name: `field${f}`,
      type: types[f % types.length],
      label: label(`Field ${f}`),
      required: f < 3,
      unique: f === 0,
      ...(f === 2 && { min: 0, max: 1000 }),
    })),
  }));
  const relations = entities.slice(1).map((entity, index) => ({
    name: `items${index}`,
    kind: 'one-to-many',
    from: entities[index].name,
    to: entity.name,
    inverse: `parent${index}`,
  }));
  const roles = ['Admin', 'Clerk', 'Viewer'].map((name) => ({ name, label: label(name) }));
  const permissions = entities.flatMap((entity) => [
    { role: 'Admin', entity: entity.name, actions: ['create', 'read', 'update', 'delete', 'list'] },
    { role: 'Clerk', entity: entity.name, actions: ['create', 'read', 'update', 'list'] },
    { role: 'Viewer', entity: entity.name, actions: ['read', 'list'] },
  ]);
  const pages = entities.map((entity) => ({
    name: `thing${entity.name.slice(5)}List`,
    kind: 'list',
    entity: entity.name,
    title: label(entity.name),
  }));
  const document = {
    schemaVersion: 1,
    platform: {
      name: 'Bench',
      slug: 'bench',
      domain: 'enterprise',
      locales: ['en', 'ar'],
      defaultLocale: 'en',
      compliance: ['GDPR', 'PCI-DSS'],
    },
    entities,
    relations,
    roles,
    permissions,
    pages,
    navigation: pages.slice(0, 10).map((page) => ({ page: page.name })),
  };
  const result = validateBlueprint(document);
  if (!result.ok) throw new Error(`bench Blueprint is invalid: ${JSON.stringify(result.errors.slice(0, 3))}`);
  return result.blueprint;
}

const blueprint = largeBlueprint(50, 8);
for (const name of templateNames()) {
  const template = getTemplate(name);
  template.render(blueprint); // warm-up
  const times = [];
  let files = 0;
  let bytes = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const t0 = performance.now();
    const output = template.render(blueprint);
    times.push(performance.now() - t0);
    files = output.length;
    bytes = output.reduce((sum, file) => sum + file.content.length, 0);
  }
  const stats = summarize(times);
  report('codegen', `render 50 entities x 8 fields (${name})`, 'ms', { ...stats, files, bytes });
  report('codegen', `files per second (${name})`, 'files/s', { median: Math.round((files / stats.median) * 1000) });
}
