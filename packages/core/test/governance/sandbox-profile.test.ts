/**
 * The constitution compiles where a command runs: the default keeps every command in the sandbox with
 * no network; `configure` rules adjust it in constitution order; the host and the host's network are
 * high risk and the owner's decision whatever else allows the command.
 */
import { describe, expect, it } from 'vitest';
import { type CheckedConstitution, Constitution, type ConstitutionRule } from '../../src/contracts/constitution.js';
import { formatMessage } from '../../src/contracts/messages/system-message.js';
import { DEFAULT_CONSTITUTION, sandboxProfileMessage } from '../../src/governance/index.js';
import { judgeProposal } from '../../src/governance/judge.js';
import { DEFAULT_COMMAND_LIMITS } from '../../src/governance/sandbox-profile.js';

const ai = { kind: 'ai', id: 'assistant' } as const;

/** The owner's rules first, as the constitution editor adds them: the broad default must not override them. */
function constitutionWith(rules: ConstitutionRule[]): CheckedConstitution {
  return Constitution.parse({ ...DEFAULT_CONSTITUTION, rules: [...rules, ...DEFAULT_CONSTITUTION.rules] });
}

const judge = (payload: Record<string, unknown>, constitution = constitutionWith([])) =>
  judgeProposal({ kind: 'command.run', payload, actor: ai }, constitution);

const codes = (reasons: readonly { code: string }[]) => reasons.map((reason) => reason.code);

