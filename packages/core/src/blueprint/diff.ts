import type { Blueprint, BlueprintInput, BlueprintPatch, BlueprintPatchOperation } from '../contracts/index.js';
import { cloneJson, deepEqual, isJsonObject, type JsonValue } from './json-value.js';
import { normalizeBlueprint } from './normalize.js';
import { appendPointer } from './pointer.js';

type KeyOf = (item: JsonValue) => string | undefined;

function byMembers(...members: string[]): KeyOf {
  return (item) => {
    if (!isJsonObject(item)) return undefined;
    const parts = members.map((member) => item[member]);
    return parts.every((part) => typeof part === 'string') ? JSON.stringify(parts) : undefined;
  };
}

const byValue: KeyOf = (item) => (isJsonObject(item) || Array.isArray(item) ? undefined : JSON.stringify(item));

/**
 * How the items of each list are told apart, by the path of the list (`*` is any index). Named
 * things are matched by name, so adding a field to an entity is one `add`, whatever its position.
 */
const listKeys: ReadonlyArray<{ pattern: readonly string[]; keyOf: KeyOf }> = [
  { pattern: ['entities'], keyOf: byMembers('name') },
  { pattern: ['entities', '*', 'fields'], keyOf: byMembers('name') },
  { pattern: ['entities', '*', 'fields', '*', 'values'], keyOf: byMembers('name') },
  { pattern: ['relations'], keyOf: byMembers('from', 'name') },
  { pattern: ['roles'], keyOf: byMembers('name') },
  { pattern: ['permissions'], keyOf: byMembers('role', 'entity') },
  { pattern: ['pages'], keyOf: byMembers('name') },
  { pattern: ['navigation'], keyOf: byMembers('page') },
  { pattern: ['api', 'endpoints'], keyOf: byMembers('name') },
  { pattern: ['integrations'], keyOf: byMembers('category', 'provider') },
];

function keyOfList(segments: readonly (string | number)[]): KeyOf {
  const found = listKeys.find(
    ({ pattern }) =>
      pattern.length === segments.length &&
      pattern.every((part, index) => (part === '*' ? typeof segments[index] === 'number' : part === segments[index])),
  );
  // Lists not in the table hold plain values (locales, regimes, actions, role names).
  return found?.keyOf ?? byValue;
}

class PatchWriter {
  readonly operations: BlueprintPatchOperation[] = [];

  value(a: JsonValue, b: JsonValue, segments: (string | number)[], path: string): void {
    if (Array.isArray(a) && Array.isArray(b)) this.list(a, b, segments, path);
    else if (isJsonObject(a) && isJsonObject(b)) this.object(a, b, segments, path);
    else if (!deepEqual(a, b)) this.operations.push({ op: 'replace', path, value: cloneJson(b) });
  }

  object(a: Record<string, JsonValue>, b: Record<string, JsonValue>, segments: (string | number)[], path: string) {
    for (const key of Object.keys(a)) {
      if (!Object.hasOwn(b, key)) this.operations.push({ op: 'remove', path: appendPointer(path, key) });
    }
    for (const [key, after] of Object.entries(b)) {
      const at = appendPointer(path, key);
      const before = Object.hasOwn(a, key) ? a[key] : undefined;
      if (before === undefined) this.operations.push({ op: 'add', path: at, value: cloneJson(after) });
      else this.value(before, after, [...segments, key], at);
    }
  }

  /**
   * A list matched by key: removals (from the end, so indexes hold), then the fewest moves that
   * put the surviving items in their new order (those on a longest increasing run stay put), then
   * additions and changes position by position.
   */
  list(a: JsonValue[], b: JsonValue[], segments: (string | number)[], path: string) {
    const keyOf = keyOfList(segments);
    const keysA = a.map(keyOf);
    const keysB = b.map(keyOf);
    if (!isKeySet(keysA) || !isKeySet(keysB)) {
      if (!deepEqual(a, b)) this.operations.push({ op: 'replace', path, value: cloneJson(b) });
      return;
    }
    const inA = new Map(keysA.map((key, index) => [key, a[index] as JsonValue]));
    const inB = new Set(keysB);
    const work = [...keysA];
    for (let index = keysA.length - 1; index >= 0; index -= 1) {
      if (!inB.has(keysA[index] as string)) {
        this.operations.push({ op: 'remove', path: appendPointer(path, index) });
        work.splice(index, 1);
      }
    }
    const order = keysB.filter((key) => inA.has(key));
    const rank = new Map(order.map((key, index) => [key, index]));
    const placed = new Set(longestIncreasingRun(work.map((key) => rank.get(key) ?? 0)).map((index) => work[index]));
    order.forEach((key, target) => {
      if (placed.has(key)) return;
      const from = work.indexOf(key);
      work.splice(from, 1);
      const to = target === 0 ? 0 : work.indexOf(order[target - 1] as string) + 1;
      work.splice(to, 0, key);
      placed.add(key);
      if (from !== to)
        this.operations.push({ op: 'move', from: appendPointer(path, from), path: appendPointer(path, to) });
    });
    keysB.forEach((key, index) => {
      const after = b[index] as JsonValue;
      const before = inA.get(key);
      const at = appendPointer(path, index);
      if (before === undefined) this.operations.push({ op: 'add', path: at, value: cloneJson(after) });
      else this.value(before, after, [...segments, index], at);
    });
  }
}

function isKeySet(keys: readonly (string | undefined)[]): keys is string[] {
  return !keys.includes(undefined) && new Set(keys).size === keys.length;
}

/** Indexes (ascending) of one longest strictly increasing subsequence of `values`. */
function longestIncreasingRun(values: readonly number[]): number[] {
  const tails: number[] = [];
  const previous: number[] = new Array(values.length).fill(-1);
  values.forEach((value, index) => {
    let low = 0;
    let high = tails.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((values[tails[middle] as number] as number) < value) low = middle + 1;
      else high = middle;
    }
    if (low > 0) previous[index] = tails[low - 1] as number;
    tails[low] = index;
  });
  const run: number[] = [];
  for (let index = tails.at(-1) ?? -1; index !== -1; index = previous[index] as number) run.unshift(index);
  return run;
}

/**
 * The patch that turns Blueprint `a` into `b`, both normalised first: applying it to `a` with
 * `applyBlueprintPatch` gives `b`'s normalised form. Lists of named things are compared by name.
 */
export function diffBlueprints(a: BlueprintInput | Blueprint, b: BlueprintInput | Blueprint): BlueprintPatch {
  const writer = new PatchWriter();
  writer.value(normalizeBlueprint(a) as unknown as JsonValue, normalizeBlueprint(b) as unknown as JsonValue, [], '');
  return writer.operations;
}
