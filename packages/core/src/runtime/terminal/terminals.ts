import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import { CoreError } from '../../contracts/errors.js';
import type { TerminalInfo } from './contract.js';
import { type ShellSpec, shellEnvironment, userShell } from './shell.js';
import { defaultTerminalLimits, type TerminalLimits, TerminalSession } from './terminal-session.js';

/** What the terminals tell the outside world (core's event bus). */
export interface TerminalEvents {
  data(id: string, offset: number, data: string): void;
  exited(id: string, exitCode: number, signal: number | null): void;
  changed(terminals: TerminalInfo[]): void;
}

export interface TerminalsOptions {
  /** The program to run; the user's shell by default. */
  shell?: ShellSpec;
  env?: NodeJS.ProcessEnv;
  limits?: Partial<TerminalLimits>;
  /** How many terminals may be open at once. */
  maxTerminals?: number;
}

interface Entry {
  id: string;
  name: string;
  shell: string;
  cwd: string;
  session: TerminalSession;
}

type NodePty = typeof import('node-pty');
let nodePty: Promise<NodePty> | null = null;

// Loaded on first use: a native module that fails to load should cost the terminal, not core's start.
function loadNodePty(): Promise<NodePty> {
  nodePty ??= import('node-pty').catch((error: unknown) => {
    nodePty = null;
    throw new CoreError('INTERNAL', { code: 'ERROR_NO_PTY', params: { reason: String(error) } });
  });
  return nodePty;
}

/** The open terminals of one core: create, type, resize, rename, kill, and re-attach after a reload. */
export class Terminals {
  readonly #events: TerminalEvents;
  readonly #options: TerminalsOptions;
  readonly #limits: TerminalLimits;
  readonly #entries = new Map<string, Entry>();
  #counter = 0;

  constructor(events: TerminalEvents, options: TerminalsOptions = {}) {
    this.#events = events;
    this.#options = options;
    this.#limits = { ...defaultTerminalLimits, ...options.limits };
  }

  async create(request: { cwd: string; cols: number; rows: number; name?: string | undefined }): Promise<TerminalInfo> {
    const max = this.#options.maxTerminals ?? 32;
    if (this.#entries.size >= max)
      throw new CoreError('CONFLICT', { code: 'ERROR_TOO_MANY_TERMINALS', params: { count: max } });
    const { spawn } = await loadNodePty();
    const shell = this.#options.shell ?? userShell(this.#options.env);
    const id = randomUUID();
    this.#counter += 1;
    let pty: ReturnType<NodePty['spawn']>;
    try {
      pty = spawn(shell.file, shell.args, {
        name: 'xterm-256color',
        cols: request.cols,
        rows: request.rows,
        cwd: request.cwd,
        env: shellEnvironment(this.#options.env),
      });
    } catch (error) {
      throw new CoreError('IO_ERROR', {
        code: 'ERROR_CANNOT_START',
        params: { program: shell.file, reason: error instanceof Error ? error.message : String(error) },
      });
    }
    const session = new TerminalSession(pty, this.#limits, {
      data: (offset, data) => this.#events.data(id, offset, data),
      exited: (exitCode, signal) => {
        this.#events.exited(id, exitCode, signal);
        if (this.#entries.has(id)) this.#changed();
      },
    });
    const entry: Entry = {
      id,
      name: request.name ?? `${basename(shell.file)} ${this.#counter}`,
      shell: shell.file,
      cwd: request.cwd,
      session,
    };
    this.#entries.set(id, entry);
    this.#changed();
    return this.#info(entry);
  }

  list(): TerminalInfo[] {
    return [...this.#entries.values()].map((entry) => this.#info(entry));
  }

  attach(id: string): { terminal: TerminalInfo; scrollback: string; end: number } {
    const entry = this.#get(id);
    return { terminal: this.#info(entry), ...entry.session.attach() };
  }

  write(id: string, data: string): void {
    this.#get(id).session.write(data);
  }

  resize(id: string, cols: number, rows: number): void {
    this.#get(id).session.resize(cols, rows);
  }

  ack(id: string, chars: number): void {
    // An acknowledgement for a terminal closed a moment ago is not an error.
    this.#entries.get(id)?.session.ack(chars);
  }

  rename(id: string, name: string): TerminalInfo {
    const entry = this.#get(id);
    entry.name = name;
    this.#changed();
    return this.#info(entry);
  }

  /** Ends the shell and forgets the terminal (an exited one is just forgotten). */
  async kill(id: string): Promise<void> {
    const entry = this.#get(id);
    this.#entries.delete(id);
    this.#changed();
    await entry.session.kill();
  }

  /** The live session, for tests and benches that look at flow control. */
  session(id: string): TerminalSession {
    return this.#get(id).session;
  }

  async closeAll(): Promise<void> {
    const entries = [...this.#entries.values()];
    if (entries.length === 0) return;
    this.#entries.clear();
    this.#changed();
    await Promise.all(entries.map((entry) => entry.session.kill()));
  }

  #get(id: string): Entry {
    const entry = this.#entries.get(id);
    if (!entry) throw new CoreError('NOT_FOUND', { code: 'ERROR_TERMINAL_GONE' }, { id });
    return entry;
  }

  #info(entry: Entry): TerminalInfo {
    const { session } = entry;
    return {
      id: entry.id,
      name: entry.name,
      shell: entry.shell,
      cwd: entry.cwd,
      pid: session.pid,
      cols: session.cols,
      rows: session.rows,
      status: session.running ? 'running' : 'exited',
      exitCode: session.exitCode,
    };
  }

  #changed(): void {
    this.#events.changed(this.list());
  }
}
