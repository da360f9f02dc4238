import { describe, expect, it } from 'vitest';
import type { Blueprint, ComplianceRegime } from '../../src/contracts/index.js';
import { getTemplate, templateNames } from '../../src/index.js';
import { fileOf, sampleBlueprint } from './samples.js';

const controlFiles = {
  fieldCrypto: 'api/src/compliance/field-crypto.ts',
  accessLog: 'api/src/compliance/access-log.ts',
  privacy: 'api/src/compliance/privacy.ts',
  cardData: 'api/src/compliance/card-data.ts',
} as const;

function withRegimes(blueprint: Blueprint, compliance: ComplianceRegime[]): Blueprint {
  return { ...blueprint, platform: { ...blueprint.platform, compliance } };
}

function controlsIn(blueprint: Blueprint, templateName: string) {
  const files = getTemplate(templateName).render(blueprint);
  const paths = new Set(files.map((file) => file.path));
  const present = Object.fromEntries(Object.entries(controlFiles).map(([name, path]) => [name, paths.has(path)]));
  return { files, present };
}

describe.each(templateNames())('compliance controls in %s', (templateName) => {
  it('HIPAA: encrypts and access-logs phi fields, and nothing else is switched on', () => {
    const { files, present } = controlsIn(sampleBlueprint('clinic-appointments'), templateName);
    expect(present).toEqual({ fieldCrypto: true, accessLog: true, privacy: false, cardData: false });
    const patient = fileOf(files, 'api/src/entities/patient.ts');
    expect(patient).toContain("phiFields = ['medicalRecordNumber', 'allergies']");
    expect(patient).toContain('encryptField(input.allergies ?? null)');
    expect(patient).toContain("'medicalRecordNumber$lookup': lookupHash(input.medicalRecordNumber)");
    expect(patient).toContain('logPhiAccess(');
    // A pii field is neither encrypted nor logged.
    expect(patient).toContain('fullName: input.fullName,');
    const migration = fileOf(files, 'api/migrations/0001_init.sql');
    expect(migration).toContain('CREATE TABLE "access_log"');
    expect(migration).toContain('"allergies" text,');
    expect(fileOf(files, 'api/vitest.config.ts')).toContain('PHI_ENCRYPTION_KEY');
    expect(fileOf(files, '.env.example')).toContain('PHI_ENCRYPTION_KEY=');
    expect(fileOf(files, 'api/src/server.ts')).toContain('checkEncryptionKey()');
    expect(fileOf(files, 'api/test/compliance.test.ts')).toContain('encrypts health data at rest');
  });

  it('GDPR: consent records, export and erasure of a person; no health or card controls', () => {
    const { files, present } = controlsIn(sampleBlueprint('school-registry'), templateName);
    expect(present).toEqual({ fieldCrypto: false, accessLog: false, privacy: true, cardData: false });
    const privacy = fileOf(files, 'api/src/compliance/privacy.ts');
    expect(privacy).toContain('export async function exportPersonalData');
    expect(privacy).toContain('export async function erasePersonalData');
    expect(fileOf(files, 'api/migrations/0001_init.sql')).toContain('CREATE TABLE "consent_record"');
    const routes = fileOf(files, 'api/src/routes/privacy.ts');
    for (const path of ['/api/privacy/consents', '/api/privacy/export', '/api/privacy/erase'])
      expect(routes).toContain(path);
    const tests = fileOf(files, 'api/test/compliance.test.ts');
    expect(tests).toContain('exports and erases');
    expect(tests).toContain('records consents');
  });

  it('PCI-DSS: refuses card numbers and audits reads', () => {
    const { files, present } = controlsIn(sampleBlueprint('payments-back-office'), templateName);
    expect(present.cardData).toBe(true);
    expect(present.fieldCrypto).toBe(false);
    expect(fileOf(files, 'api/src/entities/charge.ts')).toContain('assertNoCardData(input)');
    expect(fileOf(files, 'api/src/entities/charge.ts')).toContain('PCI-DSS: reads are audited too.');
    expect(fileOf(files, 'api/test/compliance.test.ts')).toContain('refuses card numbers');
  });

  it('switches every control off without regimes, but keeps the append-only audit log', () => {
    const { files, present } = controlsIn(withRegimes(sampleBlueprint('school-registry'), []), templateName);
    expect(present).toEqual({ fieldCrypto: false, accessLog: false, privacy: false, cardData: false });
    const migration = fileOf(files, 'api/migrations/0001_init.sql');
    expect(migration).toContain('CREATE TABLE "audit_log"');
    expect(migration).toContain('BEFORE UPDATE OR DELETE ON "audit_log"');
    expect(migration).not.toContain('consent_record');
    expect(fileOf(files, 'api/src/entities/student.ts')).toContain(
      "recordAudit(context.db, { actorId: user.id, action: 'create'",
    );
    expect(fileOf(files, 'api/src/entities/student.ts')).not.toContain('assertNoCardData');
  });

  it('adds controls when a regime is added to the same Blueprint', () => {
    const base = sampleBlueprint('school-registry');
    const pci = controlsIn(withRegimes(base, ['GDPR', 'PCI-DSS']), templateName);
    expect(pci.present).toEqual({ fieldCrypto: false, accessLog: false, privacy: true, cardData: true });
    expect(fileOf(pci.files, 'README.md')).toContain('PCI-DSS, no card data');
    expect(fileOf(controlsIn(base, templateName).files, 'README.md')).not.toContain('PCI-DSS');
  });
});
