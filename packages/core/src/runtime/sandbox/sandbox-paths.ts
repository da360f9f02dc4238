/**
 * The path checks every isolating backend makes before it binds anything: the project and the writable
 * folders by their real paths, never a system folder or the home folder (nor a folder containing one),
 * and a `.git` that is a symlink refused (it would bind whatever it points at, read-only or not).
 */
import { lstat, realpath } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { CoreError } from '../../contracts/errors.js';
import type { CommandRequest } from './command-runner.js';

/** Folders no policy may make writable (nor any folder containing one). */
function protectedFolders(): string[] {
  return ['/', '/usr', '/etc', '/bin', '/lib', '/proc', '/sys', '/dev', '/boot', '/root', homedir()];
}

/** Whether `child` is `parent` or inside it (both absolute). */
export function isInsideOrSame(parent: string, child: string): boolean {
  const path = relative(parent, child);
  return path === '' || (!path.startsWith('..') && !path.startsWith(sep) && path !== '..');
}

type PathRefusal = 'ERROR_SANDBOX_PATH_MISSING' | 'ERROR_SANDBOX_PATH_PROTECTED' | 'ERROR_SANDBOX_GIT_LINK';

export function rejectPath(path: string, code: PathRefusal): never {
  throw new CoreError('PERMISSION_DENIED', { code, params: { path } });
}

/** A path's real location, which is what is bound (a symlink would bind whatever it points at). */
async function realFolder(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch {
    return rejectPath(path, 'ERROR_SANDBOX_PATH_MISSING');
  }
}

/** A folder the sandbox may see or write, refused when it is or holds a system folder or the home folder. */
export async function allowedFolder(path: string): Promise<string> {
  const real = await realFolder(path);
  if (protectedFolders().some((folder) => isInsideOrSame(real, folder)))
    rejectPath(path, 'ERROR_SANDBOX_PATH_PROTECTED');
  return real;
}

export interface CheckedPaths {
  /** The project's real path: bound read-write at that path, the run's working folder. */
  project: string;
  writable: string[];
  readOnly: string[];
}

/** The request's folders by their real paths, or a refusal before anything runs. */
export async function checkedPaths(request: CommandRequest): Promise<CheckedPaths> {
  const project = await realFolder(request.cwd);
  for (const folder of protectedFolders()) {
    if (isInsideOrSame(project, folder)) rejectPath(request.cwd, 'ERROR_SANDBOX_PATH_PROTECTED');
  }
  const writable: string[] = [];
  for (const path of request.policy.writablePaths) writable.push(await allowedFolder(path));
  const readOnly = await Promise.all(request.policy.readOnlyPaths.map(realFolder));
  return { project, writable, readOnly };
}

/**
 * The project's `.git` to bind read-only, when there is one: undefined when absent, a refusal when it is
 * a symlink. (bubblewrap binds it through an fd opened with O_NOFOLLOW, closing the gap between this
 * check and the bind; an engine binding by path cannot, see oci-runner.ts.)
 */
export async function gitFolder(project: string): Promise<string | undefined> {
  const path = join(project, '.git');
  const stat = await lstat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (stat?.isSymbolicLink()) rejectPath(path, 'ERROR_SANDBOX_GIT_LINK');
  return stat ? path : undefined;
}

/** The system's folders only: a program found through the user's PATH could be anything the user put there. */
export const SYSTEM_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
