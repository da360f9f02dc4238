import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TaskInfo } from '@webnova/core/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { until as waitUntil } from '../../../core/test/support/until';
import { channelLabel } from '../../src/panels/OutputView';
import { channelTask, taskChannel, useOutput, WEBNOVA_CHANNEL } from '../../src/panels/output-store';
import { showTaskLog, taskChannelNames } from '../../src/run/task-channels';
import {
  appendToLog,
  emptyLog,
  logFromText,
  logText,
  MAX_LINE_CHARS,
  MAX_LOG_CHARS,
  MAX_LOG_LINES,
  plainLine,
  visibleLines,
} from '../../src/run/task-log';
import { useTasks } from '../../src/run/tasks-store';
import { useLayout } from '../../src/workbench/layout-store';
import { startTestCore, type TestCore } from '../support/in-process-core';

const task = (name: string, state: TaskInfo['state'], more: Partial<TaskInfo> = {}): TaskInfo => ({
  name,
  command: `npm run ${name}`,
  state,
  exitCode: null,
  signal: null,
  startedAt: null,
  endedAt: null,
  url: null,
  previewUrl: null,
  setupPath: null,
  ...more,
});

describe('a task log', () => {
  it('keeps whole lines, and the unfinished one apart, across chunk boundaries', () => {
    let log = appendToLog(emptyLog(), 'first li');
    expect(log.lines).toEqual([]);
    expect(visibleLines(log)).toEqual(['first li']);
    log = appendToLog(log, 'ne\r\nsecond line\nthi');
    expect(log.lines).toEqual(['first line', 'second line']);
    expect(logText(log)).toBe('first line\nsecond line\nthi');
    log = appendToLog(log, 'rd\n');
    expect(visibleLines(log)).toEqual(['first line', 'second line', 'third']);
  });

  it('strips colours, titles and other escape codes, even one cut in two by chunks', () => {
    expect(plainLine('\x1b[32m✓\x1b[0m built in \x1b[1m120ms\x1b[22m')).toBe('✓ built in 120ms');
    expect(plainLine('\x1b]0;npm run dev\x07VITE ready')).toBe('VITE ready');
    let log = appendToLog(emptyLog(), 'Local: \x1b[3');
    expect(visibleLines(log)).toEqual(['Local: ']);
    log = appendToLog(log, '6mhttp://localhost:5173/\x1b[39m\n');
    expect(log.lines).toEqual(['Local: http://localhost:5173/']);
  });

  it('shows only what a carriage return left, as a terminal would', () => {
    expect(plainLine('10%\r50%\r100% done')).toBe('100% done');
    const log = appendToLog(emptyLog(), 'fetching 1/3\rfetching 2/3\r');
    expect(visibleLines(log)).toEqual([]);
    expect(visibleLines(appendToLog(log, 'fetching 3/3'))).toEqual(['fetching 3/3']);
  });

  it('is bounded: old lines go, the first kept line number moves, long lines are cut', () => {
    const many = Array.from({ length: MAX_LOG_LINES + 25 }, (_, i) => `line ${i}`).join('\n');
    const log = logFromText(`${many}\n`);
    expect(log.lines).toHaveLength(MAX_LOG_LINES);
    expect(log.first).toBe(25);
    expect(log.lines[0]).toBe('line 25');
    expect(log.lines.at(-1)).toBe(`line ${MAX_LOG_LINES + 24}`);
    const long = logFromText(`${'x'.repeat(MAX_LINE_CHARS + 10)}\n`);
    expect(long.lines[0]).toHaveLength(MAX_LINE_CHARS + 1);
    const wide = logFromText(
      `${Array.from({ length: 400 }, (_, i) => `${i}`.padEnd(MAX_LINE_CHARS, '.')).join('\n')}\n`,
    );
    expect(wide.chars).toBeLessThanOrEqual(MAX_LOG_CHARS);
    expect(wide.chars).toBe(wide.lines.reduce((sum, line) => sum + line.length, 0));
    expect(wide.lines.at(-1)?.startsWith('399.')).toBe(true);
    expect(wide.first).toBe(400 - wide.lines.length);
    const endless = appendToLog(emptyLog(), '#'.repeat(MAX_LINE_CHARS * 10));
    expect(endless.partial.length).toBeLessThanOrEqual(MAX_LINE_CHARS * 4);
  });
});

