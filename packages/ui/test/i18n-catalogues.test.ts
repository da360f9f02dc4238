import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// The registry loads every feature's strings into the catalogues, as the workbench does at start.
import '../src/features';
import { catalogues as merged } from '../src/i18n/i18n';

type Catalogue = { [key: string]: string | Catalogue };

const PLURAL = /_(zero|one|two|few|many|other)$/;

function leaves(catalogue: Catalogue, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(catalogue)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of leaves(value, path)) out.set(k, v);
  }
  return out;
}

/** Keys with plural suffixes folded: each language has its own set of plural forms. */
function baseKeys(catalogue: Catalogue): Set<string> {
  return new Set([...leaves(catalogue).keys()].map((key) => key.replace(PLURAL, '')));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

describe('translation catalogues', () => {
  const catalogues = { en: merged.en as Catalogue, ar: merged.ar as Catalogue };

  it('have the same keys in English and Arabic', () => {
    const english = [...baseKeys(catalogues.en)].sort();
    const arabic = [...baseKeys(catalogues.ar)].sort();
    expect(arabic.filter((key) => !english.includes(key))).toEqual([]);
    expect(english.filter((key) => !arabic.includes(key))).toEqual([]);
  });

  it('have no empty values', () => {
    for (const [locale, catalogue] of Object.entries(catalogues)) {
      const empty = [...leaves(catalogue)].filter(([, value]) => value.trim() === '').map(([key]) => key);
      expect(empty, `empty strings in ${locale}.json`).toEqual([]);
    }
  });

  it('give every plural key all the forms its language needs', () => {
    for (const [locale, catalogue] of Object.entries(catalogues)) {
      const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
      const keys = [...leaves(catalogue).keys()];
      const plurals = new Set(keys.filter((key) => PLURAL.test(key)).map((key) => key.replace(PLURAL, '')));
      for (const base of plurals) {
        for (const category of categories) {
          expect(keys, `${locale}: ${base}_${category}`).toContain(`${base}_${category}`);
        }
      }
    }
  });

  it('keep the same interpolation variables in both languages', () => {
    const variables = (text: string) => [...text.matchAll(/{{(\w+)}}/g)].map((m) => m[1]).sort();
    const english = leaves(catalogues.en);
    const arabic = leaves(catalogues.ar);
    for (const [key, value] of english) {
      const base = key.replace(PLURAL, '');
      const counterpart = arabic.get(key) ?? arabic.get(`${base}_other`);
      if (counterpart === undefined) continue;
      const wanted = variables(value).filter((name) => name !== 'count');
      const got = variables(counterpart).filter((name) => name !== 'count');
      expect(got, `${key} in ar.json`).toEqual(wanted);
    }
  });

  it('contain every key the source code passes to t() or reportError()', () => {
    const known = baseKeys(catalogues.en);
    const calls = /\b(?:t|reportError)\(([^()]*(?:\([^()]*\)[^()]*)*)\)/g;
    const quoted = /'([A-Za-z]+(?:\.[A-Za-z0-9_]+)+)'/g;
    const missing: string[] = [];
    let checked = 0;
    for (const file of sourceFiles(join(import.meta.dirname, '../src'))) {
      for (const call of readFileSync(file, 'utf8').matchAll(calls)) {
        for (const literal of (call[1] ?? '').matchAll(quoted)) {
          const key = literal[1] ?? '';
          checked++;
          if (!known.has(key)) missing.push(`${key} (${file})`);
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
    expect(missing).toEqual([]);
  });

  it('translate every error code core can send', async () => {
    const { ErrorCode } = await import('@webnova/core/contracts');
    for (const code of ErrorCode.options) {
      expect(leaves(catalogues.en).has(`errors.${code}`), code).toBe(true);
      expect(leaves(catalogues.ar).has(`errors.${code}`), code).toBe(true);
    }
  });
});
