import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/governance/canonical-json.js';

/** The same value with every object's keys in a different order. */
function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([key, member]) => [key, reversedKeys(member)]),
    );
  }
  return value;
}

describe('canonicalJson', () => {
  it('sorts keys at every depth and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}',
    );
  });

  it('orders keys by UTF-16 code units, as RFC 8785 does', () => {
    // U+1F600 is stored as the surrogates D83D DE00, which sort before U+FFFD and after "é" (U+00E9).
    expect(canonicalJson({ '\uFFFD': 1, '😀': 2, é: 3, Z: 4, a: 5, '10': 6, '9': 7 })).toBe(
      '{"10":6,"9":7,"Z":4,"a":5,"é":3,"😀":2,"\uFFFD":1}',
    );
  });

  it('writes numbers and strings the way JSON.stringify (and RFC 8785) does', () => {
    expect(canonicalJson([1e30, 4.5, 0.002, 1e-27, -0, 1, 1.5e-7, 123456789012345680000, 2 ** 53])).toBe(
      '[1e+30,4.5,0.002,1e-27,0,1,1.5e-7,123456789012345680000,9007199254740992]',
    );
    expect(canonicalJson('line\nquote" back\\ tab\t \u0001 é')).toBe('"line\\nquote\\" back\\\\ tab\\t \\u0001 é"');
  });

  it('follows JSON.stringify for toJSON, undefined members and undefined array items', () => {
    const at = new Date('2024-01-02T03:04:05.678Z');
    expect(canonicalJson({ at, gone: undefined, list: [undefined, () => 1], f: () => 1 })).toBe(
      '{"at":"2024-01-02T03:04:05.678Z","list":[null,null]}',
    );
    expect(canonicalJson(Object.assign(Object.create(null), { b: 2, a: 1 }))).toBe('{"a":1,"b":2}');
  });

  it('refuses what JSON cannot carry faithfully', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, 10n, cyclic, new Map([[1, 2]]), { nested: [new Set()] }]) {
      expect(() => canonicalJson(bad)).toThrow(TypeError);
    }
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
    const shared = { x: 1 };
    expect(canonicalJson({ a: shared, b: [shared] })).toBe('{"a":{"x":1},"b":[{"x":1}]}'); // shared is not cyclic
  });

  it('is the same text for equal values whatever the key order, and survives a JSON round trip', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(canonicalJson(reversedKeys(value))).toBe(text);
        expect(canonicalJson(JSON.parse(JSON.stringify(value)))).toBe(text);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 2000 },
    );
  });

  it('tells different values apart', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
        const same = JSON.stringify(reSorted(a)) === JSON.stringify(reSorted(b));
        expect(canonicalJson(a) === canonicalJson(b)).toBe(same);
      }),
      { numRuns: 2000 },
    );
  });
});

/** An independent canonical form: rebuild every object with its keys inserted in sorted order. */
function reSorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reSorted);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = Object.create(null);
    for (const key of Object.keys(value).sort()) out[key] = reSorted((value as Record<string, unknown>)[key]);
    return out;
  }
  return Object.is(value, -0) ? 0 : value;
}
