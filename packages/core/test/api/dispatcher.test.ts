import { describe, expect, it, vi } from 'vitest';
import type { CallContext } from '../../src/api/call-context.js';
import { createDispatcher, type Handlers } from '../../src/api/dispatcher.js';
import { MAX_MESSAGE_DEPTH, MAX_MESSAGE_VALUES } from '../../src/api/message-limits.js';
import { LOCAL_OWNER } from '../../src/contracts/events.js';
import { coreMethods } from '../../src/contracts/index.js';

/** Every handler answers; `governance.propose` takes a free JSON payload, which zod checks recursively. */
const handlers = new Proxy({} as Handlers, { get: () => async (input: unknown) => ({ echoed: input }) });
const connectTo = (table: Handlers, options = {}) =>
  createDispatcher(table, options).connect({ transport: 'in-process', actor: LOCAL_OWNER });
const { dispatch } = connectTo(handlers);

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
    expect(reply?.type === 'error' && reply.error.message).toContain(String(MAX_MESSAGE_DEPTH));
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
    const overflowing = connectTo(
      new Proxy({} as Handlers, {
        get: () => async () => {
          const recurse = (n: number): number => recurse(n + 1) + 1;
          return recurse(0);
        },
      }),
    );
    const reply = await overflowing.dispatch({ type: 'call', id: 'r', method: 'app.info', params: {} });
    expect(reply).toMatchObject({ id: 'r', error: { code: 'INTERNAL' } });
  });
});

describe('every call knows its caller, its deadline and how to be cancelled', () => {
  const seen: CallContext[] = [];
  const waiting = new Proxy({} as Handlers, {
    get: (_, method) => async (_input: unknown, context: CallContext) => {
      seen.push(context);
      if (method === 'app.info') return new Promise(() => {}); // never answers by itself
      return { fine: true };
    },
  });

  it("hands the handler the connection's actor and a deadline from the method's declared timeout", async () => {
    const agent = { kind: 'user', id: 'alice' } as const;
    const connection = createDispatcher(waiting).connect({ transport: 'websocket', actor: agent });
    const before = Date.now();
    await connection.dispatch({ type: 'call', id: 'c1', method: 'governance.approve', params: { id: 'd' } });
    const context = seen.at(-1) as CallContext;
    expect(context.actor).toEqual(agent);
    expect(context.connection).toMatchObject({ transport: 'websocket', actor: agent, id: connection.info.id });
    expect(context.deadline).toBeGreaterThanOrEqual(before + coreMethods['governance.approve'].timeoutMs);
    expect(coreMethods['governance.approve'].timeoutMs).toBeGreaterThan(coreMethods['fs.read'].timeoutMs);
    expect(coreMethods['ai.plan']).toMatchObject({ streams: 'ai.delta' });
  });

  it("answers CANCELLED when the caller cancels, and aborts the handler's signal", async () => {
    const connection = createDispatcher(waiting).connect({ transport: 'websocket', actor: LOCAL_OWNER });
    const answer = connection.dispatch({ type: 'call', id: 'slow', method: 'app.info', params: {} });
    await vi.waitFor(() => expect(seen.at(-1)?.signal.aborted).toBe(false));
    const signal = seen.at(-1)?.signal as AbortSignal;
    expect(await connection.dispatch({ type: 'cancel', id: 'slow' })).toBeNull();
    expect(await answer).toMatchObject({ type: 'error', id: 'slow', error: { code: 'CANCELLED' } });
    expect(signal.aborted).toBe(true);
  });

  it('answers TIMEOUT at the deadline, and aborts what runs when the connection closes', async () => {
    vi.useFakeTimers();
    try {
      const connection = createDispatcher(waiting).connect({ transport: 'ipc', actor: LOCAL_OWNER });
      const late = connection.dispatch({ type: 'call', id: 'late', method: 'app.info', params: {} });
      await vi.advanceTimersByTimeAsync(coreMethods['app.info'].timeoutMs);
      expect(await late).toMatchObject({ error: { code: 'TIMEOUT' } });
      const orphan = connection.dispatch({ type: 'call', id: 'orphan', method: 'app.info', params: {} });
      await vi.advanceTimersByTimeAsync(0);
      connection.close();
      expect(await orphan).toMatchObject({ error: { code: 'CANCELLED' } });
      expect(await connection.dispatch({ type: 'call', id: 'after', method: 'app.info', params: {} })).toMatchObject({
        error: { code: 'CANCELLED' },
      });
    } finally {
      vi.useRealTimers();
    }
  });

  it('holds answers to their output schema when asked to, as the tests do', async () => {
    const wrong = connectTo(new Proxy({} as Handlers, { get: () => async () => ({ name: 42 }) }), {
      checkAnswers: true,
    });
    expect(await wrong.dispatch({ type: 'call', id: 'w', method: 'app.info', params: {} })).toMatchObject({
      error: { code: 'INTERNAL' },
    });
  });
});
