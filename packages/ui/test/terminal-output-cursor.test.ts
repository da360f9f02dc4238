import { describe, expect, it } from 'vitest';
import { OutputCursor } from '../src/terminal/output-cursor';

describe('OutputCursor (terminal output after a re-attach)', () => {
  it('writes chunks in order and skips what the scrollback already showed', () => {
    const cursor = new OutputCursor();
    cursor.reset(10);
    expect(cursor.accept(0, 'abcdefghij')).toEqual({ kind: 'seen' });
    expect(cursor.accept(10, 'kl')).toEqual({ kind: 'write', text: 'kl' });
    expect(cursor.position).toBe(12);
  });

  it('writes only the new part of a chunk that straddles the attach point', () => {
    const cursor = new OutputCursor();
    cursor.reset(5);
    expect(cursor.accept(3, 'defgh')).toEqual({ kind: 'write', text: 'fgh' });
    expect(cursor.position).toBe(8);
  });

  it('reports a gap when a chunk starts after what it has seen', () => {
    const cursor = new OutputCursor();
    expect(cursor.accept(0, 'ab')).toEqual({ kind: 'write', text: 'ab' });
    expect(cursor.accept(5, 'xy')).toEqual({ kind: 'gap' });
    expect(cursor.position).toBe(2);
  });
});
