import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Blueprint } from '../../src/contracts/index.js';
import { normalizeBlueprint, validateBlueprint } from '../../src/index.js';
import { samplesDir } from '../blueprint/fixtures.js';

export const sampleNames = [
  'clinic-appointments',
  'municipal-permits',
  'payments-back-office',
  'school-registry',
] as const;
export type SampleName = (typeof sampleNames)[number];

/** A shipped sample, validated and normalised: what the generator is given. */
export function sampleBlueprint(name: SampleName): Blueprint {
  const document: unknown = JSON.parse(readFileSync(join(samplesDir, `${name}.blueprint.json`), 'utf8'));
  const result = validateBlueprint(document);
  if (!result.ok) throw new Error(`sample ${name} is invalid: ${JSON.stringify(result.errors)}`);
  return normalizeBlueprint(result.blueprint);
}

export function fileOf(files: ReadonlyArray<{ path: string; content: string }>, path: string): string {
  const file = files.find((item) => item.path === path);
  if (!file) throw new Error(`no file ${path}`);
  return file.content;
}
