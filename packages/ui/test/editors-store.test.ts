import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { usePrompts } from '../src/dialogs/prompt-store';
import { provideTextDocuments } from '../src/editor/documents';
import { dirtyCount, useEditors } from '../src/editor/editors-store';
import { restoreSession, saveSessionNow } from '../src/editor/session';
import { useOutput } from '../src/panels/output-store';
import { startTestCore, type TestCore } from './support/in-process-core';
import { MemoryDocuments } from './support/memory-documents';

let env: TestCore;
let docs: MemoryDocuments;

const editors = () => useEditors.getState();
const tab = (path: string) => editors().tabs.find((candidate) => candidate.path === path);

/** Opens a file and gives it a buffer, as the Monaco view does when the tab shows. */
async function openWithBuffer(path: string) {
  await editors().open(path);
  const opened = tab(path);
  if (opened?.status === 'ready') docs.open(path, opened.savedContent);
}

/** Answers the next modal question with the button `choice`. */
function answerNextPrompt(choice: string) {
  const stop = usePrompts.subscribe((state) => {
    if (state.current) {
      stop();
      state.answer(choice);
    }
  });
}

beforeEach(async () => {
  env = await startTestCore();
  await writeFile(join(env.root, 'a.ts'), 'export const a = 1;\n');
  await writeFile(join(env.root, 'b.ts'), 'export const b = 2;\n');
  await env.client.call('workspace.open', { root: env.root });
  useEditors.setState(useEditors.getInitialState(), true);
  usePrompts.setState(usePrompts.getInitialState(), true);
  useOutput.getState().clear();
  docs = new MemoryDocuments();
  provideTextDocuments(docs);
});

afterEach(async () => {
  await env.close();
});

