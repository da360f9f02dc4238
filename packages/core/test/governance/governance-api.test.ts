import { mkdir, mkdtemp, readFile, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Core, createCore } from '../../src/api/core.js';
import { formatMessage, reasonText } from '../../src/contracts/messages/system-message.js';
import { preparedDataDir, removeDataDir } from '../store/prepared-store.js';

// biome-ignore lint/suspicious/noExplicitAny: answers are read loosely in assertions.
type Loose = any;
let core: Core;
let dataDir: string;
let project: string;
const events: { event: string; payload: unknown }[] = [];

async function call(method: string, params: unknown = {}) {
  return core.dispatch({ type: 'call', id: '1', method, params });
}

beforeAll(async () => {
  dataDir = await preparedDataDir();
  project = await realpath(await mkdtemp(join(tmpdir(), 'webnova-governance-api-')));
  await writeFile(join(project, 'notes.ts'), 'old\n');
  core = await createCore({ dataDir, host: 'web', version: 'test' });
  core.subscribe((event, payload) => events.push({ event, payload }));
  await core.openWorkspace(project);
});

afterAll(async () => {
  await core.close();
  await removeDataDir(dataDir);
  await rm(project, { recursive: true, force: true });
});

describe('governance over the API', () => {
  it('files a proposal, lists it with its diff, and runs it once when the owner approves', async () => {
    const proposed = await call('governance.propose', {
      kind: 'file.write',
      payload: { path: 'notes.ts', content: 'new\n' },
      rationale: 'Update the notes.',
    });
    expect(proposed).toMatchObject({ type: 'result', result: { outcome: 'pending' } });
    const id = (proposed as { result: { decision: { id: string } } }).result.decision.id;
    expect(
      events.some((e) => e.event === 'governance.changed' && (e.payload as { newPending?: boolean }).newPending),
    ).toBe(true);
    expect(await call('governance.overview')).toMatchObject({ result: { pendingCount: 1, ready: true } });
    expect(await call('governance.list', { kind: ['file.write'] })).toMatchObject({ result: { decisions: [{ id }] } });
    expect(await call('governance.get', { id })).toMatchObject({
      result: { diff: { path: 'notes.ts', before: 'old\n', after: 'new\n' } },
    });
    expect(await call('governance.approve', { id, comment: 'ok' })).toMatchObject({ result: { status: 'executed' } });
    expect(await readFile(join(project, 'notes.ts'), 'utf8')).toBe('new\n');
    expect(await call('governance.approve', { id })).toMatchObject({ type: 'error', error: { code: 'CONFLICT' } });
  });

  it('explains refusals in both languages, and shows how a command would run and where a linked path leads', async () => {
    await mkdir(join(project, 'docs'), { recursive: true });
    await symlink('../.git', join(project, 'docs/git'));
    const refused = await call('governance.propose', {
      kind: 'file.write',
      payload: { path: 'docs/git/config', content: '[core]\n' },
      rationale: 'Tidy the docs.',
    });
    expect(refused).toMatchObject({ result: { outcome: 'refused' } });
    expect(
      events.some((e) => e.event === 'governance.changed' && (e.payload as { reason: string }).reason === 'refusal'),
    ).toBe(true);
    const { result } = (await call('governance.refusals', { limit: 5 })) as { result: { refusals: Loose[] } };
    expect(result.refusals[0]).toMatchObject({ kind: 'file.write', subject: 'docs/git/config', actor: { kind: 'ai' } });
    const codes = result.refusals[0].reasons.map((reason: { code: string }) => reason.code);
    expect(codes).toEqual(expect.arrayContaining(['LINKED_PATH', 'GIT_INTERNALS', 'FORBIDDEN_BY_RULE']));
    for (const reason of result.refusals[0].reasons) expect(reasonText(reason, 'ar')).toMatch(/[\u0600-\u06FF]/);

    const piped = (await call('governance.propose', {
      kind: 'command.run',
      payload: { command: 'git log | head -n 3' },
      rationale: 'Look at history.',
    })) as { result: { decision: { id: string } } };
    const details = (await call('governance.get', { id: piped.result.decision.id })) as { result: Loose };
    expect(details.result.runner).toMatchObject({ shell: true });
    expect(formatMessage(details.result.runner.note, 'en')).toContain('a pipe (|)');
    expect(formatMessage(details.result.runner.note, 'ar')).toContain('أنبوب');

    await writeFile(join(project, 'docs/readme.md'), 'docs\n');
    await symlink('readme.md', join(project, 'docs/alias.md'));
    const linked = (await call('governance.propose', {
      kind: 'file.write',
      payload: { path: 'docs/alias.md', content: 'changed\n' },
      rationale: 'Edit the docs.',
    })) as { result: { decision: { id: string } } };
    const linkedDetails = (await call('governance.get', { id: linked.result.decision.id })) as { result: Loose };
    expect(linkedDetails.result.links).toEqual([{ path: 'docs/alias.md', resolved: 'docs/readme.md' }]);
  });

  it('answers bad input with INVALID_INPUT and the path of each problem', async () => {
    const reply = await call('governance.updateConstitution', {
      rules: [{ id: 'Not Kebab', kind: '*', effect: 'allow' }],
    });
    expect(reply).toMatchObject({ type: 'error', error: { code: 'INVALID_INPUT' } });
    expect(JSON.stringify(reply)).toContain('"path":"rules.0.id"');
    expect(await call('governance.approve', { id: 'x'.repeat(101) })).toMatchObject({
      error: { code: 'INVALID_INPUT' },
    });
    expect(
      await call('governance.setBudget', { tokensPerDay: -1, costPerDay: null, whenExceeded: 'refuse' }),
    ).toMatchObject({ error: { code: 'INVALID_INPUT' } });
  });

  it('keeps the owner controls and verifies the audit chain', async () => {
    expect(await call('governance.setProjectAi', { enabled: false })).toMatchObject({
      result: { currentProjectEnabled: false, disabledProjects: [project] },
    });
    expect(
      await call('governance.propose', { kind: 'file.write', payload: { path: 'a.md', content: 'a' }, rationale: '' }),
    ).toMatchObject({ result: { outcome: 'refused', reasons: [{ code: 'PROJECT_AI_OFF' }] } });
    await call('governance.setProjectAi', { enabled: true });
    expect(await call('governance.setKillSwitch', { engaged: true })).toMatchObject({
      result: { killSwitch: { engaged: true } },
    });
    await call('governance.setKillSwitch', { engaged: false });
    const constitution = await call('governance.constitution');
    expect(constitution).toMatchObject({ result: { owner: { kind: 'user', id: 'owner' } } });
    expect((constitution as { result: { jsonSchema: object } }).result.jsonSchema).toHaveProperty('properties');
    expect(await call('governance.auditVerify')).toMatchObject({ result: { verification: { ok: true } } });
  });
});
