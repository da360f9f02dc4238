import type { LocalizedText, PermissionAction, RowRule } from '../contracts/index.js';

/** The sentences a patch summary is made of, in English and Arabic. */

const actionNames: Record<PermissionAction, LocalizedText> = {
  create: { en: 'create', ar: 'الإنشاء' },
  read: { en: 'read', ar: 'القراءة' },
  update: { en: 'update', ar: 'التعديل' },
  delete: { en: 'delete', ar: 'الحذف' },
  list: { en: 'list', ar: 'السرد' },
};

function actionList(actions: readonly PermissionAction[]): LocalizedText {
  return {
    en: actions.map((action) => actionNames[action].en).join(', '),
    ar: actions.map((action) => actionNames[action].ar).join('، '),
  };
}

/** "4 fields" in Arabic counts: the noun's form depends on the number. */
function arabicFieldCount(count: number): string {
  if (count === 1) return 'حقل واحد';
  if (count === 2) return 'حقلين';
  if (count >= 3 && count <= 10) return `${count} حقول`;
  return `${count} حقلًا`;
}

export type Section =
  | 'locales'
  | 'entities'
  | 'relations'
  | 'roles'
  | 'permissions'
  | 'pages'
  | 'navigation'
  | 'endpoints'
  | 'integrations';

const sectionNames: Record<Section, LocalizedText> = {
  locales: { en: 'the locales', ar: 'اللغات' },
  entities: { en: 'entities', ar: 'الكيانات' },
  relations: { en: 'relations', ar: 'العلاقات' },
  roles: { en: 'roles', ar: 'الأدوار' },
  permissions: { en: 'permissions', ar: 'الصلاحيات' },
  pages: { en: 'pages', ar: 'الصفحات' },
  navigation: { en: 'the menu', ar: 'القائمة' },
  endpoints: { en: 'endpoints', ar: 'نقاط النهاية' },
  integrations: { en: 'integrations', ar: 'التكاملات' },
};

