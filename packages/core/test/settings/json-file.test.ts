import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Settings } from '../../src/contracts/index.js';
import { JsonFile, type Log } from '../../src/settings/json-file.js';

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
    expect(await file.read()).toEqual({ locale: 'en', theme: 'dark', editor: { fontSize: 14, wordWrap: false } });
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
