import { describe, expect, it } from 'vitest';
import { type BlueprintInput, type BlueprintIssue, issueText } from '../../src/contracts/index.js';
import { validateBlueprint } from '../../src/index.js';
import { billingBlueprint, loadSamples } from './fixtures.js';

type Draft = Required<BlueprintInput> & { [key: string]: unknown };

/** The issues of the billing Blueprint after `spoil` changed it. */
function issuesAfter(spoil: (draft: Draft) => void): BlueprintIssue[] {
  const draft = billingBlueprint() as Draft;
  spoil(draft);
  const result = validateBlueprint(draft);
  if (result.ok) throw new Error('expected the Blueprint to be invalid');
  return result.errors;
}

function codesAt(issues: BlueprintIssue[]) {
  return issues.map(({ code, path }) => ({ code, path }));
}

const entity = (draft: Draft, index: number) => draft.entities[index] as NonNullable<Draft['entities'][number]>;
const field = (draft: Draft, index: number, fieldIndex: number) =>
  entity(draft, index).fields?.[fieldIndex] as NonNullable<NonNullable<Draft['entities'][number]['fields']>[number]>;

describe('validateBlueprint', () => {
  it('accepts a valid Blueprint and fills its defaults', () => {
    const result = validateBlueprint(billingBlueprint());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.blueprint.platform.description).toBe('');
    expect(result.blueprint.entities[0]?.fields[0]).toMatchObject({ classification: 'internal', unique: false });
    expect(result.blueprint.api.crud).toBe(true);
    expect(result.migratedFrom).toBeUndefined();
  });

  it.each(loadSamples())('accepts the sample $file', ({ document }) => {
    const result = validateBlueprint(document);
    expect(result.ok ? [] : result.errors).toEqual([]);
  });

  describe('shape', () => {
    it('explains a wrong type, a missing member and an unknown one, in both languages', () => {
      const issues = issuesAfter((draft) => {
        (draft.platform as { name: unknown }).name = 42;
        delete (draft.platform as { slug?: string }).slug;
        draft.colour = 'blue';
      });
      expect(codesAt(issues)).toEqual(
        expect.arrayContaining([
          { code: 'INVALID_TYPE', path: '/platform/name' },
          { code: 'REQUIRED', path: '/platform/slug' },
          { code: 'UNKNOWN_PROPERTY', path: '/colour' },
        ]),
      );
      const wrongType = issues.find((issue) => issue.code === 'INVALID_TYPE');
      expect(issueText(wrongType as BlueprintIssue, 'en')).toBe('Expected text, found a number.');
      expect(issueText(wrongType as BlueprintIssue, 'ar')).toBe('يُتوقع نص، لكن وُجد رقم.');
    });

    it('names the naming rule a name breaks', () => {
      const issues = issuesAfter((draft) => {
        entity(draft, 0).name = 'customer';
        field(draft, 0, 0).name = 'Full_name';
        draft.platform.slug = 'Billing App';
      });
      expect(issues.map(({ code, path, params }) => ({ code, path, rule: params?.rule }))).toEqual([
        { code: 'INVALID_NAME', path: '/platform/slug', rule: 'kebab-case' },
        { code: 'INVALID_NAME', path: '/entities/0/name', rule: 'PascalCase' },
        { code: 'INVALID_NAME', path: '/entities/0/fields/0/name', rule: 'camelCase' },
      ]);
      expect(issueText(issues[1] as BlueprintIssue, 'en')).toBe(
        '“\u2068customer\u2069” must be PascalCase, like Invoice.'.replace(/[\u2068\u2069]/g, ''),
      );
      expect(issueText(issues[1] as BlueprintIssue, 'ar')).toContain('PascalCase');
    });

    it('reports an unknown enum value and a label keyed by something that is not a locale', () => {
      const issues = issuesAfter((draft) => {
        field(draft, 1, 0).type = 'uuid' as 'string';
        (entity(draft, 1).label as Record<string, string>).English = 'Invoice';
      });
      expect(codesAt(issues)).toEqual([
        { code: 'INVALID_NAME', path: '/entities/1/label/English' },
        { code: 'INVALID_VALUE', path: '/entities/1/fields/0/type' },
      ]);
    });

    it('reports a bad row-rule scope with the scopes there are', () => {
      const issues = issuesAfter((draft) => {
        (draft.permissions[1] as { rows: unknown }).rows = { scope: 'mine' };
      });
      expect(issues).toMatchObject([
        { code: 'INVALID_VALUE', path: '/permissions/1/rows/scope', params: { values: 'all, own' } },
      ]);
    });

    it('escapes pointer segments (RFC 6901)', () => {
      const issues = issuesAfter((draft) => {
        draft['a/b~c'] = 1;
      });
      expect(codesAt(issues)).toEqual([{ code: 'UNKNOWN_PROPERTY', path: '/a~1b~0c' }]);
    });
  });

  describe('meaning', () => {
    it('finds unknown relation targets', () => {
      const issues = issuesAfter((draft) => {
        (draft.relations[0] as { to: string }).to = 'Receipt';
      });
      expect(issues).toMatchObject([{ code: 'UNKNOWN_ENTITY', path: '/relations/0/to', params: { name: 'Receipt' } }]);
    });

    it('finds duplicate entities, fields, roles and pages, case ignored for tables and columns', () => {
      const issues = issuesAfter((draft) => {
        draft.entities.push({ ...entity(draft, 1), fields: [] });
        entity(draft, 0).fields?.push({ ...field(draft, 0, 0), name: 'fullname' });
        draft.roles.push({ name: 'Admin', label: { en: 'Boss', ar: 'رئيس' } });
        draft.pages.push({ name: 'invoiceList', kind: 'dashboard', title: { en: 'x', ar: 'س' } });
      });
      expect(codesAt(issues.filter((issue) => issue.code === 'DUPLICATE_NAME'))).toEqual([
        { code: 'DUPLICATE_NAME', path: '/entities/2/name' },
        { code: 'DUPLICATE_NAME', path: '/entities/0/fields/2/name' },
        { code: 'DUPLICATE_NAME', path: '/roles/2/name' },
        { code: 'DUPLICATE_NAME', path: '/pages/2/name' },
      ]);
    });

    it.each([
      ['an SQL key word as an entity', (d: Draft) => Object.assign(entity(d, 0), { name: 'Order' }), 'sql'],
      ['a generated table', (d: Draft) => Object.assign(entity(d, 0), { name: 'Session' }), 'generator'],
      ['a JavaScript global type', (d: Draft) => Object.assign(entity(d, 0), { name: 'Promise' }), 'global'],
      ['user as a field', (d: Draft) => Object.assign(field(d, 0, 0), { name: 'user' }), 'sql'],
      ['constructor as a field', (d: Draft) => Object.assign(field(d, 0, 0), { name: 'constructor' }), 'prototype'],
      ['id as a declared field', (d: Draft) => Object.assign(field(d, 0, 0), { name: 'id' }), 'system'],
      [
        'a JavaScript key word as a relation end',
        (d: Draft) => Object.assign(d.relations[0] ?? {}, { inverse: 'class' }),
        'javascript',
      ],
      ['toString as a page', (d: Draft) => Object.assign(d.pages[0] ?? {}, { name: 'toString' }), 'prototype'],
    ])('refuses %s', (_name, spoil, reason) => {
      const issues = issuesAfter(spoil).filter((issue) => issue.code === 'RESERVED_NAME');
      expect(issues).toHaveLength(1);
      expect(issues[0]?.params?.reason).toBe(reason);
    });

    it('finds grants on missing entities or roles, and the same cell granted twice', () => {
      const issues = issuesAfter((draft) => {
        draft.permissions.push({ role: 'Auditor', entity: 'Ledger', actions: ['read'] });
        draft.permissions.push({ role: 'Admin', entity: 'Invoice', actions: ['read', 'read'] });
      });
      expect(codesAt(issues)).toEqual([
        { code: 'UNKNOWN_ROLE', path: '/permissions/2/role' },
        { code: 'UNKNOWN_ENTITY', path: '/permissions/2/entity' },
        { code: 'DUPLICATE_GRANT', path: '/permissions/3' },
        { code: 'DUPLICATE_VALUE', path: '/permissions/3/actions/1' },
      ]);
    });

    it('finds row rules keyed on a missing field, and accepts one keyed on a held relation end', () => {
      const issues = issuesAfter((draft) => {
        draft.permissions.push({
          role: 'Accountant',
          entity: 'Invoice',
          actions: ['read'],
          rows: { scope: 'own', field: 'customer' },
        });
        draft.permissions.push({
          role: 'Admin',
          entity: 'Customer',
          actions: ['read'],
          rows: { scope: 'own', field: 'invoices' },
        });
      });
      expect(issues).toMatchObject([
        { code: 'UNKNOWN_FIELD', path: '/permissions/3/rows/field', params: { entity: 'Customer', name: 'invoices' } },
      ]);
    });

    it('refuses phi without HIPAA, and accepts it with HIPAA', () => {
      const spoil = (draft: Draft) => Object.assign(field(draft, 0, 0), { classification: 'phi' });
      expect(codesAt(issuesAfter(spoil))).toEqual([
        { code: 'PHI_WITHOUT_HIPAA', path: '/entities/0/fields/0/classification' },
      ]);
      const draft = billingBlueprint() as Draft;
      spoil(draft);
      draft.platform.compliance = ['HIPAA'];
      expect(validateBlueprint(draft).ok).toBe(true);
    });

    it('refuses any pan field, even under PCI-DSS, and card data under another name', () => {
      const issues = issuesAfter((draft) => {
        draft.platform.compliance = ['PCI-DSS'];
        Object.assign(field(draft, 1, 0), { classification: 'pan' });
        entity(draft, 1).fields?.push({ name: 'cardNumber', type: 'string', label: { en: 'Card', ar: 'بطاقة' } });
      });
      expect(codesAt(issues)).toEqual([
        { code: 'PAN_FIELD', path: '/entities/1/fields/0/classification' },
        { code: 'CARD_DATA_FIELD', path: '/entities/1/fields/2/name' },
      ]);
      expect(issueText(issues[0] as BlueprintIssue, 'en')).toContain('token');
    });

    it('finds missing labels for a declared locale, and a default locale that is not declared', () => {
      const issues = issuesAfter((draft) => {
        draft.platform.defaultLocale = 'fr';
        delete (field(draft, 1, 1).label as Record<string, string>).ar;
        delete (draft.roles[1] as { label: Record<string, string> }).label.ar;
      });
      expect(issues.map(({ code, path, params }) => ({ code, path, locale: params?.locale }))).toEqual([
        { code: 'DEFAULT_LOCALE_NOT_DECLARED', path: '/platform/defaultLocale', locale: 'fr' },
        { code: 'MISSING_LABEL', path: '/entities/1/fields/1/label', locale: 'ar' },
        { code: 'MISSING_LABEL', path: '/roles/1/label', locale: 'ar' },
      ]);
    });

    it('finds pages on missing entities, entity pages without one, and menus to missing or detail pages', () => {
      const issues = issuesAfter((draft) => {
        draft.pages.push({ name: 'ledger', kind: 'list', entity: 'Ledger', title: { en: 'L', ar: 'ل' } });
        draft.pages.push({ name: 'orphanForm', kind: 'form', title: { en: 'F', ar: 'ن' }, roles: ['Ghost'] });
        draft.navigation.push({ page: 'reports' }, { page: 'invoiceDetail' });
      });
      expect(codesAt(issues)).toEqual([
        { code: 'UNKNOWN_ENTITY', path: '/pages/2/entity' },
        { code: 'PAGE_NEEDS_ENTITY', path: '/pages/3' },
        { code: 'UNKNOWN_ROLE', path: '/pages/3/roles/0' },
        { code: 'UNKNOWN_PAGE', path: '/navigation/1/page' },
        { code: 'NAVIGATION_TO_DETAIL', path: '/navigation/2/page' },
      ]);
    });

    it('checks field constraints against the field type', () => {
      const issues = issuesAfter((draft) => {
        entity(draft, 1).fields?.push(
          { name: 'status', type: 'enum', label: { en: 'S', ar: 'ح' } },
          { name: 'paid', type: 'bool', label: { en: 'P', ar: 'م' }, pattern: '^x$', unique: true },
          { name: 'code', type: 'string', label: { en: 'C', ar: 'ر' }, pattern: '([', min: 5, max: 2 },
          { name: 'notes', type: 'text', label: { en: 'N', ar: 'م' }, currency: 'USD', values: [] },
        );
      });
      expect(codesAt(issues)).toEqual([
        { code: 'ENUM_WITHOUT_VALUES', path: '/entities/1/fields/2' },
        { code: 'CONSTRAINT_NOT_APPLICABLE', path: '/entities/1/fields/3/pattern' },
        { code: 'CONSTRAINT_NOT_APPLICABLE', path: '/entities/1/fields/3/unique' },
        { code: 'INVALID_RANGE', path: '/entities/1/fields/4/max' },
        { code: 'INVALID_PATTERN', path: '/entities/1/fields/4/pattern' },
        { code: 'CONSTRAINT_NOT_APPLICABLE', path: '/entities/1/fields/5/values' },
        { code: 'CONSTRAINT_NOT_APPLICABLE', path: '/entities/1/fields/5/currency' },
      ]);
    });

    it('finds relation ends that clash with fields, and impossible delete rules', () => {
      const issues = issuesAfter((draft) => {
        Object.assign(draft.relations[0] ?? {}, { inverse: 'total', required: true, onDelete: 'set-null' });
        draft.relations.push({
          name: 'tags',
          kind: 'many-to-many',
          from: 'Invoice',
          to: 'Customer',
          inverse: 'taggedInvoices',
          onDelete: 'set-null',
        });
      });
      expect(codesAt(issues)).toEqual([
        { code: 'NAME_CLASH', path: '/relations/0/inverse' },
        { code: 'INVALID_DELETE_RULE', path: '/relations/0/onDelete' },
        { code: 'INVALID_DELETE_RULE', path: '/relations/1/onDelete' },
      ]);
    });

    it('finds endpoints that answer the same route, and endpoint roles that do not exist', () => {
      const issues = issuesAfter((draft) => {
        draft.api.endpoints?.push({
          name: 'resend',
          method: 'POST',
          path: '/invoices/:invoice/send',
          roles: ['Clerk'],
          summary: 'Again.',
        });
      });
      expect(codesAt(issues)).toEqual([
        { code: 'DUPLICATE_ENDPOINT', path: '/api/endpoints/1/path' },
        { code: 'UNKNOWN_ROLE', path: '/api/endpoints/1/roles/0' },
      ]);
    });

    it('finds duplicate locales, regimes and integrations', () => {
      const issues = issuesAfter((draft) => {
        draft.platform.locales = ['en', 'ar', 'en'];
        draft.platform.compliance = ['GDPR', 'GDPR'];
        draft.integrations.push({ category: 'email', provider: 'postmark', purpose: 'Twice.' });
      });
      expect(codesAt(issues)).toEqual([
        { code: 'DUPLICATE_VALUE', path: '/platform/locales/2' },
        { code: 'DUPLICATE_VALUE', path: '/platform/compliance/1' },
        { code: 'DUPLICATE_NAME', path: '/integrations/1/provider' },
      ]);
    });

    it('gives every issue a pointer, a code and a sentence in English and Arabic', () => {
      const issues = issuesAfter((draft) => {
        draft.platform.defaultLocale = 'fr';
        Object.assign(field(draft, 0, 1), { classification: 'pan', name: 'order' });
        draft.navigation.push({ page: 'nowhere' });
      });
      expect(issues.length).toBeGreaterThan(2);
      for (const issue of issues) {
        expect(issue.path).toMatch(/^(\/([^~/]|~[01])*)*$/);
        expect(issueText(issue, 'en').length).toBeGreaterThan(5);
        expect(issueText(issue, 'en')).not.toMatch(/^BLUEPRINT_|\{\{/);
        expect(issueText(issue, 'ar')).toMatch(/[\u0600-\u06FF]/);
      }
    });
  });

  it.each([
    [null, 'INVALID_TYPE'],
    [[], 'INVALID_TYPE'],
    ['{}', 'INVALID_TYPE'],
    [{}, 'MISSING_VERSION'],
    [{ schemaVersion: 99 }, 'UNSUPPORTED_VERSION'],
    [{ schemaVersion: '1' }, 'UNKNOWN_VERSION'],
    [{ version: 3 }, 'UNKNOWN_VERSION'],
  ])('answers %j with %s, without throwing', (input, code) => {
    const result = validateBlueprint(input);
    expect(result.ok ? [] : result.errors.map((issue) => issue.code)).toEqual([code]);
  });

  it('turns a trap in the input into an issue', () => {
    const trap = { schemaVersion: 1 };
    Object.defineProperty(trap, 'platform', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    const result = validateBlueprint(trap);
    expect(result.ok ? [] : result.errors.map((issue) => issue.code)).toEqual(['INTERNAL']);
  });
});