describe('editors store', () => {
  it('opens a file into a tab and activates it', async () => {
    await openWithBuffer('a.ts');
    expect(tab('a.ts')).toMatchObject({ status: 'ready', savedContent: 'export const a = 1;\n', dirty: false });
    expect(tab('a.ts')?.etag).toBeTruthy();
    expect(editors().active).toBe('a.ts');
  });

  it('opens new tabs to the right of the active one', async () => {
    await openWithBuffer('a.ts');
    await openWithBuffer('b.ts');
    editors().activate('a.ts');
    await writeFile(join(env.root, 'c.ts'), '');
    await openWithBuffer('c.ts');
    expect(editors().tabs.map((t) => t.path)).toEqual(['a.ts', 'c.ts', 'b.ts']);
  });

  it('saves typed text with the etag it read, and is clean afterwards', async () => {
    await openWithBuffer('a.ts');
    docs.type('a.ts', 'export const a = 10;\n');
    expect(tab('a.ts')?.dirty).toBe(true);
    expect(dirtyCount(editors().tabs)).toBe(1);
    const etagBefore = tab('a.ts')?.etag;
    expect(await editors().save('a.ts')).toBe(true);
    expect(await readFile(join(env.root, 'a.ts'), 'utf8')).toBe('export const a = 10;\n');
    expect(tab('a.ts')).toMatchObject({ dirty: false, disk: 'in-sync' });
    expect(tab('a.ts')?.etag).not.toBe(etagBefore);
  });

  it('reloads a clean tab silently when its file changes on disk', async () => {
    await openWithBuffer('a.ts');
    await writeFile(join(env.root, 'a.ts'), 'changed elsewhere\n');
    editors().onFsChanged([{ type: 'changed', path: 'a.ts', kind: 'file' }]);
    await expect.poll(() => docs.read('a.ts')).toBe('changed elsewhere\n');
    expect(tab('a.ts')).toMatchObject({ dirty: false, disk: 'in-sync', savedContent: 'changed elsewhere\n' });
  });

  it('ignores change events for its own saves', async () => {
    await openWithBuffer('a.ts');
    docs.type('a.ts', 'mine\n');
    await editors().save('a.ts');
    // The check reads the file from core: wait for that answer, not for "long enough".
    const reads: Array<Promise<unknown>> = [];
    const call = env.client.call;
    const spy = vi.spyOn(env.client, 'call').mockImplementation((...args) => {
      const answer = call.apply(env.client, args);
      reads.push(answer);
      return answer;
    });
    try {
      editors().onFsChanged([{ type: 'changed', path: 'a.ts', kind: 'file' }]);
      expect(reads).toHaveLength(1);
      await Promise.allSettled(reads);
      await new Promise((resolve) => setImmediate(resolve)); // what the check does with the answer
    } finally {
      spy.mockRestore();
    }
    expect(tab('a.ts')?.disk).toBe('in-sync');
  });

  it('warns instead of reloading a dirty tab, then lets the user overwrite', async () => {
    await openWithBuffer('a.ts');
    docs.type('a.ts', 'my edit\n');
    await writeFile(join(env.root, 'a.ts'), 'their edit\n');
    editors().onFsChanged([{ type: 'changed', path: 'a.ts', kind: 'file' }]);
    await expect.poll(() => tab('a.ts')?.disk).toBe('changed');
    expect(docs.read('a.ts')).toBe('my edit\n');
    expect(await editors().save('a.ts', { overwrite: true })).toBe(true);
    expect(await readFile(join(env.root, 'a.ts'), 'utf8')).toBe('my edit\n');
    expect(tab('a.ts')?.disk).toBe('in-sync');
  });

  it('turns a save over a newer file into a conflict, and Reload takes the disk version', async () => {
    await openWithBuffer('a.ts');
    docs.type('a.ts', 'my edit\n');
    await writeFile(join(env.root, 'a.ts'), 'their edit\n');
    expect(await editors().save('a.ts')).toBe(false);
    expect(tab('a.ts')?.disk).toBe('changed');
    expect(await readFile(join(env.root, 'a.ts'), 'utf8')).toBe('their edit\n');
    await editors().reload('a.ts');
    expect(docs.read('a.ts')).toBe('their edit\n');
    expect(tab('a.ts')).toMatchObject({ dirty: false, disk: 'in-sync' });
  });

  it("keeps a deleted file's text and recreates the file on save", async () => {
    await openWithBuffer('a.ts');
    docs.type('a.ts', 'keep me\n');
    await rm(join(env.root, 'a.ts'));
    editors().onFsChanged([{ type: 'deleted', path: 'a.ts', kind: 'file' }]);
    await expect.poll(() => tab('a.ts')?.disk).toBe('deleted');
    expect(docs.read('a.ts')).toBe('keep me\n');
    expect(await editors().save('a.ts')).toBe(true);
    expect(await readFile(join(env.root, 'a.ts'), 'utf8')).toBe('keep me\n');
  });

  it('marks tabs inside a deleted folder as deleted', async () => {
    await mkdir(join(env.root, 'lib'));
    await writeFile(join(env.root, 'lib', 'x.ts'), 'x');
    await openWithBuffer('lib/x.ts');
    await rm(join(env.root, 'lib'), { recursive: true });
    editors().onFsChanged([{ type: 'deleted', path: 'lib', kind: 'directory' }]);
    await expect.poll(() => tab('lib/x.ts')?.disk).toBe('deleted');
  });

  it('shows binary and oversized files as unavailable instead of opening them', async () => {
    await writeFile(join(env.root, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0, 1, 2, 3]));
    await editors().open('logo.png');
    expect(tab('logo.png')).toMatchObject({ status: 'unavailable', problem: { code: 'BINARY_FILE' } });
    await writeFile(join(env.root, 'huge.txt'), 'x'.repeat(10 * 1024 * 1024 + 1));
    await editors().open('huge.txt');
    expect(tab('huge.txt')).toMatchObject({ status: 'unavailable', problem: { code: 'FILE_TOO_LARGE' } });
  });

  it('closes a tab whose file does not exist and says why in Output', async () => {
    await editors().open('missing.ts');
    expect(tab('missing.ts')).toBeUndefined();
    expect(useOutput.getState().lines.at(-1)?.text).toMatch(/NOT_FOUND/);
  });

  it("asks before closing a dirty tab: Cancel keeps it, Save writes it, Don't Save drops it", async () => {
    await openWithBuffer('a.ts');
    docs.type('a.ts', 'unsaved\n');
    answerNextPrompt('cancel');
    expect(await editors().requestClose('a.ts')).toBe(false);
    expect(tab('a.ts')).toBeDefined();

    answerNextPrompt('save');
    expect(await editors().requestClose('a.ts')).toBe(true);
    expect(await readFile(join(env.root, 'a.ts'), 'utf8')).toBe('unsaved\n');

    await openWithBuffer('b.ts');
    docs.type('b.ts', 'dropped\n');
    answerNextPrompt('discard');
    expect(await editors().requestClose('b.ts')).toBe(true);
    expect(await readFile(join(env.root, 'b.ts'), 'utf8')).toBe('export const b = 2;\n');
    expect(editors().tabs).toEqual([]);
  });

  it('closes a clean tab without asking and activates the one used before it', async () => {
    await openWithBuffer('a.ts');
    await openWithBuffer('b.ts');
    expect(await editors().requestClose('b.ts')).toBe(true);
    expect(usePrompts.getState().current).toBeNull();
    expect(editors().active).toBe('a.ts');
  });

  it('follows a rename of the file or of its folder', async () => {
    await mkdir(join(env.root, 'lib'));
    await writeFile(join(env.root, 'lib', 'x.ts'), 'x');
    await openWithBuffer('lib/x.ts');
    editors().renamed('lib', 'src');
    expect(editors().active).toBe('src/x.ts');
    expect(docs.read('src/x.ts')).toBe('x');
  });

  it('reveals a search match at its line and column', async () => {
    await editors().open('b.ts', { line: 1, column: 14, length: 1 });
    expect(editors().reveal).toMatchObject({ path: 'b.ts', line: 1, column: 14, length: 1 });
  });

  it('saves the open tabs per workspace and restores them', async () => {
    await openWithBuffer('a.ts');
    await openWithBuffer('b.ts');
    editors().activate('a.ts');
    await saveSessionNow();
    useEditors.setState(useEditors.getInitialState(), true);
    await restoreSession();
    expect(editors().tabs.map((t) => t.path)).toEqual(['a.ts', 'b.ts']);
    expect(editors().active).toBe('a.ts');
    expect(tab('b.ts')?.status).toBe('ready');
  });
});
