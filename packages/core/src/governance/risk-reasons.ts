import type { RiskReason } from '../contracts/constitution.js';
import type { RiskLevel } from '../contracts/governance.js';

type Params = Record<string, string>;
interface ReasonText {
  risk: RiskLevel;
  en: (p: Params) => string;
  ar: (p: Params) => string;
}

// Arabic text names Latin values (paths, programs) inside U+2068…U+2069 isolates so they keep their own direction.
const iso = (text = '') => `\u2068${text}\u2069`;

/** Every reason the classifier gives, its level and its words; `p` holds the values it names. */
const REASONS = {
  ROUTINE: { risk: 'low', en: () => 'nothing risky found', ar: () => 'لم يُعثر على ما يدعو إلى القلق' },
  UNKNOWN_KIND: {
    risk: 'medium',
    en: (p) => `${p.kind} is an action WebNova does not know`,
    ar: (p) => `${iso(p.kind)} إجراء لا يعرفه WebNova`,
  },
  BLUEPRINT_CHANGE: {
    risk: 'medium',
    en: () => "changes the Blueprint: the app's data, permissions and pages",
    ar: () => 'يغيّر المخطط: بيانات التطبيق وصلاحياته وصفحاته',
  },
  DEPLOY: { risk: 'high', en: (p) => `deploys to ${p.environment}`, ar: (p) => `ينشر إلى ${iso(p.environment)}` },
  SECRET_READ: { risk: 'high', en: (p) => `reads the secret ${p.name}`, ar: (p) => `يقرأ السرّ ${iso(p.name)}` },
  PRODUCTION_SECRET: {
    risk: 'critical',
    en: (p) => `reads the production secret ${p.name}`,
    ar: (p) => `يقرأ سرّ بيئة الإنتاج ${iso(p.name)}`,
  },
  NO_TARGET: {
    risk: 'high',
    en: () => 'does not say what it acts on',
    ar: () => 'لا يحدد ما الذي يعمل عليه',
  },
  PATH_OUTSIDE_PROJECT: {
    risk: 'high',
    en: (p) => `writes outside the project (${p.path})`,
    ar: (p) => `يكتب خارج المشروع (${iso(p.path)})`,
  },
  READ_OUTSIDE_PROJECT: {
    risk: 'medium',
    en: (p) => `reads outside the project (${p.path})`,
    ar: (p) => `يقرأ من خارج المشروع (${iso(p.path)})`,
  },
  SYSTEM_PATH: {
    risk: 'critical',
    en: (p) => `changes the system folder ${p.path}`,
    ar: (p) => `يغيّر مجلد النظام ${iso(p.path)}`,
  },
  DELETE_OUTSIDE_PROJECT: {
    risk: 'critical',
    en: (p) => `deletes outside the project (${p.path})`,
    ar: (p) => `يحذف خارج المشروع (${iso(p.path)})`,
  },
  DELETE_PROJECT: {
    risk: 'critical',
    en: (p) => `deletes the whole project (${p.path})`,
    ar: (p) => `يحذف المشروع بأكمله (${iso(p.path)})`,
  },
  RECURSIVE_DELETE: {
    risk: 'high',
    en: (p) => `deletes folders recursively (${p.path})`,
    ar: (p) => `يحذف مجلدات بكل محتواها (${iso(p.path)})`,
  },
  DELETE: { risk: 'medium', en: (p) => `deletes ${p.path}`, ar: (p) => `يحذف ${iso(p.path)}` },
  HIDDEN_PATH: {
    risk: 'medium',
    en: (p) => `changes the hidden file or folder ${p.path}`,
    ar: (p) => `يغيّر الملف أو المجلد المخفي ${iso(p.path)}`,
  },
  GIT_INTERNALS: {
    risk: 'critical',
    en: (p) => `changes Git's own files (${p.path}), where hooks can run code`,
    ar: (p) => `يغيّر ملفات Git الداخلية (${iso(p.path)}) حيث يمكن للخطافات تشغيل شيفرة`,
  },
  GIT_HOOKS: {
    risk: 'high',
    en: (p) => `changes a Git hook (${p.path}) that runs on every commit`,
    ar: (p) => `يغيّر خطاف Git (${iso(p.path)}) الذي يعمل مع كل إيداع`,
  },
  SECRET_FILE: {
    risk: 'high',
    en: (p) => `touches the secret-looking file ${p.path}`,
    ar: (p) => `يمسّ ملفًا يبدو أنه يحوي أسرارًا ${iso(p.path)}`,
  },
  LOCKFILE: {
    risk: 'high',
    en: (p) => `changes the lockfile ${p.path}, which pins every installed package`,
    ar: (p) => `يغيّر ملف القفل ${iso(p.path)} الذي يثبّت كل حزمة مثبتة`,
  },
  CI_CONFIG: {
    risk: 'high',
    en: (p) => `changes the CI configuration ${p.path}, which runs with the project's credentials`,
    ar: (p) => `يغيّر إعدادات التكامل المستمر ${iso(p.path)} التي تعمل بصلاحيات المشروع`,
  },
  MANIFEST: {
    risk: 'medium',
    en: (p) => `changes the package manifest ${p.path}`,
    ar: (p) => `يغيّر ملف تعريف الحزمة ${iso(p.path)}`,
  },
  INSTALL_SCRIPT: {
    risk: 'high',
    en: (p) => `adds or changes the ${p.script} script, which runs on every install`,
    ar: (p) => `يضيف أو يغيّر السكربت ${iso(p.script)} الذي يعمل مع كل تثبيت`,
  },
  SECRET_IN_CONTENT: {
    risk: 'high',
    en: (p) => `the ${p.where} holds what looks like a secret (${p.what})`,
    ar: (p) => `يحوي ${p.whereAr} ما يبدو أنه سرّ (${p.whatAr})`,
  },
  PROMPT_INJECTION: {
    risk: 'high',
    en: (p) => `the ${p.where} holds text that tries to steer the AI or get around approval: “${p.quote}”`,
    ar: (p) => `يحوي ${p.whereAr} نصًا يحاول توجيه الذكاء الاصطناعي أو تجاوز الموافقة: «${iso(p.quote)}»`,
  },
  SHELL_REQUIRED: {
    risk: 'high',
    en: (p) =>
      `needs a shell for ${p.constructs}: it cannot run as a plain program and its arguments, and would run through /bin/sh on this computer`,
    ar: (p) =>
      `يحتاج إلى صدفة أوامر من أجل ${p.constructsAr}: لا يمكن تشغيله كبرنامج ووسائطه فقط، وسيعمل عبر ${iso('/bin/sh')} على هذا الحاسوب`,
  },
  ENVIRONMENT_SET: {
    risk: 'high',
    en: (p) =>
      `sets environment variables for the program it runs (${p.names}), which can change what that program executes`,
    ar: (p) => `يضبط متغيرات بيئة للبرنامج الذي يشغّله (${iso(p.names)})، وقد يغيّر ذلك ما ينفّذه البرنامج`,
  },
  PROJECT_PROGRAM: {
    risk: 'high',
    en: (p) => `runs ${p.program} from the project folder (${p.path}), a file that proposals can write`,
    ar: (p) => `يشغّل ${iso(p.program)} من مجلد المشروع (${iso(p.path)})، وهو ملف يمكن للمقترحات كتابته`,
  },
  OTHER_REPOSITORY: {
    risk: 'medium',
    en: (p) =>
      `points Git at another repository or work tree (${p.option}), whose configuration WebNova has not checked`,
    ar: (p) => `يوجّه Git إلى مستودع أو شجرة عمل أخرى (${iso(p.option)}) لم يفحص WebNova إعداداتها`,
  },
  LINKED_PATH: {
    risk: 'medium',
    en: (p) => `${p.path} is reached through a link: it really leads to ${p.target}`,
    ar: (p) => `يُوصَل إلى ${iso(p.path)} عبر رابط: وهو يقود فعليًا إلى ${iso(p.target)}`,
  },
  UNPARSEABLE: {
    risk: 'high',
    en: (p) => `the command line is incomplete: ${p.problem}`,
    ar: (p) => `سطر الأوامر غير مكتمل: ${iso(p.problem)}`,
  },
  NESTED_TOO_DEEP: {
    risk: 'high',
    en: () => 'hides commands in shell text nested too deep to look into',
    ar: () => 'يخفي أوامر داخل نص صدفة متداخل أعمق من أن يُفحص',
  },
  EMPTY_COMMAND: { risk: 'medium', en: () => 'runs no command', ar: () => 'لا يشغّل أي أمر' },
  READ_ONLY_COMMAND: { risk: 'low', en: (p) => `runs ${p.program}`, ar: (p) => `يشغّل ${iso(p.program)}` },
  UNKNOWN_PROGRAM: {
    risk: 'medium',
    en: (p) => `runs ${p.program}, which WebNova does not know to be harmless`,
    ar: (p) => `يشغّل ${iso(p.program)} الذي لا يعرف WebNova أنه آمن`,
  },
  SUBSTITUTION: {
    risk: 'medium',
    en: () => 'runs commands inside $(…) or backticks',
    ar: () => 'يشغّل أوامر داخل $(…) أو علامات الاقتباس المائلة',
  },
  SHELL_STRING: {
    risk: 'medium',
    en: (p) => `runs shell text through ${p.program}`,
    ar: (p) => `يشغّل نص صدفة عبر ${iso(p.program)}`,
  },
  PIPE_TO_SHELL: {
    risk: 'high',
    en: (p) => `runs whatever ${p.from} produces as a script (${p.shell})`,
    ar: (p) => `يشغّل ناتج ${iso(p.from)} كنص برمجي (${iso(p.shell)})`,
  },
  BACKGROUND: {
    risk: 'medium',
    en: () => 'leaves a command running in the background',
    ar: () => 'يترك أمرًا يعمل في الخلفية',
  },
  PRIVILEGE_ESCALATION: {
    risk: 'critical',
    en: (p) => `runs as another user (${p.program})`,
    ar: (p) => `يعمل بصلاحيات مستخدم آخر (${iso(p.program)})`,
  },
  REMOTE_SCRIPT: {
    risk: 'critical',
    en: (p) => `runs a script straight from the network (${p.program} into ${p.shell})`,
    ar: (p) => `يشغّل نصًا برمجيًا مباشرة من الشبكة (${iso(p.program)} إلى ${iso(p.shell)})`,
  },
  NETWORK: {
    risk: 'medium',
    en: (p) => `uses the network (${p.program})`,
    ar: (p) => `يستخدم الشبكة (${iso(p.program)})`,
  },
  UPLOAD: {
    risk: 'high',
    en: (p) => `sends data out over the network (${p.program})`,
    ar: (p) => `يرسل بيانات إلى الخارج عبر الشبكة (${iso(p.program)})`,
  },
  EXFILTRATION: {
    risk: 'critical',
    en: (p) => `reads a secret (${p.path}) and uses the network in the same command`,
    ar: (p) => `يقرأ سرًّا (${iso(p.path)}) ويستخدم الشبكة في الأمر نفسه`,
  },
  WORLD_WRITABLE: {
    risk: 'critical',
    en: (p) => `makes files writable by everyone (chmod ${p.mode})`,
    ar: (p) => `يجعل الملفات قابلة للكتابة من الجميع (chmod ${iso(p.mode)})`,
  },
  PERMISSIONS: {
    risk: 'medium',
    en: (p) => `changes file permissions or owners (${p.program})`,
    ar: (p) => `يغيّر أذونات الملفات أو مالكيها (${iso(p.program)})`,
  },
  FORCE_PUSH: {
    risk: 'critical',
    en: () => "rewrites the remote's history (git push --force)",
    ar: () => 'يعيد كتابة سجل المستودع البعيد (git push --force)',
  },
  PUSH: { risk: 'high', en: () => 'pushes to a remote repository', ar: () => 'يدفع إلى مستودع بعيد' },
  GIT_DESTRUCTIVE: {
    risk: 'high',
    en: (p) => `discards work (git ${p.command})`,
    ar: (p) => `يتخلص من عمل غير محفوظ (git ${iso(p.command)})`,
  },
  GIT_RUNS_PROGRAMS: {
    risk: 'high',
    en: (p) => `sets a Git option that can run other programs (${p.option})`,
    ar: (p) => `يضبط خيارًا في Git يمكنه تشغيل برامج أخرى (${iso(p.option)})`,
  },
  PUBLISH: {
    risk: 'critical',
    en: (p) => `publishes a package to the world (${p.program} publish)`,
    ar: (p) => `ينشر حزمة للعالم (${iso(p.program)} publish)`,
  },
  PACKAGE_INSTALL: {
    risk: 'medium',
    en: (p) => `installs packages (${p.program})`,
    ar: (p) => `يثبّت حزمًا (${iso(p.program)})`,
  },
  DOWNLOADED_TOOL: {
    risk: 'medium',
    en: (p) => `downloads and runs ${p.name} from the registry`,
    ar: (p) => `ينزّل ${iso(p.name)} من السجل ويشغّله`,
  },
  DISK: {
    risk: 'critical',
    en: (p) => `writes to disks or erases data (${p.program})`,
    ar: (p) => `يكتب على الأقراص مباشرة أو يمحو البيانات (${iso(p.program)})`,
  },
  SYSTEM_CONTROL: {
    risk: 'high',
    en: (p) => `controls the system or its processes (${p.program})`,
    ar: (p) => `يتحكم في النظام أو عملياته (${iso(p.program)})`,
  },
  ENVIRONMENT_DUMP: {
    risk: 'medium',
    en: (p) => `prints environment variables, which may hold secrets (${p.program})`,
    ar: (p) => `يطبع متغيرات البيئة التي قد تحوي أسرارًا (${iso(p.program)})`,
  },
  POPULAR_PACKAGE: {
    risk: 'low',
    en: (p) => `adds ${p.name}, a widely used package`,
    ar: (p) => `يضيف ${iso(p.name)}، وهي حزمة واسعة الاستخدام`,
  },
  UNKNOWN_PACKAGE: {
    risk: 'medium',
    en: (p) =>
      `adds ${p.name}, which is not among the widely used packages WebNova knows; its install scripts are unknown`,
    ar: (p) => `يضيف ${iso(p.name)}، وهي ليست من الحزم واسعة الاستخدام التي يعرفها WebNova؛ سكربتات تثبيتها غير معروفة`,
  },
  TYPOSQUAT: {
    risk: 'high',
    en: (p) => `${p.name} is one letter away from the popular ${p.popular}: it may be a look-alike`,
    ar: (p) => `${iso(p.name)} يختلف بحرف واحد عن الحزمة الشائعة ${iso(p.popular)}: قد تكون حزمة منتحلة`,
  },
  SCOPED_LOOKALIKE: {
    risk: 'high',
    en: (p) => `${p.name} borrows the name of the popular ${p.popular} under a scope it does not belong to`,
    ar: (p) => `${iso(p.name)} يستعير اسم الحزمة الشائعة ${iso(p.popular)} تحت نطاق لا تنتمي إليه`,
  },
  INVALID_PACKAGE_NAME: {
    risk: 'high',
    en: (p) => `${p.name} is not a valid package name`,
    ar: (p) => `${iso(p.name)} ليس اسم حزمة صالحًا`,
  },
  REMOTE_SOURCE: {
    risk: 'high',
    en: (p) => `installs ${p.name} from ${p.source} instead of the registry`,
    ar: (p) => `يثبّت ${iso(p.name)} من ${iso(p.source)} بدلًا من السجل`,
  },
  UNPINNED: {
    risk: 'medium',
    en: (p) => `takes whatever version of ${p.name} is newest (${p.version})`,
    ar: (p) => `يأخذ أحدث إصدار من ${iso(p.name)} أيًّا كان (${iso(p.version)})`,
  },
} satisfies Record<string, ReasonText>;

export type RiskReasonCode = keyof typeof REASONS;

export function riskReason(code: RiskReasonCode, params: Params = {}): RiskReason {
  const text: ReasonText = REASONS[code];
  return { code, risk: text.risk, message: { en: text.en(params), ar: text.ar(params) } };
}

const LEVEL_WORDS: Record<RiskLevel, { en: string; ar: string }> = {
  low: { en: 'low', ar: 'منخفضة' },
  medium: { en: 'medium', ar: 'متوسطة' },
  high: { en: 'high', ar: 'مرتفعة' },
  critical: { en: 'critical', ar: 'حرجة' },
};

export function riskLevelWord(risk: RiskLevel, locale: 'en' | 'ar'): string {
  return LEVEL_WORDS[risk][locale];
}
