import type { ChildProcess } from 'node:child_process';
import { stripVTControlCharacters } from 'node:util';
import { CoreError } from '../../contracts/index.js';
import { userEnvironment } from '../child-environment.js';
import type { TaskInfo } from './contract.js';
import { findDevServerUrl, findPortMention, findSetupPath, probePort } from './dev-server-url.js';
import { OutputBuffer } from './output-buffer.js';
import type { PreviewProxies } from './preview-proxy.js';
import { groupAlive, killGroup, spawnGroup } from './process-group.js';
import { type TaskDefinition, taskDefinitions } from './task-catalogue.js';
import { missingProgramHint } from './toolchain.js';

export interface TaskEvents {
  changed(task: TaskInfo): void;
  output(name: string, chunk: string, seq: number): void;
  url(name: string, url: string, previewUrl: string): void;
}

export interface TaskRunnerOptions {
  root: string;
  cacheDir: string;
  previews: PreviewProxies;
  events: TaskEvents;
  /** How long output is gathered before it goes out as one event (a flood stays a few events a second). */
  flushMs?: number;
}

interface TaskRun {
  info: TaskInfo;
  output: OutputBuffer;
  child: ChildProcess | null;
  stopping: boolean;
  pending: string;
  flushTimer: NodeJS.Timeout | null;
  exited: Promise<void>;
  /** The tail of the last chunk that did not end a line yet, for URL detection across chunks. */
  partialLine: string;
  probedPorts: Set<number>;
  /**
   * Whether the task's process group may still have members. Once the leader has ended with its
   * group empty, the group's number is free and the system may give it to an unrelated process
   * group (pids wrap, at 32768 on many Linux systems): signalling it then would hit a stranger.
   */
  groupMayRemain: boolean;
}

function idleInfo(definition: TaskDefinition): TaskInfo {
  return {
    name: definition.name,
    command: definition.command,
    state: 'idle',
    exitCode: null,
    signal: null,
    startedAt: null,
    endedAt: null,
    url: null,
    previewUrl: null,
    setupPath: null,
  };
}

/**
 * The project's processes: one run per task name, started in its own process group, with its
 * output kept (bounded) and streamed, and its dev server address found and offered to the preview.
 */
export class TaskRunner {
  readonly #options: TaskRunnerOptions;
  readonly #runs = new Map<string, TaskRun>();
  #closed = false;

  constructor(options: TaskRunnerOptions) {
    this.#options = options;
  }

