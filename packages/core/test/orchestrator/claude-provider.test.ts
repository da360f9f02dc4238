import Anthropic from '@anthropic-ai/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AiDelta } from '../../src/contracts/ai.js';
import { isCoreError } from '../../src/contracts/errors.js';
import {
  type ClaudeOptions,
  ClaudeProvider,
  orchestratorTools,
  planPlatform,
  proposeAssist,
  proposeBlueprint,
  usageOf,
} from '../../src/orchestrator/index.js';
import { until } from '../support/until.js';
import { fixture, type MessagesApiServer, startMessagesApiServer, streamReply } from './messages-api-server.js';

// biome-ignore lint/suspicious/noExplicitAny: JSON bodies are read loosely in assertions.
type Loose = any;
const KEY = 'sk-ant-test-0123456789abcdef';
const CLINIC = 'a clinic booking system with doctors, patients and appointments, HIPAA';
let server: MessagesApiServer;

beforeEach(async () => {
  server = await startMessagesApiServer();
});
afterEach(async () => {
  await server.close();
});

function claude(options: Partial<ClaudeOptions> = {}): ClaudeProvider {
  return new ClaudeProvider({
    apiKey: KEY,
    model: 'claude-sonnet-5-5',
    baseUrl: server.url,
    retry: { maxRetries: 3, baseDelayMs: 40, maxDelayMs: 1_000, random: () => 0 },
    ...options,
  });
}

async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string; details: unknown }> {
  try {
    await promise;
  } catch (error) {
    if (isCoreError(error)) return { code: error.code, message: error.message, details: error.details };
    throw error;
  }
  throw new Error('expected a failure');
}

