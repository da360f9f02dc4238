import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ServerError } from './problem.js';

/** Request limits, all checked before the body is parsed (the size by Fastify's `bodyLimit`). */
export const BODY_LIMITS = {
  /** Bytes in a body. */
  bytes: 1024 * 1024,
  /** Arrays and objects inside one another: far past any real payload, far short of a deep recursion. */
  depth: 64,
  /** Values in a body (object members and array elements, counted together). */
  values: 20_000,
} as const;

/** What a body may hold, measured before it is parsed; a route may declare its own (a sync push). */
export interface BodyShape {
  depth: number;
  values: number;
  /** Items in each array that is a member of the top-level object (a push's `events`), if limited. */
  listItems?: number;
}

/** Where a route keeps its own `BodyShape` (Fastify route `config`). */
export const BODY_SHAPE = 'bodyShape';

const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;

function refuse(detail: string, details?: unknown): ServerError {
  return new ServerError('INVALID_INPUT', detail, details);
}

/**
 * Measures the text's nesting and its number of values in one pass over the bytes, before JSON.parse
 * builds anything: a body nested thousands deep would otherwise reach code that recurses over it (the
 * schemas, canonical JSON) and overflow the stack. Strings are skipped, escapes included.
 */
function checkShape(bytes: Buffer, shape: BodyShape): void {
  let depth = 0;
  // Whether the container open at depth 2 is an array (a member of the top-level object), and its items
  // so far (counted by its commas: an empty list is never too long).
  let listOpen = false;
  let listItems = 0;
  // Each comma outside a string parts two values: `separators + 1` is a floor on the values there are.
  let separators = 0;
  let inString = false;
  for (let index = 0; index < bytes.length; index++) {
    const byte = bytes[index];
    if (inString) {
      if (byte === BACKSLASH) index++;
      else if (byte === QUOTE) inString = false;
      continue;
    }
    if (byte === QUOTE) inString = true;
    else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
      depth++;
      if (depth > shape.depth) {
        throw refuse(`The request body nests deeper than ${shape.depth} levels.`, { limit: shape.depth });
      }
      if (depth === 2) {
        listOpen = byte === OPEN_ARRAY;
        listItems = 1;
      }
    } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) depth--;
    else if (byte === COMMA) {
      separators++;
      if (depth === 2 && listOpen) countItem(++listItems, shape);
      if (separators >= shape.values) {
        throw refuse(`The request body holds more than ${shape.values} values.`, { limit: shape.values });
      }
    }
  }
}

/** Refuses a top-level list past its route's limit, as soon as its items are counted past it. */
function countItem(items: number, shape: BodyShape): void {
  if (shape.listItems !== undefined && items > shape.listItems) {
    throw refuse(`The request body lists more than ${shape.listItems} items.`, { limit: shape.listItems });
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Keys that would reach an object's prototype if a later merge copied them (as secure-json-parse refuses). */
function refusePrototypeKeys(key: string, value: unknown): unknown {
  if (key === '__proto__') throw refuse('The request body may not have a "__proto__" key.');
  if (key === 'constructor' && typeof value === 'object' && value !== null && 'prototype' in value) {
    throw refuse('The request body may not have a "constructor.prototype" key.');
  }
  return value;
}

/** Parses a JSON body within BODY_LIMITS: UTF-8 only, the shape measured first. Anything else is INVALID_INPUT. */
export function parseJsonBody(bytes: Buffer, shape: BodyShape = BODY_LIMITS): unknown {
  if (bytes.length === 0) throw refuse('The request body is empty: send JSON.');
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw refuse('The request body is not valid UTF-8.');
  }
  checkShape(bytes, shape);
  try {
    return JSON.parse(text, refusePrototypeKeys);
  } catch (error) {
    if (error instanceof ServerError) throw error;
    throw refuse('The request body is not valid JSON.');
  }
}

/** Replaces Fastify's body parsers by `parseJsonBody`; a charset other than UTF-8 is refused. */
export function installJsonBodyParser(app: FastifyInstance): void {
  // Fastify's text/plain parser goes too: JSON is the only body the server reads.
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'buffer', bodyLimit: BODY_LIMITS.bytes },
    async (request: FastifyRequest, body: Buffer) => {
      const charset = /;\s*charset=([^;\s]+)/i.exec(request.headers['content-type'] ?? '')?.[1];
      if (charset && charset.replaceAll('"', '').toLowerCase() !== 'utf-8') {
        throw refuse('Send the body as application/json in UTF-8.');
      }
      const config = request.routeOptions.config as { [BODY_SHAPE]?: BodyShape } | undefined;
      return parseJsonBody(body, config?.[BODY_SHAPE] ?? BODY_LIMITS);
    },
  );
}
