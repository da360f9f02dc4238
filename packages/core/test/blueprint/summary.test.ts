import { describe, expect, it } from 'vitest';
import type { BlueprintInput } from '../../src/contracts/index.js';
import { diffBlueprints, summarizePatch } from '../../src/index.js';
import { billingBlueprint } from './fixtures.js';

function summaryOf(edit: (draft: Required<BlueprintInput>) => void) {
  const a = billingBlueprint();
  const b = billingBlueprint() as Required<BlueprintInput>;
  edit(b);
  return summarizePatch(a, diffBlueprints(a, b));
}

const text = (en: string, ar: string) => ({ en, ar });

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
    expect(summary.ar).toBe('يضيف الكيان Payment مع 4 حقول؛ يمنح Accountant صلاحية القراءة على Payment');
    expect(summary.changes).toHaveLength(2);
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
    expect(summary.changes.map((change) => change.en)).toEqual([
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
    for (const change of summary.changes) expect(change.ar).toMatch(/[\u0600-\u06FF]/);
  });

  it('says when there is nothing to say, and when a patch does not apply', () => {
    expect(summarizePatch(billingBlueprint(), [])).toEqual({ en: 'no changes', ar: 'لا تغييرات', changes: [] });
    const failing = summarizePatch(billingBlueprint(), [{ op: 'remove', path: '/entities/9' }]);
    expect(failing.en).toBe(
      'the patch does not apply: Operation 1 (remove) points at /entities/9, which does not exist.',
    );
    expect(failing.ar).toContain('لا ينطبق التعديل');
  });

  it('describes a rename as a removal and an addition', () => {
    const summary = summaryOf((draft) => {
      const invoice = draft.entities[1];
      if (invoice) invoice.name = 'Bill';
    });
    expect(summary.en).toBe('adds entity Bill with 2 fields; removes entity Invoice');
  });
});
