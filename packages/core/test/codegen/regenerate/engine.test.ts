import { createHash } from 'node:crypto';
import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blueprintHash, normalizeBlueprint, serializeBlueprint } from '../../../src/blueprint/index.js';
import {
  BASE_DIR,
  generateProject,
  listGenerationConflicts,
  MANIFEST_FILE,
  previewGeneration,
  RECORDED_BLUEPRINT_FILE,
} from '../../../src/codegen/regenerate/index.js';
import { isGeneratedPath } from '../../../src/codegen/regenerate/manifest.js';
import { planRegeneration } from '../../../src/codegen/regenerate/plan.js';
import type { Template } from '../../../src/codegen/template.js';
import { CoreError } from '../../../src/contracts/index.js';
import { blueprintChanges, loadSample } from './blueprint-changes.js';
import { fixtureTemplate } from './fixture-template.js';

const sample = normalizeBlueprint(loadSample('school-registry'));
const change = (name: string) => {
  const found = blueprintChanges.find((c) => c.name === name);
  if (!found) throw new Error(name);
  return found.apply(sample);
};
let root: string;
const request = (blueprint = sample) => ({ root, blueprint, template: fixtureTemplate });
const read = (path: string) => readFile(join(root, path), 'utf8');

async function listAll(dir: string, prefix = ''): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files = await Promise.all(
    entries.map((e) => (e.isDirectory() ? listAll(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`])),
  );
  return files.flat().sort();
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'webnova-regen-'));
});
afterEach(() => rm(root, { recursive: true, force: true }));

describe('generation', () => {
  it('writes every file, a manifest and the base; a second run writes nothing', async () => {
    const first = await generateProject(request());
    expect(first.counts.created).toBe(fixtureTemplate.render(sample).length);
    expect(first.previousBlueprintHash).toBeNull();
    const manifest = JSON.parse(await read(MANIFEST_FILE));
    expect(manifest.files['server/entities/course.ts']).toMatchObject({ entity: 'Course' });
    const again = await generateProject(request());
    expect(again).toMatchObject({ filesWritten: 0, recordFilesWritten: 0, changes: [] });
  });

  it('a preview writes nothing and says what generating will do', async () => {
    await generateProject(request());
    const before = await listAll(root);
    const preview = await previewGeneration(request(change('add a field')));
    expect(preview.changes.map((c) => `${c.kind} ${c.path}`)).toEqual([
      'update README.md',
      'update server/entities/course.ts',
      'update web/pages/course-list.tsx',
    ]);
    expect(await listAll(root)).toEqual(before);
  });

  it('moves a renamed entity’s files with the edits in them', async () => {
    await generateProject(request());
    const edited = (await read('server/entities/course.ts')).replace('const pageSize = 50;', 'const pageSize = 20;');
    await writeFile(join(root, 'server/entities/course.ts'), edited);
    const report = await generateProject(request(change('rename an entity')));
    expect(report.renames).toEqual({ Course: 'Subject' });
    expect(report.changes).toContainEqual(
      expect.objectContaining({ path: 'server/entities/subject.ts', from: 'server/entities/course.ts', kind: 'merge' }),
    );
    expect(report.counts.moved).toBe(2);
    const moved = await read('server/entities/subject.ts');
    expect(moved).toContain('const pageSize = 20;');
    expect(moved).toContain('export const SubjectSchema');
    await expect(read('server/entities/course.ts')).rejects.toThrow();
  });

  it('lists files that still hold conflict markers, with the first marker line', async () => {
    await generateProject(request());
    const file = 'server/entities/course.ts';
    const text = await read(file);
    await writeFile(join(root, file), text.replace(/ {2}credits: .*\n/, '  credits: z.number(), // mine\n'));
    const report = await generateProject(request(change('change a field type')));
    expect(report.conflicts).toEqual([expect.objectContaining({ path: file, reason: 'overlap', hunks: 1 })]);
    const listed = await listGenerationConflicts(root);
    expect(listed).toEqual([expect.objectContaining({ path: file, hunks: 1, line: report.conflicts[0]?.line })]);
    const lines = (await read(file)).split('\n');
    expect(lines[(listed[0]?.line ?? 0) - 1]).toBe('<<<<<<< yours');
  });

  it('takes over an existing file with other content as a conflict, never overwriting it', async () => {
    await writeFile(join(root, 'README.md'), '# mine\n');
    const report = await generateProject(request());
    expect(report.conflicts).toContainEqual(expect.objectContaining({ path: 'README.md', reason: 'exists' }));
    expect(await read('README.md')).toContain('# mine');
  });
});

describe('a damaged record is a clear error and nothing is written', () => {
  for (const [name, damage] of [
    ['not JSON', '{ "manifestVersion": '],
    ['wrong shape', JSON.stringify({ manifestVersion: 1, blueprintHash: 'x', template: {}, files: {} })],
    [
      'a path outside the project',
      JSON.stringify({
        manifestVersion: 1,
        blueprintHash: 'a'.repeat(64),
        template: { name: 'fixture', version: '1' },
        files: { '../escape.ts': { sha256: 'b'.repeat(64) } },
      }),
    ],
  ] as const) {
    it(name, async () => {
      await generateProject(request());
      await writeFile(join(root, MANIFEST_FILE), damage);
      const before = await listAll(root);
      const error = await generateProject(request(change('add a field'))).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CoreError);
      expect(error).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('.webnova/manifest.json') });
      expect(await listAll(root)).toEqual(before);
    });
  }
});

describe('the record a clone carries: manifest and recorded Blueprint tracked, base copies per machine', () => {
  const edit = async (file: string) => {
    const text = `${await read(file)}// mine\n`;
    await writeFile(join(root, file), text);
    return text;
  };

  it('records the Blueprint it generated from, in normal form, its hash the manifest’s', async () => {
    await generateProject(request());
    const recorded = await read(RECORDED_BLUEPRINT_FILE);
    expect(recorded).toBe(serializeBlueprint(sample));
    expect(JSON.parse(await read(MANIFEST_FILE)).blueprintHash).toBe(blueprintHash(sample));
    await generateProject(request(change('add a field')));
    expect(await read(RECORDED_BLUEPRINT_FILE)).toBe(serializeBlueprint(change('add a field')));
  });

  it('missing base copies are made again from the recorded Blueprint, and stored again', async () => {
    await generateProject(request());
    const file = 'server/entities/course.ts';
    await edit(file);
    await rm(join(root, BASE_DIR), { recursive: true });
    const report = await generateProject(request(change('add a field')));
    expect(report.conflicts).toEqual([]);
    expect(report.changes).toContainEqual(expect.objectContaining({ path: file, kind: 'merge' }));
    const text = await read(file);
    expect(text).toContain('// mine');
    expect(text).toContain('room: z.string().optional(),');
    // The store holds the new generation again: the next merge needs no generating again.
    const next = change('add a field');
    const texts = [serializeBlueprint(next), ...fixtureTemplate.render(next).map((f) => f.content)];
    const hashes = [...new Set(texts.map((text) => createHash('sha256').update(text).digest('hex')))];
    expect(await listAll(join(root, BASE_DIR))).toEqual(hashes.map((hash) => `${hash.slice(0, 2)}/${hash}`).sort());
  });

  it('an unchanged Blueprint with no base copies fills the store and writes nothing else', async () => {
    await generateProject(request());
    const expected = await listAll(join(root, BASE_DIR));
    await rm(join(root, BASE_DIR), { recursive: true });
    const before = await listAll(root);
    const report = await generateProject(request());
    expect(report).toMatchObject({ filesWritten: 0, changes: [], recordFilesWritten: expected.length });
    expect(await listAll(join(root, BASE_DIR))).toEqual(expected);
    expect((await listAll(root)).filter((path) => !path.startsWith(`${BASE_DIR}/`))).toEqual(before);
  });

  it('a project generated before the recorded Blueprint existed regenerates from its base copies and gains one', async () => {
    await generateProject(request());
    await rm(join(root, RECORDED_BLUEPRINT_FILE));
    const file = 'server/entities/course.ts';
    await edit(file);
    const report = await generateProject(request(change('rename an entity')));
    expect(report.renames).toEqual({ Course: 'Subject' });
    expect(report.conflicts).toEqual([]);
    expect(await read('server/entities/subject.ts')).toContain('// mine');
    expect(await read(RECORDED_BLUEPRINT_FILE)).toBe(serializeBlueprint(change('rename an entity')));
  });

  it('a recorded Blueprint that is not the manifest’s is not used: the stored copy is', async () => {
    await generateProject(request());
    await writeFile(join(root, RECORDED_BLUEPRINT_FILE), serializeBlueprint(change('add an entity')));
    await edit('server/entities/course.ts');
    const report = await generateProject(request(change('rename an entity')));
    expect(report.renames).toEqual({ Course: 'Subject' });
    expect(report.conflicts).toEqual([]);
    expect(await read(RECORDED_BLUEPRINT_FILE)).toBe(serializeBlueprint(change('rename an entity')));
  });

  it('a recorded Blueprint that hashes as the manifest says but is no Blueprint is not used', async () => {
    await generateProject(request());
    const hostile = '{ "entities": "not a list" }\n';
    const manifest = JSON.parse(await read(MANIFEST_FILE));
    manifest.blueprintHash = createHash('sha256').update(hostile).digest('hex');
    await writeFile(join(root, MANIFEST_FILE), JSON.stringify(manifest));
    await writeFile(join(root, RECORDED_BLUEPRINT_FILE), hostile);
    await rm(join(root, BASE_DIR), { recursive: true });
    const file = 'server/entities/course.ts';
    await edit(file);
    const report = await generateProject(request(change('add a field')));
    expect(report.conflicts).toEqual([expect.objectContaining({ path: file, reason: 'base-unknown' })]);
    expect(await read(RECORDED_BLUEPRINT_FILE)).toBe(serializeBlueprint(change('add a field')));
  });

  it('neither base copies nor a recorded Blueprint: untouched files are updated, edited ones are conflicts', async () => {
    await generateProject(request());
    await rm(join(root, BASE_DIR), { recursive: true });
    await rm(join(root, RECORDED_BLUEPRINT_FILE));
    const file = 'server/entities/course.ts';
    const yours = await edit(file);
    const report = await generateProject(request(change('add a field')));
    expect(report.conflicts).toEqual([expect.objectContaining({ path: file, reason: 'base-unknown', hunks: 1 })]);
    expect(await read(file)).toContain(`<<<<<<< yours\n${yours}`);
    expect(report.changes).toContainEqual(expect.objectContaining({ path: 'README.md', kind: 'update' }));
  });
});

describe('safety', () => {
  it('a crash after the files but before the manifest loses nothing on the next run', async () => {
    await generateProject(request());
    const file = 'server/entities/course.ts';
    await writeFile(join(root, file), `${await read(file)}// mine\n`);
    const next = change('add a field');
    const plan = await planRegeneration(request(next));
    // What a crash leaves: the project's files written, the old manifest still in force.
    for (const write of plan.writes) await writeFile(join(root, write.path), write.content);
    const recovered = await generateProject(request(next));
    expect(recovered.conflicts).toEqual([]);
    const text = await read(file);
    expect(text).toContain('// mine');
    expect(text).toContain('room: z.string().optional(),');
    expect(text.match(/room: z\.string/g)).toHaveLength(1);
  });

  it('refuses when a file changes between the plan and the writing', async () => {
    await generateProject(request());
    const { applyPlan } = await import('../../../src/codegen/regenerate/apply.js');
    const plan = await planRegeneration(request(change('add a field')));
    await writeFile(join(root, 'server/entities/course.ts'), '// typed meanwhile\n');
    await expect(applyPlan(plan)).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await read('server/entities/course.ts')).toBe('// typed meanwhile\n');
  });

  it('refuses a template that writes outside the project', async () => {
    const bad: Template = { ...fixtureTemplate, render: () => [{ path: '../outside.txt', content: 'x' }] };
    await expect(generateProject({ root, blueprint: sample, template: bad })).rejects.toMatchObject({
      code: 'INTERNAL',
    });
    const manifestDir = await readdir(root);
    expect(manifestDir).toEqual([]);
  });

  it('keeps the mode of a file it replaces (a script you made executable stays so)', async () => {
    await generateProject(request());
    await chmod(join(root, 'README.md'), 0o750);
    await generateProject(request(change('add a field')));
    expect((await stat(join(root, 'README.md'))).mode & 0o777).toBe(0o750);
  });

  it('a dry run into a folder that does not exist yet creates nothing', async () => {
    const fresh = join(root, 'not', 'yet');
    const preview = await previewGeneration({ root: fresh, blueprint: sample, template: fixtureTemplate });
    expect(preview.counts.created).toBe(fixtureTemplate.render(sample).length);
    expect(await readdir(root)).toEqual([]);
  });

  it('refuses a project given by a relative path', async () => {
    await expect(generateProject({ ...request(), root: 'relative/out' })).rejects.toMatchObject({
      code: 'INVALID_PATH',
    });
  });
});

describe('generated paths', () => {
  it.each([
    'README.md',
    'web/src/pages/course-list.tsx',
    '.gitignore',
    '.github/workflows/ci.yml',
    'api/.gitkeep',
    'docs/notes.git/x',
  ])('%s is a path the generator may write', (path) => {
    expect(isGeneratedPath(path)).toBe(true);
  });

  it.each([
    ['absolute', '/etc/passwd'],
    ['climbing out', 'web/../../x'],
    ['a dot segment', 'web/./x'],
    ['an empty segment', 'web//x'],
    ['a backslash', 'web\\x'],
    ['a drive letter', 'C:/x'],
    ['a stream', 'README.md:hidden'],
    ['a NUL', 'README\0.md'],
    ['a newline', 'README\n.md'],
    ['the record', '.webnova/manifest.json'],
    ['the record, any case', '.WebNova/manifest.json'],
    ['git', '.git/config'],
    ['git, any case', 'sub/.GIT/HEAD'],
    ['git, with the dot Windows drops', '.git./config'],
    ['git, with the space Windows drops', '.git /config'],
    ['git, by its Windows short name', 'GIT~1/config'],
  ])('refuses %s: %s', (_what, path) => {
    expect(isGeneratedPath(path)).toBe(false);
  });
});
