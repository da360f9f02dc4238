import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { samplePattern, sampleValue } from '../../src/codegen/model/sample-values.js';
import type { BlueprintField } from '../../src/contracts/index.js';
import { sampleBlueprint, sampleNames } from './samples.js';

const patterns = [
  '^[A-Z0-9-]{4,20}$',
  '^[12][0-9]{9}$',
  '^[A-Z]{2,6}$',
  '^[0-9A-Z-]{5,30}$',
  '^[A-Z]{2}$',
  '^[0-9]{4}$',
  '^[A-Z]{3}[0-9]{3}$',
  '^[0-9]{4}-(?:fall|spring|summer)$',
  '^\\d{3}-[a-z]+$',
];

describe('example values for generated tests', () => {
  it.each(patterns)('samples strings matching %s, different for each variant', (pattern) => {
    const values = Array.from({ length: 20 }, (_, n) => samplePattern(pattern, n));
    for (const value of values) expect(value).toMatch(new RegExp(pattern));
    expect(new Set(values).size).toBeGreaterThan(1);
  });

  it('answers null for patterns it cannot sample rather than a wrong value', () => {
    expect(samplePattern('^[^a]+$', 0)).toBeNull();
    expect(samplePattern('^(a', 0)).toBeNull();
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.nat({ max: 50 }), (pattern, n) => {
        const value = samplePattern(pattern, n);
        if (value !== null) expect(new RegExp(pattern).test(value)).toBe(true);
      }),
    );
  });

  it.each(sampleNames)('gives every field of %s valid values, distinct where the field is unique', (sample) => {
    for (const entity of sampleBlueprint(sample).entities) {
      for (const field of entity.fields) {
        const values = Array.from({ length: 24 }, (_, n) => sampleValue(field as BlueprintField, n));
        if (field.unique) expect(new Set(values.map((value) => JSON.stringify(value))).size).toBe(24);
        for (const value of values) {
          if (field.pattern && typeof value === 'string') expect(value).toMatch(new RegExp(field.pattern));
          if (typeof value === 'number') {
            if (field.min !== undefined) expect(value).toBeGreaterThanOrEqual(field.min);
            if (field.max !== undefined) expect(value).toBeLessThanOrEqual(field.max);
          }
          if (typeof value === 'string' && ['string', 'text'].includes(field.type)) {
            if (field.max !== undefined) expect(value.length).toBeLessThanOrEqual(field.max);
            if (field.min !== undefined) expect(value.length).toBeGreaterThanOrEqual(field.min);
          }
        }
      }
    }
  });
});
