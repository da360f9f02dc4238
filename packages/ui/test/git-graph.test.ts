import { describe, expect, it } from 'vitest';
import { layoutGraph } from '../src/git/graph';

const c = (oid: string, ...parents: string[]) => ({ oid, parents });

describe('history graph', () => {
  it('keeps a straight history in one lane', () => {
    const rows = layoutGraph([c('c', 'b'), c('b', 'a'), c('a')]);
    expect(rows.map((row) => row.lane)).toEqual([0, 0, 0]);
    expect(rows[1]).toMatchObject({ incoming: [0], outgoing: [0], through: [] });
    expect(rows[2]).toMatchObject({ incoming: [0], outgoing: [] });
  });

  it('opens a lane for a merged branch and closes it where the branch started', () => {
    // m merges t into x; t and x both come from base.
    const rows = layoutGraph([c('m', 'x', 't'), c('t', 'base'), c('x', 'base'), c('base')]);
    expect(rows[0]).toMatchObject({ lane: 0, outgoing: [0, 1], width: 2 });
    expect(rows[1]).toMatchObject({ lane: 1, incoming: [1], through: [0] });
    expect(rows[2]).toMatchObject({ lane: 0, incoming: [0], through: [1] });
    expect(rows[3]).toMatchObject({ lane: 0, incoming: [0, 1], outgoing: [] });
  });

  it('gives each branch tip its own lane', () => {
    const rows = layoutGraph([c('main2', 'base'), c('topic1', 'base'), c('base')]);
    expect(rows.map((row) => row.lane)).toEqual([0, 1, 0]);
    expect(rows[1]).toMatchObject({ through: [0] });
    expect(rows[2]?.incoming).toEqual([0, 1]);
  });
});
