import { describe, expect, it } from 'vitest';
import { CoreError } from '../../src/contracts/index.js';
import { applyBlueprintPatch } from '../../src/index.js';
import { analyzeIntent, detectLanguage, planFollowUp, planPlatform } from '../../src/orchestrator/index.js';
import { fieldTemplate } from '../../src/orchestrator/offline-planner/field-lexicon.js';

describe('detectLanguage', () => {
  it('tells English, Arabic and mixed requests apart', () => {
    expect(detectLanguage('a clinic booking system')).toBe('en');
    expect(detectLanguage('نظام لحجز مواعيد العيادة')).toBe('ar');
    expect(detectLanguage('نظام clinic للمرضى مع appointments')).toBe('mixed');
  });

  it('leads a mixed request with the language most of its words are in', () => {
    expect(analyzeIntent('نظام clinic للمرضى والأطباء مع appointments').primaryLocale).toBe('ar');
    expect(analyzeIntent('a clinic system for المرضى with doctors and appointments').primaryLocale).toBe('en');
  });
});

describe('analyzeIntent', () => {
  it('tells a new platform from a follow-up', () => {
    expect(analyzeIntent('a hotel booking system with rooms and guests').kind).toBe('new-platform');
    expect(analyzeIntent('add invoices with amount').kind).toBe('follow-up');
    expect(analyzeIntent('أضف الفواتير').kind).toBe('follow-up');
  });

  it('recognises every catalogue domain from its words', () => {
    const cases = {
      healthcare: 'patients and doctors at our hospital',
      finance: 'bank accounts and transactions',
      education: 'a school with students and teachers',
      government: 'municipality permits for citizens',
      commerce: 'an online store with products',
      hospitality: 'a hotel with rooms and guests',
      logistics: 'a logistics company with shipments and drivers',
      hr: 'an HR portal for employees',
      'real-estate': 'real estate with properties and tenants',
    };
    for (const [domain, prompt] of Object.entries(cases)) expect(analyzeIntent(prompt).domain).toBe(domain);
    const vague = analyzeIntent('something vague');
    expect(vague.domainRecognised).toBe(false);
    expect(vague.domain).toBe('commerce');
    expect(planPlatform('something vague').blueprint.platform.compliance).toEqual([]);
  });

  it('types the fields it names and attaches them to their entity', () => {
    const intent = analyzeIntent('invoices with amount, due date and customer email');
    expect(intent.fields).toEqual(
      expect.arrayContaining([
        { field: 'amount', entity: 'Invoice' },
        { field: 'dueDate', entity: 'Invoice' },
        { field: 'email', entity: 'Customer' },
      ]),
    );
    expect(fieldTemplate('amount').type).toBe('money');
    expect(fieldTemplate('dueDate').type).toBe('date');
    expect(fieldTemplate('email').type).toBe('email');
  });

  it('reads relations in English and Arabic', () => {
    expect(analyzeIntent('doctors have appointments').relations).toEqual([{ from: 'Doctor', to: 'Appointment' }]);
    expect(analyzeIntent('each appointment belongs to a patient').relations).toEqual([
      { from: 'Patient', to: 'Appointment' },
    ]);
    expect(analyzeIntent('لكل طبيب مواعيد').relations).toEqual([{ from: 'Doctor', to: 'Appointment' }]);
  });

  it('reads roles and what they may do, including "them" and verb-first Arabic', () => {
    expect(analyzeIntent('accountants can read invoices').grants).toEqual([
      { role: 'Accountant', entity: 'Invoice', actions: ['read', 'list'] },
    ]);
    expect(analyzeIntent('add invoices; accountants can read them').grants).toEqual([
      { role: 'Accountant', entity: 'Invoice', actions: ['read', 'list'] },
    ]);
    expect(analyzeIntent('يمكن للمحاسبين قراءة الفواتير').grants).toEqual([
      { role: 'Accountant', entity: 'Invoice', actions: ['read', 'list'] },
    ]);
    expect(analyzeIntent('يعدل الطبيب السجلات الطبية').grants).toEqual([
      { role: 'Doctor', entity: 'MedicalRecord', actions: ['read', 'update', 'list'] },
    ]);
    expect(analyzeIntent('citizens submit applications and officers approve them').grants).toEqual([
      { role: 'Citizen', entity: 'Application', actions: ['create', 'list'] },
      { role: 'Officer', entity: 'Application', actions: ['read', 'update', 'list'] },
    ]);
  });

  it('infers compliance from the domain and the words', () => {
    expect(analyzeIntent('a booking app for patients').compliance).toContain('HIPAA');
    expect(analyzeIntent('an online store taking card payments').compliance).toEqual(['PCI-DSS']);
    expect(analyzeIntent('a CRM for EU residents').compliance).toEqual(['GDPR']);
    expect(analyzeIntent('store the personal data of customers in Riyadh').compliance).toEqual(['PDPL']);
    expect(analyzeIntent('متجر يقبل الدفع بالبطاقة').compliance).toContain('PCI-DSS');
    expect(analyzeIntent('an online store').compliance).toEqual([]);
  });

  it('finds integrations and the region', () => {
    const intent = analyzeIntent('clinic in Dubai with SMS reminders and online payment');
    expect(intent.integrations).toEqual(['sms', 'payment']);
    expect(intent.region).toBe('gcc');
  });
});

