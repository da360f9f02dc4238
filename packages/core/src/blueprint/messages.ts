import type { BlueprintIssue, BlueprintIssueCode, LocalizedText, NamingRule } from '../contracts/index.js';
import type { ReservedReason } from './reserved-names.js';

export type IssueParams = Record<string, string | number>;

const reasons: Record<ReservedReason, LocalizedText> = {
  system: { en: 'every entity already has it', ar: 'كل كيان يملكه تلقائيًا' },
  sql: { en: 'an SQL key word', ar: 'كلمة محجوزة في SQL' },
  javascript: { en: 'a JavaScript key word', ar: 'كلمة محجوزة في JavaScript' },
  prototype: { en: 'a member every JavaScript object has', ar: 'عضو يملكه كل كائن في JavaScript' },
  global: { en: 'a built-in JavaScript type', ar: 'نوع مدمج في JavaScript' },
  generator: { en: 'a table every generated platform has', ar: 'جدول موجود في كل منصة مولَّدة' },
};

const rules: Record<NamingRule, LocalizedText> = {
  PascalCase: { en: 'PascalCase, like Invoice', ar: 'بصيغة PascalCase، مثل Invoice' },
  camelCase: { en: 'camelCase, like dueDate', ar: 'بصيغة camelCase، مثل dueDate' },
  'kebab-case': { en: 'kebab-case, like clinic-booking', ar: 'بصيغة kebab-case، مثل clinic-booking' },
  locale: { en: 'a language tag, like en or ar-SA', ar: 'رمز لغة، مثل en أو ar-SA' },
  currency: { en: 'an ISO 4217 currency code, like USD', ar: 'رمز عملة وفق ISO 4217، مثل USD' },
  icon: { en: 'an icon name in kebab-case, like file-text', ar: 'اسم أيقونة بصيغة kebab-case، مثل file-text' },
  endpointPath: { en: 'a path like /invoices/:id/pay', ar: 'مسارًا مثل ‎/invoices/:id/pay' },
};

const jsonTypes: Record<string, LocalizedText> = {
  string: { en: 'text', ar: 'نص' },
  number: { en: 'a number', ar: 'رقم' },
  boolean: { en: 'true or false', ar: 'قيمة منطقية' },
  object: { en: 'an object', ar: 'كائن' },
  record: { en: 'an object', ar: 'كائن' },
  array: { en: 'a list', ar: 'قائمة' },
  null: { en: 'null', ar: 'قيمة فارغة (null)' },
  undefined: { en: 'nothing', ar: 'لا شيء' },
};

/** What the duplicated thing is, for DUPLICATE_NAME. */
const kinds: Record<string, LocalizedText> = {
  entity: { en: 'entity', ar: 'كيان' },
  field: { en: 'field', ar: 'حقل' },
  value: { en: 'enum value', ar: 'قيمة تعداد' },
  relation: { en: 'relation', ar: 'علاقة' },
  role: { en: 'role', ar: 'دور' },
  page: { en: 'page', ar: 'صفحة' },
  navigation: { en: 'menu entry', ar: 'عنصر قائمة' },
  endpoint: { en: 'endpoint', ar: 'نقطة نهاية' },
  integration: { en: 'integration', ar: 'تكامل' },
};

function pick(table: Record<string, LocalizedText>, key: string | number | undefined): LocalizedText {
  return table[String(key)] ?? { en: String(key), ar: String(key) };
}

type Catalog = { [C in BlueprintIssueCode]: (p: IssueParams) => LocalizedText };

