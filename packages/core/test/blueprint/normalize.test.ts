import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { blueprintHash, normalizeBlueprint, serializeBlueprint, validateBlueprint } from '../../src/index.js';
import { billingBlueprint, loadSamples } from './fixtures.js';

/** The same JSON with every object's keys in reverse order. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([key, item]) => [key, reverseKeys(item)]),
  );
}

describe('normalizeBlueprint', () => {
  it('fills defaults and orders keys as the schema does', () => {
    const normal = normalizeBlueprint(billingBlueprint());
    expect(Object.keys(normal)).toEqual([
      'schemaVersion',
      'platform',
      'entities',
      'relations',
      'roles',
      'permissions',
      'pages',
      'navigation',
      'api',
      'integrations',
    ]);
    expect(Object.keys(normal.platform)).toEqual([
      'name',
      'slug',
      'description',
      'domain',
      'locales',
      'defaultLocale',
      'compliance',
    ]);
    expect(normal.entities[1]?.fields[1]).toEqual({
      name: 'total',
      type: 'money',
      label: { en: 'Total', ar: 'المجموع' },
      classification: 'internal',
      required: false,
      unique: false,
      min: 0,
      currency: 'USD',
    });
    expect(normal.pages[0]?.roles).toEqual([]);
    expect(normal.relations[0]).toMatchObject({ required: false, onDelete: 'restrict' });
  });

  it('serialises Blueprints that differ only in key order, label order and set order byte for byte alike', () => {
    const a = billingBlueprint();
    const b = reverseKeys(billingBlueprint()) as typeof a;
    a.platform.compliance = ['GDPR', 'PCI-DSS'];
    b.platform.compliance = ['PCI-DSS', 'GDPR'];
    (b.permissions ?? [])[0]?.actions.reverse();
    expect(Object.keys(b.entities?.[0]?.label ?? {})).toEqual(['ar', 'en']);
    expect(serializeBlueprint(b)).toBe(serializeBlueprint(a));
    expect(blueprintHash(b)).toBe(blueprintHash(a));
  });

  it('puts labels in the platform locale order, other keys after by code', () => {
    const draft = billingBlueprint();
    draft.platform.locales = ['ar', 'en'];
    const first = draft.entities?.[0];
    if (first) first.label = { fr: 'Client', en: 'Customer', de: 'Kunde', ar: 'عميل' };
    expect(Object.keys(normalizeBlueprint(draft).entities[0]?.label ?? {})).toEqual(['ar', 'en', 'de', 'fr']);
  });

  it('keeps named things in their declared order', () => {
    const draft = billingBlueprint();
    draft.entities?.reverse();
    expect(normalizeBlueprint(draft).entities.map((entity) => entity.name)).toEqual(['Invoice', 'Customer']);
  });

  it('is idempotent, and the serialised form is 2-space JSON with a final newline whose hash is its sha256', () => {
    const once = normalizeBlueprint(billingBlueprint());
    expect(normalizeBlueprint(once)).toEqual(once);
    const text = serializeBlueprint(once);
    expect(text).toBe(`${JSON.stringify(once, null, 2)}\n`);
    expect(blueprintHash(once)).toBe(createHash('sha256').update(text).digest('hex'));
  });

  // Whitespace aside (the repository's formatter lays short arrays on one line), samples are stored normalised.
  it.each(loadSamples())('stores the sample $file in its normal form', ({ document }) => {
    const result = validateBlueprint(document);
    expect(result.ok).toBe(true);
    if (result.ok)
      expect(JSON.stringify(document)).toBe(JSON.stringify(JSON.parse(serializeBlueprint(result.blueprint))));
  });

  it('refuses a document that is not Blueprint-shaped with INVALID_INPUT', () => {
    expect(() => normalizeBlueprint({ schemaVersion: 1 } as never)).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
  });
});
