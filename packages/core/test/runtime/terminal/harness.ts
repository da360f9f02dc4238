import { readFileSync } from 'node:fs';
import { type TerminalEvents, Terminals, type TerminalsOptions } from '../../../src/runtime/terminal/terminals.js';
import { until } from '../../support/until.js';

/** A Terminals set on a plain bash, recording what it emits; `ack: false` plays a client that is behind. */
export function recordingTerminals(options: TerminalsOptions & { ack?: boolean } = {}) {
  const output = new Map<string, string>();
  const chunks: Array<{ id: string; offset: number; data: string }> = [];
  const exits = new Map<string, number>();
  let ack = options.ack ?? true;
  let terminals: Terminals;
  const events: TerminalEvents = {
    data(id, offset, data) {
      chunks.push({ id, offset, data });
      output.set(id, (output.get(id) ?? '') + data);
      if (ack) queueMicrotask(() => terminals.ack(id, data.length));
    },
    exited: (id, exitCode) => exits.set(id, exitCode),
    changed: () => {},
  };
  terminals = new Terminals(events, {
    shell: { file: '/bin/bash', args: ['--norc', '--noprofile'] },
    env: { ...process.env, PS1: '$ ', HISTFILE: '/dev/null' },
    ...options,
  });
  return {
    terminals,
    chunks,
    exits,
    output: (id: string) => output.get(id) ?? '',
    setAck(value: boolean) {
      ack = value;
    },
    /** Waits until the terminal's output (from `from` on) matches; only the test's timeout ends the wait. */
    async waitFor(id: string, pattern: RegExp, from = 0): Promise<string> {
      return until(() => pattern.exec((output.get(id) ?? '').slice(from))?.[0], { show: () => output.get(id) });
    },
  };
}

/** Alive and not a zombie (an orphan's zombie lingers where PID 1 does not reap, as in containers). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return process.platform !== 'linux';
  }
}
