import type { ComplianceRegime, IntegrationCategory } from '../../contracts/index.js';
import type { DomainTemplate } from './catalogue-types.js';
import { domainCatalogue, entityCatalogue, integrationCatalogue, roleCatalogue } from './domain-catalogue.js';
import { fieldLexicon } from './field-lexicon.js';
import { Lexicon } from './lexicon.js';

/** The words the intent analysis looks for, in English and Arabic (written plainly; they are normalised and stemmed on load). */

export type Region = 'gcc' | 'eu' | 'us';

export type Term =
  | { kind: 'domain'; domain: DomainTemplate }
  | { kind: 'entity'; name: string }
  | { kind: 'field'; name: string }
  | { kind: 'role'; name: string };

export const terms = new Lexicon<Term>(
  [
    ...domainCatalogue.map((domain): Term => ({ kind: 'domain', domain })),
    ...entityCatalogue.map((entity): Term => ({ kind: 'entity', name: entity.name })),
    ...fieldLexicon.map((field): Term => ({ kind: 'field', name: field.name })),
    ...roleCatalogue.map((role): Term => ({ kind: 'role', name: role.name })),
  ],
  (term) => {
    switch (term.kind) {
      case 'domain':
        return term.domain.keywords;
      case 'entity':
        return entityCatalogue.find((entity) => entity.name === term.name)?.keywords ?? [];
      case 'field':
        return fieldLexicon.find((field) => field.name === term.name)?.keywords ?? [];
      case 'role':
        return roleCatalogue.find((role) => role.name === term.name)?.keywords ?? [];
    }
  },
);

export const verbs = new Lexicon<{ letters: string; words: string[] }>(
  [
    {
      letters: 'rl',
      words: [
        'read',
        'view',
        'see',
        'access',
        'look up',
        'browse',
        'قراءه',
        'يقرا',
        'عرض',
        'يعرض',
        'مشاهده',
        'يشاهد',
        'اطلاع',
        'يطلع',
        'رويه',
        'يري',
        'استعراض',
      ],
    },
    { letters: 'l', words: ['list', 'search'] },
    {
      letters: 'cl',
      words: [
        'create',
        'add',
        'book',
        'submit',
        'register',
        'record',
        'issue',
        'open',
        'schedule',
        'apply for',
        'upload',
        'place',
        'انشاء',
        'ينشي',
        'اضافه',
        'يضيف',
        'يضيفوا',
        'يحجز',
        'تقديم',
        'يقدم',
        'يسجل',
        'اصدار',
        'يصدر',
        'رفع',
        'يرفع',
      ],
    },
    {
      letters: 'rul',
      words: [
        'update',
        'edit',
        'change',
        'modify',
        'approve',
        'reject',
        'assign',
        'تعديل',
        'يعدل',
        'تحديث',
        'يحدث',
        'اعتماد',
        'يعتمد',
        'موافقه',
        'يوافق',
        'رفض',
        'يرفض',
      ],
    },
    { letters: 'dl', words: ['delete', 'remove', 'cancel', 'حذف', 'يحذف', 'الغاء', 'يلغي'] },
    {
      letters: 'crudl',
      words: ['manage', 'administer', 'full access', 'control', 'اداره', 'يدير', 'يديرون', 'صلاحيه كامله', 'تحكم'],
    },
  ],
  (verb) => verb.words,
);

export const bookingVerb = new Lexicon<string>(['book'], () => ['book', 'حجز']);

export const linkWords = new Lexicon<'has' | 'each' | 'belongs'>(
  ['has', 'each', 'belongs'],
  (word) =>
    ({
      has: [
        'have',
        'has',
        'own',
        'contain',
        'hold',
        'لديه',
        'لديهم',
        'لديها',
        'يملك',
        'يملكون',
        'يحتوي',
        'تحتوي',
        'يضم',
        'تضم',
      ],
      each: ['لكل', 'كل'],
      belongs: ['belong to', 'belongs to', 'تابع ل', 'يتبع', 'تتبع'],
    })[word],
);

export const complianceWords = new Lexicon<ComplianceRegime>(
  ['HIPAA', 'PCI-DSS', 'GDPR', 'CCPA', 'FERPA', 'SOC2', 'ISO-27001', 'PDPL'],
  (regime) =>
    ({
      HIPAA: ['hipaa', 'patient', 'medical', 'health record', 'مريض', 'مرضي', 'طبي', 'طبيه', 'صحي'],
      'PCI-DSS': [
        'pci',
        'pci-dss',
        'card payment',
        'credit card',
        'debit card',
        'pay by card',
        'cards',
        'visa',
        'mastercard',
        'بطاقه ائتمان',
        'بطاقات ائتمانيه',
        'بطاقات',
        'الدفع بالبطاقه',
        'مدي',
        'فيزا',
      ],
      GDPR: ['gdpr', 'eu resident', 'eu citizen', 'european union', 'الاتحاد الاوروبي'],
      CCPA: ['ccpa', 'california'],
      FERPA: ['ferpa', 'student record'],
      SOC2: ['soc2', 'soc 2'],
      'ISO-27001': ['iso 27001', 'iso27001'],
      PDPL: ['pdpl', 'نظام حمايه البيانات الشخصيه'],
    })[regime],
);

export const personalData = new Lexicon<true>([true], () => [
  'personal data',
  'data protection',
  'البيانات الشخصيه',
  'حمايه البيانات',
]);

export const integrations = new Lexicon<IntegrationCategory>(
  integrationCatalogue.map((integration) => integration.category),
  (category) => integrationCatalogue.find((integration) => integration.category === category)?.keywords ?? [],
);

export const regions = new Lexicon<Region>(
  ['gcc', 'eu', 'us'],
  (region) =>
    ({
      gcc: [
        'saudi',
        'ksa',
        'riyadh',
        'jeddah',
        'dubai',
        'uae',
        'emirates',
        'qatar',
        'doha',
        'kuwait',
        'bahrain',
        'oman',
        'gulf',
        'السعوديه',
        'الرياض',
        'جده',
        'دبي',
        'الامارات',
        'قطر',
        'الكويت',
        'البحرين',
        'عمان',
        'الخليج',
      ],
      eu: ['eu', 'europe', 'european', 'germany', 'france', 'spain', 'اوروبا', 'الاتحاد الاوروبي'],
      us: ['usa', 'united states', 'american', 'california', 'new york'],
    })[region],
);

export const bilingualWords = new Lexicon<true>([true], () => [
  'bilingual',
  'arabic',
  'english',
  'two languages',
  'ثنائي اللغه',
  'عربي',
  'العربيه',
  'انجليزي',
  'الانجليزيه',
  'اللغتين',
  'لغتين',
]);

export const followUpOpeners = new Lexicon<true>([true], () => [
  'add',
  'also',
  'remove',
  'delete',
  'rename',
  'change',
  'include',
  'plus',
  'let',
  'allow',
  'give',
  'now',
  'اضف',
  'اضافه',
  'ايضا',
  'احذف',
  'غير',
  'عدل',
  'اجعل',
  'امنح',
  'اسمح',
  'الان',
]);

/** A clause opening with one of these takes things away ("remove reviews", "احذف المراجعات"). */
export const removalOpeners = new Lexicon<true>([true], () => [
  'remove',
  'delete',
  'drop',
  'get rid of',
  'احذف',
  'ازل',
  'الغ',
  'حذف',
  'ازاله',
]);
