import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  AuditLog,
  DEFAULT_CONSTITUTION,
  defaultDataDir,
  describeRisk,
  EventStore,
  findMigrationsFolder,
  judgeProposal,
  planCommand,
  RefusalsSeen,
  runnerNote,
  sandboxProfileMessage,
} from '@webnova/core';
import {
  type CheckedConstitution,
  Constitution,
  type DecisionReason,
  type DecisionRefusal,
  formatMessage,
  JsonObject,
  reasonText,
} from '@webnova/core/contracts';
import { CliError, readJsonFile } from './json-file.js';

export const governanceUsage = `  governance check --kind KIND (--command LINE | --argv JSON | --path PATH [--content TEXT] | --payload JSON)
                   [--project DIR] [--constitution FILE] [--lang ar] [--json]
      What the constitution would make of an action an AI proposes, and why: allowed, needs approval,
      or refused, with the risk, how a command would run and every reason. Paths are judged where they
      really lead in DIR. Exits 0 allowed, 3 needs approval, 4 refused.
  governance refusals [--data-dir DIR] [--limit N] [--lang ar] [--json]
      The latest proposals the desktop refused, with their reasons. Stop the app using DIR first.
`;

type Locale = 'en' | 'ar';

const WORDS = {
  allow: { en: 'allowed: it would run at once', ar: 'مسموح: سيُنفَّذ فورًا' },
  'require-approval': { en: 'needs approval', ar: 'يحتاج إلى موافقة' },
  forbid: { en: 'refused: it would never run', ar: 'مرفوض: لن يُنفَّذ أبدًا' },
  verdict: { en: 'Verdict', ar: 'الحكم' },
  risk: { en: 'Risk', ar: 'الخطورة' },
  runs: { en: 'How it would run', ar: 'طريقة التشغيل' },
  sandbox: { en: 'Where', ar: 'المكان' },
  leads: { en: 'leads to', ar: 'يقود إلى' },
  reasons: { en: 'Reasons', ar: 'الأسباب' },
  quorum: { en: 'approvals needed', ar: 'الموافقات المطلوبة' },
  none: { en: 'Nothing has been refused.', ar: 'لم يُرفض أي مقترح.' },
} as const;

const EXIT = { allow: 0, 'require-approval': 3, forbid: 4 } as const;

function localeOf(value: string | undefined): Locale {
  if (value === undefined || value === 'en') return 'en';
  if (value === 'ar') return 'ar';
  throw new CliError(`webnova governance: --lang is en or ar, not "${value}"`, 2);
}

function jsonOption(name: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError(`webnova governance check: --${name} is not JSON: ${(error as Error).message}`, 2);
  }
}

function payloadOf(values: Record<string, string | boolean | undefined>): Record<string, unknown> {
  const given = ['command', 'argv', 'path', 'payload'].filter((name) => values[name] !== undefined);
  if (given.length !== 1) {
    throw new CliError('webnova governance check: give exactly one of --command, --argv, --path or --payload', 2);
  }
  if (typeof values.command === 'string') return { command: values.command };
  if (typeof values.argv === 'string') return { argv: jsonOption('argv', values.argv) };
  if (typeof values.path === 'string') {
    return { path: values.path, ...(typeof values.content === 'string' ? { content: values.content } : {}) };
  }
  const payload = JsonObject.safeParse(jsonOption('payload', values.payload as string));
  if (!payload.success) throw new CliError('webnova governance check: --payload must be a JSON object', 2);
  return payload.data;
}

async function constitutionFrom(file: string | undefined): Promise<CheckedConstitution> {
  if (!file) return Constitution.parse(DEFAULT_CONSTITUTION);
  const parsed = Constitution.safeParse(await readJsonFile(resolve(file)));
  if (!parsed.success) {
    const where = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new CliError(`webnova governance check: ${file} is not a valid constitution: ${where}`, 2);
  }
  return parsed.data;
}

const bullet = (reasons: readonly DecisionReason[], locale: Locale) =>
  reasons.map((reason) => `  - ${reasonText(reason, locale)}${reason.ruleId ? ` [${reason.ruleId}]` : ''}`);

