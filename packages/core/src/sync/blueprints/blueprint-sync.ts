import { and, eq } from 'drizzle-orm';
import { BLUEPRINT_FILE } from '../../blueprint/contract.js';
import { diffBlueprints } from '../../blueprint/diff.js';
import { blueprintHash, serializeBlueprint } from '../../blueprint/normalize.js';
import { applyBlueprintPatch } from '../../blueprint/patch.js';
import { summarizePatch } from '../../blueprint/summary.js';
import type { Blueprint } from '../../contracts/blueprint.js';
import { patchFailureMessage } from '../../contracts/blueprint-patch.js';
import { CoreError } from '../../contracts/errors.js';
import type { Actor, JsonObject, StoredEvent } from '../../contracts/events.js';
import type { Decision } from '../../contracts/governance.js';
import type { SystemMessage } from '../../contracts/messages/system-message.js';
import type { StreamWrite } from '../../store/append.js';
import type { EventStore } from '../../store/event-store.js';
import { events } from '../../store/schema.js';
import { Workspace } from '../../workspace/workspace.js';
import type { BlueprintComparison, BlueprintConflict } from '../contract.js';
import { syncOutbox } from '../schema.js';
import { readStreamView, type StreamView } from '../stream-view.js';
import {
  asBlueprint,
  BLUEPRINT_CHANGED,
  BlueprintChanged,
  blueprintChangeWrite,
  blueprintStreamId,
  resultOf,
  serverBlueprintAt,
  theirsOf,
} from './blueprint-stream.js';
import { projectKey, readProjectKey } from './project-key.js';

/** What a `blueprint.patch` decision wrote, as its executor saw it. */
export interface WrittenBlueprint {
  project: string;
  path: string;
  before: Blueprint;
  after: Blueprint;
}

/** A `blueprint.patch` to propose, with why, in core's words. */
export interface BlueprintProposal {
  effect: { kind: 'blueprint.patch'; payload: JsonObject };
  why: { text: string; message: SystemMessage };
}

/** Decisions that no longer lead anywhere: a conflict they rebased is open again. */
const DEAD_ENDS: readonly Decision['status'][] = ['rejected', 'expired', 'failed'];

/**
 * A patch from `file` to another Blueprint that applies only to `file` itself: `baseHash` makes the
 * executor refuse it once the file has changed (another decision ran meanwhile), instead of laying an
 * old offer over the newer Blueprint; a fresh offer follows.
 */
const onlyOn = (file: Blueprint, to: Blueprint): JsonObject => ({
  path: BLUEPRINT_FILE,
  patch: diffBlueprints(file, to) as unknown as JsonObject[],
  baseHash: blueprintHash(file),
});

/** The project's Blueprint as a valid, normal Blueprint, or null (absent, not JSON, not valid). */
async function fileBlueprint(workspace: Workspace): Promise<Blueprint | null> {
  try {
    return asBlueprint(JSON.parse((await workspace.read(BLUEPRINT_FILE)).content));
  } catch {
    return null;
  }
}

interface Refused {
  event: StoredEvent;
  change: BlueprintChanged;
  refusal: JsonObject | null;
  view: StreamView;
}

/**
 * The Blueprint's side of sync. Each project's Blueprint history is the stream `blueprint-<key>` (the key
 * in `.webnova/project.json`), its one authority; `webnova.blueprint.json` is its projection here, and it
 * changes only through `blueprint.patch` decisions: what this device decided is appended to the stream,
 * what another device decided is offered as a decision, and a change the server refused because another
 * came first is a conflict to rebase or compare, never written over theirs.
 */
export class BlueprintSync {
  constructor(
    private readonly store: EventStore,
    private readonly signedIn: () => boolean,
  ) {}

  /** The append recording what a decision wrote, for the decision's own transaction (null: nothing new). */
  async changeWrite(written: WrittenBlueprint, decision: Decision, actor: Actor): Promise<StreamWrite | null> {
    if (written.path !== BLUEPRINT_FILE) return null;
    const streamId = blueprintStreamId(await projectKey(await Workspace.open(written.project)));
    const view = await readStreamView(this.store, streamId);
    return blueprintChangeWrite({
      ...written,
      streamId,
      view,
      decisionId: decision.id,
      actor,
      signedIn: this.signedIn(),
    });
  }

  /**
   * Another device's change to this project's Blueprint that its file does not have: the patch from the
   * file to it, to propose. Null while this device's own change waits for the server's word, when the file
   * already has it, when a decision has offered it before (approved, waiting or turned down), and while
   * a conflict of this device's on the stream is open: its Rebase brings theirs in under this device's
   * change, where taking theirs alone would drop that change from the file.
   */
  async pulledChange(project: string, decisions: readonly Decision[]): Promise<BlueprintProposal | null> {
    const workspace = await Workspace.open(project);
    const key = await readProjectKey(workspace);
    if (!key) return null;
    const streamId = blueprintStreamId(key);
    const view = await readStreamView(this.store, streamId);
    const theirs = theirsOf(view);
    if (view.pending.length > 0 || !theirs?.blueprint || view.writtenHere.has(theirs.event.id)) return null;
    const offered = (decision: Decision) => decision.payload.adopts === theirs.event.id && decision.status !== 'failed';
    if (decisions.some(offered)) return null;
    const conflicts = view.refused > 0 ? await this.conflicts(decisions) : [];
    if (conflicts.some((conflict) => conflict.streamId === streamId && conflict.rebasedAs === null)) return null;
    const file = await fileBlueprint(workspace);
    if (!file || blueprintHash(file) === theirs.change.hash) return null;
    const payload = onlyOn(file, theirs.blueprint);
    const summary = summarizePatch(file, payload.patch);
    return {
      effect: { kind: 'blueprint.patch', payload: { ...payload, adopts: theirs.event.id } },
      why: {
        text: `Another device changed the Blueprint: ${summary.en}`,
        message: { code: 'BLUEPRINT_PULLED_CHANGE', params: { summary: summary.message } },
      },
    };
  }

