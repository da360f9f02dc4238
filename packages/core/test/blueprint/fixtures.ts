import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BlueprintInput } from '../../src/contracts/index.js';

export const samplesDir = fileURLToPath(new URL('../../samples', import.meta.url));

/** The sample Blueprints shipped with WebNova, as their files hold them. */
export function loadSamples(): Array<{ file: string; text: string; document: unknown }> {
  return readdirSync(samplesDir)
    .filter((file) => file.endsWith('.blueprint.json'))
    .sort()
    .map((file) => {
      const text = readFileSync(join(samplesDir, file), 'utf8');
      return { file, text, document: JSON.parse(text) as unknown };
    });
}

const en = (text: string, ar: string) => ({ en: text, ar });

/** A small valid Blueprint: customers and invoices, an accountant, in English and Arabic. Fresh on every call. */
export function billingBlueprint(): BlueprintInput {
  return {
    schemaVersion: 1,
    platform: {
      name: 'Billing',
      slug: 'billing',
      domain: 'financial',
      locales: ['en', 'ar'],
      defaultLocale: 'en',
    },
    entities: [
      {
        name: 'Customer',
        label: en('Customer', 'عميل'),
        pluralLabel: en('Customers', 'العملاء'),
        fields: [
          { name: 'fullName', type: 'string', label: en('Full name', 'الاسم الكامل'), required: true },
          { name: 'email', type: 'email', label: en('Email', 'البريد'), classification: 'pii' },
        ],
      },
      {
        name: 'Invoice',
        label: en('Invoice', 'فاتورة'),
        pluralLabel: en('Invoices', 'الفواتير'),
        fields: [
          { name: 'number', type: 'string', label: en('Number', 'الرقم'), required: true, unique: true },
          { name: 'total', type: 'money', label: en('Total', 'المجموع'), currency: 'USD', min: 0 },
        ],
      },
    ],
    relations: [{ name: 'invoices', kind: 'one-to-many', from: 'Customer', to: 'Invoice', inverse: 'customer' }],
    roles: [
      { name: 'Admin', label: en('Administrator', 'المدير') },
      { name: 'Accountant', label: en('Accountant', 'محاسب') },
    ],
    permissions: [
      { role: 'Admin', entity: 'Invoice', actions: ['create', 'read', 'update', 'delete', 'list'] },
      { role: 'Accountant', entity: 'Customer', actions: ['read'], rows: { scope: 'own', field: 'email' } },
    ],
    pages: [
      { name: 'invoiceList', kind: 'list', entity: 'Invoice', title: en('Invoices', 'الفواتير') },
      { name: 'invoiceDetail', kind: 'detail', entity: 'Invoice', title: en('Invoice', 'فاتورة') },
    ],
    navigation: [{ page: 'invoiceList', icon: 'receipt' }],
    api: {
      endpoints: [
        { name: 'sendInvoice', method: 'POST', path: '/invoices/:id/send', roles: ['Admin'], summary: 'Email it.' },
      ],
    },
    integrations: [{ category: 'email', provider: 'Postmark', purpose: 'Send invoices.' }],
  };
}
