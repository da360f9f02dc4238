import { parseArgs } from 'node:util';
import { planFollowUp, planPlatform, serializeBlueprint } from '@webnova/core';
import { isCoreError } from '@webnova/core/contracts';
import { CliError, readJsonFile } from './json-file.js';

/**
 * `webnova plan "PROMPT" [--from BLUEPRINT] [--json]`: the Blueprint (or, with --from, the patch)
 * that the active provider proposes. Without an API key the provider is the offline planner.
 */
export async function planCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      from: { type: 'string' },
      json: { type: 'boolean', default: false },
      lang: { type: 'string', default: 'en' },
    },
    allowPositionals: true,
  });
  if (positionals.length !== 1 || !positionals[0]?.trim()) {
    throw new CliError('usage: webnova plan "PROMPT" [--from BLUEPRINT] [--json] [--lang ar]', 2);
  }
  if (values.lang !== 'en' && values.lang !== 'ar') throw new CliError('--lang must be en or ar', 2);
  const lang = values.lang;
  const prompt = positionals[0];
  try {
    if (values.from) {
      const result = planFollowUp(await readJsonFile(values.from), prompt);
      if (values.json)
        console.log(JSON.stringify({ provider: 'offline', patch: result.patch, summary: result.summary }, null, 2));
      else console.log(`${result.summary[lang]}\n${JSON.stringify(result.patch, null, 2)}`);
      return 0;
    }
    const plan = planPlatform(prompt);
    if (values.json)
      console.log(JSON.stringify({ provider: 'offline', blueprint: plan.blueprint, summary: plan.summary }, null, 2));
    else process.stdout.write(`${plan.summary[lang]}\n\n${serializeBlueprint(plan.blueprint)}`);
    return 0;
  } catch (error) {
    if (isCoreError(error)) throw new CliError(`webnova plan: ${error.message}`, 1);
    throw error;
  }
}