describe('planPlatform and planFollowUp', () => {
  it('declares both locales when asked, with every label in both', () => {
    const { blueprint } = planPlatform('a bilingual school system with students and courses');
    expect(blueprint.platform.locales).toEqual(['en', 'ar']);
    for (const entity of blueprint.entities) {
      expect(Object.keys(entity.label)).toEqual(['en', 'ar']);
      for (const field of entity.fields) expect(Object.keys(field.label)).toEqual(['en', 'ar']);
    }
  });

  it('never stores card data and keeps health data under HIPAA', () => {
    const { blueprint } = planPlatform('an online pharmacy for patients paying by credit card');
    const fields = blueprint.entities.flatMap((entity) => entity.fields);
    expect(fields.some((field) => field.classification === 'pan')).toBe(false);
    expect(fields.some((field) => field.classification === 'phi')).toBe(true);
    expect(blueprint.platform.compliance).toEqual(expect.arrayContaining(['HIPAA', 'PCI-DSS']));
  });

  it('adds pay and remind endpoints with their integrations', () => {
    const { blueprint } = planPlatform('clinic billing: invoices paid online, appointments with SMS reminders');
    const endpoints = blueprint.api.endpoints.map((endpoint) => `${endpoint.method} ${endpoint.path}`);
    expect(endpoints).toEqual(expect.arrayContaining(['POST /invoices/:id/pay', 'POST /appointments/:id/remind']));
  });

  it('answers an empty request or an invalid Blueprint with INVALID_INPUT', () => {
    expect(() => planPlatform('   ')).toThrow(CoreError);
    expect(() => planPlatform(42)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => planFollowUp({ schemaVersion: 1 }, 'add invoices')).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
  });

  it('turns an English noun the catalogue does not know into a plain entity', () => {
    const { blueprint } = planPlatform('a clinic with doctors, patients and appointments');
    const { patch, intent } = planFollowUp(blueprint, 'add projects with due date and status; managers can read them');
    expect(intent.customEntities).toEqual([{ name: 'Project', label: 'Project', plural: 'Projects' }]);
    const applied = applyBlueprintPatch(blueprint, patch);
    if (!applied.ok) throw new Error(JSON.stringify(applied.error));
    const project = applied.blueprint.entities.find((entity) => entity.name === 'Project');
    expect(project?.fields.map((field) => field.name)).toEqual(['name', 'description', 'dueDate', 'status']);
    expect(applied.blueprint.permissions).toContainEqual({
      role: 'Manager',
      entity: 'Project',
      actions: ['read', 'list'],
      rows: { scope: 'all' },
    });
    expect(analyzeIntent('add a new field').customEntities).toEqual([]);
    expect(analyzeIntent('add suppliers').customEntities).toEqual([]);
  });

  it('gives an empty patch when a follow-up asks for nothing the Blueprint lacks', () => {
    const { blueprint } = planPlatform('a clinic with doctors, patients and appointments');
    expect(planFollowUp(blueprint, 'add doctors').patch).toEqual([]);
  });
});
