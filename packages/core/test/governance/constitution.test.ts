import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import {
  type Constitution,
  type ConstitutionAction,
  type ConstitutionRule,
  Constitution as ConstitutionSchema,
  constitutionJsonSchema,
} from '../../src/contracts/constitution.js';
import { CoreError } from '../../src/contracts/errors.js';
import { reasonText, type SystemMessage } from '../../src/contracts/messages/system-message.js';
import { commandMatches, DEFAULT_CONSTITUTION, durationMs, evaluateConstitution } from '../../src/governance/index.js';

const ai = { kind: 'ai', id: 'assistant' } as const;

function constitution(...rules: ConstitutionRule[]): Constitution {
  return { version: 1, updatedAt: '2026-01-01T00:00:00.000Z', updatedBy: { kind: 'user', id: 'owner' }, rules };
}

const write = (paths: string[], risk: ConstitutionAction['risk'] = 'low'): ConstitutionAction => ({
  kind: 'file.write',
  actor: ai,
  risk,
  paths,
});

describe('the constitution schema', () => {
  it('refuses duplicate rule ids, months in durations, and a quorum larger than its approvers', () => {
    const duplicate = constitution({ id: 'a', kind: '*', effect: 'allow' }, { id: 'a', kind: '*', effect: 'forbid' });
    expect(ConstitutionSchema.safeParse(duplicate).success).toBe(false);
    const months = constitution({
      id: 'a',
      kind: '*',
      effect: 'require-approval',
      approval: { quorum: 1, expiresAfter: 'P1M' },
    });
    expect(ConstitutionSchema.safeParse(months).success).toBe(false);
    const quorum = constitution({
      id: 'a',
      kind: '*',
      effect: 'require-approval',
      approval: { quorum: 3, approvers: ['x', 'y', 'y'] },
    });
    expect(ConstitutionSchema.safeParse(quorum).success).toBe(false);
    expect(ConstitutionSchema.safeParse(constitution({ id: 'Bad Id', kind: '*', effect: 'allow' })).success).toBe(
      false,
    );
  });

  it('has a JSON Schema that accepts the default constitution and refuses an unknown effect', () => {
    const validate = new Ajv2020({ strict: false }).compile(constitutionJsonSchema());
    expect(validate(DEFAULT_CONSTITUTION), JSON.stringify(validate.errors)).toBe(true);
    expect(validate(constitution({ id: 'a', kind: '*', effect: 'maybe' } as never))).toBe(false);
  });

  it('turns durations into milliseconds', () => {
    expect(durationMs('PT30M')).toBe(1_800_000);
    expect(durationMs('P1DT2H')).toBe(93_600_000);
    expect(durationMs('P2W')).toBe(1_209_600_000);
    expect(durationMs('PT1.5S')).toBe(1_500);
    expect(durationMs(42)).toBe(42);
  });

  it('answers bad input with INVALID_INPUT', () => {
    const bad = () => evaluateConstitution({ version: 0 } as unknown as Constitution, write(['a']));
    expect(bad).toThrow(CoreError);
    try {
      bad();
    } catch (error) {
      expect((error as CoreError).code).toBe('INVALID_INPUT');
    }
  });
});

