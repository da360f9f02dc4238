import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMessage } from '../../src/contracts/index.js';
import { type Core, createCore } from '../../src/index.js';
import { until as waitUntil } from '../support/until.js';
import { fixtureResponder, type MessagesApiServer, startMessagesApiServer } from './messages-api-server.js';

// biome-ignore lint/suspicious/noExplicitAny: JSON bodies are read loosely in assertions.
type Loose = any;
const KEY = 'sk-ant-api-key-for-the-api-test-42';
let dir: string;
let root: string;
let core: Core;
let server: MessagesApiServer;
let sequence = 0;
const events: Array<[string, Loose]> = [];

async function call(method: string, params: unknown = {}): Promise<Loose> {
  const reply = await core.dispatch({ type: 'call', id: `t${++sequence}`, method, params });
  if (reply.type === 'error') throw Object.assign(new Error(reply.error.message), reply.error);
  return reply.result;
}

/** Until `find` finds something; `what` is printed if the test times out meanwhile. */
const until = <T>(find: () => T | undefined, what: string) => waitUntil(find, { show: () => what });

/** Apply a turn; the default constitution asks the owner, who approves as the Inbox would. */
async function applyAndApprove(turnId: string): Promise<Loose> {
  const applied = await call('ai.apply', { turnId });
  expect(applied.status).toBe('pending');
  expect(applied.decisionId).toEqual(expect.any(String));
  await call('governance.approve', { id: applied.decisionId, comment: 'ok' });
  return until(
    () => events.find(([e, p]) => e === 'ai.applied' && p.turnId === turnId)?.[1].result,
    `ai.applied for ${turnId}`,
  );
}

beforeAll(async () => {
  delete process.env.ANTHROPIC_API_KEY;
  delete process.env.ANTHROPIC_BASE_URL;
  dir = await mkdtemp(join(tmpdir(), 'webnova-ai-api-'));
  root = join(dir, 'project');
  await mkdir(root);
  server = await startMessagesApiServer(fixtureResponder);
  core = await createCore({ dataDir: join(dir, 'data'), host: 'web', version: '0.0.0' });
  core.subscribe((event, payload) => events.push([event, payload]));
  await call('workspace.open', { root });
}, 90_000);

afterAll(async () => {
  await core?.close();
  await server?.close();
  await rm(dir, { recursive: true, force: true });
}, 180_000);

