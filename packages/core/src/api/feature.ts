import type { CoreMethods, MethodName, MethodOutput, MethodParsedInput } from '../contracts/index.js';
import type { Log } from '../settings/json-file.js';
import type { SettingsStore } from '../settings/settings-store.js';
import type { Workspace } from '../workspace/workspace.js';
import type { CallContext } from './call-context.js';
import type { EventBus } from './event-bus.js';

/** Handlers for one part of the API table: each gets its checked input and the call's context. */
export type HandlersOf<Table> = {
  [M in keyof Table & MethodName]: (input: MethodParsedInput<M>, context: CallContext) => Promise<MethodOutput<M>>;
};

/** What core hands each feature: where data lives, the event bus, settings and the open workspace. */
export interface CoreContext {
  readonly dataDir: string;
  readonly host: 'electron' | 'web';
  readonly log: Log;
  readonly bus: EventBus;
  readonly settings: SettingsStore;
  /** The open workspace; throws NO_WORKSPACE when none is open. */
  current(): Workspace;
  /** The open workspace, or null. */
  workspace(): Workspace | null;
}

/** A feature of core: its handlers, and how it follows the workspace and core's own lifetime. */
export interface CoreFeature<Table extends Partial<CoreMethods>> {
  readonly handlers: HandlersOf<Table>;
  /** Called after a workspace opens (with it) or closes (with null). */
  workspaceChanged?(workspace: Workspace | null): Promise<void> | void;
  /** Called when core shuts down: stop processes, close databases. */
  close?(): Promise<void> | void;
}
