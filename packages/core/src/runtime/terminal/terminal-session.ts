import type { IPty } from 'node-pty';
import { Scrollback } from './scrollback.js';

/** How output is batched and held back; see `defaultTerminalLimits`. */
export interface TerminalLimits {
  /** Output kept for re-attaching, in characters. */
  scrollbackChars: number;
  /** Output is sent at most this often… */
  batchMs: number;
  /** …or as soon as this much is waiting. */
  batchChars: number;
  /** The shell is paused while more than this many sent characters are unacknowledged… */
  highWatermark: number;
  /** …and resumed once acknowledgements bring it down to this. */
  lowWatermark: number;
}

export const defaultTerminalLimits: TerminalLimits = {
  scrollbackChars: 1_000_000,
  batchMs: 16,
  batchChars: 65_536,
  highWatermark: 262_144,
  lowWatermark: 65_536,
};

/** Where a session's output goes (the API's event stream). */
export interface TerminalOutput {
  data(offset: number, data: string): void;
  exited(exitCode: number, signal: number | null): void;
}

/**
 * One pseudo-terminal: batches the shell's output, keeps the recent part, and pauses reading from
 * the shell while the client is behind, so a flood (`yes`) costs neither the client nor core more
 * than the watermark.
 */
export class TerminalSession {
  readonly #pty: IPty;
  readonly #limits: TerminalLimits;
  readonly #output: TerminalOutput;
  readonly #scrollback: Scrollback;
  #pending: string[] = [];
  #pendingChars = 0;
  /** Where the waiting output starts in the terminal's whole output. */
  #pendingOffset = 0;
  #timer: NodeJS.Timeout | null = null;
  #unacked = 0;
  #paused = false;
  #exit: { exitCode: number; signal: number | null } | null = null;
  readonly exited: Promise<void>;

  constructor(pty: IPty, limits: TerminalLimits, output: TerminalOutput) {
    this.#pty = pty;
    this.#limits = limits;
    this.#output = output;
    this.#scrollback = new Scrollback(limits.scrollbackChars);
    pty.onData((data) => this.#received(data));
    this.exited = new Promise((resolve) => {
      pty.onExit(({ exitCode, signal }) => {
        this.#flush();
        this.#exit = { exitCode, signal: signal ? signal : null };
        this.#output.exited(exitCode, this.#exit.signal);
        resolve();
      });
    });
  }

  get pid(): number {
    return this.#pty.pid;
  }
  get cols(): number {
    return this.#pty.cols;
  }
  get rows(): number {
    return this.#pty.rows;
  }
  get exitCode(): number | null {
    return this.#exit?.exitCode ?? null;
  }
  get running(): boolean {
    return this.#exit === null;
  }
  /** Sent and not yet acknowledged, in characters. */
  get unacknowledged(): number {
    return this.#unacked;
  }
  get paused(): boolean {
    return this.#paused;
  }
  get scrollbackSize(): number {
    return this.#scrollback.size;
  }

  /**
   * The recent output and the offset it ends at. A client that attaches starts afresh, so whatever an
   * earlier client (a window since reloaded) left unacknowledged no longer holds the shell back.
   */
  attach(): { scrollback: string; end: number } {
    this.#unacked = 0;
    this.#resumeIfBelow();
    return { scrollback: this.#scrollback.text(), end: this.#scrollback.end };
  }

  ack(chars: number): void {
    this.#unacked = Math.max(0, this.#unacked - chars);
    this.#resumeIfBelow();
  }

  write(data: string): void {
    if (this.running) this.#pty.write(data);
  }

  resize(cols: number, rows: number): void {
    if (this.running) this.#pty.resize(cols, rows);
  }

  /**
   * Hangs up the shell (which passes it on to its jobs); kills it if it is still there after a while,
   * and settles when its end is reported. A killed process always ends, so there is no other deadline:
   * on a loaded machine the report comes late, and a caller told "killed" before it would act on a
   * terminal that is still running.
   */
  async kill(graceMs = 2000): Promise<void> {
    if (!this.running) return;
    if (this.#paused) this.#pty.resume();
    this.#pty.kill('SIGHUP');
    const timer = setTimeout(() => {
      if (this.running) this.#pty.kill('SIGKILL');
    }, graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  #received(data: string): void {
    if (this.#pendingChars === 0) this.#pendingOffset = this.#scrollback.end;
    this.#scrollback.append(data);
    this.#pending.push(data);
    this.#pendingChars += data.length;
    if (this.#pendingChars >= this.#limits.batchChars) this.#flush();
    else this.#timer ??= setTimeout(() => this.#flush(), this.#limits.batchMs);
  }

  #flush(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    if (this.#pendingChars === 0) return;
    const data = this.#pending.join('');
    this.#pending = [];
    this.#pendingChars = 0;
    this.#unacked += data.length;
    if (!this.#paused && this.#unacked > this.#limits.highWatermark && this.running) {
      this.#paused = true;
      this.#pty.pause();
    }
    this.#output.data(this.#pendingOffset, data);
  }

  #resumeIfBelow(): void {
    if (this.#paused && this.#unacked <= this.#limits.lowWatermark) {
      this.#paused = false;
      if (this.running) this.#pty.resume();
    }
  }
}
