import type { TaskInfo } from '@webnova/core/contracts';
import { create } from 'zustand';
import { core } from '../connection/core-connection';
import { reportError } from '../notifications/report';

/** How much of a task's log the UI keeps; core keeps its own (bounded) copy too. */
const MAX_LOG_CHARS = 200_000;

interface TasksState {
  tasks: TaskInfo[];
  loaded: boolean;
  /** Each task's log as it streamed in, newest at the end. */
  logs: Record<string, string>;
  /** The task whose log the Run view shows. */
  selected: string | null;
  refresh(): Promise<void>;
  start(name: string): Promise<void>;
  stop(name: string): Promise<void>;
  restart(name: string): Promise<void>;
  select(name: string | null): Promise<void>;
  onChanged(task: TaskInfo): void;
  onOutput(name: string, chunk: string): void;
  reset(): void;
}

const clip = (text: string) => (text.length > MAX_LOG_CHARS ? text.slice(text.length - MAX_LOG_CHARS) : text);

export const useTasks = create<TasksState>((set, get) => {
  const upsert = (task: TaskInfo) =>
    set((s) => ({
      tasks: s.tasks.some((t) => t.name === task.name)
        ? s.tasks.map((t) => (t.name === task.name ? task : t))
        : [...s.tasks, task],
    }));

  const act = async (verb: 'start' | 'stop' | 'restart', name: string) => {
    try {
      if (verb !== 'stop') set((s) => ({ selected: name, logs: { ...s.logs, [name]: '' } }));
      upsert(await core().call(`tasks.${verb}`, { name }));
    } catch (error) {
      reportError(`run.actions.${verb}`, error, { name });
    }
  };

  return {
    tasks: [],
    loaded: false,
    logs: {},
    selected: null,
    async refresh() {
      try {
        const { tasks } = await core().call('tasks.list', {});
        set({ tasks, loaded: true });
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
      if (!name || get().logs[name] !== undefined) return;
      try {
        const { text } = await core().call('tasks.output', { name });
        set((s) => ({ logs: { ...s.logs, [name]: s.logs[name] ?? text } }));
      } catch (error) {
        reportError('run.actions.output', error, { name });
      }
    },
    onChanged: upsert,
    onOutput: (name, chunk) => set((s) => ({ logs: { ...s.logs, [name]: clip((s.logs[name] ?? '') + chunk) } })),
    reset: () => set({ tasks: [], loaded: false, logs: {}, selected: null }),
  };
});
