import { z } from 'zod';
import { diffBlueprints } from '../../blueprint/diff.js';
import { blueprintHash, serializeBlueprint } from '../../blueprint/normalize.js';
import { applyBlueprintPatch } from '../../blueprint/patch.js';
import type { Blueprint } from '../../contracts/blueprint.js';
import { BlueprintPatch } from '../../contracts/blueprint-patch.js';
import type { Actor, JsonObject, StoredEvent } from '../../contracts/events.js';
import type { StreamWrite } from '../../store/append.js';
import { type StreamView, serverVersionOf } from '../stream-view.js';

/** A project's Blueprint history: `blueprint-<project key>` (see `project-key.ts`). */
export const BLUEPRINT_CATEGORY = 'blueprint';
export const BLUEPRINT_CHANGED = 'blueprint.changed';
export const blueprintStreamId = (key: string) => `${BLUEPRINT_CATEGORY}-${key}`;

/**
 * Whole Blueprints ride in an event only up to this size: a push is at most 4 MiB, and a bigger one
 * is rebuilt from the previous version and the patch, which every event carries.
 */
export const SMALL_BLUEPRINT_BYTES = 256 * 1024;

/**
 * One change of a project's Blueprint: the patch from the stream's previous Blueprint (`baseHash`) to
 * this one (`hash`), the Blueprint itself when small, and, on an event whose predecessor this device did
 * not know (a stream's first), the Blueprint the patch was made on, so the stream is whole on its own.
 */
export const BlueprintChanged = z.object({
  path: z.string(),
  decisionId: z.string(),
  patch: BlueprintPatch,
  baseHash: z.string(),
  hash: z.string(),
  blueprint: z.unknown().optional(),
  base: z.unknown().optional(),
});
export type BlueprintChanged = z.infer<typeof BlueprintChanged>;

/** A version of the stream: the event, its data and the Blueprint it leaves (null when it cannot be rebuilt). */
export interface BlueprintVersion {
  event: StoredEvent;
  change: BlueprintChanged;
  blueprint: Blueprint | null;
  /** The Blueprint the change was made on, when known. */
  base: Blueprint | null;
}

/** A value as a valid, normal Blueprint, or null. */
export function asBlueprint(value: unknown): Blueprint | null {
  if (value === undefined || value === null) return null;
  // The patch function checks the shape itself and answers the normal form.
  const checked = applyBlueprintPatch(value as Blueprint, []);
  return checked.ok ? checked.blueprint : null;
}

/** The Blueprint a change left: carried whole, else its patch applied to the Blueprint it was made on. */
export function resultOf(change: BlueprintChanged, base: Blueprint | null): Blueprint | null {
  if (change.blueprint !== undefined) return asBlueprint(change.blueprint);
  const patched = base ? applyBlueprintPatch(base, change.patch) : null;
  return patched?.ok ? patched.blueprint : null;
}

/** Folds a stream's changes in order: each version's Blueprint, rebuilt from the patch when not carried. */
export function blueprintVersions(events: readonly StoredEvent[]): BlueprintVersion[] {
  const versions: BlueprintVersion[] = [];
  for (const event of events) {
    const parsed = BlueprintChanged.safeParse(event.data);
    if (event.type !== BLUEPRINT_CHANGED || !parsed.success) continue;
    const change = parsed.data;
    const previous = versions.at(-1)?.blueprint ?? null;
    const base =
      change.base !== undefined
        ? asBlueprint(change.base)
        : previous && blueprintHash(previous) === change.baseHash
          ? previous
          : null;
    versions.push({ event, change, blueprint: resultOf(change, base), base });
  }
  return versions;
}

/** The server's newest Blueprint of the stream (this device's unconfirmed changes left out). */
export const theirsOf = (view: StreamView) => blueprintVersions(view.confirmed).at(-1) ?? null;

/** The Blueprint at one of the server's versions of the stream. */
export const serverBlueprintAt = (view: StreamView, version: number) =>
  blueprintVersions(view.confirmed).find((v) => v.event.streamVersion === version)?.blueprint ?? null;

const small = (blueprint: Blueprint) => Buffer.byteLength(serializeBlueprint(blueprint)) <= SMALL_BLUEPRINT_BYTES;

/**
 * The version of the stream a change was made on, found by its Blueprint (the file before the decision):
 * the newest version holding it, numbered as the server will number it (this device's unconfirmed
 * changes follow the server's), or 0 when it is the Blueprint the stream started from. A file that
 * matches no version (edited by hand, or a stream this device has not seen) was made on the newest.
 */
function madeOn(view: StreamView, before: Blueprint): { basedOn: number; base: Blueprint | null } {
  const confirmed = blueprintVersions(view.confirmed);
  const all = blueprintVersions([...view.confirmed, ...view.pending]);
  const hash = blueprintHash(before);
  for (let index = all.length - 1; index >= 0; index--) {
    const version = all[index];
    if (version?.blueprint && blueprintHash(version.blueprint) === hash) {
      const basedOn =
        index < confirmed.length ? version.event.streamVersion : serverVersionOf(view) - (all.length - 1 - index);
      return { basedOn, base: version.blueprint };
    }
  }
  const first = all[0];
  if (!first || (first.base && blueprintHash(first.base) === hash)) return { basedOn: 0, base: null };
  return { basedOn: serverVersionOf(view), base: all.at(-1)?.blueprint ?? null };
}

/**
 * The append that records a Blueprint written by a decision, or null when the stream already has it
 * (the decision took in another device's change). The patch is from the version the change was made on
 * (`madeOn`); signed in, `basedOn` names that version, so when another device changed it first the
 * server refuses this change instead of letting it overwrite theirs.
 */
export function blueprintChangeWrite(input: {
  streamId: string;
  view: StreamView;
  before: Blueprint;
  after: Blueprint;
  path: string;
  decisionId: string;
  actor: Actor;
  signedIn: boolean;
}): StreamWrite | null {
  const { view, after } = input;
  const hash = blueprintHash(after);
  const newest = blueprintVersions([...view.confirmed, ...view.pending]).at(-1)?.blueprint;
  if (newest && blueprintHash(newest) === hash) return null;
  const { basedOn, base } = madeOn(view, input.before);
  const from = base ?? input.before;
  const change: BlueprintChanged = {
    path: input.path,
    decisionId: input.decisionId,
    patch: diffBlueprints(from, after),
    baseHash: blueprintHash(from),
    hash,
    ...(small(after) ? { blueprint: after } : {}),
    // A change made on the Blueprint the stream started from (or a stream's first) carries it: the stream holds it nowhere else.
    ...(base === null && small(from) ? { base: from } : {}),
  };
  return {
    streamId: input.streamId,
    expectedVersion: view.localVersion,
    events: [
      {
        type: BLUEPRINT_CHANGED,
        data: change as unknown as JsonObject,
        meta: { actor: input.actor, ...(input.signedIn ? { basedOn } : {}) },
      },
    ],
  };
}