describe('evaluateConstitution', () => {
  it('lets forbid win over allow and require-approval, whatever the order', () => {
    const rules = constitution(
      { id: 'allow-all', kind: '*', effect: 'allow' },
      { id: 'approve-src', kind: 'file.write', paths: ['src/**'], effect: 'require-approval' },
      { id: 'no-env', kind: '*', paths: ['**/.env*'], effect: 'forbid' },
    );
    const verdict = evaluateConstitution(rules, write(['src/a.ts', '.env']));
    expect(verdict.effect).toBe('forbid');
    expect(verdict.matchedRules).toEqual(['allow-all', 'approve-src', 'no-env']);
    expect(verdict.reasons.map((r) => r.ruleId)).toEqual(['no-env']);
    expect(reasonText(verdict.reasons[0] as SystemMessage, 'ar')).toContain('no-env');
    expect(evaluateConstitution(rules, write(['src/a.ts'])).effect).toBe('require-approval');
    expect(evaluateConstitution(rules, write(['README.md'])).effect).toBe('allow');
  });

  it('sees through ../, ./, backslashes and letter case in paths', () => {
    const rules = constitution(
      { id: 'allow-all', kind: '*', effect: 'allow' },
      { id: 'no-env', kind: '*', paths: ['**/.env*'], effect: 'forbid' },
    );
    for (const path of ['src/../.env', './.ENV', 'config\\.env.local', '../.env', '/home/x/project/.env']) {
      expect(evaluateConstitution(rules, write([path])).effect, path).toBe('forbid');
    }
  });

  it('makes an unknown kind wait for approval even when a rule allows everything', () => {
    const rules = constitution({ id: 'allow-all', kind: '*', effect: 'allow' });
    const verdict = evaluateConstitution(rules, { kind: 'browser.open', risk: 'low' });
    expect(verdict.effect).toBe('require-approval');
    expect(verdict.quorum).toBe(1);
    expect(verdict.reasons.map((r) => r.code)).toEqual(['KIND_NEEDS_APPROVAL']);
    const forbidden = constitution({ id: 'no-browser', kind: 'browser.open', effect: 'forbid' });
    expect(evaluateConstitution(forbidden, { kind: 'browser.open', risk: 'low' }).effect).toBe('forbid');
  });

  it('denies by default: an action no rule covers needs approval', () => {
    const verdict = evaluateConstitution(constitution(), write(['a.txt']));
    expect(verdict).toMatchObject({ effect: 'require-approval', matchedRules: [], quorum: 1 });
    expect(verdict.reasons[0]?.code).toBe('NO_RULE');
  });

  it('takes the strictest quorum, the shortest expiry and the shortest escalation', () => {
    const rules = constitution(
      {
        id: 'one',
        kind: 'deploy',
        effect: 'require-approval',
        approval: { quorum: 1, expiresAfter: 'PT1H', escalateAfter: 'PT30M' },
      },
      {
        id: 'two',
        kind: '*',
        risk: { atLeast: 'high' },
        effect: 'require-approval',
        approval: { quorum: 2, approvers: ['ana', 'omar', 'lee'], expiresAfter: 'P1D' },
      },
      { id: 'three', kind: 'deploy', effect: 'require-approval', approval: { escalateAfter: 600_000 } },
    );
    const verdict = evaluateConstitution(rules, { kind: 'deploy', risk: 'high', environment: 'staging' });
    expect(verdict).toMatchObject({
      effect: 'require-approval',
      matchedRules: ['one', 'two', 'three'],
      quorum: 2,
      approvers: ['ana', 'omar', 'lee'],
      expiresInMs: 3_600_000,
      escalateAfterMs: 600_000,
    });
    expect(evaluateConstitution(rules, { kind: 'deploy', risk: 'medium' }).quorum).toBe(1);
    const byRole = constitution({
      id: 'owners',
      kind: 'deploy',
      effect: 'require-approval',
      approval: { quorum: 2, roles: ['owner', 'sovereign'] },
    });
    expect(evaluateConstitution(byRole, { kind: 'deploy', risk: 'low' })).toMatchObject({
      quorum: 2,
      approverRoles: ['owner', 'sovereign'],
    });
  });

  it('matches risk at least, exactly and at most', () => {
    const rules = constitution(
      { id: 'low-ok', kind: '*', risk: { atMost: 'low' }, effect: 'allow' },
      { id: 'medium', kind: '*', risk: { exactly: 'medium' }, effect: 'require-approval' },
      { id: 'high-no', kind: '*', risk: { atLeast: 'high' }, effect: 'forbid' },
    );
    const effect = (risk: ConstitutionAction['risk']) => evaluateConstitution(rules, write(['a'], risk)).effect;
    expect([effect('low'), effect('medium'), effect('high'), effect('critical')]).toEqual([
      'allow',
      'require-approval',
      'forbid',
      'forbid',
    ]);
  });

  it('allows only what an allow rule covers entirely; restricting rules apply on any match', () => {
    const rules = constitution({ id: 'docs', kind: 'file.write', paths: ['docs/**'], effect: 'allow' });
    expect(evaluateConstitution(rules, write(['docs/a.md'])).effect).toBe('allow');
    expect(evaluateConstitution(rules, write(['docs/a.md', '.github/workflows/ci.yml'])).effect).toBe(
      'require-approval',
    );
    expect(evaluateConstitution(rules, write([])).effect).toBe('require-approval');
    expect(evaluateConstitution(rules, write(['../docs/a.md'])).effect).toBe('require-approval');
  });

  it('treats an unknown actor or environment as matching a restricting rule and not an allow rule', () => {
    const rules = constitution(
      { id: 'ai-forbidden', kind: 'file.write', actors: ['ai'], paths: ['infra/**'], effect: 'forbid' },
      { id: 'people-allowed', kind: 'file.write', actors: ['user'], effect: 'allow' },
      { id: 'prod-secrets', kind: 'secret.read', environments: ['prod*'], effect: 'forbid' },
      { id: 'secrets', kind: 'secret.read', effect: 'allow' },
    );
    expect(evaluateConstitution(rules, { kind: 'file.write', risk: 'low', paths: ['infra/x'] }).effect).toBe('forbid');
    expect(
      evaluateConstitution(rules, { kind: 'file.write', risk: 'low', paths: ['x'], actor: { kind: 'user', id: 'u' } })
        .effect,
    ).toBe('allow');
    expect(evaluateConstitution(rules, { kind: 'file.write', risk: 'low', paths: ['x'] }).effect).toBe(
      'require-approval',
    );
    expect(evaluateConstitution(rules, { kind: 'secret.read', risk: 'high' }).effect).toBe('forbid');
    expect(evaluateConstitution(rules, { kind: 'secret.read', risk: 'high', environment: 'production' }).effect).toBe(
      'forbid',
    );
    expect(evaluateConstitution(rules, { kind: 'secret.read', risk: 'high', environment: 'dev' }).effect).toBe('allow');
  });

  it('matches dependencies by name globs', () => {
    const rules = constitution(
      { id: 'types', kind: 'dependency.add', dependencies: ['@types/*'], effect: 'allow' },
      { id: 'no-event-stream', kind: 'dependency.add', dependencies: ['event-stream'], effect: 'forbid' },
    );
    const add = (...dependencies: string[]) =>
      evaluateConstitution(rules, { kind: 'dependency.add', risk: 'low', dependencies }).effect;
    expect(add('@types/node')).toBe('allow');
    expect(add('@types/node', 'left-pad')).toBe('require-approval');
    expect(add('@types/node', 'event-stream')).toBe('forbid');
  });
});

