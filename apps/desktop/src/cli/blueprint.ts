import { parseArgs } from 'node:util';
import { blueprintHash, diffBlueprints, summarizePatch, validateBlueprint } from '@webnova/core';
import { type Blueprint, type BlueprintIssue, issueText } from '@webnova/core/contracts';
import { CliError, readJsonFile } from './json-file.js';

type Lang = 'en' | 'ar';

function printIssues(file: string, issues: BlueprintIssue[], lang: Lang): void {
  console.error(`${file}: ${issues.length} problem${issues.length === 1 ? '' : 's'}`);
  for (const issue of issues) console.error(`  ${issue.path || '/'}  ${issue.code}  ${issueText(issue, lang)}`);
}

async function loadValid(file: string, lang: Lang, json: boolean): Promise<Blueprint> {
  const result = validateBlueprint(await readJsonFile(file));
  if (result.ok) return result.blueprint;
  if (json) console.log(JSON.stringify({ ok: false, file, issues: result.errors }, null, 2));
  else printIssues(file, result.errors, lang);
  throw new CliError('', 1);
}

/** `webnova blueprint validate FILE` and `webnova blueprint diff A B`. */
export async function blueprintCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { json: { type: 'boolean', default: false }, lang: { type: 'string', default: 'en' } },
    allowPositionals: true,
  });
  const lang = values.lang === 'ar' ? 'ar' : 'en';
  if (values.lang !== 'en' && values.lang !== 'ar') throw new CliError('--lang must be en or ar', 2);
  const [action, ...files] = positionals;
  if (action === 'validate' && files.length === 1) {
    const file = files[0] as string;
    const blueprint = await loadValid(file, lang, values.json);
    const hash = blueprintHash(blueprint);
    if (values.json) console.log(JSON.stringify({ ok: true, file, hash }, null, 2));
    else console.log(`${file}: valid Blueprint "${blueprint.platform.name}" (sha256 ${hash.slice(0, 12)})`);
    return 0;
  }
  if (action === 'diff' && files.length === 2) {
    const [a, b] = [
      await loadValid(files[0] as string, lang, values.json),
      await loadValid(files[1] as string, lang, values.json),
    ];
    const patch = diffBlueprints(a, b);
    const summary = summarizePatch(a, patch);
    if (values.json) console.log(JSON.stringify({ patch, summary }, null, 2));
    else console.log(patch.length === 0 ? 'No differences.' : `${summary[lang]}\n(${patch.length} operations)`);
    return 0;
  }
  throw new CliError(
    'usage: webnova blueprint validate FILE [--json] | webnova blueprint diff A B [--json] [--lang ar]',
    2,
  );
}
