import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CoreError, CoreErrorShape } from '../../src/contracts/errors.js';
import { SegmentBreak } from '../../src/contracts/governance.js';
import { formatMessage, systemCatalogues } from '../../src/contracts/messages/system-message.js';

const SRC = join(import.meta.dirname, '../../src');
const FORMS = /_(zero|one|two|few|many|other)$/;
const en = systemCatalogues.en;
const ar = systemCatalogues.ar;

function sources(folder: string): Array<{ path: string; text: string }> {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    // The generated platform's code (its templates and parts) has codes of its own, not core's messages.
    if (entry.isDirectory()) return /codegen[/\\](templates|parts)$/.test(path) ? [] : sources(path);
    return entry.name.endsWith('.ts') ? [{ path, text: readFileSync(path, 'utf8') }] : [];
  });
}

/** A code's texts in one catalogue: the code itself, its forms and its variants. */
const textsOf = (catalogue: Readonly<Record<string, string>>, code: string) =>
  Object.entries(catalogue)
    .filter(([key]) => key === code || key.replace(FORMS, '') === code)
    .map(([, text]) => text);
const has = (code: string) => textsOf(en, code).length > 0 && textsOf(ar, code).length > 0;
const placeholders = (texts: string[]) =>
  new Set(texts.flatMap((text) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1] as string)));

describe('every code core says has words in both languages', () => {
  const files = sources(SRC);
  const found = (pattern: RegExp, prefix = '') =>
    files.flatMap(({ path, text }) => [...text.matchAll(pattern)].map((m) => ({ code: `${prefix}${m[1]}`, path })));

  it('for each code written as a message in core (not the generated platform code)', () => {
    const written = [
      ...found(/code: '([A-Z][A-Z0-9_]*)'/g),
      ...found(/\bmessage\('([A-Z][A-Z0-9_]*)'/g, 'SUMMARY_'),
      ...found(/\boffline\('([A-Z][A-Z0-9_]*)'/g, 'OFFLINE_'),
      ...found(/\bfsError\('([A-Z][A-Z0-9_]*)'/g, 'ERROR_FS_'),
      ...found(/\bbroken\([^,]+, '[a-z]+', '([A-Z][A-Z0-9_]*)'/g, 'AUDIT_'),
    ];
    expect(written.length).toBeGreaterThan(100);
    // Each way of writing a code is read.
    expect(written.map(({ code }) => code)).toEqual(
      expect.arrayContaining([
        'ERROR_DOES_NOT_EXIST',
        'SUMMARY_GRANTS',
        'OFFLINE_LIMITS',
        'ERROR_FS_IO',
        'AUDIT_CHANGED',
      ]),
    );
    const missing = written.filter(
      ({ code }) =>
        !has(code) &&
        // Blueprint issues and patch failures are reported raw and worded with their prefix; errno is Node's.
        !has(`BLUEPRINT_${code}`) &&
        !has(`BLUEPRINT_PATCH_${code}`) &&
        !/^E[A-Z]+$/.test(code),
    );
    expect(missing).toEqual([]);
  });

  it('for each code built from a prefix and a value', () => {
    const prefixes = new Set(found(/code: `([A-Z][A-Z0-9_]*_)\$\{/g).map(({ code }) => code));
    for (const prefix of prefixes)
      expect(
        Object.keys(en).some((key) => key.startsWith(prefix)),
        prefix,
      ).toBe(true);
    const built = [
      ...['RENAMED', 'REPLACED', 'DELETED'].map((action) => `ERROR_ROOT_${action}`),
      ...['PATCH', 'BLUEPRINT', 'EDIT'].map((what) => `ERROR_AI_STILL_INVALID_${what}`),
      ...['CREATE', 'READ', 'UPDATE', 'DELETE', 'LIST'].map((action) => `SUMMARY_ACTION_${action}`),
      ...[
        'LOCALES',
        'ENTITIES',
        'RELATIONS',
        'ROLES',
        'PERMISSIONS',
        'PAGES',
        'NAVIGATION',
        'ENDPOINTS',
        'INTEGRATIONS',
      ].map((section) => `SUMMARY_SECTION_${section}`),
      ...['APPROVE', 'REJECT'].map((verb) => `ERROR_PERSON_ONLY_${verb}`),
      ...SegmentBreak.options.map((kind) => `AUDIT_SEGMENT_${kind.toUpperCase()}`),
      'SUMMARY_CRUD_ON',
      'SUMMARY_CRUD_OFF',
      'LIST_SEPARATOR_SENTENCES',
      'LIST_SEPARATOR_LINES',
      // Variants chosen by a `context` value.
      'PLATFORM_SUMMARY_COMPLIANCE',
      'OFFLINE_ERROR_AT_COLUMN',
      'OFFLINE_FILE_DECLARES',
    ];
    for (const code of built) expect(has(code), code).toBe(true);
  });

  it('names the same values in both languages', () => {
    const codes = new Set(Object.keys(en).map((key) => key.replace(FORMS, '')));
    for (const code of codes) {
      const english = placeholders(textsOf(en, code));
      const arabic = placeholders(textsOf(ar, code));
      // An Arabic form may say a count in words ("two lines"), so `count` may be missing from all but one form.
      english.delete('count');
      arabic.delete('count');
      expect([...arabic].sort(), code).toEqual([...english].sort());
    }
  });

  it('puts every text into words, its values filled', () => {
    for (const [locale, catalogue] of Object.entries(systemCatalogues) as Array<
      ['en' | 'ar', Record<string, string>]
    >) {
      for (const [key, template] of Object.entries(catalogue)) {
        const params = Object.fromEntries(
          [...placeholders([template])].map((name) => [name, name === 'count' ? 3 : 'x']),
        );
        const text = formatMessage({ code: key, params }, locale);
        expect(text, `${locale} ${key}`).not.toMatch(/\{\{/);
        if (/[A-Za-z\u0600-\u06FF]/.test(template.replace(/\{\{\w+\}\}/g, ''))) expect(text, key).not.toBe(key);
      }
    }
  });
});

describe('a CoreError carries a system message', () => {
  it('from a code: the English words are the catalogue’s, the message goes over the wire', () => {
    const error = new CoreError('NOT_FOUND', { code: 'ERROR_DOES_NOT_EXIST', params: { path: 'a/b.txt' } });
    expect(error.message).toBe('"a/b.txt" does not exist.');
    const shape = CoreErrorShape.parse(JSON.parse(JSON.stringify(error.toShape())));
    expect(shape.systemMessage).toEqual({ code: 'ERROR_DOES_NOT_EXIST', params: { path: 'a/b.txt' } });
    const received = CoreError.fromShape(shape);
    expect(received.message).toBe(error.message);
    expect(formatMessage(received.systemMessage, 'ar')).toBe('«\u2068a/b.txt\u2069» غير موجود.');
  });

  it('from a sentence: the sentence itself, as the detail (ERROR_DETAIL)', () => {
    const error = new CoreError('IO_ERROR', 'The disk is full.');
    expect(error.systemMessage).toEqual({ code: 'ERROR_DETAIL', params: { detail: 'The disk is full.' } });
    expect(formatMessage(error.systemMessage, 'en')).toBe('The disk is full.');
  });

  it('from an older peer that sent no message: its English words', () => {
    const received = CoreError.fromShape({ code: 'CONFLICT', message: 'Someone else changed it.' });
    expect(received.message).toBe('Someone else changed it.');
    expect(received.systemMessage.code).toBe('ERROR_DETAIL');
  });
});
