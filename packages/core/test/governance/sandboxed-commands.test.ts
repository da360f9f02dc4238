/**
 * Decided commands run through a `CommandRunner`: in this machine's sandbox under the profile the
 * constitution compiled (and the decision carries), or on the host only when a person approved that.
 * These run the real sandbox (bubblewrap here) and the real host runner.
 */
import { mkdir, mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConstitutionRule } from '../../src/contracts/constitution.js';
import { CoreError } from '../../src/contracts/errors.js';
import type { JsonObject } from '../../src/contracts/events.js';
import type { Decision } from '../../src/contracts/governance.js';
import { type CommandRunners, runDecidedCommand } from '../../src/governance/command-executor.js';
import { Governance } from '../../src/governance/index.js';
import { compileSandboxProfile } from '../../src/governance/sandbox-profile.js';
import { chooseRunner, detectSandbox } from '../../src/runtime/sandbox/index.js';
import { preparedDataDir, removeDataDir } from '../store/prepared-store.js';
import { until } from '../support/until.js';

const ai = { kind: 'ai', id: 'assistant' } as const;
const owner = { kind: 'user', id: 'owner' } as const;

let dataDir: string;
let project: string;
let outside: string;
let governance: Governance;
const seen: { started: string[]; output: string[]; finished: string[] } = { started: [], output: [], finished: [] };

/** No sandbox on this machine, as on macOS or Windows: the sandbox runner is refused, the host is there. */
const NO_SANDBOX: CommandRunners = {
  sandbox: () => Promise.reject(new CoreError('PERMISSION_DENIED', { code: 'ERROR_SANDBOX_NO_BACKEND' })),
  host: () => chooseRunner({ hostApproved: true }),
};

function start(runners?: CommandRunners) {
  seen.started = [];
  seen.output = [];
  seen.finished = [];
  governance = Governance.start({
    dataDir,
    ...(runners ? { runners } : {}),
    commandEvents: {
      started: (run) => seen.started.push(`${run.decisionId} ${run.isolation}`),
      output: (_id, stream, chunk) => seen.output.push(`${stream}:${chunk}`),
      finished: (id, result) => seen.finished.push(`${id} ${result.exitCode} ${result.limitHit}`),
      stopped: (id, isolation, why) => seen.finished.push(`${id} ${isolation} ${why.code}`),
    },
  });
}

beforeEach(async () => {
  dataDir = await preparedDataDir();
  project = await realpath(await mkdtemp(join(tmpdir(), 'webnova-sandboxed-')));
  outside = await realpath(await mkdtemp(join(tmpdir(), 'webnova-outside-')));
  await writeFile(join(outside, 'secret.txt'), 'outside the project\n');
  await mkdir(join(project, '.git'));
  await writeFile(join(project, '.git/HEAD'), 'ref: refs/heads/main\n');
  start();
});

