import { randomBytes } from 'node:crypto';
import { constants, type Dirent, type Stats } from 'node:fs';
import { lstat, mkdir, open, readdir, realpath, rename, rm, rmdir, unlink } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { CoreError, type SystemMessage } from '../../contracts/index.js';
import { errnoOf, toCoreError } from '../../workspace/fs-errors.js';
import { WorkspacePaths } from '../../workspace/paths.js';
import { isGeneratedPath, STATE_DIR } from './manifest.js';

/**
 * Where a path belongs: `project`, a generated file (a link on the way is followed when it stays in
 * the project and out of `.git` and `.webnova`); `record`, the generator's own bookkeeping under
 * `.webnova/`, kept only in real folders (no link anywhere on the way).
 */
export type Area = 'project' | 'record';

/** The last step of a change, about to happen: the rename that puts a file in place, or the unlink. */
export interface FinalStep {
  readonly path: string;
  readonly kind: 'write' | 'delete';
}
export type BeforeFinalStep = (step: FinalStep) => Promise<void>;

interface Located {
  /** The real folder the path's parent leads to, checked. */
  readonly folder: string;
  /** `folder` + the path's own name: never a link (what is there is refused if it is one). */
  readonly file: string;
  /** What is at `file` now, or null when nothing is. */
  readonly stats: Stats | null;
}

const CONCURRENCY = 16;
const NO_FOLLOW = constants.O_NOFOLLOW ?? 0;

async function inBatches<T>(items: readonly T[], run: (item: T) => Promise<void>): Promise<void> {
  for (let start = 0; start < items.length; start += CONCURRENCY) {
    await Promise.all(items.slice(start, start + CONCURRENCY).map(run));
  }
}

/** The temp name the workspace watcher already ignores (see workspace/atomic-write.ts). */
function tempName(name: string): string {
  return `.${name.slice(0, 100)}.${randomBytes(6).toString('hex')}.webnova.tmp`;
}

function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

/** The real path of a folder that may not exist yet: the deepest existing ancestor's, plus the rest. */
async function realFolder(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch (error) {
    if (errnoOf(error) !== 'ENOENT' || dirname(path) === path) throw toCoreError(error, path);
  }
  return join(await realFolder(dirname(path)), basename(path));
}

function inTheWay(path: string, stats: Stats): CoreError {
  if (stats.isSymbolicLink()) {
    return new CoreError('CONFLICT', { code: 'ERROR_GENERATE_SYMLINK', params: { path } }, { path, reason: 'symlink' });
  }
  return new CoreError(
    'CONFLICT',
    { code: 'ERROR_GENERATE_IN_THE_WAY', params: { path } },
    {
      path,
      reason: 'not-a-file',
    },
  );
}

/**
 * The project being generated, as the generator may touch it. Every read, write and delete names a
 * project-relative path and is resolved on the real disk right before it happens, as the workspace
 * does (`WorkspacePaths`: the real path of the deepest existing ancestor, following every link):
 * anything that leads outside the project is `PATH_OUTSIDE_WORKSPACE`, a link into `.git` or
 * `.webnova` (or any link in the record) is a `CONFLICT`, and so is a link at the file itself.
 *
 * Files are replaced whole: a temp file in the resolved real folder, then a rename over the target.
 * The rename replaces a link that appeared at the last moment instead of following it, and a folder
 * swapped for a link at the last moment leaves the temp file behind in the old folder, so the rename
 * fails rather than writing elsewhere. What Node cannot close (it has no openat/unlinkat): an
 * ancestor folder swapped for a link between the last check and an unlink makes that one unlink act
 * in the link's target. That takes a process already able to write in the project, racing a window of
 * microseconds.
 *
 * No fsync: with the IDE's core running, one flush measured 1-4 s here (against ~5 ms without), which
 * would make regenerating a project take minutes. The record's order (files first, manifest last)
 * protects against a crash of the process; after a power cut the next run sees lost writes as edits
 * to keep, so even then nothing of the user's is overwritten.
 */
export class ProjectFolder {
  /** The project's real path. */
  readonly root: string;
  readonly #paths: WorkspacePaths;

  private constructor(root: string) {
    this.root = root;
    this.#paths = new WorkspacePaths(root);
  }

  /** The project at `root` (absolute), which need not exist yet (a dry run into a new folder). */
  static async open(root: string): Promise<ProjectFolder> {
    if (!isAbsolute(root)) {
      throw new CoreError(
        'INVALID_PATH',
        { code: 'ERROR_NOT_ABSOLUTE_FOLDER', params: { path: root } },
        { path: root },
      );
    }
    return new ProjectFolder(await realFolder(root));
  }

  /** The text of a file, or null when there is none; refused as described above. */
  async read(path: string, area: Area): Promise<string | null> {
    const { file, stats } = await this.#locate(path, area);
    if (!stats) return null;
    try {
      const handle = await open(file, constants.O_RDONLY | NO_FOLLOW);
      try {
        return await handle.readFile('utf8');
      } finally {
        await handle.close();
      }
    } catch (error) {
      throw this.#failed(path, error);
    }
  }

  /** Resolves and checks `path` as a write would, writing nothing: to refuse before the first write. */
  async check(path: string, area: Area): Promise<void> {
    await this.#locate(path, area);
  }