export const phrase = {
  renamesPlatform: (name: string) => ({
    en: `renames the platform to “${name}”`,
    ar: `يعيد تسمية المنصة إلى «${name}»`,
  }),
  changesPlatform: (key: string) => ({ en: `changes the platform's ${key}`, ar: `يعدّل ${key} للمنصة` }),
  addsLocale: (locale: string) => ({ en: `adds locale ${locale}`, ar: `يضيف اللغة ${locale}` }),
  removesLocale: (locale: string) => ({ en: `removes locale ${locale}`, ar: `يحذف اللغة ${locale}` }),
  defaultLocale: (locale: string) => ({
    en: `makes ${locale} the default locale`,
    ar: `يجعل ${locale} اللغة الافتراضية`,
  }),
  addsRegime: (regime: string) => ({ en: `adds compliance regime ${regime}`, ar: `يضيف نظام الامتثال ${regime}` }),
  removesRegime: (regime: string) => ({ en: `drops compliance regime ${regime}`, ar: `يُسقط نظام الامتثال ${regime}` }),
  addsEntity: (name: string, fields: number) => ({
    en: `adds entity ${name} with ${fields === 0 ? 'no' : fields} field${fields === 1 ? '' : 's'}`,
    ar: fields === 0 ? `يضيف الكيان ${name} بلا حقول` : `يضيف الكيان ${name} مع ${arabicFieldCount(fields)}`,
  }),
  removesEntity: (name: string) => ({ en: `removes entity ${name}`, ar: `يحذف الكيان ${name}` }),
  changesEntity: (name: string) => ({ en: `changes entity ${name}`, ar: `يعدّل الكيان ${name}` }),
  addsField: (entity: string, field: string, type: string) => ({
    en: `adds field ${field} (${type}) to ${entity}`,
    ar: `يضيف الحقل ${field} (${type}) إلى ${entity}`,
  }),
  removesField: (entity: string, field: string) => ({
    en: `removes field ${field} from ${entity}`,
    ar: `يحذف الحقل ${field} من ${entity}`,
  }),
  changesField: (entity: string, field: string) => ({
    en: `changes field ${entity}.${field}`,
    ar: `يعدّل الحقل ${entity}.${field}`,
  }),
  reordersFields: (entity: string) => ({ en: `reorders the fields of ${entity}`, ar: `يعيد ترتيب حقول ${entity}` }),
  reorders: (section: Section) => ({
    en: `reorders ${sectionNames[section].en}`,
    ar: `يعيد ترتيب ${sectionNames[section].ar}`,
  }),
  addsRelation: (from: string, name: string, to: string, kind: string) => ({
    en: `adds relation ${from}.${name} to ${to} (${kind})`,
    ar: `يضيف العلاقة ${from}.${name} إلى ${to} (${kind})`,
  }),
  removesRelation: (from: string, name: string) => ({
    en: `removes relation ${from}.${name}`,
    ar: `يحذف العلاقة ${from}.${name}`,
  }),
  changesRelation: (from: string, name: string) => ({
    en: `changes relation ${from}.${name}`,
    ar: `يعدّل العلاقة ${from}.${name}`,
  }),
  addsRole: (name: string) => ({ en: `adds role ${name}`, ar: `يضيف الدور ${name}` }),
  removesRole: (name: string) => ({ en: `removes role ${name}`, ar: `يحذف الدور ${name}` }),
  changesRole: (name: string) => ({ en: `changes role ${name}`, ar: `يعدّل الدور ${name}` }),
  grants: (role: string, actions: readonly PermissionAction[], entity: string) => {
    const list = actionList(actions);
    return { en: `grants ${role} ${list.en} on ${entity}`, ar: `يمنح ${role} صلاحية ${list.ar} على ${entity}` };
  },
  revokes: (role: string, actions: readonly PermissionAction[], entity: string) => {
    const list = actionList(actions);
    return {
      en: `revokes ${role} ${list.en} on ${entity}`,
      ar: `يسحب من ${role} صلاحية ${list.ar} على ${entity}`,
    };
  },
  rowRule: (role: string, entity: string, rows: RowRule) =>
    rows.scope === 'own'
      ? {
          en: `limits ${role} to its own ${entity} records (by ${rows.field})`,
          ar: `يقصر ${role} على سجلاته من ${entity} (عبر ${rows.field})`,
        }
      : { en: `lets ${role} reach every ${entity} record`, ar: `يتيح لـ ${role} كل سجلات ${entity}` },
  addsPage: (name: string, kind: string, entity: string | undefined) => ({
    en: `adds page ${name} (${entity === undefined ? kind : `${kind} of ${entity}`})`,
    ar: `يضيف الصفحة ${name} (${entity === undefined ? kind : `${kind}: ${entity}`})`,
  }),
  removesPage: (name: string) => ({ en: `removes page ${name}`, ar: `يحذف الصفحة ${name}` }),
  changesPage: (name: string) => ({ en: `changes page ${name}`, ar: `يعدّل الصفحة ${name}` }),
  addsMenuEntry: (page: string) => ({ en: `adds ${page} to the menu`, ar: `يضيف ${page} إلى القائمة` }),
  removesMenuEntry: (page: string) => ({ en: `removes ${page} from the menu`, ar: `يحذف ${page} من القائمة` }),
  changesMenuEntry: (page: string) => ({ en: `changes the menu entry ${page}`, ar: `يعدّل عنصر القائمة ${page}` }),
  crud: (on: boolean) =>
    on
      ? { en: 'turns on the generated CRUD routes', ar: 'يفعّل مسارات CRUD المولَّدة' }
      : { en: 'turns off the generated CRUD routes', ar: 'يعطّل مسارات CRUD المولَّدة' },
  addsEndpoint: (method: string, path: string) => ({
    en: `adds endpoint ${method} ${path}`,
    ar: `يضيف نقطة النهاية ${method} ${path}`,
  }),
  removesEndpoint: (method: string, path: string) => ({
    en: `removes endpoint ${method} ${path}`,
    ar: `يحذف نقطة النهاية ${method} ${path}`,
  }),
  changesEndpoint: (method: string, path: string) => ({
    en: `changes endpoint ${method} ${path}`,
    ar: `يعدّل نقطة النهاية ${method} ${path}`,
  }),
  addsIntegration: (category: string, provider: string) => ({
    en: `adds ${category} integration ${provider}`,
    ar: `يضيف تكامل ${category}: ${provider}`,
  }),
  removesIntegration: (category: string, provider: string) => ({
    en: `removes ${category} integration ${provider}`,
    ar: `يحذف تكامل ${category}: ${provider}`,
  }),
  changesIntegration: (category: string, provider: string) => ({
    en: `changes ${category} integration ${provider}`,
    ar: `يعدّل تكامل ${category}: ${provider}`,
  }),
  changesSchemaLink: () => ({ en: 'changes the $schema link', ar: 'يعدّل رابط $schema' }),
  noChanges: () => ({ en: 'no changes', ar: 'لا تغييرات' }),
  doesNotApply: (reason: LocalizedText) => ({
    en: `the patch does not apply: ${reason.en}`,
    ar: `لا ينطبق التعديل: ${reason.ar}`,
  }),
  invalidResult: () => ({
    en: 'the patch leaves the Blueprint malformed',
    ar: 'يترك التعديل المخطط بشكل غير صالح',
  }),
} satisfies Record<string, (...args: never[]) => LocalizedText>;
