import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CoreClient } from '../src/client';
import { useCommands } from '../src/commands/command-registry';
import { connectFeatures, type PanelTab, panelTabs, type SideView, sideViews, uiFeatures } from '../src/features';
import { catalogues, i18n } from '../src/i18n/i18n';
import { ActivityBar } from '../src/workbench/ActivityBar';

type Catalogue = { [key: string]: unknown };

const PLURAL = /_(zero|one|two|few|many|other)$/;

/** Every key of a catalogue, plural suffixes folded (a key with plural forms counts as one). */
function keysOf(catalogue: Catalogue, prefix = ''): Set<string> {
  const keys = new Set<string>();
  for (const [key, value] of Object.entries(catalogue)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') keys.add(path.replace(PLURAL, ''));
    else for (const nested of keysOf(value as Catalogue, path)) keys.add(nested);
  }
  return keys;
}

const duplicates = (ids: string[]) => ids.filter((id, index) => ids.indexOf(id) !== index);

/** A client that answers nothing and counts who listens: what a feature subscribes, and what it leaves. */
function fakeClient() {
  const listening = new Map<string, number>();
  const listen = (name: string) => {
    listening.set(name, (listening.get(name) ?? 0) + 1);
    let stopped = false;
    return () => {
      if (stopped) return;
      stopped = true;
      listening.set(name, (listening.get(name) ?? 0) - 1);
    };
  };
  const client: CoreClient = {
    call: () => new Promise(() => {}),
    on: (event) => listen(event),
    onStatus: () => listen('status'),
  };
  const live = () => [...listening].filter(([, count]) => count !== 0).map(([name]) => name);
  return { client, listening, live };
}

/** The window's listeners, counted the same way (the shell listens for keys and for closing). */
function fakeWindow() {
  const target = new EventTarget();
  const listening = new Map<string, number>();
  const add = target.addEventListener.bind(target);
  const remove = target.removeEventListener.bind(target);
  target.addEventListener = (type: string, ...rest: [EventListenerOrEventListenerObject | null, unknown?]) => {
    listening.set(type, (listening.get(type) ?? 0) + 1);
    add(type, ...(rest as [EventListenerOrEventListenerObject | null]));
  };
  target.removeEventListener = (type: string, ...rest: [EventListenerOrEventListenerObject | null, unknown?]) => {
    listening.set(type, (listening.get(type) ?? 0) - 1);
    remove(type, ...(rest as [EventListenerOrEventListenerObject | null]));
  };
  const live = () => [...listening].filter(([, count]) => count !== 0).map(([name]) => name);
  return { target, live };
}

afterEach(() => {
  vi.unstubAllGlobals();
  useCommands.setState(useCommands.getInitialState(), true);
});

