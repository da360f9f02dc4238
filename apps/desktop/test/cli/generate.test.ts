import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultTemplateName, getTemplate, normalizeBlueprint, validateBlueprint } from '@webnova/core';
import type { Blueprint } from '@webnova/core/contracts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/index.js';

const samples = join(import.meta.dirname, '..', '..', '..', '..', 'packages', 'core', 'samples');
const clinicFile = join(samples, 'clinic-appointments.blueprint.json');
let dir: string;

/** The CLI in-process: exit code, standard output and standard error. */
async function generate(...argv: string[]) {
  const printed = { out: [] as string[], err: [] as string[] };
  const log = vi.spyOn(console, 'log').mockImplementation((...args) => void printed.out.push(args.join(' ')));
  const error = vi.spyOn(console, 'error').mockImplementation((...args) => void printed.err.push(args.join(' ')));
  try {
    const code = await main(['generate', ...argv]);
    return { code, stdout: printed.out.join('\n'), stderr: printed.err.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

async function readClinic(): Promise<Blueprint> {
  const result = validateBlueprint(JSON.parse(await readFile(clinicFile, 'utf8')));
  if (!result.ok) throw new Error('sample invalid');
  return result.blueprint;
}

/** The clinic with one more field on Doctor, written to a file. */
async function changedClinic(): Promise<{ file: string; blueprint: Blueprint }> {
  const blueprint = structuredClone(await readClinic());
  blueprint.entities
    .find((e) => e.name === 'Doctor')
    ?.fields.push({
      name: 'roomNumber',
      type: 'string',
      label: { ar: 'رقم الغرفة', en: 'Room number' },
      classification: 'internal',
      required: false,
      unique: false,
    });
  const file = join(dir, 'clinic-changed.json');
  await writeFile(file, JSON.stringify(blueprint));
  return { file, blueprint: normalizeBlueprint(blueprint) };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'webnova-generate-cli-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('webnova generate', () => {
  it('generates a project, reports it as JSON, and writes nothing the second time', async () => {
    const out = join(dir, 'first');
    const first = await generate(clinicFile, '--out', out, '--json');
    expect(first.code).toBe(0);
    const report = JSON.parse(first.stdout);
    expect(report).toMatchObject({ ok: true, template: { name: defaultTemplateName } });
    expect(report.counts.created).toBe(report.changes.length);
    for (const change of report.changes) await expect(stat(join(out, change.path))).resolves.toBeTruthy();
    await expect(stat(join(out, '.webnova', 'manifest.json'))).resolves.toBeTruthy();

    const again = JSON.parse((await generate(clinicFile, '--out', out, '--json')).stdout);
    expect({ written: again.filesWritten, record: again.recordFilesWritten }).toEqual({ written: 0, record: 0 });
  });

  it('keeps a hand edit, writes conflict markers over an overlapping one and exits 3', async () => {
    const out = join(dir, 'edits');
    expect((await generate(clinicFile, '--out', out)).code).toBe(0);
    const { file, blueprint } = await changedClinic();
    const template = getTemplate(defaultTemplateName);
    const before = new Map(template.render(normalizeBlueprint(await readClinic())).map((f) => [f.path, f.content]));
    const after = new Map(template.render(blueprint).map((f) => [f.path, f.content]));
    const same = [...after].find(([path, content]) => before.get(path) === content)?.[0];
    const changed = [...after].find(([path, content]) => before.has(path) && before.get(path) !== content)?.[0];
    if (!changed) throw new Error('the change alters no file');

    if (same) await writeFile(join(out, same), `${before.get(same)}\n// mine\n`);
    await writeFile(join(out, changed), '// my rewrite of the whole file\n');
    const result = await generate(file, '--out', out);
    expect(result.code).toBe(3);
    expect(result.stdout).toContain(`CONFLICT  ${changed}`);
    expect(result.stdout).toMatch(/1 file needs you/);
    const merged = await readFile(join(out, changed), 'utf8');
    expect(merged).toContain('<<<<<<< yours');
    expect(merged).toContain('// my rewrite of the whole file');
    if (same) expect(await readFile(join(out, same), 'utf8')).toBe(`${before.get(same)}\n// mine\n`);
  });

  it('--dry-run lists the changes and writes nothing', async () => {
    const out = join(dir, 'dry');
    const result = await generate(clinicFile, '--out', out, '--dry-run');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Would change: \d+ created/);
    await expect(stat(out)).rejects.toThrow();
  });

  it('prints a bad Blueprint’s problems with their paths and exits 1', async () => {
    const file = join(dir, 'bad.json');
    await writeFile(file, JSON.stringify({ schemaVersion: 1, platform: { name: 'x' } }));
    const text = await generate(file, '--out', join(dir, 'never'));
    expect(text.code).toBe(1);
    expect(text.stderr).toMatch(/\/platform\/slug/);
    const json = await generate(file, '--out', join(dir, 'never'), '--json', '--lang', 'ar');
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, issues: expect.any(Array) });
    await expect(stat(join(dir, 'never'))).rejects.toThrow();
  });

  it('refuses a damaged generation record with a clear message', async () => {
    const out = join(dir, 'damaged');
    expect((await generate(clinicFile, '--out', out)).code).toBe(0);
    await writeFile(join(out, '.webnova', 'manifest.json'), '{ "files": 1 }');
    const result = await generate(clinicFile, '--out', out);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('.webnova/manifest.json is damaged');
  });

  it('answers wrong arguments with exit code 2', async () => {
    expect((await generate(clinicFile)).code).toBe(2);
    expect((await generate()).code).toBe(2);
    expect((await generate(clinicFile, '--out', dir, '--template', 'cobol')).stderr).toContain('unknown');
    expect((await generate(clinicFile, '--out', dir, '--rename', 'doctor=medic')).code).toBe(2);
    expect((await generate(clinicFile, '--out', clinicFile)).code).toBe(2);
    expect((await generate(join(dir, 'missing.json'), '--out', dir)).stderr).toContain('no such file');
  });
});
