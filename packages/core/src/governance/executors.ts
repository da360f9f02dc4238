import { hash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { blueprintHash, normalizeBlueprint, serializeBlueprint } from '../blueprint/normalize.js';
import { applyBlueprintPatch } from '../blueprint/patch.js';
import { patchFailureMessage } from '../contracts/blueprint-patch.js';
import { CoreError } from '../contracts/errors.js';
import type { JsonObject } from '../contracts/events.js';
import type { Decision } from '../contracts/governance.js';
import { chooseRunner } from '../runtime/sandbox/sandbox.js';
import type { WrittenBlueprint } from '../sync/blueprints/blueprint-sync.js';
import { Workspace } from '../workspace/workspace.js';
import { type CommandRunEvents, type CommandRunners, runDecidedCommand } from './command-executor.js';
import { isGitFolderName } from './path-spelling.js';
import { movedTarget } from './resolved-targets.js';
import { spendWarrant } from './warrant.js';

/** What carrying out a decision gave: `record` goes into the decision's result and the audit log; `secret` never does. */
export interface Execution {
  record: JsonObject;
  secret?: string;
  /** What a Blueprint patch wrote, for governance to record in the project's Blueprint stream. */
  blueprint?: WrittenBlueprint;
}

/** Where `secret.read` looks: `<dataDir>/secrets.json`, `{ "<environment>": { "<name>": "<value>" } }`. */
export type SecretSource = (name: string, environment: string | undefined) => Promise<string | undefined>;

export interface ExecutorOptions {
  /** The folder secrets are kept in (`secrets.json`); without one, no secret can be read. */
  dataDir?: string;
  /** Where commands run: this machine's sandbox and its host runner, found on first use. */
  runners?: CommandRunners;
  /** A command's output and end as they come (the IDE's Output). */
  commandEvents?: CommandRunEvents;
}

/** Carries out one decision of its kind; `signal` is the kill switch. */
export type Executor = (decision: Readonly<Decision>, signal: AbortSignal) => Promise<Execution>;
const DEFAULT_BLUEPRINT = 'blueprint.json';

const sha256 = (text: string) => hash('sha256', text, 'hex');
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

function projectOf(decision: Readonly<Decision>): string {
  if (!decision.project) {
    throw new CoreError('INVALID_INPUT', { code: 'ERROR_NO_PROJECT', params: { id: decision.id } });
  }
  return decision.project;
}

async function ensureParents(workspace: Workspace, path: string): Promise<void> {
  const parts = path.split('/').slice(0, -1);
  for (let i = 1; i <= parts.length; i++) {
    const folder = parts.slice(0, i).join('/');
    try {
      await workspace.stat(folder);
    } catch (error) {
      if (error instanceof CoreError && error.code === 'NOT_A_FILE') continue; // a folder: what we want
      if (!(error instanceof CoreError) || error.code !== 'NOT_FOUND') throw error;
      await workspace.create(folder, 'directory');
    }
  }
}

async function readIfThere(workspace: Workspace, path: string): Promise<string | null> {
  try {
    return (await workspace.read(path)).content;
  } catch (error) {
    if (error instanceof CoreError && error.code === 'NOT_FOUND') return null;
    throw error;
  }
}

/**
 * A second check, whatever the constitution said: nothing a decision writes or deletes lands in Git's
 * own files (where a hook or a config key runs code), however the path reaches them.
 */
async function refuseGitInternals(workspace: Workspace, path: string): Promise<void> {
  const { real } = await workspace.resolve(path);
  const leadsTo = relative(workspace.root, real).split(sep);
  if (leadsTo.some(isGitFolderName)) {
    throw new CoreError(
      'PERMISSION_DENIED',
      { code: 'ERROR_INTO_GIT_FILES', params: { path, target: leadsTo.join('/') } },
      {
        path,
      },
    );
  }
}

/** Writes a file for a decision: never into Git's files, never through a link at the path itself. */
async function writeDecided(workspace: Workspace, path: string, content: string): Promise<void> {
  await refuseGitInternals(workspace, path);
  await ensureParents(workspace, path);
  await workspace.write(path, content, undefined, { followLink: false });
}

async function writeFile(decision: Readonly<Decision>): Promise<Execution> {
  const path = text(decision.payload.path);
  if (!path)
    throw new CoreError('INVALID_INPUT', {
      code: 'ERROR_PAYLOAD_MISSING',
      params: { kind: 'file.write', field: 'path' },
    });
  const workspace = await Workspace.open(projectOf(decision));
  if (decision.payload.delete === true) {
    await refuseGitInternals(workspace, path);
    await workspace.delete(path);
    return { record: { path, deleted: true } };
  }
  const content = text(decision.payload.content);
  if (content === undefined)
    throw new CoreError('INVALID_INPUT', {
      code: 'ERROR_PAYLOAD_MISSING',
      params: { kind: 'file.write', field: 'content' },
    });
  await writeDecided(workspace, path, content);
  return { record: { path, bytes: Buffer.byteLength(content), sha256: sha256(content) } };
}

async function addDependency(decision: Readonly<Decision>): Promise<Execution> {
  const payload = decision.payload;
  const version = text(payload.version) ?? 'latest';
  const names = [text(payload.name), ...(Array.isArray(payload.names) ? payload.names : [])].filter(
    (name): name is string => typeof name === 'string',
  );
  if (!names.length)
    throw new CoreError('INVALID_INPUT', {
      code: 'ERROR_PAYLOAD_MISSING',
      params: { kind: 'dependency.add', field: 'name' },
    });
  const workspace = await Workspace.open(projectOf(decision));
  await refuseGitInternals(workspace, 'package.json');
  const before = await readIfThere(workspace, 'package.json');
  const manifest = before === null ? {} : (JSON.parse(before) as Record<string, unknown>);
  const section = payload.dev === true ? 'devDependencies' : 'dependencies';
  const entries = { ...((manifest[section] as Record<string, string> | undefined) ?? {}) };
  for (const name of names) entries[name] = version;
  manifest[section] = Object.fromEntries(Object.entries(entries).sort(([a], [b]) => a.localeCompare(b)));
  await writeDecided(workspace, 'package.json', `${JSON.stringify(manifest, null, 2)}\n`);
  return { record: { added: names, version, section } };
}

async function patchBlueprint(decision: Readonly<Decision>): Promise<Execution> {
  const path = text(decision.payload.path) ?? DEFAULT_BLUEPRINT;
  const workspace = await Workspace.open(projectOf(decision));
  await refuseGitInternals(workspace, path);
  const before = await readIfThere(workspace, path);
  if (before === null) throw new CoreError('NOT_FOUND', { code: 'ERROR_NO_BLUEPRINT_TO_PATCH', params: { path } });
  const base = JSON.parse(before);
  const patched = applyBlueprintPatch(base, decision.payload.patch);
  if (!patched.ok) throw new CoreError('INVALID_INPUT', patchFailureMessage(patched.error));
  // A patch made for one Blueprint (another device's change offered here) is not laid over a newer one.
  const baseHash = text(decision.payload.baseHash);
  if (baseHash !== undefined && blueprintHash(base) !== baseHash) {
    throw new CoreError('CONFLICT', { code: 'ERROR_BLUEPRINT_CHANGED_SINCE', params: { path } });
  }
  const after = serializeBlueprint(patched.blueprint);
  await writeDecided(workspace, path, after);
  // A patch applies only to a Blueprint of the right shape, so the one before normalises.
  const written = { project: workspace.root, path, before: normalizeBlueprint(base), after: patched.blueprint };
  return { record: { path, sha256: sha256(after) }, blueprint: written };
}

function secretsFrom(dataDir: string | undefined): SecretSource {
  return async (name, environment) => {
    if (!dataDir) return undefined;
    let vault: unknown;
    try {
      vault = JSON.parse(await readFile(join(dataDir, 'secrets.json'), 'utf8'));
    } catch {
      return undefined;
    }
    const scope = (vault as Record<string, Record<string, unknown>>)?.[environment ?? 'default'];
    const value = scope?.[name];
    return typeof value === 'string' ? value : undefined;
  };
}

async function readSecret(decision: Readonly<Decision>, secrets: SecretSource): Promise<Execution> {
  const name = text(decision.payload.name) ?? text(decision.payload.secret);
  if (!name)
    throw new CoreError('INVALID_INPUT', {
      code: 'ERROR_PAYLOAD_MISSING',
      params: { kind: 'secret.read', field: 'name' },
    });
  const environment = text(decision.payload.environment) ?? text(decision.payload.env);
  const value = await secrets(name, environment);
  if (value === undefined)
    throw new CoreError('NOT_FOUND', {
      code: 'ERROR_NO_SECRET',
      params: { name, environment: environment ?? 'default' },
    });
  // The value goes to the caller alone: the record (kept forever, synced) says only that it was read.
  return { record: { name, environment: environment ?? 'default', length: value.length }, secret: value };
}

/**
 * Refuses a decision whose paths or programs now lead somewhere else than when it was proposed: an
 * approval may come days later, from another device, and what was approved is where they led then.
 */
async function refuseMovedTargets(decision: Readonly<Decision>): Promise<void> {
  if (!decision.project || !decision.targets?.length) return;
  const moved = await movedTarget(decision.project, decision.targets, text(decision.payload.cwd));
  if (!moved) return;
  const { target, now } = moved;
  throw new CoreError(
    'CONFLICT',
    { code: 'ERROR_TARGET_MOVED', params: { path: target.path, before: target.resolved, now } },
    { path: target.path, whenProposed: target.resolved, now },
  );
}

/** This machine's runners, found once: the sandbox chosen here (refused when there is none) and the host. */
const MACHINE_RUNNERS: CommandRunners = {
  sandbox: (network) => chooseRunner({ hostApproved: false, ...(network ? { network } : {}) }),
  host: () => chooseRunner({ hostApproved: true }),
};

/**
 * The executors of AI-originated effects, one per decision kind: write a file, run a command (in the
 * sandbox its decision's profile describes), add a dependency, patch the Blueprint, read a secret. Each
 * takes a warrant (minted by the decision log for an approved decision it has marked `executing`) and
 * nothing else, spends it, and acts only on what the decision says.
 */
export function createExecutors(options: ExecutorOptions = {}): Required<Executors> {
  const secrets = secretsFrom(options.dataDir);
  const runners = options.runners ?? MACHINE_RUNNERS;
  const registry = new Map<string, Executor>([
    ['file.write', writeFile],
    [
      'command.run',
      (decision, signal) =>
        runDecidedCommand(decision, {
          runners,
          signal,
          ...(options.commandEvents ? { events: options.commandEvents } : {}),
        }),
    ],
    ['dependency.add', addDependency],
    ['blueprint.patch', patchBlueprint],
    ['secret.read', (decision) => readSecret(decision, secrets)],
  ]);
  return {
    /** Carries out the warrant's decision; `signal` stops a running command (the kill switch). */
    async carryOut(warrant: unknown, signal: AbortSignal = new AbortController().signal): Promise<Execution> {
      const decision = spendWarrant(warrant);
      await refuseMovedTargets(decision);
      const executor = registry.get(decision.kind);
      if (!executor)
        throw new CoreError('INVALID_INPUT', { code: 'ERROR_NO_EXECUTOR', params: { kind: decision.kind } });
      return executor(decision, signal);
    },
    /** Whether a command can run isolated here; without, each one needs the owner's host decision. */
    async sandboxAvailable(): Promise<boolean> {
      return runners.sandbox().then(
        () => true,
        () => false,
      );
    },
  };
}

/** What governance runs decisions with; `sandboxAvailable` absent counts as a sandbox being there. */
export interface Executors {
  carryOut(warrant: unknown, signal?: AbortSignal): Promise<Execution>;
  sandboxAvailable?(): Promise<boolean>;
}
