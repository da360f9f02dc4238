import type { TaskInfo } from '@webnova/core/contracts';
import { useShallow } from 'zustand/react/shallow';
import { taskChannel, useOutput } from '../panels/output-store';
import { useLayout } from '../workbench/layout-store';
import type { TaskLog } from './task-log';
import { useTasks } from './tasks-store';

/**
 * The tasks that get a channel in the Output panel: those that ran (in this page or before it
 * loaded) and those whose log the UI holds, in the Run view's order.
 */
export function taskChannelNames(tasks: readonly TaskInfo[], logs: Readonly<Record<string, TaskLog>>): string[] {
  const names = tasks.filter((task) => task.state !== 'idle' || logs[task.name] !== undefined).map((t) => t.name);
  // A script taken out of package.json after it ran keeps its log until the folder changes.
  for (const name of Object.keys(logs)) if (!names.includes(name)) names.push(name);
  return names;
}

export function useTaskChannelNames(): string[] {
  return useTasks(useShallow((s) => taskChannelNames(s.tasks, s.logs)));
}

/** Opens the Output panel on a task's channel, reading its log from core when the UI lacks it. */
export function showTaskLog(name: string): void {
  useOutput.getState().selectChannel(taskChannel(name));
  useLayout.getState().showPanel('output');
  void useTasks.getState().loadLog(name);
}
