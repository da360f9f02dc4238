import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyBlueprintPatch, validateBlueprint } from '../../src/index.js';
import { planFollowUp, planPlatform } from '../../src/orchestrator/index.js';
import { entityCatalogue, roleCatalogue } from '../../src/orchestrator/offline-planner/domain-catalogue.js';
import { fieldLexicon } from '../../src/orchestrator/offline-planner/field-lexicon.js';

/** Catalogue words, request glue in both languages, and noise: prompts the planner was not written for. */
const words = [
  ...entityCatalogue.flatMap((entity) => entity.keywords),
  ...fieldLexicon.flatMap((field) => field.keywords),
  ...roleCatalogue.flatMap((role) => role.keywords),
  ...[
    'add',
    'remove',
    'can',
    'read',
    'update',
    'manage',
    'have',
    'with',
    'and',
    'them',
    ';',
    '.',
    ',',
    'card payments',
  ],
  ...['أضف', 'احذف', 'يمكن', 'قراءة', 'تعديل', 'لكل', 'مع', 'و', '،', 'البيانات الشخصية', 'السعودية', 'EU residents'],
  ...['widgets', 'order', 'user', 'table', 'constructor', '__proto__', '١٢٣', 'ـــ', 'مَوْعِد'],
];
const prompt = fc
  .array(fc.constantFrom(...words), { minLength: 1, maxLength: 14 })
  .map((parts) => parts.join(' '))
  .filter((text) => text.trim().length > 0);

describe('offline planner properties', () => {
  it('answers any mix of catalogue words with a valid Blueprint and valid follow-up patches', () => {
    fc.assert(
      fc.property(prompt, prompt, (first, second) => {
        const { blueprint } = planPlatform(first);
        const validation = validateBlueprint(blueprint);
        expect(validation.ok ? [] : validation.errors).toEqual([]);
        const { patch } = planFollowUp(blueprint, second);
        const applied = applyBlueprintPatch(blueprint, patch);
        expect(applied.ok ? null : applied.error).toBeNull();
      }),
      { numRuns: 150, seed: 7 },
    );
  });
});