  /** This device's Blueprint changes the server refused, newest first, each with what became of it. */
  async conflicts(decisions: readonly Decision[]): Promise<BlueprintConflict[]> {
    const refused = await this.#refused();
    return refused.map(({ event, change, refusal, view }) => {
      const producer = decisions.find((decision) => decision.id === change.decisionId);
      const rebasedAs = decisions.find(
        (decision) => decision.payload.rebases === event.id && !DEAD_ENDS.includes(decision.status),
      );
      const base = this.#base(event, change, view);
      return {
        id: event.id,
        streamId: event.streamId,
        path: change.path,
        project: producer?.project ?? null,
        code: String(refusal?.code ?? 'INVALID'),
        message: String(refusal?.message ?? ''),
        occurredAt: event.occurredAt,
        basedOn: event.meta.basedOn ?? 0,
        theirsVersion: theirsOf(view)?.event.streamVersion ?? null,
        change: base ? summarizePatch(base, change.patch).message : { code: 'BLUEPRINT_CHANGE_UNKNOWN_BASE' },
        rebasedAs: rebasedAs?.id ?? null,
      };
    });
  }

  /** The three Blueprints of a conflict as text: the one both changed, the server's newest, and this device's. */
  async compare(id: string): Promise<BlueprintComparison> {
    const { event, change, view } = await this.#conflict(id);
    const base = this.#base(event, change, view);
    const text = (blueprint: Blueprint | null | undefined) => (blueprint ? serializeBlueprint(blueprint) : null);
    return {
      path: change.path,
      base: text(base),
      theirs: text(theirsOf(view)?.blueprint),
      mine: text(resultOf(change, base)),
    };
  }

  /**
   * The refused change made again on the server's newest Blueprint: this device's patch applied to it and
   * validated, proposed as a decision patching the project's file (as the user left it) to that result.
   */
  async rebase(id: string, project: string): Promise<BlueprintProposal> {
    const { event, change, view } = await this.#conflict(id);
    const workspace = await Workspace.open(project);
    if (blueprintStreamId((await readProjectKey(workspace)) ?? '') !== event.streamId) {
      throw new CoreError('CONFLICT', { code: 'ERROR_BLUEPRINT_OTHER_PROJECT', params: { path: change.path } });
    }
    const theirs = theirsOf(view)?.blueprint;
    if (!theirs) throw new CoreError('CONFLICT', { code: 'ERROR_BLUEPRINT_THEIRS_UNKNOWN' });
    const rebased = applyBlueprintPatch(theirs, change.patch);
    if (!rebased.ok)
      throw new CoreError('CONFLICT', patchFailureMessage(rebased.error), { issues: rebased.error.issues });
    const file = await fileBlueprint(workspace);
    if (!file) {
      throw new CoreError('INVALID_INPUT', { code: 'ERROR_NO_BLUEPRINT_TO_PATCH', params: { path: BLUEPRINT_FILE } });
    }
    const summary = summarizePatch(theirs, change.patch);
    return {
      effect: {
        kind: 'blueprint.patch',
        payload: { ...onlyOn(file, rebased.blueprint), rebases: event.id },
      },
      why: {
        text: `This device's refused Blueprint change, made again on the newest version: ${summary.en}`,
        message: { code: 'BLUEPRINT_REBASED_CHANGE', params: { summary: summary.message } },
      },
    };
  }

  /** The Blueprint the refused change was made on: the server's version it named, or the one it carried. */
  #base(event: StoredEvent, change: BlueprintChanged, view: StreamView): Blueprint | null {
    const basedOn = event.meta.basedOn ?? 0;
    if (basedOn > 0) return serverBlueprintAt(view, basedOn);
    return asBlueprint(change.base);
  }

  async #conflict(id: string): Promise<Refused> {
    const found = (await this.#refused(id))[0];
    if (!found) throw new CoreError('NOT_FOUND', { code: 'ERROR_NO_BLUEPRINT_CONFLICT', params: { id } });
    return found;
  }

  /** This device's refused `blueprint.changed` events (or the one with this id), newest first, with their streams. */
  async #refused(id?: string): Promise<Refused[]> {
    const rows = await this.store.db
      .select({ event: events, refusal: syncOutbox.refusal })
      .from(syncOutbox)
      .innerJoin(events, eq(events.id, syncOutbox.eventId))
      .where(
        and(
          eq(syncOutbox.status, 'refused'),
          eq(events.type, BLUEPRINT_CHANGED),
          ...(id === undefined ? [] : [eq(events.id, id)]),
        ),
      );
    const found: Refused[] = [];
    for (const { event, refusal } of rows.reverse()) {
      const change = BlueprintChanged.safeParse(event.data);
      if (!change.success) continue;
      const stored: StoredEvent = { ...event, occurredAt: event.occurredAt.toISOString() };
      found.push({
        event: stored,
        change: change.data,
        refusal,
        view: await readStreamView(this.store, event.streamId),
      });
    }
    return found.sort((a, b) => b.event.globalPosition - a.event.globalPosition);
  }
}