describe('the UI feature registry', () => {
  it('registers each feature once, and no two features claim a view, a tab or a command', () => {
    expect(duplicates(uiFeatures.map((feature) => feature.id))).toEqual([]);
    expect(duplicates(sideViews.map((view) => view.id))).toEqual([]);
    expect(duplicates(panelTabs.map((tab) => tab.id))).toEqual([]);
    const commands = uiFeatures.flatMap((feature) => feature.commands ?? []).map((command) => command.id);
    expect(duplicates(commands)).toEqual([]);
    // Two items with one place would swap places between builds.
    expect(duplicates(sideViews.map((view) => String(view.order)))).toEqual([]);
    expect(duplicates(panelTabs.map((tab) => String(tab.order)))).toEqual([]);
  });

  it('finds every string a module names in both the English and the Arabic catalogue', () => {
    const english = keysOf(catalogues.en);
    const arabic = keysOf(catalogues.ar);
    for (const feature of uiFeatures) {
      const used = [
        ...(feature.views ?? []).map((view) => view.titleKey),
        ...(feature.panelTabs ?? []).map((tab) => tab.titleKey),
        ...(feature.commands ?? []).map((command) => `commands.${command.id}`),
      ];
      for (const key of used) {
        expect(english.has(key), `${feature.id}: ${key} in English`).toBe(true);
        expect(arabic.has(key), `${feature.id}: ${key} in Arabic`).toBe(true);
      }
      // A feature's own catalogue carries the same keys in both languages.
      if (feature.strings) {
        expect([...keysOf(feature.strings.ar as Catalogue)].sort(), feature.id).toEqual(
          [...keysOf(feature.strings.en as Catalogue)].sort(),
        );
      }
    }
  });

  it('shows one activity-bar item per view, each with its view, and a shortcut only for a registered command', () => {
    const commands = new Set(uiFeatures.flatMap((feature) => feature.commands ?? []).map((command) => command.id));
    for (const view of sideViews) {
      expect(typeof view.component, view.id).toBe('function');
      if (view.command) expect(commands, view.id).toContain(view.command);
    }
    for (const tab of panelTabs) if (tab.command) expect(commands, tab.id).toContain(tab.command);

    const markup = renderToStaticMarkup(createElement(I18nextProvider, { i18n }, createElement(ActivityBar)));
    const items = markup.slice(0, markup.indexOf('activity-bar-global'));
    const labels = [...items.matchAll(/aria-label="([^"]+)"/g)].map((match) => match[1]).slice(1);
    expect(labels).toEqual(sideViews.map((view) => i18n.t(view.titleKey)));
  });

  it('derives the view and tab ids from the registered modules, so a typo does not compile', () => {
    const view: SideView = 'git';
    const tab: PanelTab = 'terminal';
    // @ts-expect-error 'gti' is no registered view
    const typo: SideView = 'gti';
    // @ts-expect-error a view is no panel tab
    const wrongKind: PanelTab = 'explorer';
    expect([view, tab, typo, wrongKind]).toHaveLength(4);
  });

  it('hands every store the client, and takes it back', () => {
    const stores = uiFeatures.flatMap((feature) => feature.clients ?? []);
    expect(duplicates(stores.map((store) => store.owner))).toEqual([]);
    const { client } = fakeClient();
    const disconnect = connectFeatures(client);
    for (const store of stores) expect(store(), store.owner).toBe(client);
    disconnect();
    for (const store of stores) expect(() => store(), store.owner).toThrow(/no client/);
  });
});

describe("a feature's wiring", () => {
  it.each(uiFeatures.filter((feature) => feature.wire).map((feature) => [feature.id, feature] as const))(
    '%s follows its events while wired and none after',
    (_id, feature) => {
      const window = fakeWindow();
      vi.stubGlobal('window', window.target);
      const { client, live } = fakeClient();
      const disconnect = connectFeatures(client);
      const unwire = feature.wire?.(client) ?? (() => {});
      expect(live().length, 'listens to something').toBeGreaterThan(0);
      unwire();
      disconnect();
      expect(live()).toEqual([]);
      expect(window.live()).toEqual([]);
    },
  );

  it('git refreshes on git.changed and stops when unwired', async () => {
    vi.useFakeTimers();
    try {
      const { gitFeature } = await import('../src/git/feature');
      const { useGit } = await import('../src/git/git-store');
      const refresh = vi.spyOn(useGit.getState(), 'refresh').mockResolvedValue();
      const listeners = new Map<string, (payload: unknown) => void>();
      const client: CoreClient = {
        call: () => new Promise(() => {}),
        on: (event, listener) => {
          listeners.set(event, listener as (payload: unknown) => void);
          return () => listeners.delete(event);
        },
        onStatus: () => () => {},
      };
      const unwire = gitFeature.wire?.(client) ?? (() => {});
      expect([...listeners.keys()].sort()).toEqual(['git.changed', 'git.progress', 'workspace.changed']);
      listeners.get('git.changed')?.({});
      listeners.get('git.changed')?.({});
      await vi.runAllTimersAsync();
      expect(refresh).toHaveBeenCalledTimes(1);
      unwire();
      expect(listeners.size).toBe(0);
      refresh.mockRestore();
    } finally {
      vi.useRealTimers();
    }
  });
});