describe('the sandbox profile of a command', () => {
  it('is the sandbox with no network and the default limits under the default constitution', async () => {
    for (const payload of [
      { command: 'npm install left-pad' },
      { argv: ['ls', '-la'] },
      { command: 'make && make test' },
    ]) {
      const { verdict } = await judge(payload);
      expect(verdict.sandbox).toEqual({
        run: 'required',
        network: 'none',
        writablePaths: [],
        limits: DEFAULT_COMMAND_LIMITS,
        rules: ['sandbox-commands'],
      });
    }
  });

  it('is only compiled for commands', async () => {
    const { verdict } = await judgeProposal(
      { kind: 'file.write', payload: { path: 'docs/a.md', content: 'a' }, actor: ai },
      constitutionWith([{ id: 'cfg', kind: '*', effect: 'configure', sandbox: 'host' }]),
    );
    expect(verdict.sandbox).toBeUndefined();
  });

  it('takes each setting from the narrowest matching rule (the later of equals), adds writable folders, leaves others out', async () => {
    const constitution = constitutionWith([
      {
        id: 'installs-reach-the-registry',
        kind: 'command.run',
        commands: [{ program: 'npm', args: ['install'] }],
        effect: 'configure',
        sandbox: { network: 'registry', writablePaths: ['node_modules'], limits: { memoryMb: 2048, wallSeconds: 900 } },
      },
      {
        id: 'npm-writes-its-folders',
        kind: 'command.run',
        commands: [{ program: 'npm' }],
        effect: 'configure',
        sandbox: { writablePaths: ['node_modules', '.npm-cache'], limits: { memoryMb: 1536 } },
      },
      {
        id: 'every-command-small',
        kind: '*',
        effect: 'configure',
        sandbox: { limits: { memoryMb: 256, processes: 64 } },
      },
      {
        id: 'builds-only',
        kind: 'command.run',
        commands: [{ program: 'make' }],
        effect: 'configure',
        sandbox: { limits: { cpuSeconds: 5 } },
      },
    ]);
    const { verdict } = await judge({ argv: ['npm', 'install', 'left-pad'] }, constitution);
    expect(verdict.sandbox).toEqual({
      run: 'required',
      network: 'registry',
      writablePaths: ['node_modules', '.npm-cache'],
      // The later of the two npm rules wins between equals; the broad ones only set what they alone set.
      limits: { ...DEFAULT_COMMAND_LIMITS, memoryMb: 1536, wallSeconds: 900, processes: 64 },
      rules: ['every-command-small', 'sandbox-commands', 'installs-reach-the-registry', 'npm-writes-its-folders'],
    });
    // A configure rule decides nothing: a command only it matches still needs approval.
    expect(verdict.effect).toBe('require-approval');
  });

  it('makes the host the owner’s high-risk decision even for a command a rule allows', async () => {
    // `ls` alone is allowed at once by the default constitution…
    expect((await judge({ argv: ['ls'] })).verdict.effect).toBe('allow');
    // …but not when it asks for the host, nor when a rule sends it there.
    const viaRule = constitutionWith([
      { id: 'ls-on-host', kind: 'command.run', commands: [{ program: 'ls' }], effect: 'configure', sandbox: 'host' },
    ]);
    for (const [payload, constitution] of [
      [{ argv: ['ls'], host: true }, constitutionWith([])],
      [{ argv: ['ls'] }, viaRule],
    ] as const) {
      const { verdict, assessment } = await judge(payload, constitution);
      expect(verdict.sandbox).toMatchObject({ run: 'host', network: 'host' });
      expect(verdict.effect).toBe('require-approval');
      expect(verdict.approverRoles).toEqual(['sovereign', 'owner']);
      expect(assessment.risk).toBe('high');
      expect(codes(assessment.reasons)).toContain('RUNS_ON_HOST');
      expect(codes(verdict.reasons)).toContain('SANDBOX_HOST_NEEDS_OWNER');
      // Judged again at high risk, so the rule for high-risk actions applies too.
      expect(verdict.matchedRules).toContain('approve-high-risk');
    }
  });

  it('makes the host network the owner’s decision, and keeps members out of approving it', async () => {
    const constitution = constitutionWith([
      {
        id: 'members-approve-curl',
        kind: 'command.run',
        commands: [{ program: 'curl' }],
        effect: 'require-approval',
        approval: { quorum: 1, roles: ['member', 'owner'] },
        sandbox: { network: 'host' },
      },
    ]);
    const { verdict, assessment } = await judge({ argv: ['curl', 'http://127.0.0.1:9/'] }, constitution);
    expect(verdict.sandbox?.network).toBe('host');
    expect(verdict.approverRoles).toEqual(['owner']);
    expect(codes(verdict.reasons)).toContain('SANDBOX_HOST_NETWORK_NEEDS_OWNER');
    expect(codes(assessment.reasons)).toContain('HOST_NETWORK');
    expect(assessment.risk).toBe('high');
  });

  it('is judged again at high risk, where a later rule may keep the command in the sandbox', async () => {
    const constitution = constitutionWith([
      {
        id: 'make-on-host',
        kind: 'command.run',
        commands: [{ program: 'make' }],
        effect: 'configure',
        sandbox: 'host',
      },
      {
        id: 'high-risk-stays-inside',
        kind: 'command.run',
        risk: { atLeast: 'high' },
        effect: 'configure',
        sandbox: 'required',
      },
    ]);
    const { verdict, assessment } = await judge({ argv: ['make'] }, constitution);
    expect(verdict.sandbox?.run).toBe('required');
    expect(assessment.risk).toBe('high');
  });

  it('refuses settings that would reach out of the project or past the bounds', () => {
    const bad: unknown[] = [
      { writablePaths: ['../elsewhere'] },
      { writablePaths: ['/etc'] },
      { writablePaths: ['C:\\Windows'] },
      { writablePaths: ['.git'] },
      { writablePaths: ['sub/.GIT./hooks'] },
      { writablePaths: ['a/../../b'] },
      { limits: { memoryMb: 1_000_000 } },
      { limits: { cpuSeconds: 0 } },
      { limits: { swapMb: 10 } },
      { network: 'internet' },
      'sometimes',
    ];
    for (const sandbox of bad) {
      const parsed = Constitution.safeParse({
        ...DEFAULT_CONSTITUTION,
        rules: [{ id: 'bad', kind: 'command.run', effect: 'configure', sandbox }],
      });
      expect(parsed.success, JSON.stringify(sandbox)).toBe(false);
    }
    // A configure rule without a setting says nothing: refused too.
    expect(
      Constitution.safeParse({ ...DEFAULT_CONSTITUTION, rules: [{ id: 'empty', kind: '*', effect: 'configure' }] })
        .success,
    ).toBe(false);
  });

  it('reads as one line in both languages', async () => {
    const { verdict } = await judge({ argv: ['npm', 'test'] });
    const profile = verdict.sandbox;
    if (!profile) throw new Error('no profile');
    expect(formatMessage(sandboxProfileMessage(profile), 'en')).toBe(
      'Runs in the sandbox: no network; the project writable except its .git; memory 1024 MB, CPU 300 s, time 600 s, 512 processes, 1024 MB written.',
    );
    expect(formatMessage(sandboxProfileMessage(profile), 'ar')).toContain('دون شبكة');
    const narrowed = { ...profile, writablePaths: ['dist', 'build'], network: 'registry' as const };
    expect(formatMessage(sandboxProfileMessage(narrowed), 'en')).toContain(
      'only the package registry, through a filtering proxy; only dist, build writable in the project',
    );
    expect(formatMessage(sandboxProfileMessage({ ...profile, run: 'host', network: 'host' }), 'en')).toBe(
      "Runs on the host, without isolation and with WebNova's rights; the host's network.",
    );
  });
});
