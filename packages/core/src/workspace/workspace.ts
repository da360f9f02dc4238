import { realpath, stat } from 'node:fs/promises';
import { basename, isAbsolute } from 'node:path';
import type { z } from 'zod';
import {
  CoreError,
  type FileChange,
  type FileContent,
  type FileEntry,
  type FileStat,
  type TextSearchQuery,
  type TextSearchResult,
} from '../contracts/index.js';
import { readDocument, statDocument, type WriteOptions, writeDocument } from './documents.js';
import { createEntry, deleteEntry, listFolder, renameEntry } from './entries.js';
import { listWorkspaceFiles } from './file-index.js';
import { onPath } from './fs-errors.js';
import { type ResolvedPath, WorkspacePaths } from './paths.js';
import { searchWorkspace } from './search.js';
import { type StopWatching, type WatchOptions, watchWorkspace } from './watcher.js';

/**
 * An open project folder. Every path it takes is workspace-relative with `/` separators and is
 * refused when it would reach outside the folder, through `..` or through a symlink.
 */
export class Workspace {
  readonly root: string;
  readonly name: string;
  readonly #paths: WorkspacePaths;

  private constructor(root: string) {
    this.root = root;
    this.name = basename(root) || root;
    this.#paths = new WorkspacePaths(root);
  }

  /** Opens an existing folder given by absolute path; the workspace's root is its realpath. */
  static async open(root: string): Promise<Workspace> {
    if (!isAbsolute(root)) {
      throw new CoreError(
        'INVALID_PATH',
        { code: 'ERROR_NOT_ABSOLUTE_FOLDER', params: { path: root } },
        { path: root },
      );
    }
    const real = await onPath(root, () => realpath(root));
    const stats = await onPath(root, () => stat(real));
    if (!stats.isDirectory())
      throw new CoreError('NOT_A_DIRECTORY', { code: 'ERROR_NOT_A_FOLDER', params: { path: root } }, { path: root });
    return new Workspace(real);
  }

  async list(path: string): Promise<FileEntry[]> {
    return listFolder(this.#paths, await this.#paths.resolve(path));
  }

  async stat(path: string): Promise<FileStat> {
    return statDocument(await this.#paths.resolve(path));
  }

  async read(path: string): Promise<FileContent> {
    return readDocument(await this.#paths.resolve(path));
  }

  async write(path: string, content: string, expectedEtag?: string, options?: WriteOptions): Promise<FileStat> {
    return writeDocument(await this.#paths.resolve(path), content, expectedEtag, options);
  }

  /** Where a workspace path leads on disk once every link is followed (`PATH_OUTSIDE_WORKSPACE` if that is outside). */
  resolve(path: string): Promise<ResolvedPath> {
    return this.#paths.resolve(path);
  }

  async create(path: string, kind: 'file' | 'directory'): Promise<FileEntry> {
    return createEntry(this.#paths, await this.#paths.resolve(path), kind);
  }

  async rename(from: string, to: string): Promise<FileEntry> {
    const [source, target] = await Promise.all([this.#paths.resolve(from), this.#paths.resolve(to)]);
    return renameEntry(this.#paths, source, target);
  }

  async delete(path: string): Promise<void> {
    return deleteEntry(await this.#paths.resolve(path));
  }

  files(limit: number): Promise<{ files: string[]; truncated: boolean }> {
    return listWorkspaceFiles(this.#paths, limit);
  }

  search(query: z.output<typeof TextSearchQuery>): Promise<TextSearchResult> {
    return searchWorkspace(this.#paths, query);
  }

  /** Reports file changes in batches until the returned function is called (await its `ready` first in tests). */
  watch(onChanges: (changes: FileChange[]) => void, options?: WatchOptions): StopWatching {
    return watchWorkspace(this.root, onChanges, options);
  }
}
