import { describe, expect, it } from 'vitest';
import { type BlueprintIssue, issueText } from '../../src/contracts/index.js';
import { migrateBlueprint, validateBlueprint } from '../../src/index.js';

const labels = (en: string, ar: string) => ({ en, ar });

/** A version-0 Blueprint, the format before `schemaVersion`: maps instead of lists. */
function clinicV0() {
  return {
    version: 0,
    name: 'Small Clinic',
    slug: 'small-clinic',
    domain: 'healthcare',
    locales: ['ar', 'en'],
    compliance: ['HIPAA'],
    entities: {
      Patient: {
        label: labels('Patient', 'مريض'),
        plural: labels('Patients', 'المرضى'),
        fields: {
          fullName: { type: 'string', label: labels('Full name', 'الاسم الكامل'), required: true, sensitive: 'pii' },
          history: { type: 'text', label: labels('History', 'التاريخ المرضي'), sensitive: 'phi' },
        },
      },
      Visit: {
        label: labels('Visit', 'زيارة'),
        plural: labels('Visits', 'الزيارات'),
        fields: {
          patient: { type: 'ref', to: 'Patient', label: labels('Patient', 'المريض'), required: true },
          referredBy: { type: 'ref', to: 'Patient', label: labels('Referred by', 'أحاله') },
          kind: {
            type: 'enum',
            label: labels('Kind', 'النوع'),
            values: { checkup: labels('Check-up', 'فحص'), emergency: labels('Emergency', 'طوارئ') },
          },
        },
      },
    },
    roles: {
      Doctor: { label: labels('Doctor', 'طبيب'), can: { Patient: ['read', 'list'], Visit: ['create', 'read'] } },
    },
  };
}

describe('migrateBlueprint', () => {
  it('leaves a current Blueprint as it is', () => {
    const document = { schemaVersion: 1 };
    expect(migrateBlueprint(document)).toEqual({ ok: true, document, from: 1 });
  });

  it('turns version 0 into a valid version 1', () => {
    const result = validateBlueprint(clinicV0());
    expect(result.ok ? [] : result.errors).toEqual([]);
    if (!result.ok) return;
    expect(result.migratedFrom).toBe(0);
    const { blueprint } = result;
    expect(blueprint.schemaVersion).toBe(1);
    expect(blueprint.platform).toMatchObject({ locales: ['ar', 'en'], defaultLocale: 'ar', compliance: ['HIPAA'] });
    expect(blueprint.entities.map((entity) => entity.name)).toEqual(['Patient', 'Visit']);
    expect(blueprint.entities[0]?.fields.map((field) => [field.name, field.classification])).toEqual([
      ['fullName', 'pii'],
      ['history', 'phi'],
    ]);
    expect(blueprint.entities[1]?.fields.map((field) => field.name)).toEqual(['kind']);
    expect(blueprint.entities[1]?.fields[0]?.values?.map((value) => value.name)).toEqual(['checkup', 'emergency']);
    expect(blueprint.relations).toEqual([
      {
        name: 'visits',
        kind: 'one-to-many',
        from: 'Patient',
        to: 'Visit',
        inverse: 'patient',
        required: true,
        onDelete: 'restrict',
      },
      {
        name: 'visitsByReferredBy',
        kind: 'one-to-many',
        from: 'Patient',
        to: 'Visit',
        inverse: 'referredBy',
        required: false,
        onDelete: 'restrict',
      },
    ]);
    expect(blueprint.permissions).toEqual([
      { role: 'Doctor', entity: 'Patient', actions: ['read', 'list'], rows: { scope: 'all' } },
      { role: 'Doctor', entity: 'Visit', actions: ['create', 'read'], rows: { scope: 'all' } },
    ]);
  });

  it('reports what the migrated document gets wrong at its version-1 path', () => {
    const v0 = clinicV0();
    v0.entities.Patient.fields.fullName.type = 'uuid';
    const result = validateBlueprint(v0);
    expect(result.ok ? [] : result.errors).toMatchObject([
      { code: 'INVALID_VALUE', path: '/entities/0/fields/0/type' },
    ]);
  });

  it('reports a malformed version 0 document at its own paths', () => {
    const v0: Record<string, unknown> = clinicV0();
    v0.locales = [];
    delete v0.name;
    const result = migrateBlueprint(v0);
    expect(result.ok ? [] : result.errors.map(({ code, path }) => ({ code, path }))).toEqual([
      { code: 'REQUIRED', path: '/name' },
      { code: 'TOO_SMALL', path: '/locales' },
    ]);
  });

  it('calls a future version unsupported, in both languages', () => {
    const result = migrateBlueprint({ schemaVersion: 7 });
    expect(result).toMatchObject({ ok: false, errors: [{ code: 'UNSUPPORTED_VERSION', path: '/schemaVersion' }] });
    if (!result.ok) {
      expect(issueText(result.errors[0] as BlueprintIssue, 'en')).toContain('Update WebNova');
      expect(issueText(result.errors[0] as BlueprintIssue, 'ar')).toContain('حدِّث');
    }
  });

  it.each([
    [{ schemaVersion: 0 }],
    [{ schemaVersion: 1.5 }],
    [{ schemaVersion: -1 }],
    [{ version: '0' }],
    [{ version: 1 }],
  ])('calls %j an unknown version', (input) => {
    expect(migrateBlueprint(input)).toMatchObject({ ok: false, errors: [{ code: 'UNKNOWN_VERSION' }] });
  });
});
