import { relative, sep } from 'node:path';
import { serializeBlueprint, validateBlueprint } from '../blueprint/index.js';
import type {
  AiApplyResult,
  AiCheckpoint,
  AiSettingsPatch,
  AiStatus,
  AiUsage,
  AssistMode,
  BlueprintProposal,
  CodeEdit,
} from '../contracts/ai.js';
import type { Blueprint } from '../contracts/blueprint.js';
import { CoreError, isCoreError } from '../contracts/errors.js';
import type { Actor, JsonObject } from '../contracts/events.js';
import type { Decision, DecisionReason } from '../contracts/governance.js';
import type { EventName, EventPayload } from '../contracts/index.js';
import { blueprintIssueMessage } from '../contracts/messages/blueprint-issue.js';
import { formatMessage, reasonText, type SystemMessage } from '../contracts/messages/system-message.js';
import type { ProposalOutcome } from '../governance/contract.js';
import { isGitFolderName } from '../governance/path-spelling.js';
import type { Log } from '../settings/json-file.js';
import type { Workspace } from '../workspace/workspace.js';
import { AiSettingsStore } from './ai-settings.js';
import { Checkpoints } from './checkpoints.js';
import type { RetryPolicy } from './claude/retry.js';
import { dryRunEdits, type EditedFile, type EditTarget } from './code-edits.js';
import { errorLocations, workspacePath } from './error-location.js';
import { KeyStore, type SecretCipher } from './key-store.js';
import type { DryRunGeneration } from './proposal-check.js';
import { proposeAssist, proposeBlueprint } from './propose.js';
import type { AiProvider, ErrorPlace } from './provider.js';
import { keySource, selectProvider } from './select-provider.js';
import { addUsage, NO_USAGE } from './usage.js';

/** Where a workspace keeps its Blueprint. */
export const BLUEPRINT_FILE = 'webnova.blueprint.json';
const AI_ACTOR: Actor = { kind: 'ai', id: 'orchestrator' };
const MAX_TURNS = 50;
/** Decision states after which nothing more happens to it. */
const FINAL = new Set(['executed', 'failed', 'rejected', 'expired']);

/** The part of governance the orchestrator needs: its one door for effects, and the owner's controls. */
export interface AiGovernance {
  propose(
    effect: { kind: string; payload: JsonObject },
    rationale: string | { text: string; message: SystemMessage },
    origin: { actor: Actor; project?: string; correlationId?: string },
  ): Promise<ProposalOutcome>;
  details?(id: string): Promise<{ decision: Decision }>;
  admitAiRequest?(project?: string): Promise<{ admitted: boolean; reasons: DecisionReason[] }>;
  recordUsage?(usage: { tokens: number; cost: number }): Promise<void>;
}

export interface OrchestratorOptions {
  dataDir: string;
  log: Log;
  emit: <E extends EventName>(event: E, payload: EventPayload<E>) => void;
  workspace: () => Workspace | null;
  governance?: AiGovernance | null;
  cipher?: SecretCipher | null;
  /** A dry-run generation that every proposed Blueprint must pass. */
  dryRun?: DryRunGeneration;
  env?: Record<string, string | undefined>;
  retry?: Partial<RetryPolicy>;
}

type Turn =
  | { kind: 'blueprint'; root: string | null; prompt: string; proposal: BlueprintProposal; provider: string }
  | { kind: 'edits'; root: string; message: string; edits: CodeEdit[]; files: EditedFile[]; provider: string };

/**
 * Why the AI's turn is proposed, in core's words: a code the Inbox translates (the summary of what it
 * does and the request as the user wrote it) and its English words for logs.
 */
function rationaleOf(turn: Turn): { text: string; message: SystemMessage } {
  const message: SystemMessage =
    turn.kind === 'blueprint'
      ? { code: 'AI_BLUEPRINT_RATIONALE', params: { summary: turn.proposal.summaryMessage, request: turn.prompt } }
      : { code: 'AI_EDIT_RATIONALE', params: { request: turn.message } };
  return { text: formatMessage(message, 'en'), message };
}

