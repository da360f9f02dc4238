import { describe, expect, it } from 'vitest';
import type { BlueprintInput } from '../../src/contracts/index.js';
import { formatMessage, summaryText } from '../../src/contracts/index.js';
import { diffBlueprints, summarizePatch } from '../../src/index.js';
import { billingBlueprint } from './fixtures.js';

function summaryOf(edit: (draft: Required<BlueprintInput>) => void) {
  const a = billingBlueprint();
  const b = billingBlueprint() as Required<BlueprintInput>;
  edit(b);
  return summarizePatch(a, diffBlueprints(a, b));
}

const text = (en: string, ar: string) => ({ en, ar });
/** Arabic words with the values' direction isolates taken out, to compare with plain text. */
const plain = (value: string) => value.replace(/[\u2068\u2069]/g, '');

describe('summarizePatch', () => {
  it('says what a new entity and its grant do, in English and Arabic', () => {
    const summary = summaryOf((draft) => {
      draft.entities.push({
        name: 'Payment',
        label: text('Payment', 'دفعة'),
        pluralLabel: text('Payments', 'الدفعات'),
        fields: ['amount', 'paidOn', 'method', 'note'].map((name) => ({
          name,
          type: 'string',
          label: text(name, name),
        })),
      });
      draft.permissions.push({ role: 'Accountant', entity: 'Payment', actions: ['read'] });
    });
    expect(summary.en).toBe('adds entity Payment with 4 fields; grants Accountant read on Payment');
    expect(plain(summary.ar)).toBe('يضيف الكيان Payment مع 4 حقول؛ يمنح Accountant صلاحية القراءة على Payment');
    expect(summary.changes).toEqual([
      { code: 'SUMMARY_ADDS_ENTITY', params: { name: 'Payment', count: 4 } },
      {
        code: 'SUMMARY_GRANTS',
        params: { role: 'Accountant', actions: [{ code: 'SUMMARY_ACTION_READ' }], entity: 'Payment' },
      },
    ]);
    // The whole is one message: the UI puts it into its language; its words are the catalogue's.
    expect(summary.message).toEqual({ code: 'SUMMARY', params: { changes: summary.changes, separator: 'SENTENCES' } });
    expect(formatMessage(summary.message, 'en')).toBe(summary.en);
    expect(formatMessage(summary.message, 'ar')).toBe(summary.ar);
    // Latin names keep their own direction inside the Arabic sentence.
    expect(summary.ar).toContain('\u2068Payment\u2069');
  });

  it('describes field, permission, page, menu, endpoint, integration and platform changes', () => {
    const summary = summaryOf((draft) => {
      draft.platform.name = 'Billing Pro';
      draft.platform.compliance = ['GDPR'];
      draft.entities[1]?.fields?.push({ name: 'dueDate', type: 'date', label: text('Due', 'الاستحقاق') });
      draft.entities[0]?.fields?.splice(1, 1);
      const admin = draft.permissions[0];
      if (admin) admin.actions = ['read', 'list', 'update'];
      const accountant = draft.permissions[1];
      if (accountant) accountant.rows = { scope: 'all' };
      draft.pages.push({ name: 'home', kind: 'dashboard', title: text('Home', 'الرئيسية') });
      draft.navigation.unshift({ page: 'home' });
      draft.api.endpoints = [];
      draft.integrations.push({ category: 'payment', provider: 'Stripe', purpose: 'Card payments by token.' });
    });
    expect(summary.changes.map((change) => formatMessage(change, 'en'))).toEqual([
      'renames the platform to “Billing Pro”',
      'adds compliance regime GDPR',
      'removes field email from Customer',
      'adds field dueDate (date) to Invoice',
      'revokes Admin create, delete on Invoice',
      'lets Accountant reach every Customer record',
      'adds page home (dashboard)',
      'adds home to the menu',
      'removes endpoint POST /invoices/:id/send',
      'adds payment integration Stripe',
    ]);
    for (const change of summary.changes) expect(formatMessage(change, 'ar')).toMatch(/[\u0600-\u06FF]/);
    expect(plain(formatMessage(summary.changes[4] as never, 'ar'))).toBe(
      'يسحب من Admin صلاحية الإنشاء، الحذف على Invoice',
    );
  });

  it('says when there is nothing to say, and when a patch does not apply', () => {
    expect(summarizePatch(billingBlueprint(), [])).toEqual({
      message: { code: 'SUMMARY', params: { changes: [{ code: 'SUMMARY_NO_CHANGES' }], separator: 'SENTENCES' } },
      en: 'no changes',
      ar: 'لا تغييرات',
      changes: [],
    });
    const failing = summarizePatch(billingBlueprint(), [{ op: 'remove', path: '/entities/9' }]);
    expect(failing.en).toBe(
      'the patch does not apply: Operation 1 (remove) points at /entities/9, which does not exist.',
    );
    expect(failing.ar).toContain('لا ينطبق التعديل');
    expect(failing.changes[0]?.params?.reason).toMatchObject({ code: 'BLUEPRINT_PATCH_PATH_NOT_FOUND' });
  });

  it('describes a rename as a removal and an addition', () => {
    const summary = summaryOf((draft) => {
      const invoice = draft.entities[1];
      if (invoice) invoice.name = 'Bill';
    });
    expect(summary.en).toBe('adds entity Bill with 2 fields; removes entity Invoice');
  });

  it('counts fields in the forms of each language', () => {
    const entity = (count: number, locale: 'en' | 'ar') =>
      plain(formatMessage({ code: 'SUMMARY_ADDS_ENTITY', params: { name: 'X', count } }, locale));
    expect([1, 2].map((n) => entity(n, 'en'))).toEqual(['adds entity X with 1 field', 'adds entity X with 2 fields']);
    expect([1, 2, 3, 11, 100].map((n) => entity(n, 'ar'))).toEqual([
      'يضيف الكيان X مع حقل واحد',
      'يضيف الكيان X مع حقلين',
      'يضيف الكيان X مع 3 حقول',
      'يضيف الكيان X مع 11 حقلًا',
      'يضيف الكيان X مع 100 حقل',
    ]);
    expect(formatMessage({ code: 'SUMMARY_ADDS_ENTITY_EMPTY', params: { name: 'X' } }, 'en')).toBe(
      'adds entity X with no fields',
    );
  });

  it('still shows summaries stored before they were codes', () => {
    // An older decision or answer kept its summary's words: English only, or in both languages.
    expect(summaryText('adds entity Bill with 2 fields', 'ar')).toBe('adds entity Bill with 2 fields');
    expect(summaryText({ en: 'adds role Clerk', ar: 'يضيف الدور Clerk' }, 'ar')).toBe('يضيف الدور Clerk');
    expect(summaryText({ en: 'adds role Clerk', ar: '' }, 'ar')).toBe('adds role Clerk');
    expect(plain(summaryText({ code: 'SUMMARY_ADDS_ROLE', params: { name: 'Clerk' } }, 'ar'))).toBe('يضيف الدور Clerk');
  });
});
