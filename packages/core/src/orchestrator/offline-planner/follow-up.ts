import { diffBlueprints, normalizeBlueprint, summarizePatch } from '../../blueprint/index.js';
import type { Blueprint, BlueprintPatch, BlueprintPatchSummary } from '../../contracts/index.js';
import { type DraftSettings, removeEntity, removeField } from './blueprint-draft.js';
import { applyIntent, currencyFor } from './compose-blueprint.js';
import { analyzeIntent, type PlannerIntent, type Region } from './intent.js';

export interface FollowUpPlan {
  patch: BlueprintPatch;
  summary: BlueprintPatchSummary;
  intent: PlannerIntent;
}

/** The currency the Blueprint already uses for money, so new amounts match the old ones. */
function currencyOf(blueprint: Blueprint, fallback: string): string {
  for (const entity of blueprint.entities) {
    for (const field of entity.fields) if (field.currency) return field.currency;
  }
  return fallback;
}

/**
 * Turns a follow-up request into a patch of `blueprint`: the change is made on a copy, then
 * described as the difference, so the patch holds exactly what changed.
 */
export function planFollowUpOn(blueprint: Blueprint, prompt: string): FollowUpPlan {
  const base = normalizeBlueprint(blueprint);
  const intent = analyzeIntent(prompt, { known: base.entities.map((entity) => entity.name) });
  const draft = structuredClone(base);
  const primaryLocale = base.platform.defaultLocale.startsWith('ar') ? 'ar' : 'en';
  const region: Region | undefined = intent.region;
  const settings: DraftSettings = {
    locales: base.platform.locales,
    currency: currencyOf(base, currencyFor({ primaryLocale, ...(region ? { region } : {}) })),
    ...(region ? { region } : {}),
  };
  for (const { entity, field } of intent.removedFields) removeField(draft, entity, field);
  for (const entity of intent.removedEntities) removeEntity(draft, entity);
  applyIntent(draft, intent, settings);
  const patch = diffBlueprints(base, draft);
  return { patch, summary: summarizePatch(base, patch), intent };
}
