// Regeneration: a one-field Blueprint change regenerated into a project that was generated before
// (target < 200 ms, touching only the files the change affects), and an unchanged Blueprint (0 files
// written), on a sample and on a 50-entity × 8-field Blueprint, with the default template. Baselines,
// in the same rounds: rendering and plainly writing only the affected files (no manifest, no merge)
// for a change; rendering alone for an unchanged Blueprint.
// Core is TypeScript; tsx loads it without a build.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { tsImport } from 'tsx/esm/api';
import { baseline, cleanup, repo, report, summarize, tempDir, timed } from './lib.mjs';

const { defaultTemplateName, generateProject, getTemplate, normalizeBlueprint, validateBlueprint } = await tsImport(
  '../packages/core/src/index.ts',
  import.meta.url,
);
const ROUNDS = 15;
const template = getTemplate(defaultTemplateName);

function valid(input) {
  const result = validateBlueprint(input);
  if (!result.ok) throw new Error(`invalid Blueprint: ${JSON.stringify(result.errors.slice(0, 2))}`);
  return normalizeBlueprint(result.blueprint);
}

function withExtraField(blueprint, entityName) {
  const copy = structuredClone(blueprint);
  copy.entities
    .find((entity) => entity.name === entityName)
    .fields.push({
      name: 'benchNote',
      type: 'string',
      label: Object.fromEntries(copy.platform.locales.map((l) => [l, 'Note'])),
    });
  return valid(copy);
}

function wideBlueprint(entityCount, fieldCount) {
  const types = ['string', 'text', 'int', 'money', 'date', 'bool', 'email', 'datetime'];
  const label = (text) => ({ en: text, ar: `${text} (ar)` });
  const entities = Array.from({ length: entityCount }, (_, e) => ({
    name: `Record${e}`,
    label: label(`Record ${e}`),
    pluralLabel: label(`Records ${e}`),
    fields: Array.from({ length: fieldCount }, (_, f) => ({
      name: `value${f}`,
      type: types[f],
      label: label(`Value ${f}`),
    })),
  }));
  return valid({
    schemaVersion: 1,
    platform: { name: 'Wide', slug: 'wide', domain: 'enterprise', locales: ['en', 'ar'], defaultLocale: 'en' },
    entities,
    roles: [{ name: 'Admin', label: label('Admin') }],
    permissions: entities.map((entity) => ({
      role: 'Admin',
      entity: entity.name,
      actions: ['create', 'read', 'update', 'delete', 'list'],
    })),
  });
}

/** Paths whose generated text differs between two Blueprints: what a change must touch, no more. */
function affected(a, b) {
  const before = new Map(template.render(a).map((file) => [file.path, file.content]));
  const after = template.render(b);
  const changed = after.filter((file) => before.get(file.path) !== file.content).map((file) => file.path);
  const removed = [...before.keys()].filter((path) => !after.some((file) => file.path === path));
  return new Set([...changed, ...removed]);
}

/** The least a regeneration can do, the baseline: render, then write (or remove) only the affected files. */
async function renderAndWrite(blueprint, paths, folder) {
  const rendered = template.render(blueprint).filter((file) => paths.has(file.path));
  for (const file of rendered) {
    await mkdir(dirname(join(folder, file.path)), { recursive: true });
    await writeFile(join(folder, file.path), file.content);
  }
  for (const path of paths)
    if (!rendered.some((file) => file.path === path)) await rm(join(folder, path), { force: true });
}

async function measure(name, base, entityName) {
  const changed = withExtraField(base, entityName);
  const paths = affected(base, changed);
  const root = await tempDir('webnova-bench-regen-');
  const scratch = await tempDir('webnova-bench-regen-plain-');
  try {
    await generateProject({ root, blueprint: base, template });
    // A hand edit in a file the change touches, so every round also merges.
    const manifest = JSON.parse(await readFile(join(root, '.webnova/manifest.json'), 'utf8'));
    const edited = Object.entries(manifest.files).find(([, file]) => file.entity === entityName)?.[0];
    if (edited) await writeFile(join(root, edited), `// a note by hand\n${await readFile(join(root, edited), 'utf8')}`);

    const render = [];
    const plain = [];
    const change = [];
    const unchanged = [];
    const written = [];
    const unchangedWritten = [];
    for (let round = 0; round < ROUNDS; round++) {
      // Each round changes the Blueprint: one field added, then removed again.
      const target = round % 2 === 0 ? changed : base;
      let t0 = performance.now();
      template.render(target);
      render.push(performance.now() - t0);
      plain.push(await timed(() => renderAndWrite(target, paths, scratch)));
      t0 = performance.now();
      const result = await generateProject({ root, blueprint: target, template });
      change.push(performance.now() - t0);
      written.push(result.filesWritten);
      if (result.conflicts.length > 0) throw new Error(`unexpected conflicts: ${JSON.stringify(result.conflicts)}`);

      t0 = performance.now();
      const again = await generateProject({ root, blueprint: target, template });
      unchanged.push(performance.now() - t0);
      unchangedWritten.push(again.filesWritten + again.recordFilesWritten);
    }
    const files = template.render(base).length;
    const c = summarize(change);
    report(
      'regenerate',
      `one_field_change_${name}`,
      'ms',
      {
        median: c.median,
        p99: c.p99,
        max: c.max,
        rounds: c.n,
        target: 200,
        projectFiles: files,
        filesWrittenMedian: summarize(written).median,
        filesAffected: paths.size,
        // The template's own rendering, included in the figure above: the rest is the merge engine.
        renderMedian: summarize(render).median,
      },
      baseline('render_and_write_only_the_affected_files', plain),
    );
    const u = summarize(unchanged);
    report(
      'regenerate',
      `unchanged_blueprint_${name}`,
      'ms',
      { median: u.median, p99: u.p99, rounds: u.n, filesWrittenMax: Math.max(...unchangedWritten) },
      // Nothing to write: the least is rendering, to know that.
      baseline('render_only', render),
    );
  } finally {
    await cleanup(root, scratch);
  }
}

const school = JSON.parse(await readFile(join(repo, 'packages/core/samples/school-registry.blueprint.json'), 'utf8'));
await measure('school_registry', valid(school), 'Course');
await measure('50x8', wideBlueprint(50, 8), 'Record7');
