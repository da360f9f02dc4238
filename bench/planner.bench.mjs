// The offline planner over the shipped corpus (packages/core/test/orchestrator/fixtures/prompts.json):
// latency per platform prompt and per follow-up, and the share of first-try valid answers.
// Core is TypeScript; tsx (a dev dependency of @webnova/core) loads it without a build.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tsImport } from 'tsx/esm/api';
import { repo, report, summarize } from './lib.mjs';

const core = await tsImport('../packages/core/src/index.ts', import.meta.url);
const { planPlatform, planFollowUp, applyBlueprintPatch, validateBlueprint } = core;
const corpus = JSON.parse(await readFile(join(repo, 'packages/core/test/orchestrator/fixtures/prompts.json'), 'utf8'));
const ROUNDS = 20;

// Warm-up: the first call compiles the catalogue's regular expressions.
for (const { prompt } of corpus.platforms) planPlatform(prompt);

const platformTimes = [];
let validPlatforms = 0;
const plans = new Map();
for (let round = 0; round < ROUNDS; round++) {
  for (const { id, prompt } of corpus.platforms) {
    const t0 = performance.now();
    const plan = planPlatform(prompt);
    platformTimes.push(performance.now() - t0);
    if (round === 0) {
      if (validateBlueprint(plan.blueprint).ok) validPlatforms += 1;
      plans.set(id, plan.blueprint);
    }
  }
}

const followUpTimes = [];
let validPatches = 0;
for (let round = 0; round < ROUNDS; round++) {
  for (const { base, prompt } of corpus.followUps) {
    const blueprint = plans.get(base);
    const t0 = performance.now();
    const { patch } = planFollowUp(blueprint, prompt);
    followUpTimes.push(performance.now() - t0);
    if (round === 0 && applyBlueprintPatch(blueprint, patch).ok) validPatches += 1;
  }
}

const p = summarize(platformTimes);
report('planner', 'offline_plan_platform_latency', 'ms', {
  median: p.median,
  p99: p.p99,
  max: p.max,
  calls: p.n,
  target: 50,
});
const f = summarize(followUpTimes);
report('planner', 'offline_plan_follow_up_latency', 'ms', { median: f.median, p99: f.p99, max: f.max, calls: f.n });
report('planner', 'first_try_valid_platforms', 'share', {
  value: validPlatforms / corpus.platforms.length,
  prompts: corpus.platforms.length,
});
report('planner', 'first_try_valid_follow_up_patches', 'share', {
  value: validPatches / corpus.followUps.length,
  prompts: corpus.followUps.length,
});
