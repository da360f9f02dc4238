import type {
  GenerationChange,
  GenerationConflict,
  GenerationCounts,
  GenerationReport,
} from '../../blueprint/contract.js';
import { normalizeBlueprint, serializeBlueprint } from '../../blueprint/normalize.js';
import { type Blueprint, CoreError } from '../../contracts/index.js';
import type { GeneratedFile, Template } from '../template.js';
import { type BaseObject, BaseStore, sha256 } from './base-store.js';
import { isGeneratedPath, type Manifest, readManifest, serializeManifest } from './manifest.js';
import { mergeThreeWay } from './merge.js';
import { MergeBases } from './merge-bases.js';
import { ProjectFolder } from './project-folder.js';
import { previousBlueprint, readRecordedBlueprint } from './recorded-blueprint.js';
import { detectEntityRenames, type EntityRenames, pathShape } from './renames.js';

export interface GenerationRequest {
  /** The project folder (absolute); generated files go here, bookkeeping under `.webnova/`. */
  readonly root: string;
  /** A valid Blueprint (validate first: this only normalises it). */
  readonly blueprint: Blueprint;
  readonly template: Template;
  /** Entity renames to follow, old → new; detected from the Blueprint change when omitted. */
  readonly renames?: EntityRenames;
}

/** One file to write into the project: its text, and what the plan saw on disk (for a last check). */
export interface PlannedWrite {
  readonly path: string;
  readonly content: string;
  /** SHA-256 of the file on disk when planned, or null when there was none. */
  readonly seen: string | null;
}

export interface PlannedDelete {
  readonly path: string;
  readonly seen: string;
}

/** Everything a generation will do, computed without writing anything. */
export interface RegenerationPlan {
  /** The project, resolved for real: every later read, write and delete goes through it. */
  readonly project: ProjectFolder;
  readonly report: Omit<GenerationReport, 'filesWritten' | 'recordFilesWritten'>;
  readonly writes: readonly PlannedWrite[];
  readonly deletes: readonly PlannedDelete[];
  /** The new manifest, and whether it differs from the one on disk. */
  readonly manifest: Manifest;
  readonly manifestText: string;
  readonly manifestChanged: boolean;
  /** The Blueprint in normal form, recorded beside the manifest, and whether the recorded copy differs. */
  readonly blueprintText: string;
  readonly recordedBlueprintChanged: boolean;
  /** Texts the base store must hold afterwards: every generated file and the Blueprint. */
  readonly baseTexts: readonly string[];
  /**
   * The base objects to add (those the store lacks: after a fresh clone, all of them), written before
   * the project's files.
   */
  readonly objects: readonly BaseObject[];
}

interface DiskFile {
  readonly text: string;
  readonly sha: string;
}

/** A generated file as it is on disk, or null; a link or a folder in its place is refused. */
async function readDisk(project: ProjectFolder, path: string): Promise<DiskFile | null> {
  const text = await project.read(path, 'project');
  return text === null ? null : { text, sha: sha256(text) };
}

