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

// The checked path every AI answer takes (zod, semantic validation, a dry-run generation with the
// default template, repairs when needed): its cost per answer and the share valid on the first try.
const { OfflineProvider, proposeBlueprint, checkPlanAnswer, getTemplate, defaultTemplateName, selectProvider } = core;
const { AiSettings } = await tsImport('../packages/core/src/contracts/index.ts', import.meta.url);
const template = getTemplate(defaultTemplateName);
const dryRun = (blueprint) => template.render(blueprint).length;
const offline = new OfflineProvider();

const checkTimes = [];
for (const blueprint of plans.values()) {
  const t0 = performance.now();
  checkPlanAnswer(null, blueprint, dryRun);
  checkTimes.push(performance.now() - t0);
}
const c = summarize(checkTimes);
report('planner', 'answer_check_with_dry_run_latency', 'ms', { median: c.median, p99: c.p99, max: c.max, calls: c.n });

const checkedTimes = [];
let checkedFirstTry = 0;
let checkedRepairs = 0;
for (const { prompt } of corpus.platforms) {
  const t0 = performance.now();
  const { proposal } = await proposeBlueprint(offline, { prompt, base: null, dryRun });
  checkedTimes.push(performance.now() - t0);
  if (proposal.repairs === 0) checkedFirstTry += 1;
  checkedRepairs += proposal.repairs;
}
let checkedFollowUps = 0;
for (const { base, prompt } of corpus.followUps) {
  const { proposal } = await proposeBlueprint(offline, { prompt, base: plans.get(base), dryRun });
  if (proposal.repairs === 0) checkedFollowUps += 1;
}
const k = summarize(checkedTimes);
report('planner', 'offline_checked_proposal_latency', 'ms', { median: k.median, p99: k.p99, max: k.max, calls: k.n });
report('planner', 'offline_first_try_valid_after_checks', 'share', {
  value: (checkedFirstTry + checkedFollowUps) / (corpus.platforms.length + corpus.followUps.length),
  platforms: checkedFirstTry,
  followUps: checkedFollowUps,
  repairs: checkedRepairs,
  target: 1,
});

// Claude, only where a key is present (ANTHROPIC_API_KEY, ANTHROPIC_BASE_URL): a sample of the corpus.
if (process.env.ANTHROPIC_API_KEY) {
  const claude = selectProvider({ storedKey: null, settings: AiSettings.parse({}), env: process.env });
  const sample = corpus.platforms.filter((_, index) => index % 4 === 0);
  let firstTry = 0;
  let failed = 0;
  let repairs = 0;
  let cost = 0;
  for (const { prompt } of sample) {
    try {
      const { proposal, usage } = await proposeBlueprint(claude, { prompt, base: null, dryRun });
      if (proposal.repairs === 0) firstTry += 1;
      repairs += proposal.repairs;
      cost += usage.costUsd;
    } catch {
      failed += 1;
    }
  }
  report('planner', 'claude_first_try_valid', 'share', {
    value: firstTry / sample.length,
    prompts: sample.length,
    repairs,
    failedAfterRepairs: failed,
    costUsd: Math.round(cost * 1e4) / 1e4,
    model: claude.model,
  });
} else {
  report('planner', 'claude_first_try_valid', 'share', { value: null, skipped: 'no ANTHROPIC_API_KEY' });
}