/** Paths the copilot may edit: inside the workspace, not git's or the package manager's, not the Blueprint. */
function userOwned(path: string): boolean {
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path) || path.includes('\\')) return false;
  const parts = path.split('/');
  if (parts.some((part) => part === '' || part === '.' || part === '..')) return false;
  return !parts.some(isGitFolderName) && !parts.includes('node_modules') && path !== BLUEPRINT_FILE;
}

/** `userOwned`, for the path as written and for where it really leads through links. */
async function userOwnedOnDisk(workspace: Workspace, path: string): Promise<boolean> {
  if (!userOwned(path)) return false;
  try {
    const { real } = await workspace.resolve(path);
    return real !== workspace.root && userOwned(relative(workspace.root, real).split(sep).join('/'));
  } catch {
    return false;
  }
}

async function readIfThere(workspace: Workspace, path: string): Promise<string | null> {
  try {
    return (await workspace.read(path)).content;
  } catch (error) {
    if (isCoreError(error) && error.code === 'NOT_FOUND') return null;
    throw error;
  }
}

/** The first place in a workspace file that an error text points at ("fix this error" from a terminal or a log). */
async function placeTheErrorNames(
  workspace: Workspace,
  errorText: string,
): Promise<{ at: ErrorPlace; content: string } | undefined> {
  for (const location of errorLocations(errorText)) {
    const path = workspacePath(workspace.root, location.file);
    const content = path && (await userOwnedOnDisk(workspace, path)) ? await readIfThere(workspace, path) : null;
    if (path && content !== null) {
      return { at: { path, line: location.line, ...(location.column ? { column: location.column } : {}) }, content };
    }
  }
  return undefined;
}

type Effect = { kind: string; payload: JsonObject };

const reasonsOf = (outcome: ProposalOutcome) => outcome.reasons;

/**
 * The AI orchestrator of one core: which provider answers, the key, the turns in flight (each
 * cancellable), their checked proposals, and Apply through governance with a git checkpoint.
 */
export class Orchestrator {
  readonly #options: OrchestratorOptions;
  readonly #keys: KeyStore;
  readonly #settings: AiSettingsStore;
  readonly #running = new Map<string, AbortController>();
  readonly #turns = new Map<string, Turn>();
  /** Each turn's application, kept with the turn (and dropped with it). */
  readonly #applied = new Map<string, Promise<AiApplyResult>>();
  /** Decisions waiting for approval → the turn they apply. */
  readonly #waiting = new Map<string, { turnId: string; root: string; title: string; files: string[] }>();
  #total: AiUsage = NO_USAGE;

  private constructor(options: OrchestratorOptions, keys: KeyStore, settings: AiSettingsStore) {
    this.#options = options;
    this.#keys = keys;
    this.#settings = settings;
  }

  static async open(options: OrchestratorOptions): Promise<Orchestrator> {
    const keys = new KeyStore(options.dataDir, options.cipher ?? null, options.log);
    return new Orchestrator(options, keys, await AiSettingsStore.open(options.dataDir, options.log));
  }