afterEach(async () => {
  await governance.close();
  await removeDataDir(dataDir);
  await rm(project, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
});

async function withRules(rules: ConstitutionRule[]) {
  const current = await governance.constitution();
  await governance.updateConstitution({ rules: [...rules, ...current.rules], baseVersion: current.version }, owner);
}

/** Proposes a command as the AI, approves it as the owner, and answers the decision once it ran. */
async function approvedRun(payload: JsonObject): Promise<Decision> {
  const proposed = await governance.propose({ kind: 'command.run', payload }, 'Run it.', { actor: ai, project });
  expect(proposed.outcome).toBe('pending');
  return governance.approve(proposed.decision?.id as string, 'ok', owner);
}

const sandboxHere = (await detectSandbox()).chosen;

describe('a decided command', () => {
  it('runs in the sandbox: writes the project, not its .git, sees nothing outside', async () => {
    expect(sandboxHere).not.toBeNull();
    // What the classifier cannot see (a script's contents) the sandbox still contains.
    await writeFile(
      join(project, 'job.sh'),
      `echo made > made.txt; cat ${outside}/secret.txt; echo x > .git/planted; echo done\n`,
    );
    const decision = await approvedRun({ argv: ['sh', 'job.sh'] });
    // The shell went on past what it could not reach, then ended with its last command's success.
    expect(decision.status).toBe('executed');
    expect(decision.sandbox).toMatchObject({ run: 'required', network: 'none' });
    expect(decision.outcome?.result).toMatchObject({ isolation: sandboxHere, network: 'none' });
    expect(await readFile(join(project, 'made.txt'), 'utf8')).toBe('made\n');
    await expect(readFile(join(project, '.git/planted'))).rejects.toThrow();
    expect(String(decision.outcome?.result?.stdout)).not.toContain('outside the project');
    expect(String(decision.outcome?.result?.stderr)).toMatch(/secret\.txt|Read-only/);
    expect(seen.started).toEqual([`${decision.id} ${sandboxHere}`]);
    expect(seen.output.join('')).toContain('stdout:done');
  });

  it('runs under the limits its rule set, and names the one that stopped it', async () => {
    await withRules([
      {
        id: 'small-node',
        kind: 'command.run',
        commands: [{ program: 'node' }],
        effect: 'configure',
        sandbox: { limits: { memoryMb: 64 } },
      },
    ]);
    const decision = await approvedRun({
      argv: [process.execPath, '-e', 'const kept = []; for (;;) kept.push(Buffer.alloc(1 << 20, 1));'],
    });
    expect(decision.sandbox?.limits.memoryMb).toBe(64);
    expect(decision.status).toBe('failed');
    expect(decision.outcome?.errorMessage).toEqual({
      code: 'ERROR_COMMAND_LIMIT_HIT',
      params: { limit: { code: 'SANDBOX_LIMIT_MEMORY', params: { value: 64 } } },
    });
    expect(decision.outcome?.result).toMatchObject({ limitHit: 'memory', isolation: sandboxHere });
  });

  it('keeps the rest of the project read-only when a rule names the folders it may write', async () => {
    await mkdir(join(project, 'dist'));
    await withRules([
      {
        id: 'builds-write-dist',
        kind: 'command.run',
        commands: [{ program: 'sh' }],
        effect: 'configure',
        sandbox: { writablePaths: ['dist'] },
      },
    ]);
    const decision = await approvedRun({ argv: ['sh', '-c', 'echo built > dist/out.txt; echo no > src.txt'] });
    expect(decision.status).toBe('failed');
    expect(await readFile(join(project, 'dist/out.txt'), 'utf8')).toBe('built\n');
    await expect(readFile(join(project, 'src.txt'))).rejects.toThrow();
  });

  it('is killed by the kill switch, and its Output says it ended', async () => {
    const proposed = await governance.propose(
      { kind: 'command.run', payload: { argv: ['sh', '-c', 'echo started; exec sleep 86413'] } },
      'Wait.',
      { actor: ai, project },
    );
    const id = proposed.decision?.id as string;
    const approving = governance.approve(id, 'ok', owner);
    await until(() => seen.output.join('').includes('started'));
    await governance.setKillSwitch(true, owner);
    const decision = await approving;
    expect(decision.status).toBe('failed');
    expect(seen.finished).toEqual([`${id} ${sandboxHere} ERROR_SANDBOX_CANCELLED`]);
  });

  it('asks to run on the host where no sandbox exists, and runs there once the owner approved', async () => {
    await governance.close();
    start(NO_SANDBOX);
    const proposed = await governance.propose({ kind: 'command.run', payload: { argv: ['ls'] } }, 'List files.', {
      actor: ai,
      project,
    });
    // `ls` alone would run at once; on the host it is the owner's decision, at high risk, saying why.
    expect(proposed.outcome).toBe('pending');
    const pending = proposed.decision as Decision;
    expect(pending.payload.host).toBe(true);
    expect(pending.risk).toBe('high');
    expect(pending.sandbox).toMatchObject({ run: 'host', network: 'host' });
    expect(pending.reasons?.map((reason) => reason.code)).toEqual(
      expect.arrayContaining(['RUNS_ON_HOST', 'SANDBOX_HOST_NEEDS_OWNER', 'SANDBOX_NONE_HERE']),
    );
    const ran = await governance.approve(pending.id, 'yes, on the host', owner);
    expect(ran.status).toBe('executed');
    expect(ran.outcome?.result).toMatchObject({ isolation: 'host', exitCode: 0 });
  });

  it('never runs on the host without a person’s approval, nor in a sandbox that is not there', async () => {
    const decision = (host: boolean, reviewer: Decision['actor']): Decision => ({
      id: '0190a000-0000-7000-8000-000000000001',
      kind: 'command.run',
      actor: ai,
      rationale: '',
      payload: { argv: ['true'] },
      risk: 'high',
      status: 'executing',
      proposedAt: new Date().toISOString(),
      updatedAt: new Date().toISOString(),
      project,
      sandbox: compileSandboxProfile([], host),
      review: { verdict: 'approved', by: reviewer, comment: '', at: new Date().toISOString() },
      version: 3,
    });
    const signal = new AbortController().signal;
    const refused = await runDecidedCommand(decision(true, { kind: 'system', id: 'webnova' }), {
      runners: NO_SANDBOX,
      signal,
    }).catch((error: CoreError) => error);
    expect(refused).toBeInstanceOf(CoreError);
    expect((refused as CoreError).systemMessage.code).toBe('ERROR_HOST_RUN_NEEDS_OWNER');
    const noBackend = await runDecidedCommand(decision(false, owner), { runners: NO_SANDBOX, signal }).catch(
      (error: CoreError) => error,
    );
    expect((noBackend as CoreError).systemMessage.code).toBe('ERROR_SANDBOX_NO_BACKEND');
  });
});
