import { mkdir } from 'node:fs/promises';
import {
  CoreError,
  type EventName,
  LOCAL_OWNER,
  type MethodName,
  type ReplyMessage,
  type WorkspaceInfo,
} from '../contracts/index.js';
import type { Log } from '../settings/json-file.js';
import type { SecretCipher } from '../settings/sealed-secret.js';
import { SettingsStore } from '../settings/settings-store.js';
import { WorkspaceHistory } from '../settings/workspace-history.js';
import { Workspace } from '../workspace/workspace.js';
import type { ConnectionInfo } from './call-context.js';
import { type Connection, createDispatcher, type Handlers } from './dispatcher.js';
import { EventBus } from './event-bus.js';
import type { CoreContext, CoreFeature, CoreFeatureModule } from './feature.js';
import { coreFeatures } from './features.js';

export interface CoreOptions {
  dataDir: string;
  /** The OS keychain (Electron's safeStorage) for the AI key; without it the key is encrypted in the data folder. */
  secretCipher?: SecretCipher;
  host: 'electron' | 'web';
  version: string;
  log?: Log;
  /** Hold every answer to its method's output schema (tests); `WEBNOVA_CHECK_ANSWERS=1` by default. */
  checkAnswers?: boolean;
}

export interface Core {
  /**
   * A caller's connection: each transport opens one per client (a window, a socket), saying how it
   * authenticated the caller. Its calls carry that actor; closing it aborts what it still runs.
   */
  connect(details: Omit<ConnectionInfo, 'id'>): Connection;
  /** A call from code in this process (the CLI, the menu, tests), made as the local owner; never throws. */
  dispatch(message: unknown): Promise<ReplyMessage>;
  /** Every core event, for a transport to forward. */
  subscribe(listener: (event: EventName, payload: unknown) => void): () => void;
  /** Opens a folder given on the command line, as `workspace.open` would. */
  openWorkspace(root: string): Promise<WorkspaceInfo>;
  close(): Promise<void>;
}

const silent: Log = () => {};

/** The methods the registered features answer together; a method of the table none answers fails to compile here. */
type Answered<H> = H extends unknown ? keyof H : never;
type Unanswered = Exclude<MethodName, Answered<ReturnType<(typeof coreFeatures)[number]['create']>['handlers']>>;
type EveryMethodAnswered<Missing> = [Missing] extends [never] ? true : { methodsNoFeatureAnswers: Missing };
const everyMethodAnswered: EveryMethodAnswered<Unanswered> = true;

export async function createCore(options: CoreOptions): Promise<Core> {
  const log = options.log ?? silent;
  await mkdir(options.dataDir, { recursive: true });
  const [settings, history] = await Promise.all([
    SettingsStore.open(options.dataDir, log),
    WorkspaceHistory.open(options.dataDir, log),
  ]);
  const bus = new EventBus();
  let workspace: Workspace | null = null;
  let stopWatching: (() => Promise<void>) | null = null;

  const current = (): Workspace => {
    if (!workspace) throw new CoreError('NO_WORKSPACE', { code: 'ERROR_NO_FOLDER_OPEN' });
    return workspace;
  };
  const info = (w: Workspace): WorkspaceInfo => ({ root: w.root, name: w.name });
  const created = new Map<CoreFeatureModule, CoreFeature<CoreFeatureModule['contract'], unknown>>();
  const creating = new Set<CoreFeatureModule>();
  const create = (module: CoreFeatureModule) => {
    const existing = created.get(module);
    if (existing) return existing;
    if (creating.has(module)) throw new Error(`Core features use each other in a cycle (${module.contract.name})`);
    creating.add(module);
    const feature = module.create(context);
    creating.delete(module);
    created.set(module, feature);
    return feature;
  };
  const context: CoreContext = {
    dataDir: options.dataDir,
    host: options.host,
    version: options.version,
    log,
    bus,
    settings,
    cipher: options.secretCipher ?? null,
    history,
    current,
    workspace: () => workspace,
    openWorkspace,
    closeWorkspace,
    use: (module) => create(module as CoreFeatureModule).exposes as never,
  };
  for (const module of coreFeatures) create(module);
  const features = [...created.values()];
  const tellFeatures = async (next: Workspace | null): Promise<void> => {
    for (const feature of features) await feature.workspaceChanged?.(next);
  };

  async function closeWorkspace(): Promise<void> {
    const stop = stopWatching;
    stopWatching = null;
    const hadWorkspace = workspace !== null;
    workspace = null;
    if (stop) await stop();
    if (hadWorkspace) await tellFeatures(null);
  }

  async function openWorkspace(root: string): Promise<WorkspaceInfo> {
    const next = await Workspace.open(root);
    await closeWorkspace();
    workspace = next;
    stopWatching = next.watch((changes) => bus.emit('fs.changed', { changes }), {
      onError: (error) => log('warn', 'File watcher error', { root: next.root, error: String(error) }),
    });
    await tellFeatures(next);
    await history.opened(next.root, next.name);
    log('info', 'Workspace opened', { root: next.root });
    bus.emit('workspace.changed', { workspace: info(next) });
    return info(next);
  }

  // Each method's handler comes from the feature whose contract declares it (`everyMethodAnswered`).
  const handlers = Object.assign({}, ...features.map((feature) => feature.handlers)) as Handlers;
  void everyMethodAnswered;

  const dispatcher = createDispatcher(handlers, {
    onInternalError: (error, method) =>
      log('error', `Unexpected failure in ${method}`, { error: error instanceof Error ? error.stack : String(error) }),
    checkAnswers: options.checkAnswers ?? process.env.WEBNOVA_CHECK_ANSWERS === '1',
  });
  const inProcess = dispatcher.connect({ transport: 'in-process', actor: LOCAL_OWNER });

  return {
    connect: (details) => dispatcher.connect(details),
    dispatch: async (message) =>
      (await inProcess.dispatch(message)) ?? {
        type: 'error',
        id: null,
        error: new CoreError('INVALID_INPUT', { code: 'ERROR_CANCEL_ON_CONNECTION' }).toShape(),
      },
    subscribe: (listener) => bus.subscribe(listener),
    openWorkspace,
    close: async () => {
      await closeWorkspace();
      // Dependents first: a feature closes before those it uses.
      for (const feature of [...features].reverse()) await feature.close?.();
    },
  };
}