  get #env(): Record<string, string | undefined> {
    return this.#options.env ?? process.env;
  }

  async provider(): Promise<AiProvider> {
    return selectProvider({
      storedKey: await this.#keys.get(),
      settings: this.#settings.get(),
      env: this.#env,
      retry: this.#options.retry,
    });
  }

  async status(): Promise<AiStatus> {
    const settings = this.#settings.get();
    const source = keySource({ storedKey: await this.#keys.get(), env: this.#env, settings });
    return {
      provider: source ? 'claude' : 'offline',
      model: source ? settings.model : 'offline-planner',
      keySet: source !== null,
      keySource: source,
      keyStorage: await this.#keys.storage(),
      settings,
      usage: this.#total,
    };
  }

  async #statusChanged(): Promise<AiStatus> {
    const status = await this.status();
    this.#options.emit('ai.status', status);
    return status;
  }

  /** Changes the settings; a new API address forgets the stored key, which was given for the old one. */
  async configure(patch: AiSettingsPatch): Promise<AiStatus> {
    const movedAddress = patch.baseUrl !== undefined && patch.baseUrl !== this.#settings.get().baseUrl;
    if (movedAddress && (await this.#keys.get())) {
      await this.#keys.clear();
      this.#options.log('info', 'The API address changed: the stored Anthropic API key was forgotten');
    }
    await this.#settings.update(patch);
    return this.#statusChanged();
  }

  async setKey(key: string): Promise<AiStatus> {
    await this.#keys.set(key);
    this.#options.log('info', 'An Anthropic API key was stored', { storage: await this.#keys.storage() });
    return this.#statusChanged();
  }

  async clearKey(): Promise<AiStatus> {
    await this.#keys.clear();
    this.#options.log('info', 'The stored Anthropic API key was removed');
    return this.#statusChanged();
  }

  cancel(turnId: string): boolean {
    const controller = this.#running.get(turnId);
    controller?.abort();
    return controller !== undefined;
  }

  close(): void {
    for (const controller of this.#running.values()) controller.abort();
  }

  /** Runs one turn: admitted by the owner's controls, cancellable, its usage counted as it happens. */
  async #turn<T>(turnId: string, run: (provider: AiProvider, signal: AbortSignal) => Promise<T>): Promise<T> {
    if (this.#running.has(turnId))
      throw new CoreError('CONFLICT', { code: 'ERROR_TURN_RUNNING', params: { turn: turnId } });
    const provider = await this.provider();
    if (provider.id === 'claude' && this.#options.governance?.admitAiRequest) {
      const admission = await this.#options.governance.admitAiRequest(this.#options.workspace()?.root);
      if (!admission.admitted) {
        const first = admission.reasons[0];
        const why: SystemMessage | string = !first
          ? { code: 'ERROR_AI_STOPPED' }
          : first.message
            ? reasonText(first, 'en')
            : { code: first.code, ...(first.params ? { params: first.params } : {}) };
        throw new CoreError('PERMISSION_DENIED', why, { reasons: admission.reasons });
      }
    }
    const controller = new AbortController();
    this.#running.set(turnId, controller);
    try {
      return await run(provider, controller.signal);
    } finally {
      this.#running.delete(turnId);
    }
  }

  #counter(turnId: string, provider: AiProvider) {
    return (usage: AiUsage) => {
      this.#total = addUsage(this.#total, usage);
      this.#options.emit('ai.usage', {
        turnId,
        provider: provider.id,
        model: provider.model,
        usage,
        total: this.#total,
      });
      if (provider.id === 'claude' && this.#options.governance?.recordUsage) {
        this.#options.governance
          .recordUsage({ tokens: usage.inputTokens + usage.outputTokens, cost: usage.costUsd })
          .catch((error) => this.#options.log('warn', 'AI usage was not recorded', { error: String(error) }));
      }
    };
  }

  #remember(turnId: string, turn: Turn): void {
    this.#turns.delete(turnId);
    this.#turns.set(turnId, turn);
    while (this.#turns.size > MAX_TURNS) {
      const oldest = this.#turns.keys().next().value as string;
      this.#turns.delete(oldest);
      this.#applied.delete(oldest);
    }
  }

  async #currentBlueprint(workspace: Workspace | null): Promise<Blueprint | null> {
    if (!workspace) return null;
    const text = await readIfThere(workspace, BLUEPRINT_FILE);
    if (text === null) return null;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new CoreError('INVALID_INPUT', { code: 'ERROR_BLUEPRINT_NOT_JSON', params: { file: BLUEPRINT_FILE } });
    }
    const validation = validateBlueprint(parsed);
    if (!validation.ok) {
      const first = validation.errors[0];
      throw new CoreError(
        'INVALID_INPUT',
        {
          code: 'ERROR_BLUEPRINT_INVALID',
          params: {
            file: BLUEPRINT_FILE,
            path: first?.path || '/',
            issue: first ? blueprintIssueMessage(first) : { code: 'ERROR_DETAIL', params: { detail: '' } },
          },
        },
        { issues: validation.errors },
      );
    }
    return validation.blueprint;
  }

  /** A Blueprint for a new platform, or a patch of the workspace's Blueprint when it has one. */
  async plan(turnId: string, prompt: string) {
    const workspace = this.#options.workspace();
    const base = await this.#currentBlueprint(workspace);
    return this.#turn(turnId, async (provider, signal) => {
      const { proposal, usage } = await proposeBlueprint(
        provider,
        { prompt, base, dryRun: this.#options.dryRun },
        {
          signal,
          onDelta: (delta) => this.#options.emit('ai.delta', { turnId, delta }),
          onUsage: this.#counter(turnId, provider),
        },
      );
      this.#remember(turnId, {
        kind: 'blueprint',
        root: workspace?.root ?? null,
        prompt,
        proposal,
        provider: provider.id,
      });
      return { turnId, provider: provider.id, model: provider.model, proposal, usage };
    });
  }

  #editTarget(workspace: Workspace): EditTarget {
    return { read: (path) => readIfThere(workspace, path), owns: (path) => userOwnedOnDisk(workspace, path) };
  }

  async assist(input: {
    turnId: string;
    mode: AssistMode;
    message: string;
    path?: string;
    selection?: string;
    errorText?: string;
  }) {
    const workspace = this.#options.workspace();
    const place = workspace && input.errorText ? await placeTheErrorNames(workspace, input.errorText) : undefined;
    const errorAt = place?.at;
    const path = input.path ?? errorAt?.path;
    // The file the error names was read to find it; read again only when the caller chose another.
    const content =
      place && path === place.at.path ? place.content : workspace && path ? await readIfThere(workspace, path) : null;
    const file = path && content !== null ? { path, content } : null;
    return this.#turn(input.turnId, async (provider, signal) => {
      const target: EditTarget = workspace
        ? this.#editTarget(workspace)
        : { read: async () => null, owns: () => false };
      const result = await proposeAssist(
        provider,
        {
          mode: input.mode,
          message: input.message,
          file,
          selection: input.selection,
          errorText: input.errorText,
          ...(errorAt ? { errorAt } : {}),
        },
        target,
        {
          signal,
          onDelta: (delta) => this.#options.emit('ai.delta', { turnId: input.turnId, delta }),
          onUsage: this.#counter(input.turnId, provider),
        },
      );
      if (workspace && result.edits.length > 0) {
        this.#remember(input.turnId, {
          kind: 'edits',
          root: workspace.root,
          message: input.message || input.mode,
          edits: result.edits,
          files: result.files,
          provider: provider.id,
        });
      }
      return {
        turnId: input.turnId,
        provider: provider.id,
        model: provider.model,
        text: result.text,
        ...(result.message ? { message: result.message } : {}),
        edits: result.edits,
        repairs: result.repairs,
        usage: result.usage,
      };
    });
  }

  /** Apply a turn's proposal: governance decides; an immediate success becomes a checkpoint commit. */
  /**
   * Applying the same turn again gives the first application's result: a double click, a retried
   * request or a replayed message never files (or runs) a second decision. A failed attempt (the files
   * changed meanwhile) may be tried again.
   */
  apply(turnId: string): Promise<AiApplyResult> {
    const earlier = this.#applied.get(turnId);
    if (earlier) return earlier;
    const applying = this.#applyOnce(turnId);
    this.#applied.set(turnId, applying);
    applying.catch(() => this.#applied.delete(turnId));
    return applying;
  }

  async #applyOnce(turnId: string): Promise<AiApplyResult> {
    const turn = this.#turns.get(turnId);
    if (!turn) throw new CoreError('NOT_FOUND', { code: 'ERROR_NO_PROPOSAL', params: { turn: turnId } });
    const workspace = this.#options.workspace();
    if (!workspace) throw new CoreError('NO_WORKSPACE', { code: 'ERROR_NO_FOLDER_TO_APPLY' });
    if (turn.root !== null && turn.root !== workspace.root) {
      throw new CoreError('CONFLICT', { code: 'ERROR_OTHER_FOLDER' });
    }
    const governance = this.#options.governance;
    if (!governance) throw new CoreError('AI_UNAVAILABLE', { code: 'ERROR_NO_GOVERNANCE' });
    const effects =
      turn.kind === 'blueprint'
        ? await this.#blueprintEffects(workspace, turn)
        : await this.#editEffects(workspace, turn);
    const title = turn.kind === 'blueprint' ? `AI: ${turn.proposal.summary.en}` : `AI: ${turn.message}`;
    const outcomes: ProposalOutcome[] = [];
    for (const effect of effects) {
      const rationale = rationaleOf(turn);
      outcomes.push(
        await governance.propose(effect, rationale, {
          actor: AI_ACTOR,
          project: workspace.root,
          correlationId: turnId,
        }),
      );
    }
    const files = effects.map((effect) => String(effect.payload.path));
    const reasons = outcomes.flatMap(reasonsOf);
    const refused = outcomes.find((o) => o.outcome === 'refused');
    const failed = outcomes.find((o) => o.outcome === 'failed');
    const pending = outcomes.filter((o) => o.outcome === 'pending');
    const executed = outcomes.filter((o) => o.outcome === 'executed');
    let checkpoint: AiCheckpoint | null = null;
    if (executed.length > 0) {
      const written = effects
        .filter((_, index) => outcomes[index]?.outcome === 'executed')
        .map((e) => String(e.payload.path));
      checkpoint = await new Checkpoints(workspace.root).record(turnId, title, written);
    }
    for (const outcome of pending) {
      if (outcome.decision) this.#waiting.set(outcome.decision.id, { turnId, root: workspace.root, title, files });
    }
    const status = refused ? 'forbidden' : failed ? 'failed' : pending.length > 0 ? 'pending' : 'applied';
    const decisionId = (pending[0] ?? refused ?? failed ?? executed[0])?.decision?.id ?? null;
    const result: AiApplyResult = { status, decisionId, checkpoint, files, reasons };
    if (status === 'applied') this.#options.emit('ai.applied', { turnId, result });
    return result;
  }

  async #blueprintEffects(workspace: Workspace, turn: Extract<Turn, { kind: 'blueprint' }>): Promise<Effect[]> {
    const now = await this.#currentBlueprint(workspace);
    if ((now ? serializeBlueprint(now) : '') !== turn.proposal.before) {
      throw new CoreError('CONFLICT', { code: 'ERROR_BLUEPRINT_CHANGED', params: { file: BLUEPRINT_FILE } });
    }
    return [
      turn.proposal.kind === 'platform'
        ? { kind: 'file.write', payload: { path: BLUEPRINT_FILE, content: turn.proposal.after } }
        : { kind: 'blueprint.patch', payload: { path: BLUEPRINT_FILE, patch: turn.proposal.patch as JsonObject[] } },
    ];
  }

  async #editEffects(workspace: Workspace, turn: Extract<Turn, { kind: 'edits' }>): Promise<Effect[]> {
    const check = await dryRunEdits(turn.edits, this.#editTarget(workspace));
    if (!check.ok) {
      throw new CoreError(
        'CONFLICT',
        { code: 'ERROR_FILES_CHANGED', params: { detail: check.errors[0] ?? '' } },
        {
          errors: check.errors,
        },
      );
    }
    return check.files.map((file) => ({ kind: 'file.write', payload: { path: file.path, content: file.after } }));
  }

  /** Governance changed a decision: one this orchestrator is waiting on may have run. */
  async decisionChanged(decisionId: string): Promise<void> {
    const waiting = this.#waiting.get(decisionId);
    const details = this.#options.governance?.details;
    if (!waiting || !details) return;
    const { decision } = await details.call(this.#options.governance, decisionId);
    if (!FINAL.has(decision.status)) return;
    this.#waiting.delete(decisionId);
    let checkpoint: AiCheckpoint | null = null;
    if (decision.status === 'executed') {
      checkpoint = await new Checkpoints(waiting.root).record(waiting.turnId, waiting.title, waiting.files);
    }
    const status = decision.status === 'executed' ? 'applied' : decision.status === 'failed' ? 'failed' : 'forbidden';
    this.#options.emit('ai.applied', {
      turnId: waiting.turnId,
      result: { status, decisionId, checkpoint, files: waiting.files, reasons: [] },
    });
  }

  async checkpoints(): Promise<AiCheckpoint[]> {
    const workspace = this.#options.workspace();
    return workspace ? new Checkpoints(workspace.root).list() : [];
  }

  async restore(oid: string) {
    const workspace = this.#options.workspace();
    if (!workspace) throw new CoreError('NO_WORKSPACE', { code: 'ERROR_OPEN_FOLDER_FIRST' });
    return new Checkpoints(workspace.root).restore(oid);
  }
}
