import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { usePrompts } from '../src/dialogs/prompt-store';
import { provideTextDocuments } from '../src/editor/documents';
import { useEditors } from '../src/editor/editors-store';
import { useExplorer } from '../src/explorer/explorer-store';
import { startTestCore, type TestCore } from './support/in-process-core';
import { MemoryDocuments } from './support/memory-documents';

let env: TestCore;
const explorer = () => useExplorer.getState();
const names = (folder: string) => (explorer().children[folder] ?? []).map((entry) => entry.name);

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
  await mkdir(join(env.root, 'src'));
  await writeFile(join(env.root, 'src', 'index.ts'), 'export {};\n');
  await writeFile(join(env.root, 'README.md'), '# hi\n');
  await env.client.call('workspace.open', { root: env.root });
  useExplorer.setState(useExplorer.getInitialState(), true);
  useEditors.setState(useEditors.getInitialState(), true);
  usePrompts.setState(usePrompts.getInitialState(), true);
  provideTextDocuments(new MemoryDocuments());
  await explorer().loadFolder('');
});

afterEach(async () => {
  await env.close();
});

describe('explorer store', () => {
  it('loads the root with folders first and expands folders lazily', async () => {
    expect(names('')).toEqual(['src', 'README.md']);
    expect(explorer().children.src).toBeUndefined();
    await explorer().toggle('src');
    expect(explorer().expanded.src).toBe(true);
    expect(names('src')).toEqual(['index.ts']);
    await explorer().toggle('src');
    expect(explorer().expanded.src).toBe(false);
  });

  it('creates a file in the selected folder and opens it', async () => {
    await explorer().expand('src');
    explorer().select('src/index.ts');
    await explorer().startCreate('file');
    expect(explorer().edit).toEqual({ mode: 'create', parent: 'src', kind: 'file' });
    expect(explorer().check('index.ts')).toBe('exists');
    expect(explorer().check('a/b')).toBe('separator');
    expect(await explorer().commitEdit('')).toBe(false);
    expect(await explorer().commitEdit('main.ts')).toBe(true);
    expect((await stat(join(env.root, 'src', 'main.ts'))).isFile()).toBe(true);
    expect(names('src')).toContain('main.ts');
    expect(explorer().selected).toBe('src/main.ts');
    expect(useEditors.getState().active).toBe('src/main.ts');
  });

  it('creates a folder at the root when nothing is selected', async () => {
    await explorer().startCreate('directory');
    expect(await explorer().commitEdit('docs')).toBe(true);
    expect((await stat(join(env.root, 'docs'))).isDirectory()).toBe(true);
    expect(names('')).toEqual(['docs', 'src', 'README.md']);
  });

  it('renames an entry and moves its open tab along', async () => {
    await explorer().expand('src');
    await useEditors.getState().open('src/index.ts');
    explorer().startRename('src');
    expect(explorer().check('README.md')).toBe('exists');
    expect(explorer().check('src')).toBeNull();
    expect(await explorer().commitEdit('lib')).toBe(true);
    expect(await readFile(join(env.root, 'lib', 'index.ts'), 'utf8')).toBe('export {};\n');
    expect(names('')).toEqual(['lib', 'README.md']);
    expect(useEditors.getState().active).toBe('lib/index.ts');
    expect(explorer().children.src).toBeUndefined();
  });

  it('deletes only after the user confirms', async () => {
    answerNextPrompt('cancel');
    expect(await explorer().requestDelete('README.md')).toBe(false);
    expect(names('')).toContain('README.md');

    await useEditors.getState().open('README.md');
    answerNextPrompt('delete');
    expect(await explorer().requestDelete('README.md')).toBe(true);
    await expect(stat(join(env.root, 'README.md'))).rejects.toThrow();
    expect(names('')).toEqual(['src']);
    expect(useEditors.getState().tabs).toEqual([]);
  });

  it('reports a failed create (the name appeared meanwhile) and keeps the input open', async () => {
    await explorer().startCreate('file');
    await writeFile(join(env.root, 'late.ts'), '');
    expect(await explorer().commitEdit('late.ts')).toBe(false);
    expect(explorer().edit).not.toBeNull();
    expect(names('')).toContain('late.ts');
  });

  it('refreshes loaded folders when core reports changes from its watcher', async () => {
    const stop = env.client.on('fs.changed', ({ changes }) => explorer().onFsChanged(changes));
    try {
      await explorer().expand('src');
      await writeFile(join(env.root, 'src', 'added.ts'), '');
      await expect.poll(() => names('src')).toContain('added.ts');
    } finally {
      stop();
    }
  });
});
