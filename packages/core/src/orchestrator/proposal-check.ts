import { applyBlueprintPatch, diffBlueprints, serializeBlueprint, validateBlueprint } from '../blueprint/index.js';
import type { Blueprint, BlueprintIssue } from '../contracts/blueprint.js';
import { type BlueprintPatch, patchFailureText } from '../contracts/blueprint-patch.js';
import { issueText } from '../contracts/messages/blueprint-issue.js';

/**
 * Renders a Blueprint with a project template and returns how many files it made; throws when the
 * template cannot render it. Given by the caller so the orchestrator does not depend on codegen.
 */
export type DryRunGeneration = (blueprint: Blueprint) => number;

export interface CheckedPlan {
  blueprint: Blueprint;
  /** The canonical patch from the base ([] for a new platform). */
  patch: BlueprintPatch;
  generatedFiles: number | null;
}

export type PlanCheck = { ok: true; plan: CheckedPlan } | { ok: false; errors: string[] };

/** Cap on the errors sent back to the model: enough to repair, short enough not to drown it. */
const MAX_ERRORS = 40;

function issueLine(issue: BlueprintIssue): string {
  return `${issue.path || '/'}: ${issue.code}: ${issueText(issue, 'en')}`;
}

function failed(errors: string[]): PlanCheck {
  return { ok: false, errors: errors.slice(0, MAX_ERRORS) };
}

/** A patch answer is either the operations themselves or a tool input `{operations: [...]}`. */
function operationsOf(answer: unknown): unknown {
  if (answer && typeof answer === 'object' && !Array.isArray(answer) && 'operations' in answer) {
    return (answer as { operations: unknown }).operations;
  }
  return answer;
}

/**
 * Checks an AI answer as untrusted input: the shape (zod), the meaning (semantic validation),
 * that a patch applies to the base, and that the template can generate the result.
 */
export function checkPlanAnswer(base: Blueprint | null, answer: unknown, dryRun?: DryRunGeneration): PlanCheck {
  let blueprint: Blueprint;
  if (base === null) {
    const validation = validateBlueprint(answer);
    if (!validation.ok) return failed(validation.errors.map(issueLine));
    blueprint = validation.blueprint;
  } else {
    const applied = applyBlueprintPatch(base, operationsOf(answer));
    if (!applied.ok) {
      const { error } = applied;
      const where = error.opIndex === undefined ? '' : ` (operation ${error.opIndex})`;
      return failed([
        `${error.code}${where}: ${patchFailureText(error, 'en')}`,
        ...(error.issues ?? []).map(issueLine),
      ]);
    }
    blueprint = applied.blueprint;
  }
  let generatedFiles: number | null = null;
  if (dryRun) {
    try {
      generatedFiles = dryRun(blueprint);
    } catch (error) {
      return failed([
        `The generator cannot build this Blueprint: ${error instanceof Error ? error.message : String(error)}`,
      ]);
    }
  }
  const patch = base === null ? [] : diffBlueprints(base, blueprint);
  return { ok: true, plan: { blueprint, patch, generatedFiles } };
}

export { serializeBlueprint };
