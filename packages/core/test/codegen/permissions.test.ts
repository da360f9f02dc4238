import { describe, expect, it } from 'vitest';
import { getTemplate, templateNames } from '../../src/index.js';
import { fileOf, sampleBlueprint, sampleNames } from './samples.js';

describe.each(templateNames())('permissions in %s', (templateName) => {
  it.each(sampleNames)('%s: the matrix is in the output cell for cell, and enforced by every operation', (sample) => {
    const blueprint = sampleBlueprint(sample);
    const files = getTemplate(templateName).render(blueprint);
    const matrix = fileOf(files, 'api/src/access/permissions.ts');
    expect(fileOf(files, 'web/src/generated/permissions.ts')).toBe(matrix);
    for (const permission of blueprint.permissions) {
      const start = matrix.indexOf(`\n  ${permission.entity}: {\n`);
      const block = matrix.slice(start, matrix.indexOf('\n  },', start));
      const actions = permission.actions.map((action) => `'${action}'`).join(', ');
      const rows =
        permission.rows.scope === 'own'
          ? `{ scope: 'own', key: '${permission.rows.field}', match: `
          : "{ scope: 'all' } },";
      expect(block).toContain(`    ${permission.role}: { actions: [${actions}], rows: ${rows}`);
    }
    const granted = blueprint.permissions.reduce((sum, permission) => sum + permission.actions.length, 0);
    expect(matrix.match(/'(create|read|update|delete|list)'/g)?.length).toBe(granted + 5);
    for (const role of blueprint.roles) expect(fileOf(files, 'README.md')).toContain(`| ${role.name} |`);
    for (const entity of blueprint.entities) {
      const file = files.find((item) => item.entity === entity.name && item.path.startsWith('api/src/entities/'));
      const source = file?.content ?? '';
      for (const action of ['list', 'read', 'create', 'update', 'delete']) {
        expect(source).toContain(`authorize(context, entityName, '${action}')`);
      }
    }
  });

  it('compiles "own records" rules into row filters and forced owner values', () => {
    const files = getTemplate(templateName).render(sampleBlueprint('clinic-appointments'));
    const appointment = fileOf(files, 'api/src/entities/appointment.ts');
    expect(appointment).toContain("case 'doctor':");
    expect(appointment).toContain('eq(appointmentTable.doctor, user.personId)');
    expect(appointment).toContain('return { patient: user.personId };');
    const patient = fileOf(files, 'api/src/entities/patient.ts');
    expect(patient).toContain(`lower(\${patientTable.email}) = \${user.email.toLowerCase()}`);
    const tests = fileOf(files, 'api/test/appointment.test.ts');
    expect(tests).toContain('shows Clinician only their own Appointment records');
    expect(tests).toContain('refuses Clinician to create Appointment records');
  });

  it('writes one denial test per role lacking a grant', () => {
    const blueprint = sampleBlueprint('municipal-permits');
    const files = getTemplate(templateName).render(blueprint);
    for (const entity of blueprint.entities) {
      const tests =
        files.find((file) => file.entity === entity.name && file.path.startsWith('api/test/'))?.content ?? '';
      for (const role of blueprint.roles) {
        const grant = blueprint.permissions.find((item) => item.role === role.name && item.entity === entity.name);
        const lacking = !grant || grant.actions.length < 5;
        expect(tests.includes(`refuses ${role.name} to `)).toBe(lacking);
      }
    }
  });
});