describe('ai API, offline', () => {
  it('says which provider answers and that no key is set', async () => {
    expect(await call('ai.status')).toMatchObject({
      provider: 'offline',
      keySet: false,
      keySource: null,
      keyStorage: 'encrypted-file',
      usage: { inputTokens: 0, outputTokens: 0, costUsd: 0 },
    });
  });

  it('plans a platform, applies it through governance, and checkpoints it as a commit', {
    timeout: 120_000,
  }, async () => {
    const planned = await call('ai.plan', {
      turnId: 'turn-1',
      prompt: 'نظام لحجز مواعيد العيادة للأطباء والمرضى',
    });
    expect(planned).toMatchObject({ provider: 'offline', proposal: { kind: 'platform', before: '', repairs: 0 } });
    expect(planned.proposal.generatedFiles).toBeGreaterThan(0);
    expect(planned.proposal.summary.ar).toContain('كيانات');
    expect(events.some(([e, p]) => e === 'ai.delta' && p.turnId === 'turn-1')).toBe(true);
    const result = await applyAndApprove('turn-1');
    expect(result).toMatchObject({ status: 'applied', files: ['webnova.blueprint.json'] });
    expect(await readFile(join(root, 'webnova.blueprint.json'), 'utf8')).toBe(planned.proposal.after);
    const { checkpoints } = await call('ai.checkpoints');
    expect(checkpoints).toHaveLength(1);
    expect(checkpoints[0]).toMatchObject({ oid: result.checkpoint.oid, turnId: 'turn-1' });
  });

  it('files one decision for a turn, however often it is applied', async () => {
    await call('ai.plan', { turnId: 'turn-twice', prompt: 'add suppliers with a phone number' });
    const [first, second] = await Promise.all([
      call('ai.apply', { turnId: 'turn-twice' }),
      call('ai.apply', { turnId: 'turn-twice' }),
    ]);
    const third = await call('ai.apply', { turnId: 'turn-twice' });
    expect(first).toMatchObject({ status: 'pending', decisionId: expect.any(String) });
    expect(second.decisionId).toBe(first.decisionId);
    expect(third.decisionId).toBe(first.decisionId);
    const waiting = await call('governance.list', {});
    expect(waiting.decisions.filter((d: { rationale: string }) => d.rationale.includes('add suppliers'))).toHaveLength(
      1,
    );
    // The rationale is core's: a message the Inbox puts into its language, around the request as written.
    const { decision } = await call('governance.get', { id: first.decisionId });
    expect(decision.rationaleMessage).toMatchObject({
      code: 'AI_BLUEPRINT_RATIONALE',
      params: { summary: { code: 'SUMMARY' }, request: 'add suppliers with a phone number' },
    });
    expect(formatMessage(decision.rationaleMessage, 'en')).toBe(decision.rationale);
    expect(formatMessage(decision.rationaleMessage, 'ar')).toMatch(/^يضيف الكيان/);
    await call('governance.reject', { id: first.decisionId, comment: 'not now' });
  });

  it('answers a follow-up with a patch of the Blueprint on disk, and restores the first checkpoint', async () => {
    const before = await readFile(join(root, 'webnova.blueprint.json'), 'utf8');
    const planned = await call('ai.plan', {
      turnId: 'turn-2',
      prompt: 'add invoices with amount and due date; accountants can read them',
    });
    expect(planned.proposal.kind).toBe('patch');
    expect(planned.proposal.before).toBe(before);
    expect(planned.proposal.summary.en).toContain('Invoice');
    const result = await applyAndApprove('turn-2');
    expect(result.status).toBe('applied');
    expect(await readFile(join(root, 'webnova.blueprint.json'), 'utf8')).toContain('"Invoice"');
    const { checkpoints } = await call('ai.checkpoints');
    expect(checkpoints.map((c: { turnId: string }) => c.turnId)).toEqual(['turn-2', 'turn-1']);
    const restored = await call('ai.restore', { oid: checkpoints[1].oid });
    expect(restored.files).toEqual(['webnova.blueprint.json']);
    expect(await readFile(join(root, 'webnova.blueprint.json'), 'utf8')).toBe(before);
    expect((await call('ai.checkpoints')).checkpoints).toHaveLength(3);
  });

  it('refuses to apply a proposal made before the Blueprint changed, or one that does not exist', async () => {
    await call('ai.plan', { turnId: 'turn-3', prompt: 'add suppliers' });
    await call('fs.write', {
      path: 'webnova.blueprint.json',
      content: (await readFile(join(root, 'webnova.blueprint.json'), 'utf8')).replace('"name": "', '"name": "X'),
    });
    await expect(call('ai.apply', { turnId: 'turn-3' })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(call('ai.apply', { turnId: 'nope' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(call('ai.plan', { turnId: 'bad id!', prompt: 'x' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(call('ai.plan', { turnId: 'ok', prompt: '   ' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});

describe('ai API, the copilot offline', () => {
  it('finds the file a terminal error names, so "fix this error" without an open file still has it', async () => {
    await mkdir(join(root, 'src'), { recursive: true });
    await writeFile(join(root, 'src', 'price.js'), 'export function price(n) {\n  return n.toFixed(2);\n}\n');
    const errorText = [
      `file://${join(root, 'src', 'price.js')}:2:12`,
      '  return n.toFixed(2);',
      'TypeError: n.toFixed is not a function',
      `    at price (${join(root, 'src', 'price.js')}:2:12)`,
      `    at ${join(root, 'node_modules', 'lib', 'index.js')}:1:1`,
    ].join('\n');
    const fixed = await call('ai.assist', { turnId: 'fix-1', mode: 'fix', message: '', errorText });
    expect(fixed.text).toContain('The error points at src/price.js line 2, column 12.');
    expect(fixed.text).toContain('It says: TypeError: n.toFixed is not a function');
    // The file context the provider was given: the offline assistant describes it.
    expect(fixed.text).toContain('src/price.js: 4 lines, 0 imports; declares price.');

    const outside = await call('ai.assist', {
      turnId: 'fix-2',
      mode: 'fix',
      message: '',
      errorText: 'Error: boom\n    at /elsewhere/app.js:3:1',
    });
    expect(outside.text).not.toContain('lines,');
  });
});

describe('ai API with a key', () => {
  it('stores the key, never returns it, and sends requests to the configured Messages API', async () => {
    const status = await call('ai.configure', { baseUrl: server.url, model: 'claude-opus-5-5' });
    expect(status.settings.baseUrl).toBe(server.url);
    const keyed = await call('ai.setKey', { key: KEY });
    expect(keyed).toMatchObject({ provider: 'claude', keySet: true, keySource: 'stored', model: 'claude-opus-5-5' });
    expect(JSON.stringify(keyed)).not.toContain(KEY);
    expect(JSON.stringify(events)).not.toContain(KEY);
    const stored = await readFile(join(dir, 'data', 'ai', 'anthropic-key.json'), 'utf8');
    expect(stored).not.toContain(KEY);

    await rm(join(root, 'webnova.blueprint.json'));
    const planned = await call('ai.plan', { turnId: 'claude-1', prompt: 'a clinic booking system' });
    expect(planned).toMatchObject({ provider: 'claude', model: 'claude-opus-5-5', proposal: { kind: 'platform' } });
    expect(server.requests.at(-1)?.headers['x-api-key']).toBe(KEY);
    expect(server.requests.at(-1)?.body.model).toBe('claude-opus-5-5');
    expect(planned.usage).toEqual({
      inputTokens: 5210,
      outputTokens: 2874,
      costUsd: (5210 * 4 + 2874 * 20) / 1e6,
      estimated: false,
    });
    const usageEvent = events.find(([e, p]) => e === 'ai.usage' && p.turnId === 'claude-1')?.[1];
    expect(usageEvent).toMatchObject({ provider: 'claude', usage: planned.usage });
    expect((await call('ai.status')).usage.outputTokens).toBeGreaterThanOrEqual(2874);
  });

  it('forgets the stored key when the API address changes, so it is never sent to the new one', async () => {
    expect(await call('ai.configure', { baseUrl: server.url, model: 'claude-opus-5-5' })).toMatchObject({
      keySet: true,
    });
    const moved = await call('ai.configure', { baseUrl: 'http://127.0.0.1:9/elsewhere' });
    expect(moved).toMatchObject({ provider: 'offline', keySet: false });
    expect(existsSync(join(dir, 'data', 'ai', 'anthropic-key.json'))).toBe(false);
    const before = server.requests.length;
    await call('ai.plan', { turnId: 'after-move', prompt: 'a library lending system' });
    expect(server.requests.length).toBe(before);
    await call('ai.configure', { baseUrl: server.url });
    expect(await call('ai.setKey', { key: KEY })).toMatchObject({ keySet: true });
  });

  it('forgets the key on clear and falls back to the offline planner', async () => {
    expect(await call('ai.clearKey')).toMatchObject({ provider: 'offline', keySet: false });
    expect(existsSync(join(dir, 'data', 'ai', 'anthropic-key.json'))).toBe(false);
  });
});
