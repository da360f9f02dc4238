import { describe, expect, it } from 'vitest';
import { BODY_LIMITS, parseJsonBody } from '../src/http/json-body.js';

const refused = (text: string | Buffer) => {
  try {
    parseJsonBody(Buffer.isBuffer(text) ? text : Buffer.from(text));
  } catch (error) {
    return error as { code: string; message: string };
  }
  throw new Error('accepted');
};

describe('a JSON body read within limits', () => {
  it('reads ordinary JSON, brackets and commas inside strings not counted', () => {
    const deepText = '['.repeat(500);
    expect(parseJsonBody(Buffer.from(JSON.stringify({ a: [1, { b: 'x' }], text: `${deepText},,,"\\"` })))).toEqual({
      a: [1, { b: 'x' }],
      text: `${deepText},,,"\\"`,
    });
    const nested = '['.repeat(BODY_LIMITS.depth) + ']'.repeat(BODY_LIMITS.depth);
    expect(parseJsonBody(Buffer.from(nested))).toBeInstanceOf(Array);
  });

  it('refuses, as INVALID_INPUT, what could cost a stack or a parse: deep, wide, not UTF-8, prototype keys', () => {
    for (const depth of [BODY_LIMITS.depth + 1, 600, 100_000]) {
      expect(refused(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`)).toMatchObject({
        code: 'INVALID_INPUT',
        message: expect.stringContaining('nests deeper'),
      });
    }
    expect(refused(`[${'0,'.repeat(BODY_LIMITS.values)}0]`)).toMatchObject({
      message: expect.stringContaining('values'),
    });
    expect(refused(Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]))).toMatchObject({
      message: expect.stringContaining('UTF-8'),
    });
    expect(refused(Buffer.from([0x22, 0xed, 0xa0, 0x80, 0x22]))).toMatchObject({
      message: expect.stringContaining('UTF-8'),
    });
    expect(refused('{"__proto__": {"admin": true}}')).toMatchObject({ message: expect.stringContaining('__proto__') });
    expect(refused('{"a": {"constructor": {"prototype": {}}}}')).toMatchObject({ code: 'INVALID_INPUT' });
    expect(refused('{"email":')).toMatchObject({ message: 'The request body is not valid JSON.' });
    expect(refused('')).toMatchObject({ code: 'INVALID_INPUT' });
  });
});
