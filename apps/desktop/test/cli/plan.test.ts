import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planPlatform, serializeBlueprint, validateBlueprint } from '@webnova/core';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  fixtureResponder,
  type MessagesApiServer,
  startMessagesApiServer,
} from '../../../../packages/core/test/orchestrator/messages-api-server.js';
import { webnova } from './run-cli.js';

const KEY = 'sk-ant-cli-test-key-000111';
const clinic = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  '..',
  'packages',
  'core',
  'samples',
  'clinic-appointments.blueprint.json',
);
let server: MessagesApiServer;
let dir: string;
const CLINIC = 'a clinic booking system with doctors, patients and appointments, HIPAA';

beforeAll(async () => {
  server = await startMessagesApiServer(fixtureResponder);
  dir = await mkdtemp(join(tmpdir(), 'webnova-plan-'));
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => {
  vi.unstubAllEnvs();
  server.requests.length = 0;
  server.queue.length = 0;
});

function useClaude() {
  vi.stubEnv('ANTHROPIC_API_KEY', KEY);
  vi.stubEnv('ANTHROPIC_BASE_URL', server.url);
}

describe('webnova plan with Claude (a local Messages-API server)', () => {
  it('prints the Blueprint Claude proposed, checked, with its summary and usage', async () => {
    useClaude();
    const result = await webnova('plan', 'a clinic booking system', '--json', '--model', 'claude-sonnet-5-5');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const printed = JSON.parse(result.stdout);
    expect(printed).toMatchObject({
      provider: 'claude',
      model: 'claude-sonnet-5-5',
      kind: 'platform',
      repairs: 0,
      usage: { inputTokens: 5210, outputTokens: 2874 },
    });
    expect(validateBlueprint(printed.blueprint).ok).toBe(true);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.headers['x-api-key']).toBe(KEY);
    expect(server.requests[0]?.body.model).toBe('claude-sonnet-5-5');
  });

  it('prints the summary and the patch against --from as text', async () => {
    useClaude();
    const from = join(dir, 'clinic.blueprint.json');
    await writeFile(from, serializeBlueprint(planPlatform(CLINIC).blueprint));
    const result = await webnova(
      'plan',
      'add invoices with amount and due date; accountants can read them',
      '--from',
      from,
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const [summary, ...patch] = result.stdout.split('\n');
    expect(summary).toContain('adds entity Invoice');
    expect(JSON.parse(patch.join('\n'))).toEqual(expect.arrayContaining([expect.objectContaining({ op: 'add' })]));
    expect(server.requests[0]?.body.tool_choice).toEqual({
      type: 'tool',
      name: 'propose_blueprint_patch',
    });
  });

  it('exits 1 after two repair rounds when the answer never applies', async () => {
    useClaude();
    const result = await webnova('plan', 'add invoices; accountants can read them', '--from', clinic);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /webnova plan \(claude-sonnet-5-5\): The AI's patch was still invalid after 2 repair rounds/,
    );
    expect(server.requests).toHaveLength(3);
  });

  it('exits 1 with a clear message when the key is refused', async () => {
    useClaude();
    server.queue.push({ kind: 'error', status: 401, type: 'authentication_error', message: 'invalid x-api-key' });
    const result = await webnova('plan', 'a clinic booking system');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('webnova plan (claude-sonnet-5-5): Claude: the API key was refused (401)');
    expect(result.stderr).not.toContain(KEY);
  });

  it('exits 1 when the endpoint cannot be reached', async () => {
    vi.stubEnv('ANTHROPIC_API_KEY', KEY);
    vi.stubEnv('ANTHROPIC_BASE_URL', 'http://127.0.0.1:9');
    const result = await webnova('plan', 'a clinic booking system', '--model', 'claude-haiku-4-5');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('cannot reach the Messages API');
  }, 180_000);

  it('uses the offline planner when no key is set, and refuses a bad --model', async () => {
    vi.stubEnv('ANTHROPIC_API_KEY', '');
    const result = await webnova('plan', 'a school with students and teachers', '--json');
    expect(JSON.parse(result.stdout)).toMatchObject({ provider: 'offline', kind: 'platform', repairs: 0 });
    expect(server.requests).toHaveLength(0);
    expect((await webnova('plan', 'x', '--model', '')).code).toBe(2);
  });
});