describe('output channels', () => {
  it('name WebNova and one channel per task', () => {
    expect(channelTask(WEBNOVA_CHANNEL)).toBeNull();
    expect(channelTask(taskChannel('dev'))).toBe('dev');
    expect(channelTask(taskChannel('task:odd'))).toBe('task:odd');
    const t = (key: string, values?: Record<string, unknown>) => `${key}${values ? JSON.stringify(values) : ''}`;
    expect(channelLabel(WEBNOVA_CHANNEL, t)).toBe('outputChannels.webnova');
    expect(channelLabel(taskChannel('dev'), t)).toBe('outputChannels.task{"name":"dev"}');
  });

  it('list the tasks that ran or have a log, in the Run view’s order, and scripts gone since', () => {
    const tasks = [task('install', 'exited', { exitCode: 0 }), task('dev', 'idle'), task('test', 'running')];
    expect(taskChannelNames(tasks, {})).toEqual(['install', 'test']);
    expect(taskChannelNames(tasks, { dev: emptyLog(), removed: emptyLog() })).toEqual([
      'install',
      'dev',
      'test',
      'removed',
    ]);
  });
});

describe('a task run from the Run view, in its Output channel', () => {
  let env: TestCore;
  let stops: (() => void)[] = [];

  beforeEach(async () => {
    env = await startTestCore();
    useTasks.setState(useTasks.getInitialState(), true);
    useOutput.setState(useOutput.getInitialState(), true);
    stops = [
      env.client.on('tasks.changed', ({ task: changed }) => useTasks.getState().onChanged(changed)),
      env.client.on('tasks.output', ({ name, chunk }) => useTasks.getState().onOutput(name, chunk)),
    ];
  });

  afterEach(async () => {
    for (const stop of stops) stop();
    await env.close();
  });

  const stateOf = (name: string) => useTasks.getState().tasks.find((candidate) => candidate.name === name);

  /** Until `check` holds; `what` is printed if the test times out meanwhile. */
  const until = (check: () => boolean, what: string) => waitUntil(check, { show: () => what });

  it('streams the lines, ANSI-free, shows the exit, opens the panel, clears, and reloads from core', async () => {
    await writeFile(
      join(env.root, 'package.json'),
      JSON.stringify({
        name: 'clinic',
        private: true,
        scripts: { report: "echo 'Checking rooms' && printf '\\033[32mRoom 4 is free\\033[0m\\n' && exit 3" },
      }),
    );
    await env.client.call('workspace.open', { root: env.root });
    await useTasks.getState().refresh();
    expect(useTasks.getState().tasks.map((candidate) => candidate.name)).toEqual(['install', 'report']);
    expect(taskChannelNames(useTasks.getState().tasks, useTasks.getState().logs)).toEqual([]);

    await useTasks.getState().start('report');
    // Its channel is there from the start, before any output.
    expect(taskChannelNames(useTasks.getState().tasks, useTasks.getState().logs)).toEqual(['report']);
    await until(() => stateOf('report')?.state === 'crashed', 'the script to end');
    await until(
      () => (useTasks.getState().logs.report?.lines ?? []).includes('Room 4 is free'),
      'the last line of output',
    );
    const lines = useTasks.getState().logs.report?.lines ?? [];
    expect(lines).toContain('Checking rooms');
    expect(lines.join('\n')).not.toContain('\x1b');
    expect(lines).toContain('Ended with exit code 3');
    expect(stateOf('report')).toMatchObject({ state: 'crashed', exitCode: 3 });

    useLayout.getState().showPanel('terminal');
    showTaskLog('report');
    expect(useOutput.getState().channel).toBe('task:report');
    expect(useLayout.getState()).toMatchObject({ panelVisible: true, panelTab: 'output' });

    useTasks.getState().clearLog('report');
    expect(logText(useTasks.getState().logs.report ?? emptyLog())).toBe('');
    // The WebNova channel keeps its lines when a task's channel is cleared.
    useOutput.getState().append('info', 'still here');
    expect(useOutput.getState().lines.at(-1)?.text).toBe('still here');

    // A page that loaded after the run reads the log from core.
    useTasks.setState({ logs: {} });
    await useTasks.getState().loadLog('report');
    expect(useTasks.getState().logs.report?.lines).toEqual(
      expect.arrayContaining(['Checking rooms', 'Room 4 is free']),
    );
  });
});
