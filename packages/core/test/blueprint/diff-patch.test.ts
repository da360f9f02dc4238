import { describe, expect, it } from 'vitest';
import type { BlueprintInput, BlueprintPatch } from '../../src/contracts/index.js';
import { patchFailureText } from '../../src/contracts/index.js';
import { applyBlueprintPatch, diffBlueprints, normalizeBlueprint, serializeBlueprint } from '../../src/index.js';
import { billingBlueprint, loadSamples } from './fixtures.js';

function edited(edit: (draft: Required<BlueprintInput>) => void): BlueprintInput {
  const draft = billingBlueprint() as Required<BlueprintInput>;
  edit(draft);
  return draft;
}

const dueDate = { name: 'dueDate', type: 'date', label: { en: 'Due date', ar: 'تاريخ الاستحقاق' } } as const;

function roundTrips(a: BlueprintInput, b: BlueprintInput): BlueprintPatch {
  const patch = diffBlueprints(a, b);
  const result = applyBlueprintPatch(a, patch);
  expect(result.ok ? serializeBlueprint(result.blueprint) : result.error).toBe(serializeBlueprint(b));
  return patch;
}

describe('diffBlueprints', () => {
  it('finds nothing between equal Blueprints', () => {
    expect(diffBlueprints(billingBlueprint(), normalizeBlueprint(billingBlueprint()))).toEqual([]);
  });

  it('adds a field to Invoice in one add operation', () => {
    const b = edited((draft) => draft.entities[1]?.fields?.splice(1, 0, dueDate));
    const patch = roundTrips(billingBlueprint(), b);
    expect(patch).toEqual([
      {
        op: 'add',
        path: '/entities/1/fields/1',
        value: { ...dueDate, classification: 'internal', required: false, unique: false },
      },
    ]);
  });

  it('matches named things by name, not position', () => {
    const b = edited((draft) => {
      draft.entities.reverse();
      const total = draft.entities[0]?.fields?.[1];
      if (total) total.required = true;
    });
    const patch = roundTrips(billingBlueprint(), b);
    expect(patch).toEqual([
      { op: 'move', from: '/entities/0', path: '/entities/1' },
      { op: 'replace', path: '/entities/0/fields/1/required', value: true },
    ]);
  });

  it('moves only what left its place', () => {
    const a = edited((draft) => {
      draft.roles = ['A', 'B', 'C', 'D', 'E'].map((name) => ({ name, label: { en: name, ar: name } }));
      draft.permissions = [];
      draft.api.endpoints = [];
    });
    const b = edited((draft) => {
      draft.roles = ['B', 'C', 'D', 'E', 'A'].map((name) => ({ name, label: { en: name, ar: name } }));
      draft.permissions = [];
      draft.api.endpoints = [];
    });
    expect(roundTrips(a, b)).toEqual([{ op: 'move', from: '/roles/0', path: '/roles/4' }]);
  });

  it('removes, adds and changes in one patch', () => {
    const b = edited((draft) => {
      draft.pages.splice(1, 1);
      draft.roles.push({ name: 'Auditor', label: { en: 'Auditor', ar: 'مدقق' } });
      draft.permissions.push({ role: 'Auditor', entity: 'Invoice', actions: ['read', 'list'] });
      draft.platform.compliance = ['GDPR'];
      draft.platform.locales = ['en', 'ar', 'fr'];
      draft.api.crud = false;
      for (const item of [...draft.entities, ...draft.roles]) Object.assign(item.label, { fr: item.name });
      for (const entity of draft.entities) {
        Object.assign(entity.pluralLabel, { fr: entity.name });
        for (const field of entity.fields ?? []) Object.assign(field.label, { fr: field.name });
      }
      for (const page of draft.pages) Object.assign(page.title, { fr: page.name });
    });
    roundTrips(billingBlueprint(), b);
  });

  it('turns every sample into every other sample', () => {
    const samples = loadSamples().map(({ document }) => document as BlueprintInput);
    for (const a of samples) for (const b of samples) roundTrips(a, b);
  });
});

