import { describe, expect, it } from 'vitest';
import type { Blueprint } from '../../src/contracts/index.js';
import { applyBlueprintPatch, validateBlueprint } from '../../src/index.js';
import { planFollowUp, planPlatform } from '../../src/orchestrator/index.js';
import { corpus, isArabicCase } from './corpus.js';

const planned = new Map<string, Blueprint>();

describe('offline planner corpus', () => {
  it('holds at least 20 English and 20 Arabic prompts and 10 follow-ups in both languages', () => {
    const arabic = corpus.platforms.filter((item) => isArabicCase(item.id));
    expect(arabic.length).toBeGreaterThanOrEqual(20);
    expect(corpus.platforms.length - arabic.length).toBeGreaterThanOrEqual(20);
    expect(corpus.followUps.length).toBeGreaterThanOrEqual(10);
    expect(corpus.followUps.some((item) => /[\u0600-\u06FF]/.test(item.prompt))).toBe(true);
    expect(corpus.followUps.some((item) => /^[\x20-\x7E]+$/.test(item.prompt))).toBe(true);
  });

  describe.each(corpus.platforms)('$id', (item) => {
    it('plans a valid Blueprint with the expected domain, entities, compliance and integrations', () => {
      const { blueprint, intent, summary } = planPlatform(item.prompt);
      const validation = validateBlueprint(blueprint);
      expect(validation.ok ? [] : validation.errors).toEqual([]);
      expect(intent.domain).toBe(item.domain);
      const entities = blueprint.entities.map((entity) => entity.name);
      expect(entities).toEqual(expect.arrayContaining(item.entities));
      expect(blueprint.platform.compliance).toEqual(expect.arrayContaining(item.compliance));
      if (item.compliance.length === 0) expect(blueprint.platform.compliance).not.toContain('PCI-DSS');
      expect(blueprint.integrations.map((integration) => integration.category)).toEqual(
        expect.arrayContaining(item.integrations ?? []),
      );
      if (item.locales) expect(blueprint.platform.locales).toEqual(item.locales);
      expect(blueprint.platform.defaultLocale).toBe(isArabicCase(item.id) ? 'ar' : 'en');
      expect(summary.en).toContain(`${blueprint.entities.length} entities`);
      expect(summary.ar).toContain(`${blueprint.entities.length} كيانات`);
      planned.set(item.id, blueprint);
    });
  });

  it('answers the same prompt with the same Blueprint', () => {
    for (const item of corpus.platforms.slice(0, 6)) {
      expect(planPlatform(item.prompt)).toEqual(planPlatform(item.prompt));
    }
  });

  it('logs the latency per prompt and the share of first-try valid Blueprints', () => {
    let valid = 0;
    const times: number[] = [];
    for (const item of corpus.platforms) {
      const start = performance.now();
      const { blueprint } = planPlatform(item.prompt);
      times.push(performance.now() - start);
      if (validateBlueprint(blueprint).ok) valid += 1;
    }
    times.sort((a, b) => a - b);
    const mean = times.reduce((sum, time) => sum + time, 0) / times.length;
    const p95 = times[Math.floor(times.length * 0.95)] ?? 0;
    console.log(
      `offline planner: ${corpus.platforms.length} prompts, mean ${mean.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms, ` +
        `max ${(times[times.length - 1] ?? 0).toFixed(2)} ms, first-try valid ${valid}/${corpus.platforms.length}`,
    );
    expect(valid).toBe(corpus.platforms.length);

    let applied = 0;
    const followUpTimes: number[] = [];
    for (const item of corpus.followUps) {
      const base = planPlatform(corpus.platforms.find((platform) => platform.id === item.base)?.prompt).blueprint;
      const start = performance.now();
      const { patch } = planFollowUp(base, item.prompt);
      followUpTimes.push(performance.now() - start);
      if (applyBlueprintPatch(base, patch).ok) applied += 1;
    }
    const followUpMean = followUpTimes.reduce((sum, time) => sum + time, 0) / followUpTimes.length;
    console.log(
      `offline planner follow-ups: ${corpus.followUps.length} prompts, mean ${followUpMean.toFixed(2)} ms, ` +
        `first-try valid patches ${applied}/${corpus.followUps.length}`,
    );
    expect(applied).toBe(corpus.followUps.length);
  });
});

describe('offline planner follow-ups', () => {
  describe.each(corpus.followUps)('$base: $prompt', (item) => {
    it('gives a patch that applies and validates, with what was asked for', () => {
      const base =
        planned.get(item.base) ?? planPlatform(corpus.platforms.find((p) => p.id === item.base)?.prompt).blueprint;
      const { patch, summary } = planFollowUp(base, item.prompt);
      expect(patch.length).toBeGreaterThan(0);
      const applied = applyBlueprintPatch(base, patch);
      if (!applied.ok) throw new Error(JSON.stringify(applied.error));
      const result = applied.blueprint;
      expect(validateBlueprint(result).ok).toBe(true);
      const names = result.entities.map((entity) => entity.name);
      expect(names).toEqual(expect.arrayContaining(item.entities));
      for (const removed of item.removed ?? []) expect(names).not.toContain(removed);
      for (const [entity, fields] of Object.entries(item.removedFields ?? {})) {
        const found = result.entities.find((candidate) => candidate.name === entity);
        expect(found).toBeDefined();
        for (const field of fields) expect(found?.fields.map((each) => each.name)).not.toContain(field);
      }
      for (const [entity, fields] of Object.entries(item.fields ?? {})) {
        const found = result.entities.find((candidate) => candidate.name === entity);
        expect(found?.fields.map((field) => field.name)).toEqual(expect.arrayContaining(fields));
      }
      for (const grant of item.grants ?? []) {
        const permission = result.permissions.find((p) => p.role === grant.role && p.entity === grant.entity);
        expect(permission?.actions ?? []).toEqual(expect.arrayContaining(grant.actions));
      }
      expect(result.integrations.map((integration) => integration.category)).toEqual(
        expect.arrayContaining(item.integrations ?? []),
      );
      expect(result.platform.compliance).toEqual(expect.arrayContaining(item.compliance ?? []));
      expect(summary.changes.length).toBeGreaterThan(0);
      expect(summary.ar.length).toBeGreaterThan(0);
    });
  });
});
