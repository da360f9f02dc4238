import type { Constitution } from '../contracts/constitution.js';
import { SYSTEM_ACTOR } from './decision-log.js';

/** Files that hold or look like they hold secrets: never written or read by an action, only through `secret.read`. */
export const SECRET_PATH_GLOBS = [
  '**/.env',
  '**/.env.*',
  '**/.envrc',
  '**/*.pem',
  '**/*.key',
  '**/*.p12',
  '**/*.pfx',
  '**/id_rsa*',
  '**/id_dsa*',
  '**/id_ecdsa*',
  '**/id_ed25519*',
  '**/.ssh/**',
  '**/.aws/credentials',
  '**/.npmrc',
  '**/.netrc',
  '**/.git-credentials',
  'secrets/**',
  '**/secrets/**',
];

const SHELL_PROGRAMS = ['sh', 'bash', 'zsh', 'dash', 'ksh', 'fish', 'python*', 'node', 'perl', 'ruby', 'php'];

/**
 * The constitution a new project starts with. The owner edits it; while it is in force: secrets and
 * critical actions are forbidden, anything high-risk, every AI write in `src/`, dependency, deploy,
 * secret read, Blueprint change and command waits for one approval, and only low-risk writes to
 * documentation and a few read-only commands go ahead. Anything else falls to the default: approval.
 */
export const DEFAULT_CONSTITUTION: Constitution = {
  version: 1,
  updatedAt: '2026-01-01T00:00:00.000Z',
  updatedBy: SYSTEM_ACTOR,
  rules: [
    {
      id: 'forbid-secret-files',
      kind: '*',
      paths: SECRET_PATH_GLOBS,
      effect: 'forbid',
      description: {
        en: 'secret files (.env, keys, certificates, secrets/) are never touched; secrets are read through secret.read',
        ar: 'لا تُمَس ملفات الأسرار (.env والمفاتيح والشهادات و secrets/)؛ تُقرأ الأسرار عبر secret.read',
      },
    },
    {
      id: 'forbid-production-secrets',
      kind: 'secret.read',
      environments: ['prod', 'prod-*', 'production', 'production-*', 'live'],
      effect: 'forbid',
      description: {
        en: 'production secrets are not read by proposals; narrow or remove this rule to let one be read with approval (a secret of unnamed environment counts as production)',
        ar: 'لا تُقرأ أسرار بيئة الإنتاج عبر المقترحات؛ عدّل هذه القاعدة أو احذفها للسماح بقراءتها بموافقة (السر الذي لا تُذكر بيئته يُعد من الإنتاج)',
      },
    },
    {
      id: 'forbid-privilege-escalation',
      kind: 'command.run',
      commands: [{ program: 'sudo' }, { program: 'su' }, { program: 'doas' }, { program: 'pkexec' }],
      effect: 'forbid',
      description: { en: 'commands never run as another user', ar: 'لا تُشغَّل الأوامر بصلاحيات مستخدم آخر' },
    },
    {
      id: 'forbid-remote-scripts',
      kind: 'command.run',
      commands: [
        { program: 'curl', pipedTo: SHELL_PROGRAMS },
        { program: 'wget', pipedTo: SHELL_PROGRAMS },
      ],
      effect: 'forbid',
      description: {
        en: 'a script downloaded from the network is never piped into a shell',
        ar: 'لا يُمرَّر نص برمجي منزَّل من الشبكة إلى صدفة الأوامر',
      },
    },
    {
      id: 'sandbox-commands',
      kind: 'command.run',
      effect: 'configure',
      sandbox: { run: 'required', network: 'none' },
      description: {
        en: 'every command runs in the sandbox: no network, the project writable except .git, the rest of the system read-only, limits on memory, CPU, time, processes and written bytes',
        ar: 'كل أمر يعمل داخل البيئة المعزولة: دون شبكة، والمشروع قابل للكتابة عدا ‎.git، وبقية النظام للقراءة فقط، مع حدود للذاكرة والمعالج والمدة والعمليات والبيانات المكتوبة',
      },
    },
    {
      id: 'forbid-critical',
      kind: '*',
      risk: { exactly: 'critical' },
      effect: 'forbid',
      description: {
        en: 'critical actions (deleting outside the project, force-pushing, publishing…) are done by a person, not proposed',
        ar: 'الإجراءات الحرجة (الحذف خارج المشروع، الدفع القسري، النشر…) يقوم بها شخص ولا تُقترح',
      },
    },
    {
      id: 'approve-high-risk',
      kind: '*',
      risk: { atLeast: 'high' },
      effect: 'require-approval',
      approval: { quorum: 1, expiresAfter: 'P1D', escalateAfter: 'PT4H' },
      description: { en: 'high-risk actions need approval', ar: 'الإجراءات عالية الخطورة تحتاج إلى موافقة' },
    },
    {
      id: 'approve-ai-source-writes',
      kind: 'file.write',
      actors: ['ai'],
      paths: ['src/**', '**/src/**'],
      effect: 'require-approval',
      approval: { quorum: 1, expiresAfter: 'P7D' },
      description: {
        en: 'AI changes to source code need approval',
        ar: 'تعديلات الذكاء الاصطناعي على الشيفرة تحتاج إلى موافقة',
      },
    },
    {
      id: 'approve-dependencies',
      kind: 'dependency.add',
      effect: 'require-approval',
      approval: { quorum: 1, expiresAfter: 'P7D' },
      description: { en: 'new dependencies need approval', ar: 'الاعتماديات الجديدة تحتاج إلى موافقة' },
    },
    {
      id: 'approve-deploys',
      kind: 'deploy',
      effect: 'require-approval',
      approval: { quorum: 1, expiresAfter: 'P1D', escalateAfter: 'PT2H' },
      description: { en: 'deploys need approval', ar: 'النشر إلى الخوادم يحتاج إلى موافقة' },
    },
    {
      id: 'approve-secret-reads',
      kind: 'secret.read',
      effect: 'require-approval',
      approval: { quorum: 1, expiresAfter: 'PT1H' },
      description: { en: 'reading a secret needs approval', ar: 'قراءة سرّ تحتاج إلى موافقة' },
    },
    {
      id: 'approve-blueprint-changes',
      kind: 'blueprint.patch',
      effect: 'require-approval',
      approval: { quorum: 1, expiresAfter: 'P7D' },
      description: { en: 'changes to the Blueprint need approval', ar: 'تغييرات المخطط تحتاج إلى موافقة' },
    },
    {
      id: 'allow-low-risk-docs',
      kind: 'file.write',
      risk: { exactly: 'low' },
      paths: ['docs/**', '**/*.md'],
      effect: 'allow',
      description: { en: 'low-risk documentation edits go ahead', ar: 'تعديلات التوثيق منخفضة الخطورة تُنفَّذ مباشرة' },
    },
    {
      id: 'allow-read-only-commands',
      kind: 'command.run',
      risk: { exactly: 'low' },
      commands: [
        { program: 'git', args: ['status'] },
        { program: 'git', args: ['diff'] },
        { program: 'git', args: ['log'] },
        { program: 'ls' },
        { program: 'pwd' },
      ],
      effect: 'allow',
      description: { en: 'low-risk read-only commands run', ar: 'الأوامر منخفضة الخطورة التي تقرأ فقط تُنفَّذ' },
    },
  ],
};