function renderChecked(template: Template, blueprint: Blueprint): Map<string, GeneratedFile> {
  const files = new Map<string, GeneratedFile>();
  for (const file of template.render(blueprint)) {
    if (!isGeneratedPath(file.path)) {
      throw new CoreError('INTERNAL', `Template ${template.name} produced a path outside the project: "${file.path}".`);
    }
    if (files.has(file.path)) {
      throw new CoreError('INTERNAL', `Template ${template.name} produced ${file.path} twice.`);
    }
    files.set(file.path, file);
  }
  return new Map([...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** For each new path whose entity was renamed, the old path it moves from (same shape, old entity). */
function planMoves(
  previous: Manifest,
  next: Map<string, GeneratedFile>,
  renames: EntityRenames,
  occupied: ReadonlySet<string>,
): Map<string, string> {
  const moves = new Map<string, string>();
  const byShape = new Map<string, string>();
  for (const [path, file] of next) {
    if (file.entity && Object.values(renames).includes(file.entity) && !(path in previous.files)) {
      byShape.set(`${file.entity}\u0001${pathShape(path, file.entity)}`, path);
    }
  }
  for (const [oldPath, entry] of Object.entries(previous.files)) {
    const newEntity = entry.entity ? renames[entry.entity] : undefined;
    if (!entry.entity || !newEntity || next.has(oldPath)) continue;
    const target = byShape.get(`${newEntity}\u0001${pathShape(oldPath, entry.entity)}`);
    // A file already at the target (not ours) would be overwritten by the move: treat both as usual.
    if (target && !moves.has(target) && !occupied.has(target)) moves.set(target, oldPath);
  }
  return moves;
}

function emptyCounts(): GenerationCounts {
  return { created: 0, updated: 0, merged: 0, conflicted: 0, deleted: 0, moved: 0, kept: 0, unchanged: 0 };
}

/**
 * Works out what regenerating `root` from `blueprint` does to every file, reading the disk, the
 * manifest and the base, writing nothing. Per file: untouched since the last generation → take the
 * new output; new output equal to the base → keep yours; both changed → three-way merge, with
 * conflict markers where the changes overlap; deleted by you → stays deleted; entity renamed → the
 * file moves, carrying your edits.
 */
export async function planRegeneration(request: GenerationRequest): Promise<RegenerationPlan> {
  const { template } = request;
  const project = await ProjectFolder.open(request.root);
  const blueprint = normalizeBlueprint(request.blueprint);
  const blueprintText = serializeBlueprint(blueprint);
  const hash = sha256(blueprintText);
  const next = renderChecked(template, blueprint);
  const previous = await readManifest(project);
  const store = new BaseStore(project);
  const recorded = await readRecordedBlueprint(project);
  const before = previous ? await previousBlueprint(previous, recorded, store) : null;
  // Without the previous Blueprint no rename can be told apart from a removal and an addition: the
  // renamed entity's files are then handled as dropped and new, which still loses no edit.
  const renames: EntityRenames = before ? detectEntityRenames(before, blueprint, request.renames) : {};
  const bases = new MergeBases(store, template, before);

  const disk = new Map<string, DiskFile | null>();
  const diskAt = async (path: string) => {
    if (!disk.has(path)) disk.set(path, await readDisk(project, path));
    return disk.get(path) ?? null;
  };
  // Read everything this run may look at up front, many at a time: one by one, a large project
  // spends most of a regeneration waiting on the disk.
  const paths = [...new Set([...next.keys(), ...Object.keys(previous?.files ?? {})])];
  for (let start = 0; start < paths.length; start += 32) {
    const batch = paths.slice(start, start + 32);
    const files = await Promise.all(batch.map((path) => readDisk(project, path)));
    for (const [index, path] of batch.entries()) disk.set(path, files[index] ?? null);
  }
  const occupied = new Set<string>();
  for (const path of next.keys()) {
    if (!previous?.files[path] && (await diskAt(path))) occupied.add(path);
  }
  const moves = previous ? planMoves(previous, next, renames, occupied) : new Map<string, string>();
  const moveSources = new Set(moves.values());

  const changes: GenerationChange[] = [];
  const conflicts: GenerationConflict[] = [];
  const writes: PlannedWrite[] = [];
  const deletes: PlannedDelete[] = [];
  const counts = emptyCounts();
  const record = (change: GenerationChange) => {
    changes.push(change);
    if (change.from && change.kind !== 'keep') counts.moved += 1;
  };

  for (const [path, file] of next) {
    const generated = file.content;
    const from = moves.get(path);
    const source = from ?? path;
    const entity = file.entity ? { entity: file.entity } : {};
    const moved = from ? { from } : {};
    const base = previous?.files[source];
    const mine = await diskAt(source);
    const write = (content: string) => writes.push({ path, content, seen: from ? null : (mine?.sha ?? null) });
    const removeSource = () => {
      if (from && mine) deletes.push({ path: from, seen: mine.sha });
    };
    // Yours against the generated text with nothing in common assumed: one conflict block around
    // whatever differs, your text kept in it.
    const conflictWithoutBase = (yours: DiskFile, reason: 'exists' | 'base-unknown') => {
      const merged = mergeThreeWay(yours.text, '', generated);
      write(merged.text);
      removeSource();
      record({ path, kind: 'conflict', ...moved, ...entity });
      conflicts.push({ path, reason, hunks: merged.hunks, ...line(merged.firstConflictLine) });
      counts.conflicted += 1;
    };

    if (!base) {
      if (!mine) {
        write(generated);
        record({ path, kind: 'create', ...entity });
        counts.created += 1;
      } else if (mine.text === generated) {
        counts.unchanged += 1;
      } else {
        conflictWithoutBase(mine, 'exists');
      }
      continue;
    }
    if (!mine) {
      record({ path, kind: 'keep', reason: 'deleted-by-you', ...moved, ...entity });
      counts.kept += 1;
      continue;
    }
    const baseText = mine.sha === base.sha256 ? mine.text : await bases.text(source, base.sha256);
    if (baseText === null) {
      // Edited, and what it was generated as is not to be had here (see MergeBases).
      if (!from && generated === mine.text) counts.unchanged += 1;
      else conflictWithoutBase(mine, 'base-unknown');
      continue;
    }
    if (mine.sha === base.sha256) {
      if (generated === baseText && !from) {
        counts.unchanged += 1;
        continue;
      }
      write(generated);
      removeSource();
      record({ path, kind: 'update', ...moved, ...entity });
      counts.updated += 1;
      continue;
    }
    if (!from && (generated === baseText || generated === mine.text)) {
      if (generated === baseText) {
        record({ path, kind: 'keep', reason: 'edited', ...entity });
        counts.kept += 1;
      } else counts.unchanged += 1;
      continue;
    }
    const merged = mergeThreeWay(mine.text, baseText, generated);
    if (merged.hunks > 0) {
      write(merged.text);
      removeSource();
      record({ path, kind: 'conflict', ...moved, ...entity });
      conflicts.push({ path, reason: 'overlap', hunks: merged.hunks, ...line(merged.firstConflictLine) });
      counts.conflicted += 1;
    } else if (merged.text === mine.text && !from) {
      record({ path, kind: 'keep', reason: 'edited', ...entity });
      counts.kept += 1;
    } else {
      write(merged.text);
      removeSource();
      record({ path, kind: 'merge', ...moved, ...entity });
      counts.merged += 1;
    }
  }

  for (const [path, entry] of Object.entries(previous?.files ?? {})) {
    if (next.has(path) || moveSources.has(path)) continue;
    const mine = await diskAt(path);
    if (!mine) continue;
    const entity = entry.entity ? { entity: entry.entity } : {};
    if (mine.sha === entry.sha256) {
      deletes.push({ path, seen: mine.sha });
      record({ path, kind: 'delete', ...entity });
      counts.deleted += 1;
    } else {
      record({ path, kind: 'keep', reason: 'no-longer-generated', ...entity });
      conflicts.push({ path, reason: 'no-longer-generated', hunks: 0 });
      counts.kept += 1;
    }
  }

  const manifest: Manifest = {
    manifestVersion: 1,
    blueprintHash: hash,
    template: { name: template.name, version: template.version },
    files: Object.fromEntries(
      [...next].map(([path, file]) => [
        path,
        { sha256: sha256(file.content), ...(file.entity ? { entity: file.entity } : {}) },
      ]),
    ),
  };
  const manifestText = serializeManifest(manifest);
  const manifestChanged = !previous || serializeManifest(previous) !== manifestText;
  const baseTexts = [blueprintText, ...[...next.values()].map((file) => file.content)];
  // Also when nothing else changes: a fresh clone fills its store on its first run, so that a later
  // generator version still finds the bases this one made (it could not make them again).
  const objects = await store.missing(baseTexts, await store.names());

  return {
    project,
    report: {
      template: { name: template.name, version: template.version },
      blueprintHash: hash,
      previousBlueprintHash: previous?.blueprintHash ?? null,
      renames: { ...renames },
      changes,
      conflicts,
      counts,
    },
    writes,
    deletes,
    manifest,
    manifestText,
    manifestChanged,
    blueprintText,
    recordedBlueprintChanged: recorded !== blueprintText,
    baseTexts,
    objects,
  };
}

function line(first: number | undefined): { line?: number } {
  return first === undefined ? {} : { line: first };
}