describe('applyBlueprintPatch', () => {
  it('applies every RFC 6902 operation', () => {
    const patch: BlueprintPatch = [
      { op: 'test', path: '/platform/name', value: 'Billing' },
      { op: 'replace', path: '/platform/name', value: 'Billing Plus' },
      { op: 'copy', from: '/entities/1/fields/0', path: '/entities/1/fields/-' },
      { op: 'replace', path: '/entities/1/fields/2/name', value: 'reference' },
      { op: 'move', from: '/entities/1/fields/2', path: '/entities/1/fields/0' },
      { op: 'remove', path: '/integrations/0' },
      { op: 'add', path: '/platform/compliance/-', value: 'GDPR' },
    ];
    const result = applyBlueprintPatch(billingBlueprint(), patch);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.blueprint.platform).toMatchObject({ name: 'Billing Plus', compliance: ['GDPR'] });
    expect(result.blueprint.entities[1]?.fields.map((field) => field.name)).toEqual(['reference', 'number', 'total']);
    expect(result.blueprint.integrations).toEqual([]);
  });

  it('honours test operations: a stale patch changes nothing', () => {
    const base = billingBlueprint();
    const before = serializeBlueprint(base);
    const result = applyBlueprintPatch(base, [
      { op: 'replace', path: '/platform/name', value: 'Renamed' },
      { op: 'test', path: '/entities/0/name', value: 'Client' },
    ]);
    expect(result).toMatchObject({ ok: false, error: { code: 'TEST_FAILED', opIndex: 1 } });
    expect(serializeBlueprint(base)).toBe(before);
  });

  it.each([
    ['a missing member', [{ op: 'remove', path: '/entities/5' }], 'PATH_NOT_FOUND', 0],
    ['an index past the end', [{ op: 'add', path: '/roles/9', value: {} }], 'PATH_NOT_FOUND', 0],
    ['a child of a missing parent', [{ op: 'add', path: '/nothing/here', value: 1 }], 'PATH_NOT_FOUND', 0],
    ['a non-numeric index', [{ op: 'replace', path: '/roles/first', value: {} }], 'INVALID_PATH', 0],
    ['a move into its own child', [{ op: 'move', from: '/api', path: '/api/endpoints/0' }], 'INVALID_PATH', 0],
    ['removing the whole document', [{ op: 'remove', path: '' }], 'INVALID_PATH', 0],
    [
      'the prototype',
      [
        { op: 'test', path: '/platform/name', value: 'Billing' },
        { op: 'add', path: '/__proto__/polluted', value: true },
      ],
      'INVALID_PATH',
      1,
    ],
  ] as const)('names the operation that fails on %s', (_name, patch, code, opIndex) => {
    const result = applyBlueprintPatch(billingBlueprint(), patch);
    expect(result).toMatchObject({ ok: false, error: { code, opIndex } });
    if (!result.ok) {
      expect(patchFailureText(result.error, 'ar')).toMatch(/[\u0600-\u06FF]/);
      expect(patchFailureText(result.error, 'en')).toMatch(new RegExp(`^Operation ${opIndex + 1} \\(`));
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a result that is not a valid Blueprint, with the issues', () => {
    const result = applyBlueprintPatch(billingBlueprint(), [
      { op: 'replace', path: '/relations/0/to', value: 'Receipt' },
    ]);
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'INVALID_RESULT', issues: [{ code: 'UNKNOWN_ENTITY', path: '/relations/0/to' }] },
    });
    expect(result.ok || result.error.opIndex).toBeUndefined();
  });

  it('refuses a patch that is not a list of operations', () => {
    const result = applyBlueprintPatch(billingBlueprint(), [{ op: 'rename', path: '/a' }]);
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_PATCH', issues: [{ path: '/0/op' }] } });
  });

  it('does not let later operations change values the patch added', () => {
    const value = { name: 'Auditor', label: { en: 'Auditor', ar: 'مدقق' } };
    const result = applyBlueprintPatch(billingBlueprint(), [
      { op: 'add', path: '/roles/-', value },
      { op: 'replace', path: '/roles/2/label/en', value: 'Inspector' },
    ]);
    expect(result.ok).toBe(true);
    expect(value.label.en).toBe('Auditor');
  });
});
