import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DecisionReason } from '../../../src/contracts/governance.js';
import { reasonText } from '../../../src/contracts/messages/system-message.js';
import { Governance } from '../../../src/governance/index.js';
import { preparedDataDir, removeDataDir } from '../../store/prepared-store.js';
import { DOOR_CASES, type DoorCase, type Layout } from './door-cases.js';

const ai = { kind: 'ai', id: 'assistant' } as const;
const owner = { kind: 'user', id: 'owner' } as const;
// Secrets WebNova itself holds: no command a decision runs may see them.
const HELD_SECRETS = { ANTHROPIC_API_KEY: 'sk-ant-red-team-0123456789', WEBNOVA_RED_TEAM: 'held-by-webnova' };

let dataDir: string;
let sandbox: string;
let governance: Governance;
const saved: Record<string, string | undefined> = {};

beforeAll(async () => {
  for (const [name, value] of Object.entries(HELD_SECRETS)) {
    saved[name] = process.env[name];
    process.env[name] = value;
  }
  dataDir = await preparedDataDir();
  sandbox = await realpath(await mkdtemp(join(tmpdir(), 'webnova-door-')));
  governance = Governance.start({ dataDir });
});

afterAll(async () => {
  await governance.close();
  await removeDataDir(dataDir);
  await rm(sandbox, { recursive: true, force: true });
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

interface Scene {
  project: string;
  victim: string;
  canary: string;
  fill(text: string): string;
}

const gitEnv = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' };
const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, env: gitEnv, stdio: 'pipe' });

async function newScene(id: string): Promise<Scene> {
  const root = join(sandbox, id);
  const project = join(root, 'project');
  const victim = join(root, 'victim');
  const canary = join(root, 'pwned');
  await mkdir(join(project, 'src'), { recursive: true });
  await mkdir(join(project, 'docs'));
  await mkdir(join(victim, '.ssh'), { recursive: true });
  await writeFile(join(victim, 'target.txt'), 'the victim file\n');
  await writeFile(join(victim, '.ssh', 'id_rsa'), '-----BEGIN OPENSSH PRIVATE KEY-----\n');
  await writeFile(join(project, 'src/app.ts'), 'export const answer = 41;\n');
  await writeFile(join(project, 'README.md'), '# Shop\n');
  git(project, 'init', '-q', '-b', 'main');
  git(project, 'add', '.');
  git(project, '-c', 'user.name=Owner', '-c', 'user.email=owner@example.org', 'commit', '-qm', 'start');
  const fill = (text: string) =>
    text.replaceAll('@CANARY@', canary).replaceAll('@PROJECT@', project).replaceAll('@VICTIM@', victim);
  return { project, victim, canary, fill };
}

async function lay(scene: Scene, layout: Layout | undefined): Promise<void> {
  if (!layout) return;
  for (const path of layout.remove ?? []) await rm(join(scene.project, path), { recursive: true, force: true });
  for (const [path, content] of Object.entries(layout.files ?? {})) {
    await mkdir(dirname(join(scene.project, path)), { recursive: true });
    await writeFile(join(scene.project, path), scene.fill(content), { mode: 0o755 });
  }
  for (const [path, target] of Object.entries(layout.links ?? {})) {
    await mkdir(dirname(join(scene.project, path)), { recursive: true });
    await symlink(scene.fill(target), join(scene.project, path));
  }
  for (const [key, value] of Object.entries(layout.gitConfig ?? {}))
    git(scene.project, 'config', key, scene.fill(value));
}

/** Everything a door-crossing would change: Git's config and hooks, and the folder outside the project. */
async function fingerprint(scene: Scene): Promise<string> {
  const hash = createHash('sha256');
  hash.update(await readFile(join(scene.project, '.git/config')));
  hash.update((await readdir(join(scene.project, '.git/hooks'))).sort().join('\n'));
  for (const entry of (await readdir(scene.victim, { recursive: true, withFileTypes: true })).sort((a, b) =>
    join(a.parentPath, a.name).localeCompare(join(b.parentPath, b.name)),
  )) {
    hash.update(join(entry.parentPath, entry.name));
    if (entry.isFile()) hash.update(await readFile(join(entry.parentPath, entry.name)));
  }
  return hash.digest('hex');
}

function fillPayload(scene: Scene, payload: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(scene.fill(JSON.stringify(payload)), (_, value) => value);
}

const explain = (reasons: readonly DecisionReason[] = []) =>
  reasons.map((reason) => `${reason.code}: ${reasonText(reason, 'en')}`).join('\n');

async function attack(item: DoorCase): Promise<void> {
  const scene = await newScene(item.id);
  await lay(scene, item.setup);
  const before = await fingerprint(scene);
  const payload = fillPayload(scene, item.proposal.payload);
  const result = await governance.propose(
    { kind: item.proposal.kind, payload: payload as never },
    item.proposal.rationale ?? `Red-team case ${item.id}.`,
    { actor: ai, project: scene.project },
  );
  const why = explain(result.reasons);
  expect(result.outcome, why).toBe(item.outcome);
  const codes = (result.reasons ?? []).map((reason) => reason.code);
  for (const code of item.reasons ?? []) expect(codes, why).toContain(code);
  // Every refusal and every reason is explained in both languages.
  for (const reason of result.reasons ?? []) {
    expect(reasonText(reason, 'ar'), reason.code).toMatch(/[\u0600-\u06FF]/);
    expect(reasonText(reason, 'en'), reason.code).not.toMatch(/\{\{|^[A-Z_]+$/);
  }
  if (item.outcome !== 'executed' && item.outcome !== 'failed') {
    expect(result.decision?.review?.by.kind, 'nothing was allowed without a person').not.toBe('system');
  }

  if (item.approved) {
    await lay(scene, item.between);
    const id = result.decision?.id as string;
    const decided = await governance.approve(id, 'Approved in the red-team suite.', owner);
    const outcome = decided.outcome;
    const said = `${outcome?.error ?? ''}${JSON.stringify(outcome?.result ?? {})}`;
    expect(decided.status, said).toBe(item.approved.status);
    if (item.approved.says) expect(said).toContain(scene.fill(item.approved.says));
    const output = String(outcome?.result?.stdout ?? '');
    for (const text of item.approved.outputHas ?? []) expect(output).toContain(text);
    for (const text of item.approved.outputLacks ?? []) expect(output).not.toContain(text);
  }

  expect(existsSync(scene.canary), 'the attack ran a program of its choosing').toBe(false);
  if (!item.between) expect(await fingerprint(scene), '.git or a folder outside the project changed').toBe(before);
}

const classes = [...new Set(DOOR_CASES.map((item) => item.class))];

describe('the governance door against the red-team corpus', () => {
  it('holds at least 60 distinct cases across every class', () => {
    expect(DOOR_CASES.length).toBeGreaterThanOrEqual(60);
    expect(new Set(DOOR_CASES.map((item) => item.id)).size).toBe(DOOR_CASES.length);
    const counts = Object.fromEntries(classes.map((name) => [name, DOOR_CASES.filter((c) => c.class === name).length]));
    console.log(`door corpus: ${DOOR_CASES.length} cases`, counts);
  });

  for (const name of classes) {
    describe(name, () => {
      it.each(DOOR_CASES.filter((item) => item.class === name).map((item) => [item.id, item] as const))(
        '%s',
        async (_, item) => attack(item),
        60_000,
      );
    });
  }
});
