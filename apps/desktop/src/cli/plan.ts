import { parseArgs } from 'node:util';
import {
  defaultTemplateName,
  getTemplate,
  proposeBlueprint,
  selectProvider,
  serializeBlueprint,
  validateBlueprint,
} from '@webnova/core';
import { AiSettings, type Blueprint, isCoreError, issueText } from '@webnova/core/contracts';
import { CliError, readJsonFile } from './json-file.js';

export const planUsage = `  plan "PROMPT" [--from BLUEPRINT] [--json] [--lang ar] [--model M]
      The Blueprint (or, with --from, the patch) the AI proposes for a request in English or
      Arabic, checked (schema, meaning, a dry-run generation) and repaired up to twice.
      Claude when ANTHROPIC_API_KEY is set (ANTHROPIC_BASE_URL for another endpoint),
      else the offline planner.
`;

async function readBase(path: string): Promise<Blueprint> {
  const validation = validateBlueprint(await readJsonFile(path));
  if (!validation.ok) {
    const first = validation.errors[0];
    throw new CliError(
      `webnova plan: ${path} is not valid (${first?.path || '/'}: ${first ? issueText(first, 'en') : ''})`,
      1,
    );
  }
  return validation.blueprint;
}

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
      model: { type: 'string' },
    },
    allowPositionals: true,
  });
  if (positionals.length !== 1 || !positionals[0]?.trim()) {
    throw new CliError('usage: webnova plan "PROMPT" [--from BLUEPRINT] [--json] [--lang ar] [--model M]', 2);
  }
  if (values.lang !== 'en' && values.lang !== 'ar') throw new CliError('--lang must be en or ar', 2);
  const lang = values.lang;
  const prompt = positionals[0];
  const settings = AiSettings.safeParse(values.model === undefined ? {} : { model: values.model.trim() });
  if (!settings.success) throw new CliError('--model must be a model name', 2);
  const base = values.from ? await readBase(values.from) : null;
  const provider = selectProvider({ storedKey: null, settings: settings.data, env: process.env });
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  try {
    const { proposal, blueprint, usage } = await proposeBlueprint(
      provider,
      { prompt, base, dryRun: (b) => getTemplate(defaultTemplateName).render(b).length },
      { signal: controller.signal },
    );
    const head = { provider: provider.id, model: provider.model, summary: proposal.summary };
    const tail = { repairs: proposal.repairs, usage };
    if (values.json) {
      const body = base ? { patch: proposal.patch } : { blueprint };
      console.log(JSON.stringify({ ...head, kind: proposal.kind, ...body, ...tail }, null, 2));
    } else if (base) {
      console.log(`${proposal.summary[lang]}\n${JSON.stringify(proposal.patch, null, 2)}`);
    } else {
      process.stdout.write(`${proposal.summary[lang]}\n\n${serializeBlueprint(blueprint)}`);
    }
    return 0;
  } catch (error) {
    if (isCoreError(error)) {
      const where = provider.id === 'claude' ? ` (${provider.model})` : '';
      throw new CliError(`webnova plan${where}: ${error.message}`, error.code === 'CANCELLED' ? 130 : 1);
    }
    throw error;
  } finally {
    process.off('SIGINT', stop);
  }
}
