import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type BlueprintIssue, issueText } from '../../../src/contracts/index.js';
import { type Core, createCore } from '../../../src/index.js';

let dir: string;
let root: string;
let core: Core;
let sequence = 0;

async function call(method: string, params: unknown = {}) {
  sequence += 1;
  return core.dispatch({ type: 'call', id: `b${sequence}`, method, params });
}
async function result(method: string, params: unknown = {}) {
  const reply = await call(method, params);
  if (!('result' in reply)) throw new Error(`${method}: ${JSON.stringify(reply)}`);
  return reply.result as Record<string, never>;
}

// One core for the file (opening one starts every feature, which takes a while); a fresh folder per test.
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'webnova-blueprint-api-'));
  core = await createCore({ dataDir: join(dir, 'data'), host: 'web', version: '0.0.0' });
}, 120_000);
afterAll(async () => {
  await core.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  root = join(dir, `project-${sequence}`);
  await mkdir(root);
  await result('workspace.open', { root });
});

describe('blueprint.* API', () => {
  it('reports a folder without a Blueprint, creates one from a sample, and never overwrites it', async () => {
    expect(await result('blueprint.read')).toMatchObject({ exists: false, valid: false, issues: [] });
    const { samples } = await result('blueprint.samples');
    expect(samples).toHaveLength(4);
    await result('blueprint.create', { sample: 'clinic-appointments' });
    const read = await result('blueprint.read');
    expect(read).toMatchObject({ exists: true, valid: true, blueprint: { platform: { slug: expect.any(String) } } });
    expect(await call('blueprint.create', { sample: 'school-registry' })).toMatchObject({
      error: { code: 'ALREADY_EXISTS' },
    });
    expect(await call('blueprint.create', { sample: 'nope' })).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('validates the file: JSON errors and Blueprint problems with paths in English and Arabic', async () => {
    await writeFile(join(root, 'webnova.blueprint.json'), '{ "schemaVersion": ');
    const broken = await result('blueprint.read');
    expect(broken).toMatchObject({ valid: false, issues: [{ path: '', code: 'INVALID_SHAPE' }] });
    const [notJson] = (broken as unknown as { issues: BlueprintIssue[] }).issues;
    expect(issueText(notJson as BlueprintIssue, 'en')).toMatch(/^Not valid JSON: /);
    expect(issueText(notJson as BlueprintIssue, 'ar')).toMatch(/^ليس نص JSON صالحًا: /);
    await writeFile(
      join(root, 'webnova.blueprint.json'),
      JSON.stringify({ schemaVersion: 1, platform: { name: 'x' } }),
    );
    const { issues } = await result('blueprint.read');
    expect(issues).toContainEqual(
      expect.objectContaining({ path: '/platform/slug', code: 'REQUIRED', params: { name: 'slug' } }),
    );
    expect(await call('blueprint.generate', {})).toMatchObject({
      error: { code: 'INVALID_INPUT', details: { issues: expect.any(Array) } },
    });
  });

  it('serves the JSON Schema and the templates', async () => {
    const { schema, fileName } = await result('blueprint.schema');
    expect(fileName).toBe('webnova.blueprint.json');
    expect(schema).toMatchObject({ title: 'WebNova Blueprint', type: 'object' });
    const { templates, defaultTemplate } = await result('blueprint.templates');
    expect(templates).toContainEqual(expect.objectContaining({ name: defaultTemplate }));
  });

  it('previews, generates, announces and lists conflicts', async () => {
    await result('blueprint.create', { sample: 'school-registry' });
    const events: string[] = [];
    core.subscribe((event) => events.push(event));
    const preview = await result('blueprint.plan');
    expect(preview.filesWritten).toBe(0);
    expect((preview.changes as unknown as unknown[]).length).toBeGreaterThan(0);
    const report = await result('blueprint.generate');
    expect(report.counts).toMatchObject({ created: (preview.changes as unknown as unknown[]).length });
    expect(events).toContain('blueprint.generated');
    expect(await result('blueprint.conflicts')).toEqual({ conflicts: [] });

    // A generated file rewritten by hand, then the Blueprint changes under it: a conflict, listed.
    const manifest = JSON.parse(await readFile(join(root, '.webnova', 'manifest.json'), 'utf8'));
    const readme = Object.keys(manifest.files).find((path) => path.toLowerCase() === 'readme.md');
    if (!readme) throw new Error('the template makes no README');
    await writeFile(join(root, readme), '# my own readme\n');
    const blueprint = JSON.parse(await readFile(join(root, 'webnova.blueprint.json'), 'utf8'));
    blueprint.platform.name = 'Renamed School';
    await writeFile(join(root, 'webnova.blueprint.json'), JSON.stringify(blueprint));
    const second = await result('blueprint.generate');
    expect(second.conflicts).toContainEqual(expect.objectContaining({ path: readme, reason: 'overlap' }));
    expect(await result('blueprint.conflicts')).toEqual({
      conflicts: [expect.objectContaining({ path: readme, line: expect.any(Number) })],
    });
    expect(await call('blueprint.plan', { template: 'nope' })).toMatchObject({ error: { code: 'INVALID_INPUT' } });
    // Core's other features open their databases in the background at start; on a busy machine file
    // operations queue behind that for a while, hence the long limit.
  }, 120_000);
});
