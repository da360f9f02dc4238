import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Settings } from '../../src/contracts/index.js';
import { JsonFile, type Log } from '../../src/settings/json-file.js';
import { SettingsStore } from '../../src/settings/settings-store.js';

let dir: string;
const warnings: string[] = [];
const log: Log = (level, message) => level === 'warn' && warnings.push(message);

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'webnova-json-'));
  warnings.length = 0;
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('JsonFile', () => {
  it('gives defaults when the file does not exist', async () => {
    const file = new JsonFile(join(dir, 's.json'), Settings, log);
    expect(await file.read()).toEqual({
      locale: 'en',
      theme: 'dark',
      editor: { fontSize: 14, wordWrap: false },
      sandbox: { memoryMb: 512, wallSeconds: 120 },
    });
  });

  it.each([
    ['not JSON', '{ "locale": '],
    ['the wrong shape', '{ "locale": "klingon" }'],
  ])('sets aside a file that is %s and starts from defaults', async (_label, text) => {
    const path = join(dir, 's.json');
    await writeFile(path, text);
    const file = new JsonFile(path, Settings, log);
    expect((await file.read()).locale).toBe('en');
    const names = await readdir(dir);
    expect(names.some((n) => n.startsWith('s.json.corrupt-'))).toBe(true);
    expect(warnings).toHaveLength(1);
  });

  it('writes atomically and in call order, leaving no temp files', async () => {
    const path = join(dir, 's.json');
    const file = new JsonFile(path, Settings, log);
    const base = await file.read();
    await Promise.all(
      [10, 11, 12, 13, 14].map((fontSize) => file.write({ ...base, editor: { ...base.editor, fontSize } })),
    );
    expect(JSON.parse(await readFile(path, 'utf8')).editor.fontSize).toBe(14);
    expect(await readdir(dir)).toEqual(['s.json']);
  });
});

describe('SettingsStore', () => {
  it('keeps every patch of updates sent together: the language and the theme a click apart', async () => {
    const store = await SettingsStore.open(dir, log);
    const [first, second, third] = await Promise.all([
      store.update({ locale: 'ar' }),
      store.update({ theme: 'light' }),
      store.update({ editor: { fontSize: 16 } }),
    ]);
    expect(first).toMatchObject({ locale: 'ar', theme: 'dark' });
    expect(second).toMatchObject({ locale: 'ar', theme: 'light' });
    expect(third).toEqual({
      locale: 'ar',
      theme: 'light',
      editor: { fontSize: 16, wordWrap: false },
      sandbox: { memoryMb: 512, wallSeconds: 120 },
    });
    expect(JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8'))).toEqual(third);
    expect((await SettingsStore.open(dir, log)).get()).toEqual(third);
  });

  it('goes on after a refused patch', async () => {
    const store = await SettingsStore.open(dir, log);
    await expect(store.update({ editor: { fontSize: 500 } })).rejects.toThrow();
    expect(await store.update({ theme: 'light' })).toMatchObject({ theme: 'light', editor: { fontSize: 14 } });
  });
});
