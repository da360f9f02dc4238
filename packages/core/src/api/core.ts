import { mkdir } from 'node:fs/promises';
import type { foundationMethods } from '../contracts/api/foundation.js';
import { CoreError, type EventName, LOCAL_OWNER, type ReplyMessage, type WorkspaceInfo } from '../contracts/index.js';
import type { SecretCipher } from '../orchestrator/key-store.js';
import type { Log } from '../settings/json-file.js';
import { SettingsStore } from '../settings/settings-store.js';
import { WorkspaceHistory } from '../settings/workspace-history.js';
import { listFolders } from '../workspace/folders.js';
import { Workspace } from '../workspace/workspace.js';
import type { ConnectionInfo } from './call-context.js';
import { type Connection, createDispatcher, type Handlers } from './dispatcher.js';
import { EventBus } from './event-bus.js';
import type { CoreContext, HandlersOf } from './feature.js';
import { createAiFeature } from './features/ai.js';
import { createBlueprintFeature } from './features/blueprint.js';
import { createGitFeature } from './features/git.js';
import { createGovernanceFeature } from './features/governance.js';
import { createTasksFeature } from './features/tasks.js';
import { createTerminalFeature } from './features/terminal.js';

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
    if (!workspace) throw new CoreError('NO_WORKSPACE', 'No folder is open. Open a folder first.');
    return workspace;
  };
  const info = (w: Workspace): WorkspaceInfo => ({ root: w.root, name: w.name });
  const context: CoreContext = {
    dataDir: options.dataDir,
    host: options.host,
    log,
    bus,
    settings,
    current,
    workspace: () => workspace,
  };
  const blueprint = createBlueprintFeature(context);
  const git = createGitFeature(context);
  const terminal = createTerminalFeature(context);
  const tasks = createTasksFeature(context);
  const governance = createGovernanceFeature(context);
  const ai = createAiFeature(context, { governance: governance.governance, cipher: options.secretCipher ?? null });
  const features = [blueprint, git, terminal, tasks, governance, ai];
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

  const foundation: HandlersOf<typeof foundationMethods> = {
    'app.info': async () => ({
      name: 'WebNova',
      version: options.version,
      host: options.host,
      platform: `${process.platform}-${process.arch}`,
      versions: Object.fromEntries(
        Object.entries(process.versions).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
      ),
    }),
    'settings.get': async () => settings.get(),
    'settings.update': async (patch) => {
      const next = await settings.update(patch);
      bus.emit('settings.changed', next);
      return next;
    },
    'system.listFolders': async ({ path }) => listFolders(path),
    'workspace.open': async ({ root }) => openWorkspace(root),
    'workspace.close': async () => {
      await closeWorkspace();
      bus.emit('workspace.changed', { workspace: null });
      return {};
    },
    'workspace.current': async () => (workspace ? info(workspace) : null),
    'workspace.recent': async () => history.recent(),
    'workspace.files': async ({ limit }) => current().files(limit),
    'workspace.session': async () => history.session(current().root),
    'workspace.saveSession': async (session) => {
      await history.saveSession(current().root, session);
      return {};
    },
    'fs.list': async ({ path }) => ({ entries: await current().list(path) }),
    'fs.stat': async ({ path }) => current().stat(path),
    'fs.read': async ({ path }) => current().read(path),
    'fs.write': async ({ path, content, expectedEtag }) => current().write(path, content, expectedEtag),
    'fs.create': async ({ path, kind }) => current().create(path, kind),
    'fs.rename': async ({ from, to }) => current().rename(from, to),
    'fs.delete': async ({ path }) => {
      await current().delete(path);
      return {};
    },
    'search.text': async (query) => current().search(query),
  };
  const handlers: Handlers = {
    ...foundation,
    ...blueprint.handlers,
    ...git.handlers,
    ...terminal.handlers,
    ...tasks.handlers,
    ...governance.handlers,
    ...ai.handlers,
  };

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
        error: new CoreError('INVALID_INPUT', 'A cancel is sent on a connection; it has no answer.').toShape(),
      },
    subscribe: (listener) => bus.subscribe(listener),
    openWorkspace,
    close: async () => {
      await closeWorkspace();
      for (const feature of features) await feature.close?.();
    },
  };
}
