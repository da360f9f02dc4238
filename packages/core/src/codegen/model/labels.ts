import type { Labels } from '../../contracts/blueprint.js';

/** Locales written right to left; the generated UI sets `dir="rtl"` for them. */
const rtlLanguages = new Set(['ar', 'fa', 'he', 'ur', 'ps', 'sd', 'yi', 'dv', 'ckb']);

export function isRtl(locale: string): boolean {
  return rtlLanguages.has(locale.split('-')[0] ?? locale);
}

/** A label in `locale`, else in the default locale, else any: valid Blueprints have them all. */
export function labelIn(labels: Labels, locale: string, fallback: string): string {
  return labels[locale] ?? labels[fallback] ?? Object.values(labels)[0] ?? '';
}

/**
 * The generated UI's own words (buttons, messages), in English and Arabic. A platform locale
 * without its own column here gets the English words; the Blueprint's labels are always its own.
 */
const interfaceWords = {
  'app.signIn': ['Sign in', 'تسجيل الدخول'],
  'app.signOut': ['Sign out', 'تسجيل الخروج'],
  'app.email': ['Email', 'البريد الإلكتروني'],
  'app.password': ['Password', 'كلمة المرور'],
  'app.language': ['Language', 'اللغة'],
  'app.loading': ['Loading…', 'جارٍ التحميل…'],
  'app.empty': ['Nothing here yet.', 'لا يوجد شيء هنا بعد.'],
  'app.notFound': ['Page not found.', 'الصفحة غير موجودة.'],
  'app.forbidden': ['You do not have access to this page.', 'ليس لديك صلاحية الوصول إلى هذه الصفحة.'],
  'app.signInFailed': ['Wrong email or password.', 'البريد الإلكتروني أو كلمة المرور غير صحيحة.'],
  'app.setupTitle': ['Create the first owner', 'إنشاء المالك الأول'],
  'app.setupIntro': [
    'This platform has no account yet. Enter the one-time setup token the server printed when it started, then the owner’s email and a password of at least 10 characters.',
    'لا يوجد في هذه المنصة أي حساب بعد. أدخل رمز الإعداد لمرة واحدة الذي طبعه الخادم عند تشغيله، ثم البريد الإلكتروني للمالك وكلمة مرور من 10 أحرف على الأقل.',
  ],
  'app.setupToken': ['Setup token', 'رمز الإعداد'],
  'app.createOwner': ['Create owner', 'إنشاء المالك'],
  'app.setupFailed': [
    'The setup token is not valid, or the platform has its owner already.',
    'رمز الإعداد غير صالح، أو أن للمنصة مالكًا بالفعل.',
  ],
  'app.menu': ['Main menu', 'القائمة الرئيسية'],
  'app.records': ['records', 'سجلات'],
  'action.new': ['New', 'جديد'],
  'action.edit': ['Edit', 'تعديل'],
  'action.delete': ['Delete', 'حذف'],
  'action.save': ['Save', 'حفظ'],
  'action.cancel': ['Cancel', 'إلغاء'],
  'action.back': ['Back', 'رجوع'],
  'action.confirmDelete': ['Delete this record?', 'هل تريد حذف هذا السجل؟'],
  'value.yes': ['Yes', 'نعم'],
  'value.no': ['No', 'لا'],
  'value.none': ['—', '—'],
} as const;

export function interfaceCatalog(locale: string): Record<string, string> {
  const column = locale.split('-')[0] === 'ar' ? 1 : 0;
  return Object.fromEntries(Object.entries(interfaceWords).map(([key, words]) => [key, words[column]]));
}