  /** Replaces or creates every file whole; an existing file keeps its mode. */
  async write(
    files: ReadonlyArray<{ readonly path: string; readonly content: string }>,
    area: Area,
    beforeFinalStep?: BeforeFinalStep,
  ): Promise<void> {
    // Folders first, one at a time: many writers making the same parent would race each other.
    for (const folder of new Set(files.map((file) => parentOf(file.path)))) {
      const real = await this.#folder(folder, area, folder);
      await mkdir(real, { recursive: true }).catch((error: unknown) => {
        throw toCoreError(error, folder);
      });
    }
    await inBatches(files, (file) => this.#writeOne(file.path, file.content, area, beforeFinalStep));
  }

  /** Deletes a regular file (never what a link points to); nothing there is fine. */
  async remove(path: string, area: Area, beforeFinalStep?: BeforeFinalStep): Promise<void> {
    const { file, stats } = await this.#locate(path, area);
    if (!stats) return;
    await beforeFinalStep?.({ path, kind: 'delete' });
    await unlink(file).catch((error: unknown) => {
      if (errnoOf(error) !== 'ENOENT') throw this.#failed(path, error);
    });
  }

  /** The entries of a folder as they are (a link is a link), or none when it does not exist. */
  async list(folder: string, area: Area): Promise<Dirent[]> {
    const real = await this.#folder(folder, area, folder);
    try {
      return await readdir(real, { withFileTypes: true });
    } catch (error) {
      if (errnoOf(error) === 'ENOENT' || errnoOf(error) === 'ENOTDIR') return [];
      throw this.#failed(folder, error);
    }
  }

  /** Removes a folder if it is empty (never a link, never what is in it). */
  async removeEmptyFolder(folder: string, area: Area): Promise<void> {
    await rmdir(await this.#folder(folder, area, folder)).catch(() => undefined);
  }

  async #writeOne(path: string, content: string, area: Area, beforeFinalStep?: BeforeFinalStep): Promise<void> {
    // Resolved again right before writing: a link made since the plan is refused here.
    const { folder, file, stats } = await this.#locate(path, area);
    const mode = stats ? stats.mode & 0o7777 : 0o666;
    const temp = join(folder, tempName(basename(path)));
    try {
      const handle = await open(temp, 'wx', mode);
      try {
        await handle.writeFile(content);
        // The umask narrowed the mode given to open; a file the user made executable stays so.
        if (stats) await handle.chmod(mode);
      } finally {
        await handle.close();
      }
      await beforeFinalStep?.({ path, kind: 'write' });
      await rename(temp, file);
    } catch (error) {
      await rm(temp, { force: true });
      throw this.#failed(path, error);
    }
  }

  /** Resolves `path`'s folder and looks at the path itself without following it. */
  async #locate(path: string, area: Area): Promise<Located> {
    if (area === 'project' ? !isGeneratedPath(path) : !path.startsWith(`${STATE_DIR}/`)) {
      throw new CoreError('INVALID_PATH', { code: 'ERROR_GENERATE_NOT_ALLOWED', params: { path } }, { path });
    }
    const folder = await this.#folder(parentOf(path), area, path);
    const file = join(folder, basename(path));
    let stats: Stats | null;
    try {
      stats = await lstat(file);
    } catch (error) {
      if (errnoOf(error) !== 'ENOENT' && errnoOf(error) !== 'ENOTDIR') throw this.#failed(path, error);
      stats = null;
    }
    if (stats && !stats.isFile()) throw inTheWay(path, stats);
    return { folder, file, stats };
  }

  /** The real folder `folder` leads to, refused (naming `path`) where the area may not go. */
  async #folder(folder: string, area: Area, path: string): Promise<string> {
    let resolved: Awaited<ReturnType<WorkspacePaths['resolve']>>;
    try {
      resolved = await this.#paths.resolve(folder);
    } catch (error) {
      if (error instanceof CoreError && error.code === 'PATH_OUTSIDE_WORKSPACE') {
        throw new CoreError(
          'PATH_OUTSIDE_WORKSPACE',
          { code: 'ERROR_GENERATE_LINK_OUTSIDE', params: { path, folder } },
          { path, folder },
        );
      }
      throw toCoreError(error, path);
    }
    const realRel = this.#paths.toRelative(resolved.real);
    const allowed = area === 'record' ? resolved.real === resolved.abs : realRel === '' || isGeneratedPath(realRel);
    if (!allowed) {
      const where: SystemMessage =
        area === 'record'
          ? { code: 'ERROR_GENERATE_RECORD_REAL_FOLDERS' }
          : { code: 'ERROR_GENERATE_LEADS_TO', params: { path: realRel } };
      throw new CoreError(
        'CONFLICT',
        { code: 'ERROR_GENERATE_THROUGH_LINK', params: { path, folder, where } },
        { path, folder, reason: 'symlink' },
      );
    }
    return resolved.real;
  }

  #failed(path: string, error: unknown): CoreError {
    switch (errnoOf(error)) {
      case 'ELOOP':
        return new CoreError(
          'CONFLICT',
          { code: 'ERROR_GENERATE_BECAME_LINK', params: { path } },
          {
            path,
            reason: 'symlink',
          },
        );
      case 'ENOENT':
        return new CoreError(
          'CONFLICT',
          { code: 'ERROR_GENERATE_FOLDER_CHANGED', params: { path } },
          {
            path,
          },
        );
      default:
        return toCoreError(error, path);
    }
  }
}
