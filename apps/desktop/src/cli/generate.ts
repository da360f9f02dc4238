import { mkdir, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  defaultTemplateName,
  generateProject,
  getTemplate,
  previewGeneration,
  templateNames,
  validateBlueprint,
} from '@webnova/core';
import { isCoreError, issueText, type MethodOutput } from '@webnova/core/contracts';
import { CliError, readJsonFile } from './json-file.js';

export const generateUsage = `  generate FILE --out DIR [--template NAME] [--rename Old=New]… [--dry-run] [--json] [--lang ar]
      Generate the project a Blueprint describes into DIR, or regenerate it keeping your edits
      (three-way merge; overlapping edits get conflict markers and are listed). --dry-run shows
      which files would change and writes nothing. Exit code 3 when conflicts were written.
`;

type GenerationReport = MethodOutput<'blueprint.generate'>;

const usageLine = 'usage: webnova generate FILE --out DIR [--template NAME] [--rename Old=New] [--dry-run] [--json]';

function parseRenames(values: string[]): Record<string, string> {
  const renames: Record<string, string> = {};
  for (const value of values) {
    const match = /^([A-Z][A-Za-z0-9]*)=([A-Z][A-Za-z0-9]*)$/.exec(value);
    if (!match) throw new CliError(`--rename ${value}: expected Old=New with entity names, e.g. Course=Subject`, 2);
    renames[match[1] as string] = match[2] as string;
  }
  return renames;
}

const verbs: Record<string, string> = {
  create: 'create',
  update: 'update',
  merge: 'merge ',
  conflict: 'CONFLICT',
  delete: 'delete',
  keep: 'keep  ',
};

function printReport(report: GenerationReport, dryRun: boolean): void {
  const c = report.counts;
  const head = dryRun ? 'Would change' : 'Changed';
  for (const change of report.changes) {
    const moved = change.from ? ` (moved from ${change.from})` : '';
    const why = change.reason ? ` [${change.reason}]` : '';
    console.log(`  ${verbs[change.kind] ?? change.kind}  ${change.path}${moved}${why}`);
  }
  console.log(
    `${head}: ${c.created} created, ${c.updated} updated, ${c.merged} merged, ${c.conflicted} conflicted, ` +
      `${c.deleted} deleted, ${c.moved} moved; ${c.kept} kept as you left them, ${c.unchanged} unchanged` +
      (dryRun ? '' : `; ${report.filesWritten} files written`),
  );
  for (const [from, to] of Object.entries(report.renames))
    console.log(`Entity ${from} renamed to ${to}: its files move.`);
  if (report.conflicts.length > 0) {
    console.log(`${report.conflicts.length} file${report.conflicts.length === 1 ? ' needs' : 's need'} you:`);
    for (const conflict of report.conflicts) {
      const where = conflict.line ? `:${conflict.line}` : '';
      console.log(
        `  ${conflict.path}${where}  ${conflict.reason}${conflict.hunks ? ` (${conflict.hunks} blocks)` : ''}`,
      );
    }
  }
}

/** `webnova generate FILE --out DIR`. */
export async function generateCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      out: { type: 'string' },
      template: { type: 'string', default: defaultTemplateName },
      rename: { type: 'string', multiple: true, default: [] },
      'dry-run': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      lang: { type: 'string', default: 'en' },
    },
    allowPositionals: true,
  });
  if (positionals.length !== 1 || !values.out) throw new CliError(usageLine, 2);
  if (values.lang !== 'en' && values.lang !== 'ar') throw new CliError('--lang must be en or ar', 2);
  if (!templateNames().includes(values.template)) {
    throw new CliError(`--template ${values.template}: unknown; known templates: ${templateNames().join(', ')}`, 2);
  }
  const file = positionals[0] as string;
  const renames = parseRenames(values.rename);
  const out = resolve(values.out);
  const outInfo = await stat(out).catch(() => null);
  if (outInfo && !outInfo.isDirectory()) throw new CliError(`--out ${values.out}: not a folder`, 2);

  const validation = validateBlueprint(await readJsonFile(file));
  if (!validation.ok) {
    if (values.json) console.log(JSON.stringify({ ok: false, file, issues: validation.errors }, null, 2));
    else {
      console.error(`${file}: ${validation.errors.length} problem${validation.errors.length === 1 ? '' : 's'}`);
      for (const issue of validation.errors) {
        console.error(`  ${issue.path || '/'}  ${issue.code}  ${issueText(issue, values.lang)}`);
      }
    }
    return 1;
  }
  const request = { root: out, blueprint: validation.blueprint, template: getTemplate(values.template), renames };
  let report: GenerationReport;
  try {
    if (!values['dry-run']) await mkdir(out, { recursive: true });
    report = values['dry-run'] ? await previewGeneration(request) : await generateProject(request);
  } catch (error) {
    if (!isCoreError(error)) throw error;
    if (values.json) console.log(JSON.stringify({ ok: false, error: error.toShape() }, null, 2));
    else console.error(`webnova generate: ${error.message}`);
    return 1;
  }
  if (values.json) console.log(JSON.stringify({ ok: true, dryRun: values['dry-run'], ...report }, null, 2));
  else printReport(report, values['dry-run']);
  return report.conflicts.length > 0 && !values['dry-run'] ? 3 : 0;
}
