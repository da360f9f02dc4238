import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CoreClient } from '../src/client';
import '../src/features';
import { setLocale } from '../src/i18n/i18n';
import { useNotifications, wordsOf } from '../src/notifications/notifications-store';
import { ConflictEntry } from '../src/sync/BlueprintConflicts';
import { type BlueprintConflict, useBlueprintConflicts } from '../src/sync/blueprint-conflicts-store';
import { syncClient } from '../src/sync/sync-store';
import { useLayout } from '../src/workbench/layout-store';

const conflict: BlueprintConflict = {
  id: '0190a0b0-0000-7000-8000-0000000000c1',
  streamId: 'blueprint-0190a0b0-0000-7000-8000-00000000c0de',
  path: 'webnova.blueprint.json',
  project: '/home/rana/clinic',
  code: 'CONFLICT',
  message: 'blueprint-… is at version 1, not 0: another change came first.',
  occurredAt: '2026-12-07T10:00:00.000Z',
  basedOn: 0,
  theirsVersion: 1,
  change: {
    code: 'SUMMARY',
    params: { changes: [{ code: 'SUMMARY_RENAMES_PLATFORM', params: { name: 'Clinic B' } }] },
  },
  rebasedAs: null,
};

let calls: { method: string; input: unknown }[];
let answers: Record<string, unknown>;
let disconnect: () => void;

beforeEach(() => {
  calls = [];
  answers = {
    'sync.blueprintConflicts': { conflicts: [conflict] },
    'sync.compareBlueprint': { path: conflict.path, base: '{}\n', theirs: '{"a":1}\n', mine: '{"b":2}\n' },
    'sync.rebaseBlueprint': { outcome: 'pending', reasons: [] },
  };
  const client = {
    call: async (method: string, input: unknown) => {
      calls.push({ method, input });
      return answers[method];
    },
    on: () => () => {},
    onStatus: () => () => {},
  } as unknown as CoreClient;
  disconnect = syncClient.connect(client);
  useBlueprintConflicts.setState(useBlueprintConflicts.getInitialState(), true);
  useNotifications.setState({ items: [] });
});

afterEach(() => {
  disconnect();
  setLocale('en');
});

// Server rendering reads a store's initial state, so each entry is drawn from the state the store holds now.
const entry = () =>
  useBlueprintConflicts
    .getState()
    .conflicts.map((conflict) => renderToStaticMarkup(createElement(ConflictEntry, { conflict })))
    .join('');

describe('a Blueprint conflict in the Sync view', () => {
  it('lists the refused change with Rebase and Compare, and announces a new conflict once', async () => {
    await useBlueprintConflicts.getState().load();
    const html = entry();
    expect(html).toContain('Another device changed the Blueprint first');
    expect(html).toMatch(/<code class="sync-conflict-path" dir="ltr"[^>]*>webnova\.blueprint\.json<\/code>/);
    expect(html).toContain('Made on version');
    expect(html).toContain('Your change: ');
    expect(html).toContain('renames the platform to “');
    expect(html).toMatch(/<button[^>]*class="button button-primary"[^>]*>Rebase<\/button>/);
    expect(html).not.toMatch(/<button[^>]*disabled=""[^>]*>Rebase/);
    expect(html).toContain('Compare');
    expect(useNotifications.getState().items.map((item) => wordsOf(item.message))).toEqual([
      'A Blueprint change was refused: another device changed it first',
    ]);
    await useBlueprintConflicts.getState().load();
    expect(useNotifications.getState().items).toHaveLength(1);
  });

  it('rebases through core and opens the Inbox, where the new patch waits; a rebased entry offers no second Rebase', async () => {
    await useBlueprintConflicts.getState().load();
    answers['sync.blueprintConflicts'] = { conflicts: [{ ...conflict, rebasedAs: 'decision-1' }] };
    await useBlueprintConflicts.getState().rebase(conflict.id);
    expect(calls.filter((call) => call.method === 'sync.rebaseBlueprint')).toEqual([
      { method: 'sync.rebaseBlueprint', input: { id: conflict.id } },
    ]);
    expect(useLayout.getState().sideView).toBe('inbox');
    const html = entry();
    expect(html).toMatch(/<button[^>]*disabled=""[^>]*>Rebase/);
    expect(html).toContain('waits for a decision in the Inbox');
  });

  it('opens the three versions to compare', async () => {
    await useBlueprintConflicts.getState().compare(conflict.id);
    expect(useBlueprintConflicts.getState().comparing).toEqual({
      id: conflict.id,
      ...(answers['sync.compareBlueprint'] as object),
    });
    useBlueprintConflicts.getState().closeCompare();
    expect(useBlueprintConflicts.getState().comparing).toBeNull();
  });

  it('says it in Arabic, with the path and versions kept in their own direction', async () => {
    setLocale('ar');
    await useBlueprintConflicts.getState().load();
    const html = entry();
    expect(html).toContain('غيّر جهاز آخر المخطط أولًا');
    expect(html).toContain('إعادة التأسيس');
    expect(html).toMatch(/dir="ltr"[^>]*>webnova\.blueprint\.json/);
    // Numbers and the summary are isolated inside the Arabic sentence.
    expect(html).toMatch(/أُجري على الإصدار \u2068?0\u2069?/);
  });
});
