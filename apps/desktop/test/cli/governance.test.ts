import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Governance } from '@webnova/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webnova } from './run-cli.js';

let dir: string;
let project: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'webnova-cli-governance-'));
  project = join(dir, 'project');
  await mkdir(join(project, 'docs'), { recursive: true });
  await symlink('../.git', join(project, 'docs/git'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('webnova governance check', () => {
  it('allows a read-only argv and says it runs without a shell', async () => {
    const { code, stdout } = await webnova('governance', 'check', '--command', 'git status', '--project', project);
    expect(code).toBe(0);
    expect(stdout).toContain('Verdict: allowed');
    expect(stdout).toContain('no shell');
  });

  it('names what a line needs a shell for, and asks for approval', async () => {
    const { code, stdout } = await webnova('governance', 'check', '--command', 'ls > docs/x', '--project', project);
    expect(code).toBe(3);
    expect(stdout).toContain('needs a shell for a redirection (>)');
  });

  it('refuses, in Arabic, a write that reaches Git through a link, and says where it leads', async () => {
    const args = ['governance', 'check', '--path', 'docs/git/config', '--content', 'x', '--project', project];
    const { code, stdout } = await webnova(...args, '--lang', 'ar');
    expect(code).toBe(4);
    expect(stdout).toContain('مرفوض');
    expect(stdout).toContain('docs/git/config يقود إلى .git/config');
    const json = JSON.parse((await webnova(...args, '--json')).stdout);
    expect(json.verdict.effect).toBe('forbid');
    expect(json.assessment.reasons.map((r: { code: string }) => r.code)).toContain('LINKED_PATH');
  });

  it('answers bad calls with usage and exit code 2', async () => {
    expect((await webnova('governance', 'check', '--project', project)).code).toBe(2);
    expect((await webnova('governance', 'check', '--payload', '[1]')).code).toBe(2);
    expect((await webnova('governance', 'check', '--command', 'ls', '--lang', 'fr')).code).toBe(2);
    expect((await webnova('governance', 'nope')).code).toBe(2);
  });
});

describe('webnova governance refusals', () => {
  it('lists what the desktop refused, with its reasons in either language', async () => {
    const dataDir = join(dir, 'data');
    const governance = Governance.start({ dataDir });
    await governance.propose({ kind: 'command.run', payload: { command: 'sudo ls' } }, 'Try it.', {
      actor: { kind: 'ai', id: 'assistant' },
      project,
    });
    await governance.close();
    const { code, stdout } = await webnova('governance', 'refusals', '--data-dir', dataDir);
    expect(code).toBe(0);
    expect(stdout).toContain('command.run  sudo ls');
    expect(stdout).toContain('runs as another user (sudo)');
    expect((await webnova('governance', 'refusals', '--data-dir', dataDir, '--lang', 'ar')).stdout).toContain(
      'يعمل بصلاحيات مستخدم آخر',
    );
    expect((await webnova('governance', 'refusals', '--data-dir', join(dir, 'none'))).code).toBe(2);
  }, 180_000);
});