async function check(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      kind: { type: 'string' },
      command: { type: 'string' },
      argv: { type: 'string' },
      path: { type: 'string' },
      content: { type: 'string' },
      payload: { type: 'string' },
      project: { type: 'string' },
      constitution: { type: 'string' },
      lang: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    allowPositionals: true,
  });
  if (positionals.length) throw new CliError(`webnova governance check: unexpected argument "${positionals[0]}"`, 2);
  const locale = localeOf(values.lang);
  const payload = payloadOf(values);
  const kind =
    values.kind ?? (payload.command !== undefined || payload.argv !== undefined ? 'command.run' : 'file.write');
  const project = values.project ? resolve(values.project) : process.cwd();
  const constitution = await constitutionFrom(values.constitution);
  const { assessment, verdict, targets } = await judgeProposal(
    { kind, payload, actor: { kind: 'ai', id: 'cli-check' } },
    constitution,
    project,
  );
  const plan = planCommand(payload);
  const runner = plan ? runnerNote(plan) : null;
  if (values.json) {
    console.log(JSON.stringify({ kind, project, verdict, assessment, targets, runner }));
    return EXIT[verdict.effect];
  }
  const lines = [
    `${WORDS.verdict[locale]}: ${WORDS[verdict.effect][locale]}${
      verdict.effect === 'require-approval' ? ` (${WORDS.quorum[locale]}: ${verdict.quorum ?? 1})` : ''
    }`,
    `${WORDS.risk[locale]}: ${describeRisk(assessment, locale)}`,
    ...(runner ? [`${WORDS.runs[locale]}: ${formatMessage(runner.note, locale)}`] : []),
    ...(verdict.sandbox
      ? [`${WORDS.sandbox[locale]}: ${formatMessage(sandboxProfileMessage(verdict.sandbox), locale)}`]
      : []),
    ...targets
      .filter((target) => target.kind === 'path' && target.path !== target.resolved)
      .map((target) => `  ${target.path} ${WORDS.leads[locale]} ${target.resolved}`),
    `${WORDS.reasons[locale]}:`,
    ...bullet([...assessment.reasons, ...verdict.reasons], locale),
  ];
  console.log(lines.join('\n'));
  return EXIT[verdict.effect];
}

async function refusals(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      'data-dir': { type: 'string' },
      limit: { type: 'string', default: '20' },
      lang: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    allowPositionals: true,
  });
  if (positionals.length) throw new CliError(`webnova governance refusals: unexpected argument "${positionals[0]}"`, 2);
  const locale = localeOf(values.lang);
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 200) {
    throw new CliError('webnova governance refusals: --limit is a whole number from 1 to 200', 2);
  }
  const dataDir = values['data-dir'] ? resolve(values['data-dir']) : defaultDataDir();
  if (!existsSync(join(dataDir, 'store')))
    throw new CliError(`webnova governance refusals: there is no store in ${dataDir}`, 2);
  const store = await EventStore.open(dataDir, { migrationsFolder: findMigrationsFolder() });
  const seen = new RefusalsSeen();
  try {
    for (const entry of await new AuditLog(store).entries()) seen.add(entry);
  } finally {
    await store.close();
  }
  const list: DecisionRefusal[] = seen.newest(limit);
  if (values.json) {
    console.log(JSON.stringify({ dataDir, refusals: list }));
    return 0;
  }
  if (!list.length) console.log(WORDS.none[locale]);
  for (const refusal of list) {
    console.log(`${refusal.at}  ${refusal.actor.kind}:${refusal.actor.id}  ${refusal.kind}  ${refusal.subject}`);
    console.log(bullet(refusal.reasons, locale).join('\n'));
  }
  return 0;
}

/** `webnova governance check|refusals`: the door's verdicts and refusals, explained in English or Arabic. */
export async function governanceCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'check') return check(rest);
  if (sub === 'refusals') return refusals(rest);
  throw new CliError(`usage:\n${governanceUsage}`, 2);
}
