import { describe, expect, it } from 'vitest';
import {
  formatMessage,
  reasonText,
  type SystemMessage,
  systemCatalogues,
} from '../../src/contracts/messages/system-message.js';
import type { ShellConstruct } from '../../src/governance/command-line.js';
import { constructMessages, planCommand, runnerNote } from '../../src/governance/command-plan.js';
import { DEFAULT_CONSTITUTION, evaluateConstitution } from '../../src/governance/index.js';
import { REASON_RISK } from '../../src/governance/risk-reasons.js';

const PLURAL = /_(zero|one|two|few|many|other)$/;
const base = (code: string) => code.replace(PLURAL, '');
const placeholders = (template: string) => new Set([...template.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]));

describe('the system messages catalogue', () => {
  it('has every code in both languages, with the same values named', () => {
    const en = systemCatalogues.en;
    const ar = systemCatalogues.ar;
    expect(new Set(Object.keys(en).map(base))).toEqual(new Set(Object.keys(ar).map(base)));
    for (const code of Object.keys(ar)) {
      const english = en[code] ?? en[`${base(code)}_other`] ?? en[base(code)];
      expect(english, code).toBeDefined();
      // An Arabic form may leave a value out (the dual says "two" in its own word), never add one.
      for (const name of placeholders(ar[code] as string))
        expect(placeholders(english as string), code).toContain(name);
      // Every text with words of its own is Arabic; one made only of values and marks is not words.
      if (/[A-Za-z\u0600-\u06FF]/.test((ar[code] as string).replace(/\{\{\w+\}\}/g, ''))) {
        expect(ar[code], code).toMatch(/[\u0600-\u06FF]/);
      }
    }
    for (const code of Object.keys(en).filter((c) => PLURAL.test(c))) expect(en[`${base(code)}_other`]).toBeDefined();
  });

  it('words every risk reason, verdict and construct core can give', () => {
    const codes = [
      ...Object.keys(REASON_RISK),
      ...constructMessages(
        (planCommand({ command: 'A=1 a | b > c; d & $(e) $X * {a,b} ~ # c' }) as { constructs: ShellConstruct[] })
          .constructs,
      ).map((m) => m.code),
      'FORBIDDEN_BY_RULE_BECAUSE',
      'APPROVAL_REQUIRED_BY_RULE_BECAUSE',
      'ALLOWED_BY_RULE_BECAUSE',
      'KIND_NEEDS_APPROVAL',
      'NO_RULE',
      'KILL_SWITCH',
      'PROJECT_AI_OFF',
      'OVER_BUDGET',
    ];
    for (const code of codes) {
      expect(systemCatalogues.en[code] ?? systemCatalogues.en[`${code}_other`], code).toBeDefined();
      expect(systemCatalogues.ar[code] ?? systemCatalogues.ar[`${code}_other`], code).toBeDefined();
    }
  });

  it('puts nested messages, lists, data in two languages and counts into words', () => {
    const note = runnerNote(planCommand({ command: 'ls | wc > n' }) as never).note;
    expect(formatMessage(note, 'en')).toMatch(
      /^Needs a shell for a pipe \(\|\), a redirection \(>\): approving runs it/,
    );
    expect(formatMessage(note, 'ar')).toContain('أنبوب (\u2068|\u2069)، إعادة توجيه (\u2068>\u2069)');
    const verdict = evaluateConstitution(DEFAULT_CONSTITUTION, {
      kind: 'command.run',
      risk: 'low',
      commands: [{ argv: ['sudo', 'ls'], pipedTo: [] }],
    });
    const forbid = verdict.reasons[0] as SystemMessage;
    expect(formatMessage(forbid, 'en')).toBe(
      'Rule forbid-privilege-escalation forbids this: commands never run as another user',
    );
    expect(formatMessage(forbid, 'ar')).toContain('لا تُشغَّل الأوامر بصلاحيات مستخدم آخر');
    const more = (count: number, locale: 'en' | 'ar') =>
      formatMessage({ code: 'RISK_LINE_MORE', params: { level: { code: 'RISK_HIGH' }, reason: 'x', count } }, locale);
    expect(more(2, 'en')).toBe('high: x (+2 more)');
    expect([1, 2, 3, 11, 100].map((n) => more(n, 'ar').split('(').at(-1))).toEqual([
      'وسبب آخر)',
      'وسببان آخران)',
      'و3 أسباب أخرى)',
      'و11 سببًا آخر)',
      'و100 سبب آخر)',
    ]);
    expect(formatMessage({ code: 'NOT_IN_ANY_CATALOGUE' }, 'ar')).toBe('NOT_IN_ANY_CATALOGUE');
  });

  it('still shows a reason stored with its words, before messages became codes', () => {
    const stored = { code: 'SOMETHING_OLD', message: { en: 'an old reason', ar: 'سبب قديم' } };
    expect(reasonText(stored, 'en')).toBe('an old reason');
    expect(reasonText(stored, 'ar')).toBe('سبب قديم');
  });
});
