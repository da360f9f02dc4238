import { describe, expect, it, vi } from 'vitest';
import { CoreError } from '../../src/contracts/index.js';
import { defaultTemplateName, getTemplate, templateNames, templates, validateBlueprint } from '../../src/index.js';
import { sampleBlueprint, sampleNames } from './samples.js';

describe('template registry', () => {
  it('lists the templates and names react-express the default', () => {
    expect(templateNames()).toEqual(['react-express', 'vue-fastify']);
    expect(defaultTemplateName).toBe('react-express');
    expect(getTemplate(defaultTemplateName)).toBe(templates['react-express']);
    for (const name of templateNames()) expect(getTemplate(name).version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('refuses an unknown name with the known ones in the message', () => {
    let error: unknown;
    try {
      getTemplate('angular-rails');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(CoreError);
    expect((error as CoreError).code).toBe('INVALID_INPUT');
    expect((error as CoreError).message).toContain('react-express, vue-fastify');
    expect(() => getTemplate('constructor')).toThrow(CoreError);
  });
});

describe.each(templateNames())('template %s', (templateName) => {
  const template = getTemplate(templateName);

  it.each(sampleNames)('renders %s into a complete workspace with unique, sorted paths', (sample) => {
    const files = template.render(sampleBlueprint(sample));
    const paths = files.map((file) => file.path);
    expect(new Set(paths).size).toBe(paths.length);
    expect(paths).toEqual([...paths].sort());
    for (const path of [
      'package.json',
      'README.md',
      'api/package.json',
      'api/migrations/0001_init.sql',
      'api/src/db/schema.ts',
      'api/src/access/permissions.ts',
      'api/src/auth/password.ts',
      'api/src/compliance/audit.ts',
      'api/test/auth.test.ts',
      'web/package.json',
      'web/webnova-source.ts',
    ]) {
      expect(paths).toContain(path);
    }
    for (const file of files) {
      expect(file.path).toMatch(/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/);
      expect(file.content.endsWith('\n')).toBe(true);
    }
    const blueprint = sampleBlueprint(sample);
    for (const entity of blueprint.entities) {
      const owned = files.filter((file) => file.entity === entity.name).map((file) => file.path);
      expect(owned.some((path) => path.startsWith('api/src/entities/'))).toBe(true);
      expect(owned.some((path) => path.startsWith('api/test/'))).toBe(true);
      expect(owned.filter((path) => path.startsWith('web/src/pages/'))).toHaveLength(3);
    }
  });

  it('is deterministic: the same Blueprint gives byte-identical files, whatever its key order', () => {
    const blueprint = sampleBlueprint('clinic-appointments');
    const reordered = JSON.parse(JSON.stringify(blueprint, Object.keys(blueprint).reverse()));
    const first = template.render(blueprint);
    const second = template.render(structuredClone(blueprint));
    expect(second).toEqual(first);
    const third = getTemplate(templateName).render({ ...reordered, ...blueprint });
    expect(third.map((file) => file.content).join('\0')).toBe(first.map((file) => file.content).join('\0'));
  });

  it('writes no clock or machine values into the output', () => {
    const blueprint = sampleBlueprint('payments-back-office');
    vi.useFakeTimers({ now: new Date('2001-02-03T04:05:06Z') });
    const early = template.render(blueprint);
    vi.setSystemTime(new Date('2039-12-31T23:59:59Z'));
    const late = template.render(blueprint);
    vi.useRealTimers();
    expect(late).toEqual(early);
    const output = early.map((file) => file.content).join('\n');
    expect(output).not.toContain(process.cwd());
  });

  it('renames a record type that would shadow a name the generated code uses', () => {
    const base = sampleBlueprint('school-registry');
    const label = { en: 'Row', ar: 'صف' };
    const document = {
      ...base,
      entities: [
        ...base.entities,
        { name: 'Row', label, pluralLabel: label, fields: [{ name: 'title', type: 'string', label }] },
      ],
    };
    const validation = validateBlueprint(document);
    expect(validation.ok).toBe(true);
    if (!validation.ok) return;
    const files = template.render(validation.blueprint);
    const service = files.find((file) => file.path === 'api/src/entities/row.ts')?.content ?? '';
    expect(service).toContain('export interface RowRecord {');
    expect(service).toContain('type Row = typeof rowTable.$inferSelect;');
  });

  it('pins every dependency to an exact version', () => {
    const files = template.render(sampleBlueprint('school-registry'));
    for (const path of ['package.json', 'api/package.json', 'web/package.json']) {
      const manifest = JSON.parse(files.find((file) => file.path === path)?.content ?? '{}') as Record<
        string,
        Record<string, string> | undefined
      >;
      for (const version of [
        ...Object.values(manifest.dependencies ?? {}),
        ...Object.values(manifest.devDependencies ?? {}),
      ]) {
        expect(version).toMatch(/^\d+\.\d+\.\d+$/);
      }
    }
  });
});