describe('Claude adapter: the request', () => {
  it('sends model, system, the zod-derived tool, a forced tool_choice, the key and the API version', async () => {
    server.queue.push(streamReply('plan-clinic'));
    await claude().plan({ prompt: CLINIC, base: null, rejected: [] });
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/v1/messages');
    expect(request?.headers['x-api-key']).toBe(KEY);
    expect(request?.headers['anthropic-version']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(request?.headers['content-type']).toContain('application/json');
    const body = request?.body as Record<string, Loose>;
    expect(body.model).toBe('claude-sonnet-5-5');
    expect(body.stream).toBe(true);
    expect(body.max_tokens).toBe(16_000);
    expect(body.system).toContain('Blueprint');
    expect(body.tools).toHaveLength(1);
    expect(body.tools[0].name).toBe('propose_blueprint');
    expect(body.tools[0].input_schema).toEqual(orchestratorTools().blueprint.input_schema);
    expect(body.tools[0].input_schema.type).toBe('object');
    expect(Object.keys(body.tools[0].input_schema.properties)).toEqual(
      expect.arrayContaining(['schemaVersion', 'platform', 'entities', 'relations', 'permissions']),
    );
    expect(body.tool_choice).toEqual({ type: 'tool', name: 'propose_blueprint' });
    expect(body.messages).toEqual([{ role: 'user', content: expect.stringContaining(CLINIC) }]);
  });

  it('asks for a patch with the current Blueprint in the message and the patch tool forced', async () => {
    const base = planPlatform(CLINIC).blueprint;
    server.queue.push(streamReply('patch-invoices'));
    const result = await proposeBlueprint(claude(), {
      prompt: 'add invoices with amount and due date; accountants can read them',
      base,
    });
    const body = server.requests[0]?.body as Record<string, Loose>;
    expect(body.tool_choice).toEqual({ type: 'tool', name: 'propose_blueprint_patch' });
    expect(body.tools[0].input_schema.properties.operations.type).toBe('array');
    expect(body.messages[0].content).toContain('"slug": "clinic');
    expect(result.proposal.kind).toBe('patch');
    expect(result.proposal.summary.en).toContain('Invoice');
    expect(result.blueprint.entities.map((e) => e.name)).toContain('Invoice');
    expect(result.proposal.before).not.toBe(result.proposal.after);
  });
});

describe('Claude adapter: streaming and usage', () => {
  it('streams the tool input in pieces that add up to the answer, and prices the tokens', async () => {
    server.queue.push(streamReply('plan-clinic'));
    const deltas: AiDelta[] = [];
    const answer = await claude().plan(
      { prompt: CLINIC, base: null, rejected: [] },
      { onDelta: (delta) => deltas.push(delta) },
    );
    const pieces = deltas.filter((d) => d.kind === 'tool').map((d) => (d.kind === 'tool' ? d.partialJson : ''));
    const expected = fixture('plan-clinic').frames.filter((f) => f.event === 'content_block_delta').length;
    expect(pieces.length).toBe(expected);
    expect(pieces.length).toBeGreaterThan(10);
    expect(JSON.parse(pieces.join(''))).toEqual(answer.answer);
    expect(answer.answer).toEqual(JSON.parse(JSON.stringify(planPlatform(CLINIC).blueprint)));
    expect(answer.toolUseId).toBe('toolu_local_0');
    expect(answer.usage).toEqual({
      inputTokens: 5210,
      outputTokens: 2874,
      costUsd: (5210 * 2 + 2874 * 10) / 1_000_000,
      estimated: false,
    });
  });

  it('streams prose and proposes edits in the copilot, with tool_choice auto', async () => {
    server.queue.push(streamReply('assist-explain'));
    const deltas: string[] = [];
    const files = new Map([['src/sum.js', 'export function sum(a, b) {\n  return a - b;\n}\n']]);
    const result = await proposeAssist(
      claude(),
      {
        mode: 'fix',
        message: 'why is sum wrong?',
        file: { path: 'src/sum.js', content: files.get('src/sum.js') ?? '' },
        errorText: 'AssertionError: expected -1 to be 3\n    at test/sum.test.js:4:20',
        errorAt: { path: 'src/sum.js', line: 2, column: 3 },
      },
      { read: async (path) => files.get(path) ?? null, owns: (path) => path.startsWith('src/') },
      { onDelta: (d) => d.kind === 'text' && deltas.push(d.text) },
    );
    const body = server.requests[0]?.body as Record<string, Loose>;
    expect(body.tool_choice).toEqual({ type: 'auto' });
    expect(body.tools[0].name).toBe('propose_edits');
    expect(body.messages[0].content).toContain('return a - b;');
    expect(body.messages[0].content).toContain('AssertionError: expected -1 to be 3');
    expect(body.messages[0].content).toContain('The error points at src/sum.js line 2, column 3.');
    expect(deltas.join('')).toBe(result.text);
    expect(result.text).toContain('subtracts');
    expect(result.edits).toEqual([{ path: 'src/sum.js', search: 'return a - b;', replace: 'return a + b;' }]);
    expect(result.files[0]?.after).toContain('return a + b;');
    expect(result.usage.inputTokens).toBe(412);
  });

  it('charges an unknown model the dearest price and says the cost is estimated', () => {
    expect(usageOf('claude-future-9', { input: 1_000_000, output: 0 })).toEqual({
      inputTokens: 1_000_000,
      outputTokens: 0,
      costUsd: 15,
      estimated: true,
    });
    expect(usageOf('claude-haiku-4-5-20251001', { input: 0, output: 1_000_000 }).costUsd).toBe(5);
    expect(
      usageOf('claude-sonnet-4-6', { input: 0, output: 0, cacheWrite: 1_000_000, cacheRead: 1_000_000 }).costUsd,
    ).toBeCloseTo(3 * 1.25 + 3 * 0.1);
  });
});

describe('Claude adapter: untrusted answers and repair', () => {
  it('sends the validation errors back as a tool_result and accepts the repaired answer', async () => {
    server.queue.push(streamReply('plan-clinic-invalid'), streamReply('plan-clinic'));
    const repairs: AiDelta[] = [];
    const usages: number[] = [];
    const result = await proposeBlueprint(
      claude(),
      { prompt: CLINIC, base: null },
      { onDelta: (d) => d.kind === 'repair' && repairs.push(d), onUsage: (u) => usages.push(u.inputTokens) },
    );
    expect(result.proposal.repairs).toBe(1);
    expect(repairs).toHaveLength(1);
    expect(usages).toEqual([5210, 5210]);
    expect(result.usage.outputTokens).toBe(2901 + 2874);
    const second = server.requests[1]?.body as Record<string, Loose>;
    expect(second.messages).toHaveLength(3);
    expect(second.messages[1]).toMatchObject({
      role: 'assistant',
      content: [{ type: 'tool_use', id: 'toolu_local_0', name: 'propose_blueprint' }],
    });
    const toolResult = second.messages[2].content[0];
    expect(toolResult).toMatchObject({ type: 'tool_result', tool_use_id: 'toolu_local_0', is_error: true });
    expect(toolResult.content).toContain('PHI_WITHOUT_HIPAA');
    expect(toolResult.content).toContain('UNKNOWN_ENTITY');
  });

  it('gives up with AI_INVALID_OUTPUT after two repair rounds, having counted every call', async () => {
    server.queue.push(
      streamReply('plan-clinic-invalid'),
      streamReply('plan-clinic-invalid'),
      streamReply('plan-clinic-invalid'),
    );
    const usages: number[] = [];
    const error = await failure(
      proposeBlueprint(claude(), { prompt: CLINIC, base: null }, { onUsage: (u) => usages.push(u.outputTokens) }),
    );
    expect(error.code).toBe('AI_INVALID_OUTPUT');
    expect(error.message).toContain('after 2 repair rounds');
    expect(server.requests).toHaveLength(3);
    expect(usages).toEqual([2901, 2901, 2901]);
    expect(server.requests[2]?.body.messages).toHaveLength(5);
  });

  it('rejects a Blueprint the generator cannot build (dry run) and repairs it', async () => {
    server.queue.push(streamReply('plan-clinic'), streamReply('plan-clinic'));
    let runs = 0;
    const result = await proposeBlueprint(claude(), {
      prompt: CLINIC,
      base: null,
      dryRun: () => {
        runs += 1;
        if (runs === 1) throw new Error('template cannot render page "x"');
        return 42;
      },
    });
    expect(result.proposal.repairs).toBe(1);
    expect(result.proposal.generatedFiles).toBe(42);
    const second = server.requests[1]?.body as Record<string, Loose>;
    expect(second.messages[2].content[0].content).toContain('template cannot render page');
  });
});

describe('Claude adapter: retries, errors, timeouts and cancellation', () => {
  it('retries 429, 529 and an overloaded_error inside the stream with exponential backoff', async () => {
    server.queue.push(
      {
        kind: 'error',
        status: 429,
        type: 'rate_limit_error',
        message: 'Number of request tokens has exceeded your rate limit',
      },
      { kind: 'error', status: 529, type: 'overloaded_error', message: 'Overloaded' },
      streamReply('overloaded-mid-stream'),
      streamReply('plan-clinic'),
    );
    const waits: number[] = [];
    const answer = await claude({ onRetry: (_retry, delay) => waits.push(delay) }).plan({
      prompt: CLINIC,
      base: null,
      rejected: [],
    });
    expect(answer.usage.inputTokens).toBe(5210);
    expect(server.requests).toHaveLength(4);
    expect(waits).toEqual([40, 80, 160]);
    const gaps = server.requests.slice(1).map((r, i) => r.at - (server.requests[i]?.at ?? 0));
    gaps.forEach((gap, i) => {
      expect(gap).toBeGreaterThanOrEqual((waits[i] ?? 0) - 2);
    });
  });

  it("honours the server's retry-after-ms", async () => {
    server.queue.push(
      {
        kind: 'error',
        status: 429,
        type: 'rate_limit_error',
        message: 'slow down',
        headers: { 'retry-after-ms': '150' },
      },
      streamReply('plan-clinic'),
    );
    const waits: number[] = [];
    await claude({ onRetry: (_r, delay) => waits.push(delay) }).plan({ prompt: CLINIC, base: null, rejected: [] });
    expect(waits).toEqual([150]);
    expect((server.requests[1]?.at ?? 0) - (server.requests[0]?.at ?? 0)).toBeGreaterThanOrEqual(148);
  });

  it('stops after maxRetries and says the API is overloaded', async () => {
    for (let i = 0; i < 3; i += 1)
      server.queue.push({ kind: 'error', status: 529, type: 'overloaded_error', message: 'Overloaded' });
    const error = await failure(
      claude({ retry: { maxRetries: 2, baseDelayMs: 5, maxDelayMs: 10, random: () => 0 } }).plan({
        prompt: CLINIC,
        base: null,
        rejected: [],
      }),
    );
    expect(error.code).toBe('AI_UNAVAILABLE');
    expect(error.message).toContain('overloaded (529) after 3 tries');
    expect(server.requests).toHaveLength(3);
  });

  it('does not retry 400 or 401, and never puts the key in the message', async () => {
    server.queue.push({
      kind: 'error',
      status: 400,
      type: 'invalid_request_error',
      message: 'tools.0.input_schema: bad',
    });
    const bad = await failure(claude().plan({ prompt: CLINIC, base: null, rejected: [] }));
    expect(bad).toMatchObject({ code: 'AI_UNAVAILABLE', details: { status: 400, type: 'invalid_request_error' } });
    expect(bad.message).toContain('tools.0.input_schema: bad');
    server.queue.push({
      kind: 'error',
      status: 401,
      type: 'authentication_error',
      message: `invalid x-api-key ${KEY}`,
    });
    const unauthorized = await failure(claude().plan({ prompt: CLINIC, base: null, rejected: [] }));
    expect(unauthorized.code).toBe('AI_UNAVAILABLE');
    expect(unauthorized.message).toContain('API key was refused (401)');
    expect(JSON.stringify(unauthorized)).not.toContain(KEY);
    expect(server.requests).toHaveLength(2);
  });

  it('cancels a request waiting for the server', async () => {
    server.queue.push({ kind: 'hang' });
    const controller = new AbortController();
    const planned = claude().plan({ prompt: CLINIC, base: null, rejected: [] }, { signal: controller.signal });
    // Cancelled once the server holds the request (which it never answers: only the cancel ends it).
    await until(() => server.requests.length === 1);
    controller.abort();
    const error = await failure(planned);
    expect(error.code).toBe('CANCELLED');
  });

  it('cancels in the middle of a stream, after the first pieces arrived', async () => {
    server.queue.push(streamReply('plan-clinic', 15));
    const controller = new AbortController();
    let pieces = 0;
    const error = await failure(
      claude().plan(
        { prompt: CLINIC, base: null, rejected: [] },
        {
          signal: controller.signal,
          onDelta: (d) => {
            if (d.kind === 'tool' && ++pieces === 3) controller.abort();
          },
        },
      ),
    );
    expect(error.code).toBe('CANCELLED');
    expect(pieces).toBeGreaterThanOrEqual(3);
    expect(pieces).toBeLessThan(fixture('plan-clinic').frames.length - 5);
  });

  it('cancels during a backoff wait without another request', async () => {
    server.queue.push({ kind: 'error', status: 529, type: 'overloaded_error', message: 'Overloaded' });
    const controller = new AbortController();
    const provider = claude({
      retry: { maxRetries: 3, baseDelayMs: 5_000, maxDelayMs: 5_000, random: () => 0 },
      onRetry: () => queueMicrotask(() => controller.abort()), // during the 5 s wait, which starts at once
    });
    const error = await failure(
      provider.plan({ prompt: CLINIC, base: null, rejected: [] }, { signal: controller.signal }),
    );
    expect(error.code).toBe('CANCELLED');
    expect(server.requests).toHaveLength(1);
  });

  it('times out a server that never answers', async () => {
    server.queue.push({ kind: 'hang' });
    const error = await failure(claude({ timeoutMs: 300 }).plan({ prompt: CLINIC, base: null, rejected: [] }));
    expect(error.code).toBe('TIMEOUT');
    expect(server.requests).toHaveLength(1);
  });

  it('answers JSON to a non-streaming client, as the Messages API does', async () => {
    server.queue.push(streamReply('plan-clinic'));
    const client = new Anthropic({ apiKey: KEY, baseURL: server.url, maxRetries: 0 });
    const message = await client.messages.create({
      model: 'claude-sonnet-5-5',
      max_tokens: 100,
      messages: [{ role: 'user', content: CLINIC }],
    });
    expect(message.stop_reason).toBe('tool_use');
    expect(message.usage.output_tokens).toBe(2874);
    expect(message.content[0]).toMatchObject({ type: 'tool_use', name: 'propose_blueprint' });
  });
});
