import { afterEach, describe, expect, it } from 'vitest';
import type { ConstitutionRule } from '../../src/contracts/constitution.js';
import { CoreError } from '../../src/contracts/errors.js';
import { formatMessage, type SystemMessage } from '../../src/contracts/messages/system-message.js';
import {
  AuditLog,
  CONSTITUTION_CHANGED,
  changeConstitution,
  DEFAULT_CONSTITUTION,
  updateConstitution,
} from '../../src/governance/index.js';
import { EventStore } from '../../src/store/index.js';
import { preparedDataDir, removeDataDir } from '../store/prepared-store.js';

const owner = { kind: 'user', id: 'owner' } as const;
const now = new Date('2026-03-01T10:00:00.000Z');
const extraRule: ConstitutionRule = { id: 'allow-tests', kind: 'file.write', paths: ['test/**'], effect: 'allow' };
const rules = [...DEFAULT_CONSTITUTION.rules.filter((rule) => rule.id !== 'approve-deploys'), extraRule];

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof CoreError) return error.code;
    throw error;
  }
  return undefined;
}

describe('updateConstitution', () => {
  it('refuses anyone but the owner', () => {
    for (const actor of [
      { kind: 'ai', id: 'owner' },
      { kind: 'system', id: 'owner' },
      { kind: 'user', id: 'member' },
    ] as const) {
      expect(codeOf(() => updateConstitution(DEFAULT_CONSTITUTION, { rules }, actor, owner))).toBe('UNAUTHORIZED');
    }
  });

  it('bumps the version and returns the audit record of the change', () => {
    const { constitution, audit } = updateConstitution(DEFAULT_CONSTITUTION, { rules }, owner, owner, now);
    expect(constitution).toMatchObject({ version: 2, updatedAt: now.toISOString(), updatedBy: owner });
    expect(constitution.rules.at(-1)?.id).toBe('allow-tests');
    expect(audit).toMatchObject({
      occurredAt: now.toISOString(),
      actor: owner,
      action: CONSTITUTION_CHANGED,
      subject: 'constitution',
      data: {
        fromVersion: 1,
        toVersion: 2,
        rules: { added: ['allow-tests'], removed: ['approve-deploys'], changed: [] },
      },
    });
    expect(audit.data.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(audit.data.sha256).not.toBe(audit.data.previousSha256);
  });

  it('tells a reordering from an addition', () => {
    const [first, second, ...others] = DEFAULT_CONSTITUTION.rules;
    const swapped = [second, first, ...others] as ConstitutionRule[];
    expect(updateConstitution(DEFAULT_CONSTITUTION, { rules: swapped }, owner, owner).audit.data.rules).toEqual({
      added: [],
      removed: [],
      changed: [],
      reordered: true,
    });
    expect(updateConstitution(DEFAULT_CONSTITUTION, { rules }, owner, owner).audit.data.rules).toMatchObject({
      reordered: false,
    });
  });

  it('refuses an edit of a stale copy and an invalid constitution', () => {
    expect(codeOf(() => updateConstitution(DEFAULT_CONSTITUTION, { rules, baseVersion: 7 }, owner, owner))).toBe(
      'CONFLICT',
    );
    const invalid = { rules: [{ id: 'x', kind: '*', effect: 'maybe' }] } as never;
    expect(codeOf(() => updateConstitution(DEFAULT_CONSTITUTION, invalid, owner, owner))).toBe('INVALID_INPUT');
  });

  it("says what is wrong with its own checks as messages, which the editor puts into the window's language", () => {
    const twice = { rules: [extraRule, extraRule] };
    let issues: Array<{ message: string; path: unknown[]; params?: { message?: SystemMessage } }> = [];
    try {
      updateConstitution(DEFAULT_CONSTITUTION, twice, owner, owner);
    } catch (error) {
      issues = (error as CoreError).details as typeof issues;
    }
    const duplicate = issues.find((issue) => issue.message === 'rule id allow-tests is used twice');
    expect(duplicate?.params?.message).toEqual({ code: 'CONSTITUTION_DUPLICATE_RULE', params: { id: 'allow-tests' } });
    expect(formatMessage(duplicate?.params?.message as SystemMessage, 'ar')).toContain('مستخدم مرتين');
  });
});

describe('changeConstitution', () => {
  let dataDir: string | undefined;
  let store: EventStore | undefined;
  afterEach(async () => {
    await store?.close();
    if (dataDir) await removeDataDir(dataDir);
  });

  it('records each change in the audit chain', async () => {
    dataDir = await preparedDataDir();
    store = await EventStore.open(dataDir);
    const log = new AuditLog(store);
    const first = await changeConstitution(log, DEFAULT_CONSTITUTION, { rules, baseVersion: 1 }, owner, owner);
    const second = await changeConstitution(
      log,
      first.constitution,
      { rules: DEFAULT_CONSTITUTION.rules },
      owner,
      owner,
    );
    expect([first.entry.seq, second.entry.seq]).toEqual([1, 2]);
    expect(second.entry.data).toMatchObject({ fromVersion: 2, toVersion: 3 });
    expect(await log.verify()).toMatchObject({ ok: true, count: 2 });
    await expect(
      changeConstitution(log, second.constitution, { rules }, { kind: 'ai', id: 'assistant' }, owner),
    ).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect((await log.entries()).length).toBe(2);
  });
});
