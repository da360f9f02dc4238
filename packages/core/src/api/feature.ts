import type {
  FeatureContract,
  MethodName,
  MethodOutput,
  MethodParsedInput,
  WorkspaceInfo,
} from '../contracts/index.js';
import type { Log } from '../settings/json-file.js';
import type { SecretCipher } from '../settings/sealed-secret.js';
import type { SettingsStore } from '../settings/settings-store.js';
import type { WorkspaceHistory } from '../settings/workspace-history.js';
import type { Workspace } from '../workspace/workspace.js';
import type { CallContext } from './call-context.js';
import type { EventBus } from './event-bus.js';

/** Handlers for one part of the API table: each gets its checked input and the call's context. */
export type HandlersOf<Table> = {
  [M in keyof Table & MethodName]: (input: MethodParsedInput<M>, context: CallContext) => Promise<MethodOutput<M>>;
};

/** What core hands each feature: where data lives, the event bus, settings, the workspace, other features. */
export interface CoreContext {
  readonly dataDir: string;
  readonly host: 'electron' | 'web';
  readonly version: string;
  readonly log: Log;
  readonly bus: EventBus;
  readonly settings: SettingsStore;
  /** The OS keychain (Electron's safeStorage), when the host has one. */
  readonly cipher: SecretCipher | null;
  /** The open workspace; throws NO_WORKSPACE when none is open. */
  current(): Workspace;
  /** The open workspace, or null. */
  workspace(): Workspace | null;
  /** Opens a folder (closing the one open), telling every feature; what `workspace.open` does. */
  openWorkspace(root: string): Promise<WorkspaceInfo>;
  /** Closes the open folder, telling every feature. */
  closeWorkspace(): Promise<void>;
  /** Folders opened before, most recent first, and each one's editor session. */
  readonly history: WorkspaceHistory;
  /** What another feature offers (`exposes`), creating it first if it is not yet. */
  use<Exposes>(module: CoreFeatureModule<FeatureContract, Exposes>): Exposes;
}

/** A feature of core, as created: its handlers, and how it follows the workspace and core's own lifetime. */
export interface CoreFeature<Contract extends FeatureContract, Exposes = undefined> {
  readonly handlers: HandlersOf<Contract['methods']>;
  /** What other features may `use` (governance offers its store to the AI feature). */
  readonly exposes?: Exposes;
  /** Called after a workspace opens (with it) or closes (with null). */
  workspaceChanged?(workspace: Workspace | null): Promise<void> | void;
  /** Called when core shuts down: stop processes, close databases. */
  close?(): Promise<void> | void;
}

/**
 * One feature of core: its contract (the rows of the API table it answers) and how to create it.
 * It lives in the feature's folder (`<feature>/feature.ts`, beside `contract.ts`) and is registered
 * once in `api/features.ts`; core creates each once, when it starts.
 */
export interface CoreFeatureModule<Contract extends FeatureContract = FeatureContract, Exposes = unknown> {
  readonly contract: Contract;
  create(context: CoreContext): CoreFeature<Contract, Exposes>;
}

export function defineCoreFeature<Contract extends FeatureContract, Exposes = undefined>(
  contract: Contract,
  create: (context: CoreContext) => CoreFeature<Contract, Exposes>,
): CoreFeatureModule<Contract, Exposes> {
  return { contract, create };
}
