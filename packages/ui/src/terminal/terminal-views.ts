import type { Theme } from '@webnova/core/contracts';
import type { CoreClient } from '../client';
import type { TerminalInfo } from './terminal-store';
import type { TerminalView } from './terminal-view';

type ViewModule = typeof import('./terminal-view');
let viewModule: Promise<ViewModule> | null = null;

// xterm.js is loaded with the first terminal, not with the window; a failed load is tried again.
function loadViewModule(): Promise<ViewModule> {
  viewModule ??= import('./terminal-view').catch((error: unknown) => {
    viewModule = null;
    throw error;
  });
  return viewModule;
}

/**
 * The terminals on screen, one view per terminal core lists. Views are created as soon as a terminal
 * is known (output is kept and acknowledged even while the Terminal tab is hidden) and disposed when
 * core no longer lists it. Everything for one terminal runs in order on its view's promise.
 */
export class TerminalViews {
  readonly #client: CoreClient;
  readonly #views = new Map<string, Promise<TerminalView>>();
  #theme: Theme;

  constructor(client: CoreClient, theme: Theme) {
    this.#client = client;
    this.#theme = theme;
  }

  /** Makes the views match core's list; new ones attach (fetching their scrollback). */
  sync(terminals: readonly TerminalInfo[]): void {
    const ids = new Set(terminals.map((terminal) => terminal.id));
    for (const [id, view] of this.#views) {
      if (ids.has(id)) continue;
      this.#views.delete(id);
      void view.then((v) => v.dispose());
    }
    for (const { id } of terminals) {
      if (this.#views.has(id)) continue;
      const view = loadViewModule().then(({ TerminalView }) => {
        const created = new TerminalView(id, this.#client, this.#theme);
        void created.attach();
        return created;
      });
      // If the view could not be made, forget it so the next list update tries again.
      view.catch(() => {
        if (this.#views.get(id) === view) this.#views.delete(id);
      });
      this.#views.set(id, view);
    }
  }

  /** After a dropped connection: output may have been missed, so every view attaches again. */
  reattachAll(): void {
    for (const view of this.#views.values()) void view.then((v) => v.attach());
  }

  data(id: string, offset: number, data: string): void {
    const view = this.#views.get(id);
    if (view) void view.then((v) => v.receive(offset, data));
    else quietAck(this.#client, id, data.length);
  }

  exited(id: string, exitCode: number): void {
    void this.#views.get(id)?.then((v) => v.exited(exitCode));
  }

  view(id: string): Promise<TerminalView> | undefined {
    return this.#views.get(id);
  }

  setTheme(theme: Theme): void {
    this.#theme = theme;
    for (const view of this.#views.values()) void view.then((v) => v.setTheme(theme));
  }

  disposeAll(): void {
    for (const view of this.#views.values()) void view.then((v) => v.dispose());
    this.#views.clear();
  }
}

// Output for a terminal this window does not know yet (created elsewhere a moment ago) still counts.
function quietAck(client: CoreClient, id: string, chars: number): void {
  client.call('terminal.ack', { id, chars }).catch(() => {});
}

let current: TerminalViews | null = null;

/** The window's terminal views, set up by `wireTerminal`. */
export function terminalViews(): TerminalViews | null {
  return current;
}

export function setTerminalViews(views: TerminalViews | null): void {
  current = views;
}
