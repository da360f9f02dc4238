import type { TaskInfo, Toolchain } from '@webnova/core/contracts';
import { create } from 'zustand';
import { storeClient } from '../connection/store-client';
import { reportError } from '../notifications/report';
import { appendToLog, emptyLog, logFromText, type TaskLog } from './task-log';

interface TasksState {
  tasks: TaskInfo[];
  loaded: boolean;
  /** The user's own Node.js and npm that tasks run with (null when not found on their PATH). */
  toolchain: Toolchain | null;
  /** Each task's log as it streamed in, newest at the end; a task has one once it ran or was shown. */
  logs: Record<string, TaskLog>;
  /** The task whose log the Run view shows. */
  selected: string | null;
  refresh(): Promise<void>;
  start(name: string): Promise<void>;
  stop(name: string): Promise<void>;
  restart(name: string): Promise<void>;
  select(name: string | null): Promise<void>;
  /** Reads a task's log from core unless the UI already has it (it ran before this page loaded). */
  loadLog(name: string): Promise<void>;
  clearLog(name: string): void;
  onChanged(task: TaskInfo): void;
  onOutput(name: string, chunk: string): void;
  reset(): void;
}

/** How these stores reach core: handed the client when the workbench wires its features. */
export const tasksClient = storeClient('Run');

export const useTasks = create<TasksState>((set, get) => {
  const upsert = (task: TaskInfo) =>
    set((s) => ({
      tasks: s.tasks.some((t) => t.name === task.name)
        ? s.tasks.map((t) => (t.name === task.name ? task : t))
        : [...s.tasks, task],
    }));

  const act = async (verb: 'start' | 'stop' | 'restart', name: string) => {
    try {
      if (verb !== 'stop') set((s) => ({ selected: name, logs: { ...s.logs, [name]: emptyLog() } }));
      upsert(await tasksClient().call(`tasks.${verb}`, { name }));
    } catch (error) {
      reportError(`run.actions.${verb}`, error, { name });
    }
  };

  return {
    tasks: [],
    loaded: false,
    toolchain: null,
    logs: {},
    selected: null,
    async refresh() {
      try {
        const { tasks, toolchain } = await tasksClient().call('tasks.list', {});
        set({ tasks, toolchain, loaded: true });
      } catch (error) {
        set({ tasks: [], loaded: true });
        reportError('run.actions.list', error);
      }
    },
    start: (name) => act('start', name),
    stop: (name) => act('stop', name),
    restart: (name) => act('restart', name),
    async select(name) {
      set({ selected: name });
      if (name) await get().loadLog(name);
    },
    async loadLog(name) {
      if (get().logs[name] !== undefined) return;
      try {
        const { text } = await tasksClient().call('tasks.output', { name });
        // Output that streamed in while core answered started a log of its own: keep that one.
        set((s) => ({ logs: { ...s.logs, [name]: s.logs[name] ?? logFromText(text) } }));
      } catch (error) {
        reportError('run.actions.output', error, { name });
      }
    },
    clearLog: (name) => set((s) => ({ logs: { ...s.logs, [name]: emptyLog() } })),
    onChanged: upsert,
    onOutput: (name, chunk) =>
      set((s) => ({ logs: { ...s.logs, [name]: appendToLog(s.logs[name] ?? emptyLog(), chunk) } })),
    reset: () => set({ tasks: [], loaded: false, toolchain: null, logs: {}, selected: null }),
  };
});