describe('command patterns', () => {
  const facts = (argv: string[], pipedTo: string[] = []) => ({ argv, pipedTo });

  it('matches the program by base name and glob', () => {
    expect(commandMatches({ program: 'sudo' }, facts(['/usr/bin/sudo', 'ls']))).toBe(true);
    expect(commandMatches({ program: 'python*' }, facts(['python3', '-c', 'x']))).toBe(true);
    expect(commandMatches({ program: 'sudo' }, facts(['echo', 'sudo']))).toBe(false);
  });

  it('finds flags inside bundles and as long names, but not after --', () => {
    const rmrf = {
      program: 'rm',
      flags: [
        ['-r', '-R', '--recursive'],
        ['-f', '--force'],
      ],
    };
    expect(commandMatches(rmrf, facts(['rm', '-rf', 'x']))).toBe(true);
    expect(commandMatches(rmrf, facts(['rm', '-f', '-R', 'x']))).toBe(true);
    expect(commandMatches(rmrf, facts(['rm', '--recursive', '--force=yes', 'x']))).toBe(true);
    expect(commandMatches(rmrf, facts(['rm', '-f', 'x']))).toBe(false);
    expect(commandMatches(rmrf, facts(['rm', '-f', '--', '-r']))).toBe(false);
  });

  it('matches arguments in order with others between', () => {
    const forcePush = { program: 'git', args: ['push'], flags: [['-f', '--force']] };
    expect(commandMatches(forcePush, facts(['git', 'push', 'origin', 'main', '--force']))).toBe(true);
    expect(commandMatches({ program: 'npm', args: ['publish'] }, facts(['npm', '--tag', 'x', 'publish']))).toBe(true);
    expect(commandMatches({ program: 'git', args: ['push', 'origin'] }, facts(['git', 'origin', 'push']))).toBe(false);
  });

  it('matches a command piped into a program', () => {
    const pattern = { program: 'curl', pipedTo: ['sh', 'bash'] };
    expect(commandMatches(pattern, facts(['curl', 'https://x'], ['tee', 'bash']))).toBe(true);
    expect(commandMatches(pattern, facts(['curl', 'https://x'], ['jq']))).toBe(false);
  });
});
