import type { Theme } from '@webnova/core/contracts';
import { FitAddon } from '@xterm/addon-fit';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import type { CoreClient } from '../client';
import { OutputCursor } from './output-cursor';
import { xtermTheme } from './xterm-themes';

const FONT_FAMILY = '"JetBrains Mono", "DejaVu Sans Mono", monospace';
const FONT_SIZE = 13;
/** Acknowledge rendered output in lumps this big (or after a short pause), not per chunk. */
const ACK_CHARS = 32_768;
const ACK_DELAY_MS = 50;

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Typing, resizing and acks to a terminal closed a moment ago (or over a dropped connection) may fail: re-attaching repairs what matters. */
function quietly(call: Promise<unknown>): void {
  call.catch(() => {});
}

/**
 * One terminal on screen: an xterm.js instance fed from core's `terminal.data`, acknowledging what
 * it has rendered so core keeps the shell paused while this window is behind. It lives outside
 * React so switching panel tabs does not throw the screen away.
 */
export class TerminalView {
  readonly id: string;
  /** The element xterm draws into; the panel moves it into its own box. */
  readonly element: HTMLDivElement;
  readonly #client: CoreClient;
  readonly #terminal: Terminal;
  readonly #fit = new FitAddon();
  readonly #cursor = new OutputCursor();
  #attaching: Promise<void> | null = null;
  #queued: Array<{ offset: number; data: string }> = [];
  #unacked = 0;
  #ackTimer: ReturnType<typeof setTimeout> | null = null;
  #opened = false;
  #focusWhenShown = false;
  #disposed = false;

