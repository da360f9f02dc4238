import type { BlueprintPatchOperation } from '../contracts/index.js';
import { cloneJson, deepEqual, isJsonObject, type JsonValue } from './json-value.js';
import { parsePointer } from './pointer.js';

export type JsonPatchFault = 'PATH_NOT_FOUND' | 'INVALID_PATH' | 'TEST_FAILED';

export type JsonPatchOutcome =
  | { ok: true; document: JsonValue }
  | { ok: false; opIndex: number; code: JsonPatchFault; pointer: string };

class Fault extends Error {
  constructor(
    readonly code: JsonPatchFault,
    readonly pointer: string,
  ) {
    super(code);
  }
}

const arrayIndex = /^(?:0|[1-9][0-9]*)$/;

/** The segments of a pointer; `__proto__` is refused so a patch can never reach an object's prototype. */
function segmentsOf(pointer: string): string[] {
  const segments = parsePointer(pointer);
  if (segments === null || segments.includes('__proto__')) throw new Fault('INVALID_PATH', pointer);
  return segments;
}

function child(container: JsonValue, segment: string, pointer: string): JsonValue {
  if (Array.isArray(container)) {
    if (!arrayIndex.test(segment)) throw new Fault('INVALID_PATH', pointer);
    const value = container[Number(segment)];
    if (value === undefined) throw new Fault('PATH_NOT_FOUND', pointer);
    return value;
  }
  if (isJsonObject(container) && Object.hasOwn(container, segment)) return container[segment] as JsonValue;
  throw new Fault('PATH_NOT_FOUND', pointer);
}

/** A document held in a box, so that the root itself ("") can be replaced like any member. */
interface Box {
  root: JsonValue;
}

function locate(box: Box, pointer: string): { parent: JsonValue; key: string } | { root: true } {
  const segments = segmentsOf(pointer);
  const key = segments.pop();
  if (key === undefined) return { root: true };
  let parent = box.root;
  for (const segment of segments) parent = child(parent, segment, pointer);
  return { parent, key };
}

function read(box: Box, pointer: string): JsonValue {
  const target = locate(box, pointer);
  return 'root' in target ? box.root : child(target.parent, target.key, pointer);
}

function add(box: Box, pointer: string, value: JsonValue): void {
  const target = locate(box, pointer);
  if ('root' in target) {
    box.root = value;
    return;
  }
  const { parent, key } = target;
  if (Array.isArray(parent)) {
    if (key === '-') {
      parent.push(value);
      return;
    }
    if (!arrayIndex.test(key)) throw new Fault('INVALID_PATH', pointer);
    if (Number(key) > parent.length) throw new Fault('PATH_NOT_FOUND', pointer);
    parent.splice(Number(key), 0, value);
  } else if (isJsonObject(parent)) {
    parent[key] = value;
  } else {
    throw new Fault('PATH_NOT_FOUND', pointer);
  }
}

function remove(box: Box, pointer: string): JsonValue {
  const target = locate(box, pointer);
  if ('root' in target) throw new Fault('INVALID_PATH', pointer);
  const { parent, key } = target;
  const value = child(parent, key, pointer);
  if (Array.isArray(parent)) parent.splice(Number(key), 1);
  else delete (parent as Record<string, JsonValue>)[key];
  return value;
}

function replace(box: Box, pointer: string, value: JsonValue): void {
  const target = locate(box, pointer);
  if ('root' in target) {
    box.root = value;
    return;
  }
  const { parent, key } = target;
  child(parent, key, pointer);
  if (Array.isArray(parent)) parent[Number(key)] = value;
  else (parent as Record<string, JsonValue>)[key] = value;
}

function applyOne(box: Box, operation: BlueprintPatchOperation): void {
  switch (operation.op) {
    case 'add':
      add(box, operation.path, cloneJson(operation.value as JsonValue));
      break;
    case 'remove':
      remove(box, operation.path);
      break;
    case 'replace':
      replace(box, operation.path, cloneJson(operation.value as JsonValue));
      break;
    case 'move':
      if (operation.path.startsWith(`${operation.from}/`)) throw new Fault('INVALID_PATH', operation.path);
      if (operation.from === operation.path) read(box, operation.from);
      else add(box, operation.path, remove(box, operation.from));
      break;
    case 'copy':
      add(box, operation.path, cloneJson(read(box, operation.from)));
      break;
    case 'test':
      if (!deepEqual(read(box, operation.path), operation.value)) throw new Fault('TEST_FAILED', operation.path);
      break;
  }
}

/**
 * RFC 6902 JSON Patch, applied in order to a copy of `document`: the input is never changed, and
 * the first failing operation stops everything and is reported by its index.
 */
export function applyJsonPatch(document: JsonValue, operations: readonly BlueprintPatchOperation[]): JsonPatchOutcome {
  const box: Box = { root: cloneJson(document) };
  for (const [opIndex, operation] of operations.entries()) {
    try {
      applyOne(box, operation);
    } catch (error) {
      if (!(error instanceof Fault)) throw error;
      return { ok: false, opIndex, code: error.code, pointer: error.pointer };
    }
  }
  return { ok: true, document: box.root };
}
