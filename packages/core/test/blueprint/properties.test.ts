import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { issueText } from '../../src/contracts/index.js';
import type { BlueprintValidation } from '../../src/index.js';
import {
  applyBlueprintPatch,
  diffBlueprints,
  normalizeBlueprint,
  serializeBlueprint,
  summarizePatch,
  validateBlueprint,
} from '../../src/index.js';
import { sized } from '../support/slow.js';
import { relatedBlueprints, validBlueprint } from './arbitraries.js';

const pointer = /^(?:\/(?:[^~/]|~[01])*)*$/;

function expectIssues(result: BlueprintValidation) {
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.errors.length).toBeGreaterThan(0);
  for (const issue of result.errors) {
    expect(issue.code).not.toBe('INTERNAL');
    expect(issue.path).toMatch(pointer);
    expect(issueText(issue, 'en')).not.toMatch(/^$|^BLUEPRINT_|\{\{/);
    expect(issueText(issue, 'ar')).not.toMatch(/^$|^BLUEPRINT_|\{\{/);
  }
}

/** Every pointer into a JSON value, to aim corruptions at. */
function pointersOf(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  const entries = Array.isArray(value)
    ? value.map((item, index) => [String(index), item] as const)
    : Object.entries(value);
  return [
    prefix,
    ...entries.flatMap(([key, item]) =>
      pointersOf(item, `${prefix}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`),
    ),
  ];
}

/** A fifth of the runs in the main job, all of them in the slow one (fast-check picks a new seed each time). */
const runs = (full: number) => sized(Math.ceil(full / 5), full);

describe('Blueprint properties', () => {
  it('generated Blueprints are valid (the generator is honest)', () => {
    fc.assert(
      fc.property(validBlueprint, (blueprint) => {
        const result = validateBlueprint(blueprint);
        expect(result.ok ? [] : result.errors).toEqual([]);
      }),
      { numRuns: runs(300) },
    );
  });

  it('applying diff(a, b) to a gives b, and the summary never fails', () => {
    fc.assert(
      fc.property(relatedBlueprints, ([a, b]) => {
        const patch = diffBlueprints(a, b);
        const result = applyBlueprintPatch(a, patch);
        expect(result.ok ? serializeBlueprint(result.blueprint) : result.error).toBe(serializeBlueprint(b));
        const summary = summarizePatch(a, patch);
        expect(summary.changes.length === 0).toBe(serializeBlueprint(a) === serializeBlueprint(b));
      }),
      { numRuns: runs(1000) },
    );
  });

  it('applying diff(a, b) to a gives b for unrelated Blueprints too', () => {
    fc.assert(
      fc.property(validBlueprint, validBlueprint, (a, b) => {
        const result = applyBlueprintPatch(a, diffBlueprints(a, b));
        expect(result.ok ? serializeBlueprint(result.blueprint) : result.error).toBe(serializeBlueprint(b));
      }),
      { numRuns: runs(200) },
    );
  });

  it('diff(a, a) is empty and normalisation is idempotent', () => {
    fc.assert(
      fc.property(validBlueprint, (blueprint) => {
        expect(diffBlueprints(blueprint, blueprint)).toEqual([]);
        const once = normalizeBlueprint(blueprint);
        expect(normalizeBlueprint(once)).toEqual(once);
        expect(serializeBlueprint(once)).toBe(serializeBlueprint(blueprint));
      }),
      { numRuns: runs(300) },
    );
  });

  it('validating arbitrary JSON returns issues and never throws', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => expectIssues(validateBlueprint(value))),
      { numRuns: runs(1000) },
    );
  });

  it('validating arbitrary values returns issues and never throws', () => {
    fc.assert(
      fc.property(
        fc.anything({ withBigInt: true, withMap: true, withSet: true, withDate: true, withNullPrototype: true }),
        (value) => expectIssues(validateBlueprint(value)),
      ),
      { numRuns: runs(1000) },
    );
  });

  it('a valid Blueprint with one member replaced by arbitrary JSON is judged without throwing', () => {
    fc.assert(
      fc.property(validBlueprint, fc.nat(), fc.jsonValue({ maxDepth: 2 }), (blueprint, choice, value) => {
        const document = structuredClone(blueprint) as unknown;
        const targets = pointersOf(document).filter((path) => path !== '');
        const target = targets[choice % targets.length] ?? '/platform';
        const segments = target.slice(1).split('/');
        const key = segments.pop() ?? '';
        let parent = document as Record<string, unknown>;
        for (const segment of segments) parent = parent[segment] as Record<string, unknown>;
        parent[key.replaceAll('~1', '/').replaceAll('~0', '~')] = value;
        const result = validateBlueprint(document);
        if (!result.ok) expectIssues(result);
      }),
      { numRuns: runs(500) },
    );
  });
});
