import type { SandboxRunEnd, SandboxStatus } from '@webnova/core/contracts';
import { create } from 'zustand';
import { storeClient } from '../connection/store-client';
import { useEditors } from '../editor/editors-store';
import { reportError } from '../notifications/report';
import { useOutput } from '../panels/output-store';
import { appendToLog, emptyLog, type TaskLog } from '../run/task-log';
import { useLayout } from '../workbench/layout-store';

/** The Output channel sandbox runs stream to: files the user ran, and commands decisions ran. */
export const SANDBOX_CHANNEL = 'sandbox';

export interface RunLimitsView {
  memoryMb: number;
  cpuSeconds: number;
  wallSeconds: number;
  processes: number;
  writtenBytes: number;
}

export interface SandboxRunView {
  runId: string;
  kind: 'file' | 'decision';
  /** The file's path, or the command as written. */
  title: string;
  isolation: 'bubblewrap' | 'oci' | 'host';
  limits: RunLimitsView;
  log: TaskLog;
  /** Null while it runs. */
  end: SandboxRunEnd | null;
}

/** Runs kept in the channel; the oldest go first. */
const KEPT_RUNS = 20;

interface SandboxState {
  /** What this machine has, read once a run is asked for (or the channel shown). */
  status: SandboxStatus | null;
  runs: SandboxRunView[];
  loadStatus(): Promise<SandboxStatus | null>;
  /** Saves the file if it has unsaved changes, runs it, and shows the channel. */
  runFile(path: string): Promise<void>;
  cancel(runId: string): Promise<void>;
  onStarted(run: Omit<SandboxRunView, 'log' | 'end'>): void;
  onOutput(runId: string, chunk: string): void;
  onFinished(runId: string, end: SandboxRunEnd): void;
  clear(): void;
}

export const sandboxClient = storeClient('Sandbox');

/** Whether the sandbox can run a file of this name here, as the status (read when the window starts) says. */
export function canRunInSandbox(path: string | null, status: SandboxStatus | null): boolean {
  if (!path || !status) return false;
  return status.languages.some((language) =>
    language.extensions.some((extension) => path.toLowerCase().endsWith(extension)),
  );
}

export const useSandbox = create<SandboxState>((set, get) => {
  const update = (runId: string, change: (run: SandboxRunView) => SandboxRunView) =>
    set((state) => ({ runs: state.runs.map((run) => (run.runId === runId ? change(run) : run)) }));
  return {
    status: null,
    runs: [],
    async loadStatus() {
      try {
        const status = await sandboxClient().call('sandbox.status', {});
        set({ status });
        return status;
      } catch (error) {
        reportError('sandbox.actions.status', error);
        return null;
      }
    },
    async runFile(path) {
      const editors = useEditors.getState();
      try {
        // What runs is what the editor shows: unsaved changes are saved first (a failed save runs nothing).
        if (editors.tabs.some((tab) => tab.path === path && tab.dirty) && !(await editors.save(path))) return;
        showSandboxChannel();
        await sandboxClient().call('sandbox.runFile', { path });
      } catch (error) {
        reportError('sandbox.actions.run', error, { path });
      }
    },
    async cancel(runId) {
      try {
        await sandboxClient().call('sandbox.cancel', { runId });
      } catch (error) {
        reportError('sandbox.actions.stop', error);
      }
    },
    onStarted(run) {
      set((state) => ({ runs: [...state.runs, { ...run, log: emptyLog(), end: null }].slice(-KEPT_RUNS) }));
      if (!get().status) void get().loadStatus();
    },
    onOutput(runId, chunk) {
      update(runId, (run) => ({ ...run, log: appendToLog(run.log, chunk) }));
    },
    onFinished(runId, end) {
      update(runId, (run) => ({ ...run, end }));
    },
    clear() {
      set((state) => ({ runs: state.runs.filter((run) => run.end === null) }));
    },
  };
});

export function showSandboxChannel(): void {
  useOutput.getState().selectChannel(SANDBOX_CHANNEL);
  useLayout.getState().showPanel('output');
}