  constructor(id: string, client: CoreClient, theme: Theme) {
    this.id = id;
    this.#client = client;
    this.element = document.createElement('div');
    this.element.className = 'terminal-view';
    this.element.dir = 'ltr';
    this.element.dataset.terminalId = id;
    this.#terminal = new Terminal({
      fontFamily: FONT_FAMILY,
      fontSize: FONT_SIZE,
      lineHeight: 1.2,
      scrollback: 10_000,
      cursorBlink: true,
      allowProposedApi: false,
      theme: xtermTheme(theme),
    });
    this.#terminal.loadAddon(this.#fit);
    this.#terminal.loadAddon(
      new WebLinksAddon((event, uri) => {
        event.preventDefault();
        window.open(uri, '_blank', 'noopener,noreferrer');
      }),
    );
    this.#terminal.attachCustomKeyEventHandler((event) => this.#onKey(event));
    this.#terminal.onData((data) => quietly(client.call('terminal.write', { id, data })));
    this.#terminal.onResize(({ cols, rows }) => quietly(client.call('terminal.resize', { id, cols, rows })));
  }

  get cols(): number {
    return this.#terminal.cols;
  }
  get rows(): number {
    return this.#terminal.rows;
  }

  /** Fetches the recent output from core and shows it; chunks arriving meanwhile wait their turn. */
  attach(): Promise<void> {
    this.#attaching ??= this.#attach().finally(() => {
      this.#attaching = null;
    });
    return this.#attaching;
  }

  receive(offset: number, data: string): void {
    if (this.#attaching) {
      this.#queued.push({ offset, data });
      return;
    }
    const verdict = this.#cursor.accept(offset, data);
    if (verdict.kind === 'seen') this.#ack(data.length);
    else if (verdict.kind === 'gap') void this.attach();
    else this.#terminal.write(verdict.text, () => this.#ack(data.length));
  }

  exited(exitCode: number): void {
    this.#terminal.write(`\r\n\x1b[2m[exit ${exitCode}]\x1b[0m\r\n`);
  }

  /** The selected text, or else the last `maxLines` lines of what the terminal holds (wrapped lines joined). */
  selectionOrRecentText(maxLines: number): string {
    const selected = this.#terminal.getSelection();
    if (selected.trim()) return selected;
    const buffer = this.#terminal.buffer.active;
    const lines: string[] = [];
    for (let row = buffer.length - 1; row >= 0 && lines.length < maxLines; row--) {
      let text = buffer.getLine(row)?.translateToString(true) ?? '';
      while (row > 0 && buffer.getLine(row)?.isWrapped) {
        row -= 1;
        text = (buffer.getLine(row)?.translateToString(true) ?? '') + text;
      }
      if (text.trim() || lines.length > 0) lines.unshift(text);
    }
    return lines.join('\n');
  }

  /** Puts the terminal into a box on the page (opening xterm the first time) and fits it. */
  async show(container: HTMLElement): Promise<void> {
    if (this.element.parentElement !== container) container.replaceChildren(this.element);
    if (!this.#opened) {
      this.#opened = true;
      // Measure the cells with the real font, not the fallback it replaces a moment later; a font
      // that is slow to arrive re-measures the cells when it does.
      const font = document.fonts.load(`${FONT_SIZE}px "JetBrains Mono"`).catch(() => []);
      const loaded = await Promise.race([font.then(() => true), delay(1000).then(() => false)]);
      if (this.#disposed) return;
      this.#terminal.open(this.element);
      if (!loaded)
        void font.then(() => {
          if (this.#disposed) return;
          this.#terminal.options.fontFamily = 'monospace';
          this.#terminal.options.fontFamily = FONT_FAMILY;
          this.fit();
        });
    }
    this.fit();
    if (this.#focusWhenShown) {
      this.#focusWhenShown = false;
      this.#terminal.focus();
    }
  }

  fit(): void {
    if (!this.#opened || this.element.clientWidth === 0 || this.element.clientHeight === 0) return;
    this.#fit.fit();
  }

  /** Focuses the terminal, or does so as soon as it is on screen. */
  focus(): void {
    if (this.#opened && this.element.isConnected) this.#terminal.focus();
    else this.#focusWhenShown = true;
  }

  setTheme(theme: Theme): void {
    this.#terminal.options.theme = xtermTheme(theme);
  }

  dispose(): void {
    this.#disposed = true;
    if (this.#ackTimer) clearTimeout(this.#ackTimer);
    this.#terminal.dispose();
    this.element.remove();
  }

  async #attach(): Promise<void> {
    try {
      const { scrollback, end } = await this.#client.call('terminal.attach', { id: this.id });
      if (this.#disposed) return;
      // The attach reset core's count of unacknowledged output: acks owed before it are void.
      this.#unacked = 0;
      this.#terminal.reset();
      this.#terminal.write(scrollback);
      this.#cursor.reset(end);
    } catch {
      // The terminal was closed meanwhile; the list update that follows removes this view.
    } finally {
      const queued = this.#queued;
      this.#queued = [];
      this.#attaching = null;
      for (const chunk of queued) this.receive(chunk.offset, chunk.data);
    }
  }

  #ack(chars: number): void {
    this.#unacked += chars;
    if (this.#unacked >= ACK_CHARS) this.#flushAck();
    else this.#ackTimer ??= setTimeout(() => this.#flushAck(), ACK_DELAY_MS);
  }

  #flushAck(): void {
    if (this.#ackTimer) clearTimeout(this.#ackTimer);
    this.#ackTimer = null;
    const chars = this.#unacked;
    this.#unacked = 0;
    if (chars > 0 && !this.#disposed) quietly(this.#client.call('terminal.ack', { id: this.id, chars }));
  }

  /** Ctrl+Shift+C copies the selection, Ctrl+Shift+V is left to the browser's paste; Ctrl+C with a selection copies too. */
  #onKey(event: KeyboardEvent): boolean {
    if (event.type !== 'keydown') return true;
    const ctrl = event.ctrlKey || event.metaKey;
    const key = event.code;
    if (ctrl && event.shiftKey && key === 'KeyC') {
      this.#copySelection();
      event.preventDefault();
      return false;
    }
    if (ctrl && event.shiftKey && key === 'KeyV') return false;
    if (ctrl && !event.shiftKey && key === 'KeyC' && this.#terminal.hasSelection()) {
      this.#copySelection();
      this.#terminal.clearSelection();
      event.preventDefault();
      return false;
    }
    return true;
  }

  #copySelection(): void {
    const text = this.#terminal.getSelection();
    if (text) void navigator.clipboard?.writeText(text).catch(() => {});
  }
}
