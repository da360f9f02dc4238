import { describe, expect, it } from 'vitest';
import { createDispatcher, type Handlers } from '../../src/api/dispatcher.js';
import { MAX_MESSAGE_DEPTH, MAX_MESSAGE_VALUES } from '../../src/api/message-limits.js';

/** Every handler answers; `governance.propose` takes a free JSON payload, which zod checks recursively. */
const handlers = new Proxy({} as Handlers, { get: () => async (input: unknown) => ({ echoed: input }) });
const dispatch = createDispatcher(handlers);

function nested(levels: number, leaf: unknown = 1): unknown {
  let value: unknown = leaf;
  for (let i = 0; i < levels; i += 1) value = { a: value };
  return value;
}

const propose = (payload: unknown) => ({
  type: 'call',
  id: 'deep',
  method: 'governance.propose',
  params: { kind: 'file.write', payload, rationale: 'r' },
});

describe('the dispatcher limits nesting before zod sees a message', () => {
  it('answers 20,000-level params with INVALID_INPUT naming the limit instead of overflowing the stack', async () => {
    const reply = await dispatch(propose(nested(20_000)));
    expect(reply).toMatchObject({
      type: 'error',
      id: 'deep',
      error: { code: 'INVALID_INPUT', details: { limit: MAX_MESSAGE_DEPTH } },
    });
    expect(reply.type === 'error' && reply.error.message).toContain(String(MAX_MESSAGE_DEPTH));
  });

  it('answers a deep array anywhere in the message, outside params too', async () => {
    let deep: unknown = [];
    for (let i = 0; i < 50_000; i += 1) deep = [deep];
    const reply = await dispatch({ type: 'call', id: 'x', method: 'app.info', params: {}, extra: deep });
    expect(reply).toMatchObject({ id: 'x', error: { code: 'INVALID_INPUT', details: { limit: MAX_MESSAGE_DEPTH } } });
  });

  it('refuses a cycle (structured clone over IPC can carry one) as too deep', async () => {
    const payload: Record<string, unknown> = {};
    payload.self = payload;
    const reply = await dispatch(propose(payload));
    expect(reply).toMatchObject({ error: { code: 'INVALID_INPUT', details: { limit: MAX_MESSAGE_DEPTH } } });
  });

  it('refuses shared references that stand for an enormous tree', async () => {
    // 40 levels of two references to the same child: 2^40 paths for a validator to walk.
    let shared: unknown = 1;
    for (let i = 0; i < 40; i += 1) shared = { a: shared, b: shared };
    const reply = await dispatch(propose(shared));
    expect(reply).toMatchObject({ error: { code: 'INVALID_INPUT', details: { values: MAX_MESSAGE_VALUES } } });
  });

  it('still takes a message exactly at the limit', async () => {
    // The message is one level and params a second: the payload is the third and may nest to the 64th.
    const reply = await dispatch(propose(nested(MAX_MESSAGE_DEPTH - 2)));
    expect(reply).toMatchObject({ type: 'result', id: 'deep' });
    const over = await dispatch(propose(nested(MAX_MESSAGE_DEPTH - 1)));
    expect(over).toMatchObject({ type: 'error', error: { code: 'INVALID_INPUT' } });
  });

  it('answers INTERNAL when a handler overflows its own stack, and never rejects', async () => {
    const overflowing = createDispatcher(
      new Proxy({} as Handlers, {
        get: () => async () => {
          const recurse = (n: number): number => recurse(n + 1) + 1;
          return recurse(0);
        },
      }),
    );
    const reply = await overflowing({ type: 'call', id: 'r', method: 'app.info', params: {} });
    expect(reply).toMatchObject({ id: 'r', error: { code: 'INTERNAL' } });
  });
});
