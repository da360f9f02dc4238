import { chmod, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { UUID } from '../db/database.js';
import type { GitRunner } from './git-process.js';

/** A ref no object has: what a ref update names as its old id when creating, and new when deleting. */
export const ZERO_ID = /^0+$/;

/**
 * The bare repositories, one per project, at `<root>/<tenant id>/<project id>.git`: named by ids, never
 * by what a user typed, and private to the server (folders 0700, files 0600). The root is storage every
 * replica shares (a ReadWriteMany volume on Kubernetes, see deploy/kubernetes).
 */
export class Repositories {
  constructor(
    readonly root: string,
    private readonly git: GitRunner,
  ) {}

  pathOf(tenantId: string, projectId: string): string {
    if (!UUID.test(tenantId) || !UUID.test(projectId)) throw new Error('a repository is named by two uuids');
    return join(this.root, tenantId.toLowerCase(), `${projectId.toLowerCase()}.git`);
  }

  /**
   * Makes the project's empty bare repository, with no template (so no hook samples) and `main` as its
   * default branch. Called once the project's row is inserted (in the same transaction): a folder found
   * there is a leftover of a creation whose transaction never committed, and is replaced.
   */
  async create(tenantId: string, projectId: string): Promise<string> {
    await mkdir(this.root, { recursive: true, mode: 0o700 });
    await chmod(this.root, 0o700);
    await mkdir(join(this.root, tenantId.toLowerCase()), { recursive: true, mode: 0o700 });
    const path = this.pathOf(tenantId, projectId);
    await rm(path, { recursive: true, force: true });
    await mkdir(path, { mode: 0o700 });
    await this.git.output(['init', '--bare', '--quiet', '--template=', '--shared=0600', '--initial-branch=main', path]);
    return path;
  }

  async remove(tenantId: string, projectId: string): Promise<void> {
    await rm(this.pathOf(tenantId, projectId), { recursive: true, force: true });
  }

  /**
   * Points HEAD at a branch the repository has when the branch it names has none (a project published
   * from `master` or `trunk`, whose HEAD still names the `main` it was made with): git's command line
   * only warns then, but isomorphic-git (the desktop) can neither fetch nor clone a repository whose
   * HEAD names nothing. `main` when there is one, else the first branch by name; none, nothing changes.
   */
  async keepHeadOnABranch(path: string, refs: Map<string, string>): Promise<void> {
    const head = (await this.git.output(['--git-dir', path, 'symbolic-ref', 'HEAD'])).trim();
    if (refs.has(head)) return;
    const branches = [...refs.keys()].filter((ref) => ref.startsWith('refs/heads/')).sort();
    const target = branches.includes('refs/heads/main') ? 'refs/heads/main' : branches[0];
    if (target) await this.git.output(['--git-dir', path, 'symbolic-ref', 'HEAD', target]);
  }

  /** Every ref of the repository at `path` and the object it points to. */
  async refs(path: string): Promise<Map<string, string>> {
    const text = await this.git.output(['--git-dir', path, 'for-each-ref', '--format=%(objectname) %(refname)']);
    const refs = new Map<string, string>();
    for (const line of text.split('\n')) {
      const space = line.indexOf(' ');
      if (space > 0) refs.set(line.slice(space + 1), line.slice(0, space));
    }
    return refs;
  }
}
