import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkProject } from './project-check.js';
import { sampleBlueprint } from './samples.js';

// The slow one: a real generated project (clinic-appointments, react-express) in a temporary
// folder outside the repository, installed from the npm registry, typechecked and tested.
// scripts/check-samples.mjs does the same for every sample and template.
describe('a generated project', () => {
  let dir = '';
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('installs, typechecks and passes its own tests', async () => {
    dir = await mkdtemp(join(tmpdir(), 'webnova-generated-'));
    const result = await checkProject(sampleBlueprint('clinic-appointments'), 'react-express', dir);
    expect(result.install.ok, result.install.output).toBe(true);
    expect(result.typecheck?.ok, result.typecheck?.output).toBe(true);
    expect(result.test?.ok, result.test?.output).toBe(true);
    expect(result.test?.output).toMatch(/Tests\s+\d+ passed/);
    console.log(
      `generated project: ${result.files} files; install ${result.install.ms} ms, typecheck ${result.typecheck?.ms} ms, tests ${result.test?.ms} ms`,
    );
  }, 1_500_000);
});
