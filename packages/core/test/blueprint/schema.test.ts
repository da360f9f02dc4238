import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { applyJsonPatch } from '../../src/blueprint/json-patch.js';
import type { JsonValue } from '../../src/blueprint/json-value.js';
import { Blueprint, blueprintJsonSchema } from '../../src/contracts/index.js';
import { normalizeBlueprint } from '../../src/index.js';
import { billingBlueprint, loadSamples } from './fixtures.js';

const ajv = new Ajv2020({ allErrors: true, strict: false });
const validateJson = ajv.compile(blueprintJsonSchema());

describe('the Blueprint JSON Schema', () => {
  it('is draft 2020-12 and titled', () => {
    const schema = blueprintJsonSchema();
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.title).toBe('WebNova Blueprint');
  });

  it.each(loadSamples())('accepts the sample $file, as written and normalised', ({ document }) => {
    expect(validateJson(document), ajv.errorsText(validateJson.errors)).toBe(true);
    expect(validateJson(normalizeBlueprint(Blueprint.parse(document)))).toBe(true);
  });

  it('accepts a Blueprint that leaves its defaults out', () => {
    expect(validateJson(billingBlueprint())).toBe(true);
  });

  it.each([
    ['a wrong version', '/schemaVersion', 2],
    ['an unknown property', '/extra', true],
    ['an entity name in camelCase', '/entities/0/name', 'customer'],
    ['an unknown field type', '/entities/0/fields/0/type', 'uuid'],
    ['a label keyed by a non-locale', '/entities/0/label/English', 'Customer'],
    ['an own-rows rule without its field', '/permissions/1/rows', { scope: 'own' }],
    ['a bad endpoint path', '/api/endpoints/0/path', 'invoices'],
  ])('rejects %s, as zod does', (_name, pointer, value) => {
    const spoiled = applyJsonPatch(billingBlueprint() as JsonValue, [{ op: 'add', path: pointer, value }]);
    if (!spoiled.ok) throw new Error(`cannot set ${pointer}`);
    expect(validateJson(spoiled.document)).toBe(false);
    expect(Blueprint.safeParse(spoiled.document).success).toBe(false);
  });
});
