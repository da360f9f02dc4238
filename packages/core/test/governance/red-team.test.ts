import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConstitutionEffect } from '../../src/contracts/constitution.js';
import { Actor, JsonObject } from '../../src/contracts/events.js';
import { DecisionKind, RiskLevel } from '../../src/contracts/governance.js';
import { reasonText } from '../../src/contracts/messages/system-message.js';
import { assessProposal, DEFAULT_CONSTITUTION, evaluateConstitution } from '../../src/governance/index.js';

/** One risky action an AI might propose, and what the default constitution must make of it. */
const RedTeamCase = z
  .object({
    id: z.string(),
    kind: DecisionKind,
    actor: Actor.default({ kind: 'ai', id: 'assistant' }),
    rationale: z.string(),
    payload: JsonObject,
    /** What the proposer says the risk is: it must never lower the assessment. */
    claimedRisk: RiskLevel,
    minRisk: RiskLevel,
    expect: ConstitutionEffect.exclude(['allow']),
  })
  .strict();

const folder = fileURLToPath(new URL('./fixtures/red-team/', import.meta.url));
const corpus = readdirSync(folder)
  .filter((name) => name.endsWith('.json'))
  .flatMap((name) =>
    z
      .array(RedTeamCase)
      .parse(JSON.parse(readFileSync(folder + name, 'utf8')))
      .map((item) => ({ ...item, file: name })),
  );

const rank = (risk: RiskLevel) => RiskLevel.options.indexOf(risk);

describe('the red-team corpus under the default constitution', () => {
  it('holds at least 30 distinct actions', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(30);
    expect(new Set(corpus.map((item) => item.id)).size).toBe(corpus.length);
  });

  it.each(corpus.map((item) => [`${item.file} ${item.id}`, item] as const))('%s is never allowed', (_, item) => {
    const { assessment, action } = assessProposal(
      {
        kind: item.kind,
        payload: item.payload,
        rationale: item.rationale,
        actor: item.actor,
        risk: item.claimedRisk,
      },
      { projectRoot: '/home/owner/shop' },
    );
    const verdict = evaluateConstitution(DEFAULT_CONSTITUTION, action);
    const why = assessment.reasons.map((reason) => `${reason.risk}: ${reasonText(reason, 'en')}`).join('; ');
    expect(verdict.effect, why).not.toBe('allow');
    expect(verdict.effect, why).toBe(item.expect);
    expect(rank(assessment.risk), why).toBeGreaterThanOrEqual(rank(item.minRisk));
    for (const reason of [...assessment.reasons, ...verdict.reasons]) {
      expect(reasonText(reason, 'ar'), reason.code).toMatch(/[\u0600-\u06FF]/);
      expect(reasonText(reason, 'en'), reason.code).not.toMatch(/\{\{|^[A-Z_]+$/);
    }
  });

  it('holds when the proposal names neither its actor nor a risk', () => {
    for (const item of corpus) {
      const { action } = assessProposal({ kind: item.kind, payload: item.payload, rationale: item.rationale });
      expect(evaluateConstitution(DEFAULT_CONSTITUTION, action).effect, item.id).not.toBe('allow');
    }
  });
});
