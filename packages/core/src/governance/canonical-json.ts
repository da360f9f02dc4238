/**
 * The one text of a JSON value, so that equal values hash equally: object keys sorted by UTF-16 code
 * units, no whitespace, strings and numbers written as `JSON.stringify` writes them. For ordinary data
 * this is RFC 8785 (JCS). It is stable under any key order and any JSON round trip, including
 * PostgreSQL's jsonb, which reorders keys and rewrites number text.
 *
 * Like `JSON.stringify`, it honours `toJSON`, drops object members that are `undefined` and writes
 * `undefined` array items as `null`. Unlike it, it refuses what JSON cannot carry faithfully: NaN,
 * Infinity, bigint, cycles (and nesting over 512 levels), and class instances without `toJSON` (a Map would silently become `{}`).
 */
export function canonicalJson(value: unknown): string {
  return write(value, 0);
}

/** Deeper than this is refused: it is either a cycle or nothing an audit entry should hold. */
const MAX_DEPTH = 512;

function write(value: unknown, depth: number): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${value} has no JSON form.`);
      return JSON.stringify(value);
    case 'object':
      if (depth === MAX_DEPTH) throw new TypeError(`canonicalJson: nested over ${MAX_DEPTH} levels deep, or cyclic.`);
      return writeObject(value, depth + 1);
    default:
      throw new TypeError(`canonicalJson: a ${typeof value} has no JSON form.`);
  }
}

function omitted(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

// Plain loops and string appends: this runs once per audit entry when a whole chain is verified.
function writeObject(value: object, depth: number): string {
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') return write(toJSON.call(value), depth);
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      const item: unknown = value[i];
      out += omitted(item) ? 'null' : write(item, depth);
    }
    return `${out}]`;
  }
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) {
    throw new TypeError(`canonicalJson: a ${prototype?.constructor?.name ?? 'class'} instance has no JSON form.`);
  }
  const record = value as Record<string, unknown>;
  let out = '{';
  for (const key of Object.keys(record).sort()) {
    const member = record[key];
    if (omitted(member)) continue;
    if (out.length > 1) out += ',';
    out += `${JSON.stringify(key)}:${write(member, depth)}`;
  }
  return `${out}}`;
}
