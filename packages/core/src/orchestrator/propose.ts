import { serializeBlueprint, summarizePatch } from '../blueprint/index.js';
import type { AiUsage, BlueprintProposal, CodeEdit } from '../contracts/ai.js';
import type { Blueprint } from '../contracts/blueprint.js';
import { CoreError } from '../contracts/errors.js';
import type { SystemMessage } from '../contracts/messages/system-message.js';
import { dryRunEdits, type EditedFile, type EditTarget } from './code-edits.js';
import { summarizePlatform } from './offline-planner/index.js';
import { checkPlanAnswer, type DryRunGeneration } from './proposal-check.js';
import type { AiCallOptions, AiProvider, AssistRequest, RejectedAnswer } from './provider.js';
import { addUsage, NO_USAGE } from './usage.js';

/** After the first answer, at most this many rounds of "here is what is wrong, try again". */
export const MAX_REPAIR_ROUNDS = 2;

export interface ProposeOptions extends AiCallOptions {
  /** Told about every call's usage as it happens, failures included, so budgets see all spend. */
  onUsage?: (usage: AiUsage) => void;
  maxRepairs?: number;
}

export interface CheckedBlueprintProposal {
  proposal: BlueprintProposal;
  blueprint: Blueprint;
  usage: AiUsage;
}

function stillInvalid(
  what: 'PATCH' | 'BLUEPRINT' | 'EDIT',
  rounds: number,
  errors: string[],
  usage: AiUsage,
): CoreError {
  return new CoreError(
    'AI_INVALID_OUTPUT',
    {
      code: `ERROR_AI_STILL_INVALID_${what}`,
      params: { count: rounds, errors: errors.slice(0, 3).join('; ') },
    },
    { errors, usage },
  );
}

/**
 * Asks the provider for a Blueprint (no base) or a patch of `base`, checks each answer, and sends
 * the problems back for repair up to `maxRepairs` times before giving up with AI_INVALID_OUTPUT.
 */
export async function proposeBlueprint(
  provider: AiProvider,
  request: { prompt: string; base: Blueprint | null; dryRun?: DryRunGeneration },
  options: ProposeOptions = {},
): Promise<CheckedBlueprintProposal> {
  const maxRepairs = options.maxRepairs ?? MAX_REPAIR_ROUNDS;
  const rejected: RejectedAnswer[] = [];
  let usage = NO_USAGE;
  for (let round = 0; ; round += 1) {
    const answer = await provider.plan({ prompt: request.prompt, base: request.base, rejected }, options);
    usage = addUsage(usage, answer.usage);
    options.onUsage?.(answer.usage);
    const check = checkPlanAnswer(request.base, answer.answer, request.dryRun);
    if (check.ok) {
      const { blueprint, patch, generatedFiles } = check.plan;
      const summary = request.base ? summarizePatch(request.base, patch) : summarizePlatform(blueprint);
      const proposal: BlueprintProposal = {
        kind: request.base ? 'patch' : 'platform',
        before: request.base ? serializeBlueprint(request.base) : '',
        after: serializeBlueprint(blueprint),
        patch,
        summary: { en: summary.en, ar: summary.ar },
        summaryMessage: summary.message,
        repairs: round,
        generatedFiles,
      };
      return { proposal, blueprint, usage };
    }
    if (round >= maxRepairs) throw stillInvalid(request.base ? 'PATCH' : 'BLUEPRINT', round, check.errors, usage);
    rejected.push({ toolUseId: answer.toolUseId, answer: answer.answer, errors: check.errors });
    options.onDelta?.({ kind: 'repair', round: round + 1, errors: check.errors });
  }
}

export interface CheckedAssist {
  text: string;
  /** The answer as a system message when core wrote it (the offline assistant). */
  message?: SystemMessage;
  edits: CodeEdit[];
  files: EditedFile[];
  repairs: number;
  usage: AiUsage;
}

/** The copilot's answer with its search/replace edits dry-run against the files, repaired the same way. */
export async function proposeAssist(
  provider: AiProvider,
  request: Omit<AssistRequest, 'rejected'>,
  target: EditTarget,
  options: ProposeOptions = {},
): Promise<CheckedAssist> {
  const maxRepairs = options.maxRepairs ?? MAX_REPAIR_ROUNDS;
  const rejected: RejectedAnswer[] = [];
  let usage = NO_USAGE;
  for (let round = 0; ; round += 1) {
    const answer = await provider.assist({ ...request, rejected }, options);
    usage = addUsage(usage, answer.usage);
    options.onUsage?.(answer.usage);
    const check = await dryRunEdits(answer.edits, target);
    if (check.ok) {
      const { text, message } = answer;
      return { text, ...(message ? { message } : {}), edits: check.edits, files: check.files, repairs: round, usage };
    }
    if (round >= maxRepairs) throw stillInvalid('EDIT', round, check.errors, usage);
    rejected.push({ toolUseId: answer.toolUseId, answer: answer.edits, errors: check.errors });
    options.onDelta?.({ kind: 'repair', round: round + 1, errors: check.errors });
  }
}
