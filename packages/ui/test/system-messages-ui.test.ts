import { CoreError, type Decision, type SystemMessage } from '@webnova/core/contracts';
import { afterEach, describe, expect, it } from 'vitest';
import { describeError } from '../src/i18n/describe-error';
import { setLocale, tIssue, tMessage, tReason } from '../src/i18n/i18n';
import { failureText, rationaleText } from '../src/inbox/decision-words';

const plain = (text: string) => text.replace(/[\u2068\u2069]/g, '');
const summary: SystemMessage = {
  code: 'SUMMARY',
  params: {
    changes: [
      { code: 'SUMMARY_ADDS_ENTITY', params: { name: 'Invoice', count: 3 } },
      {
        code: 'SUMMARY_GRANTS',
        params: { role: 'Clerk', actions: [{ code: 'SUMMARY_ACTION_READ' }], entity: 'Invoice' },
      },
    ],
    separator: 'SENTENCES',
  },
};
const decision = (fields: Partial<Decision>) => ({ rationale: '', ...fields }) as Decision;

afterEach(() => setLocale('en'));

describe('core’s messages in the window’s language', () => {
  it('shows an AI decision’s rationale in Arabic: the patch summary and the request', () => {
    setLocale('ar');
    const text = rationaleText(
      decision({
        rationale: 'adds entity Invoice with 3 fields; grants Clerk read on Invoice\nRequest: add invoices',
        rationaleMessage: { code: 'AI_BLUEPRINT_RATIONALE', params: { summary, request: 'add invoices' } },
      }),
    );
    expect(plain(text)).toBe(
      'يضيف الكيان Invoice مع 3 حقول؛ يمنح Clerk صلاحية القراءة على Invoice\nالطلب: add invoices',
    );
    setLocale('en');
    expect(plain(tMessage(summary))).toBe('adds entity Invoice with 3 fields; grants Clerk read on Invoice');
  });

  it('still shows decisions stored before rationales and failures were codes, as they were written', () => {
    setLocale('ar');
    // An older AI decision: the summary in English words only.
    expect(rationaleText(decision({ rationale: 'adds role Clerk\nRequest: a clerk role' }))).toBe(
      'adds role Clerk\nRequest: a clerk role',
    );
    expect(
      failureText({ by: { kind: 'system', id: 'x' }, startedAt: '2026-01-01T00:00:00Z', error: 'disk full' }),
    ).toBe('disk full');
    // Reasons and Blueprint issues stored with their words in both languages show the window's language.
    expect(tReason({ code: 'OLD', message: { en: 'deletes a file', ar: 'يحذف ملفًا' } })).toBe('يحذف ملفًا');
    expect(tIssue({ code: 'OLD', message: { en: 'Bad.', ar: 'سيئ.' } })).toBe('سيئ.');
    // A failure core said as a message shows in Arabic.
    expect(
      failureText({
        by: { kind: 'system', id: 'x' },
        startedAt: '2026-01-01T00:00:00Z',
        error: 'Interrupted…',
        errorMessage: { code: 'DECISION_INTERRUPTED' },
      }),
    ).toMatch(/^توقف قبل أن يكتمل/);
  });

  it('describes an error with its code’s words and its detail in the window’s language', () => {
    setLocale('ar');
    const error = new CoreError('NOT_FOUND', { code: 'ERROR_DOES_NOT_EXIST', params: { path: 'src/a.ts' } });
    const described = describeError(error);
    expect(described.code).toBe('NOT_FOUND');
    expect(plain(described.detail)).toBe('«src/a.ts» غير موجود.');
    // Logs keep core's English.
    expect(described.english).toBe('"src/a.ts" does not exist.');
    expect(described.message).toMatch(/[\u0600-\u06FF]/);
    // Still words in core (or an older core): the English sentence is the detail.
    expect(describeError(new CoreError('IO_ERROR', 'The disk is full.')).detail).toBe('The disk is full.');
    expect(describeError(CoreError.fromShape({ code: 'CONFLICT', message: 'Changed.' })).detail).toBe('Changed.');
    setLocale('en');
    expect(describeError(error).detail).toBe('"src/a.ts" does not exist.');
  });
});
