import type { Blueprint, BlueprintEntity } from '../../contracts/index.js';

export type EntityRenames = Readonly<Record<string, string>>;

function fieldSignature(entity: BlueprintEntity): Set<string> {
  return new Set(entity.fields.map((field) => `${field.name}:${field.type}`));
}

function similarity(a: BlueprintEntity, b: BlueprintEntity): number {
  const [x, y] = [fieldSignature(a), fieldSignature(b)];
  if (x.size === 0 && y.size === 0) return 1;
  let shared = 0;
  for (const item of x) if (y.has(item)) shared += 1;
  return shared / (x.size + y.size - shared);
}

/**
 * Entity renames in a Blueprint change. The Blueprint diff matches entities by name, so a rename
 * is an entity removed and one added; they are paired when at least half of their fields (name and
 * type) are the same, best match first. An explicit map wins over detection for the names it holds.
 */
export function detectEntityRenames(before: Blueprint, after: Blueprint, explicit: EntityRenames = {}): EntityRenames {
  const oldNames = new Set(before.entities.map((e) => e.name));
  const newNames = new Set(after.entities.map((e) => e.name));
  const renames: Record<string, string> = {};
  for (const [from, to] of Object.entries(explicit)) {
    if (oldNames.has(from) && newNames.has(to) && !oldNames.has(to)) renames[from] = to;
  }
  const taken = new Set(Object.values(renames));
  const removed = before.entities.filter((e) => !newNames.has(e.name) && !(e.name in renames));
  const added = after.entities.filter((e) => !oldNames.has(e.name) && !taken.has(e.name));
  const pairs = removed
    .flatMap((from) => added.map((to) => ({ from: from.name, to: to.name, score: similarity(from, to) })))
    .filter((pair) => pair.score >= 0.5)
    .sort((a, b) => b.score - a.score);
  for (const pair of pairs) {
    if (pair.from in renames || taken.has(pair.to)) continue;
    renames[pair.from] = pair.to;
    taken.add(pair.to);
  }
  return renames;
}

/**
 * The spellings of a PascalCase name that show up in paths, singular and plural:
 * `PatientRecord` → patient-record(s), patient_record(s), patientrecord(s); `Category` → categories.
 */
function spellings(name: string): string[] {
  const words = name.split(/(?=[A-Z])/).map((word) => word.toLowerCase());
  const singular = [words.join('-'), words.join('_'), words.join('')];
  const plural = singular.flatMap((s) => [`${s}s`, `${s}es`, ...(s.endsWith('y') ? [`${s.slice(0, -1)}ies`] : [])]);
  return [...new Set([...singular, ...plural])].sort((a, b) => b.length - a.length);
}

/** A path with its entity's name (in any spelling, any case) replaced by a placeholder. */
export function pathShape(path: string, entity: string): string {
  let shape = path.toLowerCase();
  for (const spelling of spellings(entity)) shape = shape.split(spelling).join('\u0000');
  return shape;
}
