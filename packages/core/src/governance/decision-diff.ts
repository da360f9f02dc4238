import { serializeBlueprint } from '../blueprint/normalize.js';
import { applyBlueprintPatch } from '../blueprint/patch.js';
import { patchFailureMessage } from '../contracts/blueprint-patch.js';
import type { RiskReason } from '../contracts/constitution.js';
import { CoreError, untranslatedError } from '../contracts/errors.js';
import type { Decision } from '../contracts/governance.js';
import { Workspace } from '../workspace/workspace.js';
import { profileOf } from './command-executor.js';
import { planCommand, runnerNote } from './command-plan.js';
import { pathForMatching } from './constitution.js';
import type { DecisionDetails, DecisionDiff } from './contract.js';
import { riskLine } from './risk.js';
import { sandboxProfileMessage } from './sandbox-profile.js';

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

async function currentText(project: string | undefined, path: string): Promise<string> {
  if (!project) return '';
  try {
    return (await (await Workspace.open(project)).read(path)).content;
  } catch (error) {
    if (error instanceof CoreError) return '';
    throw error;
  }
}

/** The file as it is now and as the decision would leave it. */
async function diffOf(decision: Decision): Promise<DecisionDiff | undefined> {
  const { payload, project } = decision;
  switch (decision.kind) {
    case 'file.write': {
      const path = text(payload.path);
      if (!path) return undefined;
      const before = await currentText(project, path);
      return {
        path,
        before,
        after: payload.delete === true ? '' : (text(payload.content) ?? text(payload.diff) ?? ''),
      };
    }
    case 'blueprint.patch': {
      const path = text(payload.path) ?? 'blueprint.json';
      const before = await currentText(project, path);
      try {
        const patched = applyBlueprintPatch(JSON.parse(before || 'null'), payload.patch);
        if (patched.ok) return { path, before, after: serializeBlueprint(patched.blueprint) };
        return { path, before, after: before, problem: patchFailureMessage(patched.error) };
      } catch (error) {
        const problem = error instanceof CoreError ? error.systemMessage : untranslatedError((error as Error).message);
        return { path, before, after: before, problem };
      }
    }
    case 'dependency.add': {
      const before = await currentText(project, 'package.json');
      const names = [text(payload.name), ...(Array.isArray(payload.names) ? payload.names : [])].filter(
        (name): name is string => typeof name === 'string',
      );
      let manifest: Record<string, unknown> = {};
      try {
        manifest = before ? JSON.parse(before) : {};
      } catch {
        return {
          path: 'package.json',
          before,
          after: before,
          problem: { code: 'ERROR_MANIFEST_NOT_JSON', params: { path: 'package.json' } },
        };
      }
      const section = payload.dev === true ? 'devDependencies' : 'dependencies';
      const entries = { ...((manifest[section] as Record<string, string> | undefined) ?? {}) };
      for (const name of names) entries[name] = text(payload.version) ?? 'latest';
      manifest[section] = Object.fromEntries(Object.entries(entries).sort(([a], [b]) => a.localeCompare(b)));
      return { path: 'package.json', before, after: `${JSON.stringify(manifest, null, 2)}\n` };
    }
    default:
      return undefined;
  }
}

/** The command and how it would run, in both languages. */
function commandOf(decision: Decision): Pick<DecisionDetails, 'command' | 'runner'> {
  const plan = planCommand(decision.payload);
  return plan ? { command: plan.line, runner: runnerNote(plan) } : {};
}

/** Paths reached through links: where each led when the decision was proposed. */
function linksOf(decision: Decision): NonNullable<DecisionDetails['links']> {
  const cwd = text(decision.payload.cwd);
  // A command's paths start from its folder; the folder itself from the project.
  const written = (path: string) => pathForMatching(cwd !== undefined && path !== cwd ? `${cwd}/${path}` : path);
  return (decision.targets ?? [])
    .filter((target) => target.kind === 'path' && written(target.path) !== pathForMatching(target.resolved))
    .map(({ path, resolved }) => ({ path, resolved }));
}

/** A decision as the Inbox details show it: the diff or the command, how it runs, and the risk in words. */
export async function decisionDetails(decision: Decision): Promise<DecisionDetails> {
  const reasons = (decision.reasons ?? []).filter((reason): reason is RiskReason => reason.risk !== undefined);
  const assessment = { risk: decision.risk, reasons };
  const diff = await diffOf(decision);
  const links = linksOf(decision);
  return {
    decision,
    ...(diff ? { diff } : {}),
    ...commandOf(decision),
    ...(links.length ? { links } : {}),
    riskLine: riskLine(assessment),
    ...(decision.kind === 'command.run' ? { sandbox: sandboxProfileMessage(profileOf(decision)) } : {}),
  };
}
