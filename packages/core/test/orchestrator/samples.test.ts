import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applyBlueprintPatch, validateBlueprint } from '../../src/index.js';
import { planFollowUp } from '../../src/orchestrator/index.js';

const samplesDir = new URL('../../samples/', import.meta.url);
const samples = readdirSync(samplesDir).filter((name) => name.endsWith('.blueprint.json'));

describe('follow-ups on the hand-written samples', () => {
  it.each(samples)('%s takes invoices for accountants in English and Arabic', (name) => {
    const sample = JSON.parse(readFileSync(new URL(name, samplesDir), 'utf8'));
    for (const prompt of [
      'add invoices with amount and due date; accountants can read them',
      'أضف الفواتير مع المبلغ وتاريخ الاستحقاق، ويمكن للمحاسبين قراءتها',
    ]) {
      const { patch } = planFollowUp(sample, prompt);
      const applied = applyBlueprintPatch(sample, patch);
      if (!applied.ok) throw new Error(JSON.stringify(applied.error));
      expect(validateBlueprint(applied.blueprint).ok).toBe(true);
      const accountant = applied.blueprint.permissions.find(
        (permission) => permission.role === 'Accountant' && permission.entity === 'Invoice',
      );
      expect(accountant?.actions).toEqual(expect.arrayContaining(['read']));
    }
  });
});
