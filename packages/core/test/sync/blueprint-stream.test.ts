import { describe, expect, it } from 'vitest';
import clinic from '../../samples/clinic-appointments.blueprint.json' with { type: 'json' };
import { normalizeBlueprint } from '../../src/blueprint/normalize.js';
import { applyBlueprintPatch } from '../../src/blueprint/patch.js';
import type { Blueprint } from '../../src/contracts/blueprint.js';
import type { JsonObject, StoredEvent } from '../../src/contracts/events.js';
import {
  type BlueprintChanged,
  blueprintChangeWrite,
  blueprintVersions,
} from '../../src/sync/blueprints/blueprint-stream.js';
import type { StreamView } from '../../src/sync/stream-view.js';

const STREAM = 'blueprint-0190a0b0-0000-7000-8000-00000000c0de';
const system = { kind: 'system', id: 'webnova' } as const;
const b0 = normalizeBlueprint(clinic as unknown as Blueprint);
const described = (from: Blueprint, description: string): Blueprint => ({
  ...from,
  platform: { ...from.platform, description },
});
const b1 = described(b0, 'one');
const b2 = described(b0, 'two');

const write = (view: StreamView, before: Blueprint, after: Blueprint, signedIn = true) =>
  blueprintChangeWrite({
    streamId: STREAM,
    view,
    before,
    after,
    path: 'webnova.blueprint.json',
    decisionId: 'd',
    actor: system,
    signedIn,
  });

/** The event a write would store, at a version, as the server or this device holds it. */
function stored(view: StreamView, before: Blueprint, after: Blueprint, version: number): StoredEvent {
  const appended = write(view, before, after)?.events[0];
  if (!appended) throw new Error('nothing to append');
  return {
    id: `0190a0b0-0000-7000-8000-${String(version).padStart(12, '0')}`,
    tenantId: 'local',
    streamId: STREAM,
    streamVersion: version,
    globalPosition: version,
    type: appended.type,
    data: appended.data,
    meta: {
      actor: system,
      deviceId: 'elsewhere',
      ...(appended.meta.basedOn === undefined ? {} : { basedOn: appended.meta.basedOn }),
    },
    occurredAt: '2026-12-07T00:00:00.000Z',
  };
}

const view = (confirmed: StoredEvent[] = [], pending: StoredEvent[] = []): StreamView => ({
  confirmed,
  pending,
  refused: 0,
  localVersion: confirmed.length + pending.length,
  writtenHere: new Set(pending.map((event) => event.id)),
});
const dataOf = (appended: ReturnType<typeof write>) => appended?.events[0]?.data as unknown as BlueprintChanged;
const basedOnOf = (appended: ReturnType<typeof write>) => appended?.events[0]?.meta.basedOn;

describe("a Blueprint stream's changes", () => {
  it('starts a stream on version 0 with the Blueprint it was made on, so the stream is whole on its own', () => {
    const appended = write(view(), b0, b1);
    expect(basedOnOf(appended)).toBe(0);
    expect(dataOf(appended)).toMatchObject({ base: b0, blueprint: b1 });
    expect(applyBlueprintPatch(b0, dataOf(appended).patch)).toEqual({ ok: true, blueprint: b1 });
    expect(write(view(), b0, b1, false)?.events[0]?.meta.basedOn).toBeUndefined();
  });

  it('names the version the change was made on, not the newest: a change on an older one is refused by the server', () => {
    const first = stored(view(), b0, b1, 1);
    const server = view([first]);
    // Made on the Blueprint the stream started from, by a device that had not taken in version 1.
    expect(basedOnOf(write(server, b0, b2))).toBe(0);
    expect(dataOf(write(server, b0, b2)).base).toEqual(b0);
    // Made on version 1.
    const onOne = write(server, b1, described(b1, 'three'));
    expect(basedOnOf(onOne)).toBe(1);
    expect(dataOf(onOne).base).toBeUndefined();
    // A file that matches no version (edited by hand) is taken as made on the newest, its edits in the patch.
    const byHand = described(b0, 'by hand');
    const fromHand = write(server, byHand, described(byHand, 'four'));
    expect(basedOnOf(fromHand)).toBe(1);
    expect(applyBlueprintPatch(b1, dataOf(fromHand).patch)).toEqual({ ok: true, blueprint: described(byHand, 'four') });
  });

  it("numbers this device's unconfirmed changes after the server's, and appends nothing when the stream has it already", () => {
    const first = stored(view(), b0, b1, 1);
    const mine = stored(view([first]), b1, b2, 2);
    const local = view([first], [mine]);
    expect(basedOnOf(write(local, b2, described(b2, 'next')))).toBe(2);
    expect(write(local, b1, b2)).toBeNull();
  });

  it('leaves a large Blueprint out of the event and rebuilds it from the previous version and the patch', () => {
    const copies = Array.from({ length: 400 }, (_, i) => ({
      ...(b0.entities[0] as Blueprint['entities'][number]),
      name: `Extra${i}`,
    }));
    const big = normalizeBlueprint({ ...b1, entities: [...b1.entities, ...copies] });
    expect(JSON.stringify(big).length).toBeGreaterThan(256 * 1024);
    const first = stored(view(), b0, b1, 1);
    const second = stored(view([first]), b1, big, 2);
    expect((second.data as JsonObject).blueprint).toBeUndefined();
    expect(blueprintVersions([first, second]).map((version) => version.blueprint)).toEqual([b1, big]);
  });
});
