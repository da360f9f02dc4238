import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyPlan } from '../../../src/codegen/regenerate/apply.js';
import { generateProject, previewGeneration } from '../../../src/codegen/regenerate/index.js';
import { planRegeneration } from '../../../src/codegen/regenerate/plan.js';
import { CoreError } from '../../../src/contracts/index.js';
import { fixtureTemplate } from '../regenerate/fixture-template.js';
import { type Layout, makeLayout, removeLayout, snapshot, untouchable } from './layout.js';
import { changed, type SymlinkCase, sample, symlinkCases } from './symlink-cases.js';

/**
 * Symlink layouts an attacker can commit to a project (or create while it is being generated),
 * each run against the real generator on a real disk. Whatever the outcome, nothing outside the
 * project and nothing in its `.git` may be written or deleted: the victim folder's full listing,
 * modes and hashes are compared before and after.
 */
let layout: Layout;
beforeEach(async () => {
  layout = await makeLayout();
});
afterEach(() => removeLayout(layout));

async function outcome(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
    return 'holds';
  } catch (error) {
    if (error instanceof CoreError) return `refused ${error.code}: ${error.message}`;
    throw error;
  }
}

async function attempt(c: SymlinkCase): Promise<void> {
  const request = (blueprint = sample) => ({ root: layout.project, blueprint, template: fixtureTemplate });
  if (c.given === 'generated') await generateProject(request());
  await c.plant(layout);
  const blueprint = c.blueprint?.() ?? (c.given === 'generated' ? changed('add a field') : sample);
  const outsideBefore = await untouchable(layout);
  const projectBefore = await snapshot(layout.project);
  const expected = c.expect === 'holds' ? 'holds' : `refused ${c.expect.refused}`;

  if (c.race) {
    const plan = await planRegeneration(request(blueprint));
    await c.race.between?.(layout);
    let acted = !c.race.atStep;
    const atStep = c.race.atStep;
    const result = await outcome(() =>
      applyPlan(plan, {
        beforeFinalStep: atStep
          ? async (step) => {
              if (!acted) acted = await atStep(layout, step);
            }
          : undefined,
      }),
    );
    expect(acted, 'the race step ran').toBe(true);
    expect(result.startsWith(expected) ? expected : result).toBe(expected);
  } else {
    // The dry run must say what the generation will say, and write nothing.
    const dryRun = await outcome(() => previewGeneration(request(blueprint)));
    expect(dryRun.startsWith(expected) ? expected : dryRun).toBe(expected);
    expect(await snapshot(layout.project)).toEqual(projectBefore);
    const result = await outcome(() => generateProject(request(blueprint)));
    expect(result.startsWith(expected) ? expected : result).toBe(expected);
    // Refused before anything was written: the project is as it was, too.
    if (c.expect !== 'holds') expect(await snapshot(layout.project)).toEqual(projectBefore);
  }
  expect(await untouchable(layout)).toEqual(outsideBefore);
  await c.afterwards?.(layout);
}

for (const [group, cases] of Object.entries(symlinkCases)) {
  describe(group, () => {
    for (const c of cases) {
      const outcomeText = c.expect === 'holds' ? 'carried out safely' : `refused (${c.expect.refused})`;
      it(`${c.name} — ${c.attack} → ${outcomeText}`, () => attempt(c));
    }
  });
}

it('the corpus has at least 15 cases in every class of layout', () => {
  const counts = Object.values(symlinkCases).map((cases) => cases.length);
  expect(counts.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(15);
  expect(Math.min(...counts)).toBeGreaterThanOrEqual(5);
});
