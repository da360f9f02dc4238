import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateBlueprint } from '@webnova/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webnova } from './run-cli.js';

const samples = join(import.meta.dirname, '..', '..', '..', '..', 'packages', 'core', 'samples');
const clinic = join(samples, 'clinic-appointments.blueprint.json');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'webnova-cli-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('webnova blueprint', () => {
  it('validates a good Blueprint and prints its hash', async () => {
    const result = await webnova('blueprint', 'validate', clinic, '--json');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: true, hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('lists every problem of a bad Blueprint with its path, in Arabic on request, and exits 1', async () => {
    const file = join(dir, 'bad.json');
    await writeFile(file, JSON.stringify({ schemaVersion: 1, platform: { name: '' } }));
    const result = await webnova('blueprint', 'validate', file, '--lang', 'ar');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/\/platform/);
    expect(result.stderr).toMatch(/[\u0600-\u06FF]/);
  });

  it('says which file is missing or not JSON', async () => {
    const missing = await webnova('blueprint', 'validate', join(dir, 'nope.json'));
    expect(missing).toMatchObject({ code: 1, stderr: expect.stringContaining('no such file') });
    const file = join(dir, 'broken.json');
    await writeFile(file, '{ "schemaVersion": ');
    expect(await webnova('blueprint', 'validate', file)).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('not valid JSON'),
    });
  });

  it('diffs two Blueprints into a patch with a summary', async () => {
    const school = join(samples, 'school-registry.blueprint.json');
    const result = await webnova('blueprint', 'diff', clinic, school, '--json');
    expect(result.code).toBe(0);
    const { patch, summary } = JSON.parse(result.stdout);
    expect(patch.length).toBeGreaterThan(0);
    expect(summary.en).toContain('adds entity Student');
    expect((await webnova('blueprint', 'diff', clinic, clinic)).stdout).toBe('No differences.');
  });

  it('answers a wrong call with usage and exit code 2', async () => {
    expect((await webnova('blueprint', 'validate')).code).toBe(2);
    expect((await webnova('blueprint', 'validate', clinic, '--lang', 'fr')).code).toBe(2);
    expect((await webnova('blueprint', 'validate', clinic, '--nope')).code).toBe(2);
  });
});

describe('webnova plan (offline planner)', () => {
  it('proposes a valid Blueprint for an English request', async () => {
    const result = await webnova(
      'plan',
      'a clinic booking system with doctors, patients and appointments, HIPAA',
      '--json',
    );
    expect(result.code).toBe(0);
    const { provider, blueprint, summary } = JSON.parse(result.stdout);
    expect(provider).toBe('offline');
    expect(validateBlueprint(blueprint).ok).toBe(true);
    expect(blueprint.platform.compliance).toContain('HIPAA');
    expect(summary.en.length).toBeGreaterThan(0);
  });

  it('proposes a patch for a follow-up against --from', async () => {
    const result = await webnova(
      'plan',
      'add invoices with amount and due date; accountants can read them',
      '--from',
      clinic,
      '--json',
    );
    expect(result.code).toBe(0);
    const { patch, summary } = JSON.parse(result.stdout);
    expect(patch.length).toBeGreaterThan(0);
    expect(summary.en).toContain('Invoice');
  });

  it('needs exactly one prompt', async () => {
    expect((await webnova('plan')).code).toBe(2);
    expect((await webnova('plan', '   ')).code).toBe(2);
  });

  it('refuses an invalid --from Blueprint with a clear message', async () => {
    const file = join(dir, 'empty.json');
    await writeFile(file, '{}');
    const result = await webnova('plan', 'add invoices', '--from', file);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('not valid');
  });
});