  async list(): Promise<TaskInfo[]> {
    const definitions = await taskDefinitions(this.#options.root, this.#options.cacheDir);
    const listed = definitions.map((definition) => {
      const run = this.#runs.get(definition.name);
      return run ? { ...run.info, command: definition.command } : idleInfo(definition);
    });
    // A script removed from package.json while it runs still shows until it ends.
    for (const run of this.#runs.values())
      if (!definitions.some((d) => d.name === run.info.name) && run.info.state === 'running') listed.push(run.info);
    return listed;
  }

  async #definition(name: string): Promise<TaskDefinition> {
    const definitions = await taskDefinitions(this.#options.root, this.#options.cacheDir);
    const found = definitions.find((definition) => definition.name === name);
    if (!found) throw new CoreError('NOT_FOUND', { code: 'ERROR_NO_TASK', params: { name } }, { name });
    return found;
  }

  async start(name: string): Promise<TaskInfo> {
    if (this.#closed) throw new CoreError('CONFLICT', { code: 'ERROR_TASKS_CLOSED' });
    const current = this.#runs.get(name);
    if (current?.info.state === 'running') return current.info;
    const definition = await this.#definition(name);
    const output = current?.output ?? new OutputBuffer();
    output.clear();
    let settle: () => void = () => {};
    const run: TaskRun = {
      info: { ...idleInfo(definition), state: 'running', startedAt: new Date().toISOString() },
      output,
      child: null,
      stopping: false,
      pending: '',
      flushTimer: null,
      exited: new Promise((resolve) => {
        settle = resolve;
      }),
      partialLine: '',
      probedPorts: new Set(),
      groupMayRemain: true,
    };
    this.#runs.set(name, run);
    const child = spawnGroup(definition.program, definition.args, {
      cwd: this.#options.root,
      env: {
        ...userEnvironment(),
        // Dev servers must not open a browser of their own; the preview is the browser.
        BROWSER: 'none',
        NO_UPDATE_NOTIFIER: '1',
        npm_config_update_notifier: 'false',
        ...definition.env,
      },
    });
    run.child = child;
    if (definition.name !== 'install') this.#write(run, `> ${definition.command}\n`);
    child.stdout?.setEncoding('utf8');
    child.stderr?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => this.#write(run, chunk));
    child.stderr?.on('data', (chunk: string) => this.#write(run, chunk));
    let failedToStart = false;
    child.once('error', (error) => {
      failedToStart = true;
      this.#write(run, `${error.message}\n`);
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        this.#write(run, `${missingProgramHint(definition.program)}\n`);
      this.#ended(run, null, null, true);
      settle();
    });
    child.once('close', (code, signal) => {
      // Checked at once, while the number still names this task's group or nothing.
      run.groupMayRemain = child.pid !== undefined && groupAlive(child.pid);
      if (!failedToStart) this.#ended(run, code, signal, false);
      settle();
    });
    this.#options.events.changed(run.info);
    return run.info;
  }

  async stop(name: string): Promise<TaskInfo> {
    const run = this.#runs.get(name);
    if (!run) return idleInfo(await this.#definition(name));
    const pid = run.child?.pid;
    if (!pid) return run.info;
    if (run.info.state !== 'running') {
      // The leader ended, but what it started in the background may still be there.
      if (run.groupMayRemain && groupAlive(pid)) await killGroup(pid, 500);
      return run.info;
    }
    run.stopping = true;
    await killGroup(pid);
    await run.exited;
    // The leader can end before the rest of its group: wait for all of it.
    if (run.groupMayRemain && groupAlive(pid)) await killGroup(pid, 200);
    return run.info;
  }

  async restart(name: string): Promise<TaskInfo> {
    await this.stop(name);
    return this.start(name);
  }

  async output(name: string): Promise<{ name: string; text: string; seq: number }> {
    const run = this.#runs.get(name);
    if (!run) {
      await this.#definition(name);
      return { name, text: '', seq: 0 };
    }
    this.#flush(run);
    return { name, text: run.output.text, seq: run.output.seq };
  }

  /** Stops every task; the runner refuses new starts afterwards. */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all([...this.#runs.keys()].map((name) => this.stop(name).catch(() => undefined)));
    for (const run of this.#runs.values()) if (run.flushTimer) clearTimeout(run.flushTimer);
  }

  #write(run: TaskRun, raw: string): void {
    const chunk = stripVTControlCharacters(raw);
    run.pending += chunk;
    if (!run.flushTimer) run.flushTimer = setTimeout(() => this.#flush(run), this.#options.flushMs ?? 30);
    this.#readLines(run, chunk);
  }

  #flush(run: TaskRun): void {
    if (run.flushTimer) clearTimeout(run.flushTimer);
    run.flushTimer = null;
    if (run.pending.length === 0) return;
    const chunk = run.pending;
    run.pending = '';
    const seq = run.output.append(chunk);
    this.#options.events.output(run.info.name, chunk, seq);
  }

  /** Reads the output's whole lines for the dev server's address (until found) and the setup link. */
  #readLines(run: TaskRun, chunk: string): void {
    const text = run.partialLine + chunk;
    const lines = text.split(/\r?\n/);
    run.partialLine = (lines.pop() ?? '').slice(-2_000);
    let offered = run.info.url !== null;
    // Once the address is known only the setup link is looked for: most chunks have none to read.
    if (offered && !text.includes('#/setup/')) return;
    for (const line of lines) {
      const setupPath = findSetupPath(line);
      if (setupPath && setupPath !== run.info.setupPath && run.info.state === 'running') {
        run.info = { ...run.info, setupPath };
        this.#options.events.changed(run.info);
      }
      if (offered) continue;
      const url = findDevServerUrl(line);
      if (url) {
        // The first address is the one offered; later lines are still read for the setup link.
        void this.#offerUrl(run, url);
        offered = true;
        continue;
      }
      const port = findPortMention(line);
      if (port && !run.probedPorts.has(port)) {
        run.probedPorts.add(port);
        void this.#probe(run, port);
      }
    }
  }

  async #probe(run: TaskRun, port: number): Promise<void> {
    // The line may come well before the server listens (a loaded machine, a slow first build): look
    // again, less often as time goes by, for as long as the task runs and has no address yet.
    for (let attempt = 0; run.info.state === 'running' && !run.info.url; attempt++) {
      if (await probePort(port)) {
        await this.#offerUrl(run, `http://localhost:${port}/`);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(300 * 2 ** Math.floor(attempt / 5), 5_000)));
    }
  }

  async #offerUrl(run: TaskRun, url: string): Promise<void> {
    if (run.info.url || run.info.state !== 'running') return;
    run.info = { ...run.info, url };
    let previewUrl: string;
    try {
      previewUrl = await this.#options.previews.previewUrl(url);
    } catch {
      previewUrl = url;
    }
    if (this.#runs.get(run.info.name) !== run || run.info.state !== 'running') return;
    run.info = { ...run.info, previewUrl };
    this.#options.events.url(run.info.name, url, previewUrl);
    this.#options.events.changed(run.info);
  }

  #ended(run: TaskRun, code: number | null, signal: NodeJS.Signals | null, failedToStart: boolean): void {
    if (run.info.state !== 'running') return;
    this.#write(
      run,
      `\n${failedToStart ? 'Could not start' : 'Ended'}${code !== null ? ` with exit code ${code}` : ''}${signal ? ` by ${signal}` : ''}\n`,
    );
    this.#flush(run);
    const byItself = !run.stopping;
    const crashed = failedToStart || (byItself && (code !== 0 || signal !== null));
    run.info = {
      ...run.info,
      state: crashed ? 'crashed' : 'exited',
      exitCode: code,
      signal,
      endedAt: new Date().toISOString(),
      url: null,
      previewUrl: null,
      setupPath: null,
    };
    this.#options.events.changed(run.info);
  }
}