const catalog: Catalog = {
  INVALID_TYPE: (p) => ({
    en: `Expected ${pick(jsonTypes, p.expected).en}, found ${pick(jsonTypes, p.found).en}.`,
    ar: `يُتوقع ${pick(jsonTypes, p.expected).ar}، لكن وُجد ${pick(jsonTypes, p.found).ar}.`,
  }),
  REQUIRED: (p) => ({ en: `“${p.name}” is required.`, ar: `الخاصية «${p.name}» مطلوبة.` }),
  UNKNOWN_PROPERTY: (p) => ({ en: `Unknown property “${p.name}”.`, ar: `خاصية غير معروفة: «${p.name}».` }),
  INVALID_VALUE: (p) => ({ en: `Must be one of: ${p.values}.`, ar: `يجب أن تكون القيمة إحدى: ${p.values}.` }),
  INVALID_NAME: (p) => ({
    en: `“${p.value}” must be ${pick(rules, p.rule).en}.`,
    ar: `يجب أن يكون «${p.value}» ${pick(rules, p.rule).ar}.`,
  }),
  INVALID_FORMAT: (p) =>
    p.rule === undefined
      ? { en: 'Does not have the expected format.', ar: 'القيمة لا تطابق الصيغة المتوقعة.' }
      : { en: `Must be ${pick(rules, p.rule).en}.`, ar: `يجب أن تكون ${pick(rules, p.rule).ar}.` },
  TOO_SMALL: (p) =>
    p.origin === 'string'
      ? { en: `Must have at least ${p.limit} character(s).`, ar: `يجب ألا يقل الطول عن ${p.limit} حرف.` }
      : p.origin === 'array'
        ? { en: `Must have at least ${p.limit} item(s).`, ar: `يجب ألا يقل عدد العناصر عن ${p.limit}.` }
        : { en: `Must be at least ${p.limit}.`, ar: `يجب ألا تقل القيمة عن ${p.limit}.` },
  TOO_BIG: (p) =>
    p.origin === 'string'
      ? { en: `Must have at most ${p.limit} character(s).`, ar: `يجب ألا يزيد الطول على ${p.limit} حرف.` }
      : p.origin === 'array'
        ? { en: `Must have at most ${p.limit} item(s).`, ar: `يجب ألا يزيد عدد العناصر على ${p.limit}.` }
        : { en: `Must be at most ${p.limit}.`, ar: `يجب ألا تزيد القيمة على ${p.limit}.` },
  INVALID_SHAPE: () => ({
    en: 'This value does not match any allowed form.',
    ar: 'هذه القيمة لا تطابق أيًّا من الأشكال المسموح بها.',
  }),
  MISSING_VERSION: () => ({
    en: 'The document has no schemaVersion: is it a WebNova Blueprint?',
    ar: 'لا يحتوي المستند على schemaVersion: هل هو مخطط WebNova؟',
  }),
  UNKNOWN_VERSION: (p) => ({
    en: `Unknown Blueprint version ${p.version}.`,
    ar: `إصدار مخطط غير معروف: ${p.version}.`,
  }),
  UNSUPPORTED_VERSION: (p) => ({
    en: `This Blueprint is version ${p.version}, newer than this WebNova reads (up to ${p.current}). Update WebNova to open it.`,
    ar: `هذا المخطط من الإصدار ${p.version}، وهو أحدث مما يقرؤه هذا الإصدار من WebNova (حتى ${p.current}). حدِّث WebNova لفتحه.`,
  }),
  DUPLICATE_NAME: (p) => ({
    en: `The ${pick(kinds, p.kind).en} name “${p.name}” is used more than once.`,
    ar: `الاسم «${p.name}» مستخدم أكثر من مرة (${pick(kinds, p.kind).ar}).`,
  }),
  DUPLICATE_VALUE: (p) => ({ en: `“${p.value}” is listed more than once.`, ar: `القيمة «${p.value}» مكررة.` }),
  RESERVED_NAME: (p) => ({
    en: `“${p.name}” is reserved (${pick(reasons, p.reason).en}); choose another name.`,
    ar: `الاسم «${p.name}» محجوز (${pick(reasons, p.reason).ar})؛ اختر اسمًا آخر.`,
  }),
  NAME_CLASH: (p) => ({
    en: `“${p.name}” is already a field or relation of ${p.entity}.`,
    ar: `الاسم «${p.name}» مستخدم بالفعل لحقل أو علاقة في ${p.entity}.`,
  }),
  UNKNOWN_ENTITY: (p) => ({ en: `There is no entity “${p.name}”.`, ar: `لا يوجد كيان باسم «${p.name}».` }),
  UNKNOWN_FIELD: (p) => ({
    en: `${p.entity} has no field “${p.name}”.`,
    ar: `لا يحتوي الكيان ${p.entity} على حقل باسم «${p.name}».`,
  }),
  UNKNOWN_ROLE: (p) => ({ en: `There is no role “${p.name}”.`, ar: `لا يوجد دور باسم «${p.name}».` }),
  UNKNOWN_PAGE: (p) => ({ en: `There is no page “${p.name}”.`, ar: `لا توجد صفحة باسم «${p.name}».` }),
  DUPLICATE_GRANT: (p) => ({
    en: `${p.role} already has a grant on ${p.entity}; put all its actions in one grant.`,
    ar: `للدور ${p.role} صلاحية على ${p.entity} مسبقًا؛ اجمع كل الإجراءات في صلاحية واحدة.`,
  }),
  DUPLICATE_ENDPOINT: (p) => ({
    en: `Another endpoint already answers ${p.method} ${p.path}.`,
    ar: `توجد نقطة نهاية أخرى تجيب على ${p.method} ${p.path}.`,
  }),
  DEFAULT_LOCALE_NOT_DECLARED: (p) => ({
    en: `The default locale “${p.locale}” is not among the platform's locales.`,
    ar: `اللغة الافتراضية «${p.locale}» ليست ضمن لغات المنصة.`,
  }),
  MISSING_LABEL: (p) => ({ en: `The “${p.locale}” label is missing.`, ar: `التسمية باللغة «${p.locale}» مفقودة.` }),
  PHI_WITHOUT_HIPAA: (p) => ({
    en: `Field “${p.name}” holds health data (phi), but the platform does not declare HIPAA.`,
    ar: `الحقل «${p.name}» يحمل بيانات صحية (phi)، لكن المنصة لا تعلن الالتزام بـ HIPAA.`,
  }),
  PAN_FIELD: (p) => ({
    en: `Field “${p.name}” would store card numbers (pan). Card numbers are never stored: keep the payment provider's token instead.`,
    ar: `الحقل «${p.name}» سيخزّن أرقام بطاقات (pan). لا تُخزَّن أرقام البطاقات أبدًا: احتفظ برمز مزوّد الدفع بدلًا منها.`,
  }),
  CARD_DATA_FIELD: (p) => ({
    en: `Field “${p.name}” looks like card data. Card numbers and security codes are never stored: keep the payment provider's token instead.`,
    ar: `يبدو أن الحقل «${p.name}» يحمل بيانات بطاقة. لا تُخزَّن أرقام البطاقات ولا رموز الأمان أبدًا: احتفظ برمز مزوّد الدفع بدلًا منها.`,
  }),
  ENUM_WITHOUT_VALUES: (p) => ({
    en: `Enum field “${p.name}” needs at least one value.`,
    ar: `حقل التعداد «${p.name}» يحتاج إلى قيمة واحدة على الأقل.`,
  }),
  CONSTRAINT_NOT_APPLICABLE: (p) => ({
    en: `“${p.constraint}” does not apply to a ${p.type} field.`,
    ar: `القيد «${p.constraint}» لا ينطبق على حقل من النوع ${p.type}.`,
  }),
  INVALID_RANGE: (p) => ({
    en: `min (${p.min}) is greater than max (${p.max}).`,
    ar: `الحد الأدنى (${p.min}) أكبر من الحد الأعلى (${p.max}).`,
  }),
  INVALID_PATTERN: () => ({
    en: 'The pattern is not a valid regular expression.',
    ar: 'النمط ليس تعبيرًا نمطيًا صالحًا.',
  }),
  INVALID_DELETE_RULE: (p) =>
    p.reason === 'many-to-many'
      ? {
          en: 'A many-to-many relation has no reference to set to null; use "cascade" or "restrict".',
          ar: 'علاقة متعدد إلى متعدد لا تحوي مرجعًا يُجعل فارغًا؛ استخدم "cascade" أو "restrict".',
        }
      : {
          en: 'onDelete "set-null" cannot empty a required reference; use "cascade" or "restrict".',
          ar: 'لا يمكن لقاعدة الحذف "set-null" أن تُفرغ مرجعًا مطلوبًا؛ استخدم "cascade" أو "restrict".',
        },
  PAGE_NEEDS_ENTITY: (p) => ({
    en: `A ${p.kind} page shows an entity: name it in "entity".`,
    ar: `صفحة من النوع ${p.kind} تعرض كيانًا: حدِّده في "entity".`,
  }),
  NAVIGATION_TO_DETAIL: (p) => ({
    en: `“${p.name}” is a detail page: it shows one record, so it cannot be a menu entry.`,
    ar: `«${p.name}» صفحة تفاصيل تعرض سجلًا واحدًا، فلا يمكن أن تكون عنصرًا في القائمة.`,
  }),
  INTERNAL: (p) => ({
    en: `The Blueprint could not be checked: ${p.detail}`,
    ar: `تعذّر فحص المخطط: ${p.detail}`,
  }),
};

export function describeIssue(code: BlueprintIssueCode, params: IssueParams = {}): LocalizedText {
  return catalog[code](params);
}

/** An issue at `path` (an RFC 6901 pointer) with its message in English and Arabic. */
export function blueprintIssue(path: string, code: BlueprintIssueCode, params: IssueParams = {}): BlueprintIssue {
  const message = describeIssue(code, params);
  return Object.keys(params).length === 0 ? { path, code, message } : { path, code, message, params };
}
