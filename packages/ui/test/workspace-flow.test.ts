import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { provideTextDocuments } from '../src/editor/documents';
import { useEditors } from '../src/editor/editors-store';
import { useExplorer } from '../src/explorer/explorer-store';
import { useWorkspaceFiles } from '../src/palette/files-store';
import { useOutput } from '../src/panels/output-store';
import { useSearch } from '../src/search/search-store';
import { useSettings } from '../src/settings/settings-store';
import { applyWorkspace, closeFolder, loadRecent, openFolder } from '../src/workspace/folder-actions';
import { useWorkspace } from '../src/workspace/workspace-store';
import { startTestCore, type TestCore } from './support/in-process-core';
import { MemoryDocuments } from './support/memory-documents';

let env: TestCore;
let second: string;

beforeEach(async () => {
  env = await startTestCore();
  await writeFile(join(env.root, 'one.ts'), 'const needle = 1;\nconst other = needle + 1;\n');
  second = join(env.root, '..', 'second');
  await mkdir(second);
  await writeFile(join(second, 'two.ts'), 'two\n');
  useWorkspace.setState(useWorkspace.getInitialState(), true);
  useEditors.setState(useEditors.getInitialState(), true);
  useExplorer.setState(useExplorer.getInitialState(), true);
  useWorkspaceFiles.setState(useWorkspaceFiles.getInitialState(), true);
  useSearch.setState(useSearch.getInitialState(), true);
  provideTextDocuments(new MemoryDocuments());
});

afterEach(async () => {
  await env.close();
});

describe('opening and closing folders', () => {
  it('opens a folder, loads its tree, and logs it', async () => {
    expect(await openFolder(env.root)).toBe(true);
    expect(useWorkspace.getState().workspace?.name).toBe('project');
    expect(useExplorer.getState().children['']?.map((e) => e.name)).toEqual(['one.ts']);
    expect(useOutput.getState().lines.some((line) => line.text.includes(env.root))).toBe(true);
    await loadRecent();
    expect(useWorkspace.getState().recent[0]?.root).toBe(env.root);
  });

  it('lets the Open Folder dialog show why a path cannot be opened', async () => {
    await expect(openFolder(join(env.root, 'nope'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(useWorkspace.getState().workspace).toBeNull();
  });

  it('keeps each folder’s tabs: switching away and back restores them', async () => {
    await openFolder(env.root);
    await useEditors.getState().open('one.ts');
    expect(await openFolder(second)).toBe(true);
    expect(useEditors.getState().tabs).toEqual([]);
    await useEditors.getState().open('two.ts');
    await openFolder(env.root);
    await expect.poll(() => useEditors.getState().tabs.map((t) => t.path)).toEqual(['one.ts']);
  });

  it('closes the folder and clears what belonged to it', async () => {
    await openFolder(env.root);
    await useEditors.getState().open('one.ts');
    await closeFolder();
    expect(useWorkspace.getState().workspace).toBeNull();
    expect(useEditors.getState().tabs).toEqual([]);
    expect(useExplorer.getState().children).toEqual({});
  });

  it('ignores a workspace.changed event for the folder already shown', async () => {
    await openFolder(env.root);
    await useEditors.getState().open('one.ts');
    await applyWorkspace({ root: env.root, name: 'project' });
    expect(useEditors.getState().tabs).toHaveLength(1);
  });
});

describe('search and quick open against core', () => {
  it('finds text with the chosen options', async () => {
    await openFolder(env.root);
    useSearch.getState().setQuery('needle');
    await useSearch.getState().run();
    expect(useSearch.getState().result?.matchCount).toBe(2);
    useSearch.getState().toggleFlag('wholeWord');
    useSearch.getState().setQuery('needl');
    await useSearch.getState().run();
    expect(useSearch.getState().result?.matchCount).toBe(0);
  });

  it('shows a bad regular expression as an error, not as no results', async () => {
    await openFolder(env.root);
    useSearch.getState().setQuery('(unclosed');
    useSearch.getState().toggleFlag('isRegex');
    await useSearch.getState().run();
    expect(useSearch.getState().error?.code).toBe('INVALID_INPUT');
  });

  it('caches the file list and drops it when files come or go', async () => {
    await openFolder(env.root);
    await useWorkspaceFiles.getState().ensure();
    expect(useWorkspaceFiles.getState().files).toEqual(['one.ts']);
    useWorkspaceFiles.getState().onFsChanged([{ type: 'changed', path: 'one.ts', kind: 'file' }]);
    expect(useWorkspaceFiles.getState().files).not.toBeNull();
    useWorkspaceFiles.getState().onFsChanged([{ type: 'created', path: 'new.ts', kind: 'file' }]);
    expect(useWorkspaceFiles.getState().files).toBeNull();
  });
});

describe('settings', () => {
  it('reads settings from core and persists changes there', async () => {
    await useSettings.getState().load();
    expect(useSettings.getState().settings.locale).toBe('en');
    await useSettings.getState().update({ locale: 'ar', theme: 'light' });
    expect(await env.client.call('settings.get', {})).toMatchObject({ locale: 'ar', theme: 'light' });
    const { i18n } = await import('../src/i18n/i18n');
    expect(i18n.language).toBe('ar');
    await useSettings.getState().update({ locale: 'en', theme: 'dark' });
  });
});
