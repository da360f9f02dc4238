import * as fs from 'node:fs';
import { rm, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import git from 'isomorphic-git';
import { CoreError } from '../../contracts/index.js';
import { normalizeWorkspacePath, WorkspacePaths } from '../paths.js';
import { discardPaths, type FileVersion, fileVersion, stagePaths, unstagePaths, writeBlob } from './changes.js';
import type { GitAuthor, GitBranch, GitFileSource, GitStatus } from './contract.js';
import { conflict, toCoreError } from './git-errors.js';
import { flattenTree, readHead, TreeFiles, treeOfCommit } from './head-tree.js';
import { readCommitDetails, readLog } from './history.js';
import { readIndex } from './index-snapshot.js';
import { findGitdir, type RepoContext, repoContext } from './repo-context.js';
import { notARepositoryStatus, StatusReader } from './status.js';

/** Which files a call acts on: some paths, or every file of the group it concerns. */
export type FileSelection = { paths: readonly string[] } | { all: true };

const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

function selected(selection: FileSelection, group: () => Promise<string[]>): Promise<string[]> {
  if ('all' in selection) return group();
  return Promise.resolve(
    [...new Set(selection.paths.map(normalizeWorkspacePath))].filter((path) => {
      if (path === '' || path === '.git' || path.startsWith('.git/')) {
        throw new CoreError('INVALID_PATH', { code: 'ERROR_GIT_NOT_IN_WORK_TREE', params: { path } }, { path });
      }
      return true;
    }),
  );
}

/**
 * The git repository of a workspace folder (its own `.git`, not one above it). Every operation runs
 * one at a time, so WebNova never races itself on the index; `onChange` follows each that writes.
 */
export class GitRepository {
  readonly #paths: WorkspacePaths;
  readonly #onChange: () => void;
  #repo: RepoContext | null = null;
  #trees = new TreeFiles();
  #status: StatusReader | null = null;
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(root: string, onChange: () => void) {
    this.#paths = new WorkspacePaths(root);
    this.#onChange = onChange;
  }

  static async open(root: string, onChange: () => void = () => {}): Promise<GitRepository> {
    const repository = new GitRepository(root, onChange);
    await repository.#detect();
    return repository;
  }

  get root(): string {
    return this.#paths.root;
  }

  /** What isomorphic-git calls need, or null when the workspace is not a repository. */
  repoContext(): RepoContext | null {
    return this.#repo;
  }

  /** The git folder, or null when the workspace is not a repository. */
  get gitdir(): string | null {
    return this.#repo?.gitdir ?? null;
  }

  async #detect(): Promise<void> {
    const gitdir = await findGitdir(this.#paths.root);
    if (gitdir === this.#repo?.gitdir) return;
    this.#repo = gitdir ? repoContext(this.#paths.root, gitdir) : null;
    this.#trees = new TreeFiles();
    this.#status = this.#repo ? new StatusReader(this.#repo, this.#trees) : null;
  }

  #run<T>(job: () => Promise<T>, writes = false): Promise<T> {
    const next = this.#queue.then(async () => {
      try {
        return await job();
      } catch (error) {
        throw toCoreError(error);
      } finally {
        if (writes) this.#onChange();
      }
    });
    this.#queue = next.catch(() => {});
    return next;
  }

  #required(): RepoContext {
    if (!this.#repo) {
      throw new CoreError(
        'NOT_FOUND',
        { code: 'ERROR_GIT_NO_REPOSITORY_INIT' },
        {
          reason: 'not-a-repository',
        },
      );
    }
    return this.#repo;
  }

  /**
   * Runs `job` in this repository's queue, after the operations before it and before those after
   * (code sync's fetch, pull and push), telling `onChange` afterwards when it writes.
   */
  exclusive<T>(job: (repo: RepoContext, status: () => Promise<GitStatus>) => Promise<T>, writes = false): Promise<T> {
    return this.#run(async () => {
      await this.#detect();
      return job(this.#required(), () => this.#statusNow());
    }, writes);
  }

  status(): Promise<GitStatus> {
    return this.#run(async () => {
      await this.#detect();
      return this.#status ? this.#status.read() : notARepositoryStatus();
    });
  }

  init(defaultBranch: string): Promise<void> {
    return this.#run(async () => {
      await this.#detect();
      if (this.#repo) throw new CoreError('ALREADY_EXISTS', { code: 'ERROR_GIT_ALREADY_REPOSITORY' });
      await git.init({ fs, dir: this.#paths.root, defaultBranch });
      // As `git init` writes them for this system (isomorphic-git assumes a case-insensitive, mode-less one).
      const posix = process.platform !== 'win32';
      const config = { dir: this.#paths.root, fs };
      await git.setConfig({ ...config, path: 'core.filemode', value: posix });
      await git.setConfig({ ...config, path: 'core.symlinks', value: posix });
      await git.setConfig({ ...config, path: 'core.ignorecase', value: !posix || process.platform === 'darwin' });
      await this.#detect();
    }, true);
  }

  stage(selection: FileSelection): Promise<void> {
    return this.#run(async () => {
      const repo = this.#required();
      const files = await selected(selection, async () => {
        const status = await this.#statusNow();
        return [...status.unstaged, ...status.untracked, ...status.conflicted].map((change) => change.path);
      });
      await stagePaths(repo, this.#paths, files);
    }, true);
  }

  unstage(selection: FileSelection): Promise<void> {
    return this.#run(async () => {
      const repo = this.#required();
      const files = await selected(selection, async () => (await this.#statusNow()).staged.map((c) => c.path));
      const { head } = await readHead(repo);
      await unstagePaths(repo, await this.#trees.of(repo, await treeOfCommit(repo, head)), files);
    }, true);
  }

  discard(selection: FileSelection): Promise<void> {
    return this.#run(async () => {
      const repo = this.#required();
      const files = await selected(selection, async () => {
        const status = await this.#statusNow();
        return [...status.unstaged, ...status.untracked].map((change) => change.path);
      });
      const index = await readIndex(repo);
      await discardPaths(repo, this.#paths, index.entries, index.unmerged, files);
    }, true);
  }

  fileContent(path: string, source: GitFileSource): Promise<FileVersion> {
    return this.#run(async () => {
      const repo = this.#required();
      const file = normalizeWorkspacePath(path);
      const [index, { head }] = await Promise.all([readIndex(repo), readHead(repo)]);
      return fileVersion(repo, this.#paths, index.entries, head, file, source);
    });
  }

  commit(message: string, author: GitAuthor): Promise<string> {
    return this.#run(async () => {
      const repo = this.#required();
      const status = await this.#statusNow();
      if (status.conflicted.length > 0) {
        throw conflict(
          { code: 'ERROR_GIT_RESOLVE_BEFORE_COMMIT' },
          status.conflicted.map((c) => c.path),
        );
      }
      const mergeHeads = status.merging ? await this.#mergeHeads(repo) : [];
      if (status.staged.length === 0 && mergeHeads.length === 0) {
        throw new CoreError('CONFLICT', { code: 'ERROR_GIT_NOTHING_STAGED' }, { reason: 'nothing-staged' });
      }
      const who = { name: author.name, email: author.email };
      const oid = await git.commit({
        ...repo,
        message: message.endsWith('\n') ? message : `${message}\n`,
        author: who,
        committer: who,
        ...(mergeHeads.length > 0 && status.head ? { parent: [status.head, ...mergeHeads] } : {}),
      });
      if (mergeHeads.length > 0) {
        for (const name of ['MERGE_HEAD', 'MERGE_MSG', 'MERGE_MODE'])
          await rm(join(repo.gitdir, name), { force: true });
      }
      return oid;
    }, true);
  }

  async #mergeHeads(repo: RepoContext): Promise<string[]> {
    const text = await repo.fs.promises.readFile(join(repo.gitdir, 'MERGE_HEAD'), 'utf8').catch(() => '');
    return text.split(/\s+/).filter((line) => /^[0-9a-f]{40}$/.test(line));
  }

  log(skip: number, limit: number) {
    return this.#run(async () => {
      const repo = this.#required();
      const { head } = await readHead(repo);
      return readLog(repo, head, skip, limit);
    });
  }

  commitDetails(oid: string) {
    return this.#run(async () => {
      const repo = this.#required();
      const { head } = await readHead(repo);
      return readCommitDetails(repo, head, oid);
    });
  }

  branches(): Promise<{ branches: GitBranch[]; current: string | null }> {
    return this.#run(async () => {
      const repo = this.#required();
      const { branch } = await readHead(repo);
      const names = await git.listBranches({ ...repo });
      if (branch && !names.includes(branch)) names.push(branch); // The branch of a repository without commits.
      const branches = await Promise.all(
        names.sort().map(async (name) => ({
          name,
          oid: await git.resolveRef({ ...repo, ref: `refs/heads/${name}` }).catch(() => null),
          current: name === branch,
        })),
      );
      return { branches, current: branch };
    });
  }

  createBranch(name: string, from: string | undefined, switchTo: boolean): Promise<void> {
    return this.#run(async () => {
      const repo = this.#required();
      const { head } = await readHead(repo);
      const exists = await git.resolveRef({ ...repo, ref: `refs/heads/${name}` }).then(
        () => true,
        () => false,
      );
      if (exists)
        throw new CoreError('ALREADY_EXISTS', { code: 'ERROR_GIT_BRANCH_EXISTS', params: { name } }, { name });
      const start = from ?? head;
      if (start === null) {
        // No commit yet: the new branch is where the first commit will go.
        if (switchTo)
          await git.writeRef({ ...repo, ref: 'HEAD', value: `refs/heads/${name}`, symbolic: true, force: true });
        return;
      }
      await git.branch({ ...repo, ref: name, object: start });
      if (switchTo) await this.#switch(repo, name);
    }, true);
  }

  switchBranch(name: string): Promise<void> {
    return this.#run(async () => this.#switch(this.#required(), name), true);
  }

  async #switch(repo: RepoContext, name: string): Promise<void> {
    const target = await git.resolveRef({ ...repo, ref: `refs/heads/${name}` }).catch(() => null);
    if (!target) throw new CoreError('NOT_FOUND', { code: 'ERROR_GIT_NO_BRANCH', params: { name } }, { name });
    const status = await this.#statusNow();
    if (status.conflicted.length > 0) {
      throw conflict(
        { code: 'ERROR_GIT_RESOLVE_BEFORE_SWITCH' },
        status.conflicted.map((c) => c.path),
      );
    }
    const [from, to] = await Promise.all([
      status.head ? this.#trees.of(repo, await treeOfCommit(repo, status.head)) : new Map(),
      flattenTree(repo, (await git.readCommit({ ...repo, oid: target })).commit.tree),
    ]);
    const differs = (path: string) =>
      from.get(path)?.oid !== to.get(path)?.oid || from.get(path)?.mode !== to.get(path)?.mode;
    const lost = [
      ...[...status.staged, ...status.unstaged].map((c) => c.path).filter(differs),
      ...status.untracked.map((c) => c.path).filter((path) => to.has(path)),
    ];
    if (lost.length > 0) {
      throw conflict({ code: 'ERROR_GIT_SWITCH_OVERWRITES', params: { name } }, [...new Set(lost)]);
    }
    await git.checkout({ ...repo, ref: name });
  }

  deleteBranch(name: string, force: boolean): Promise<void> {
    return this.#run(async () => {
      const repo = this.#required();
      const { head, branch } = await readHead(repo);
      if (branch === name) {
        throw new CoreError(
          'CONFLICT',
          { code: 'ERROR_GIT_CURRENT_BRANCH', params: { name } },
          {
            reason: 'current-branch',
          },
        );
      }
      const tip = await git.resolveRef({ ...repo, ref: `refs/heads/${name}` }).catch(() => null);
      if (!tip) throw new CoreError('NOT_FOUND', { code: 'ERROR_GIT_NO_BRANCH', params: { name } }, { name });
      const merged =
        head !== null &&
        (tip === head || (await git.isDescendent({ ...repo, oid: head, ancestor: tip, depth: -1 }).catch(() => false)));
      if (!merged && !force) {
        throw new CoreError(
          'CONFLICT',
          { code: 'ERROR_GIT_NOT_MERGED', params: { name } },
          {
            reason: 'not-merged',
          },
        );
      }
      await git.deleteBranch({ ...repo, ref: name });
    }, true);
  }

  restoreFile(path: string, commit: string): Promise<void> {
    return this.#run(async () => {
      const repo = this.#required();
      const file = normalizeWorkspacePath(path);
      const { abs } = await this.#paths.resolve(file);
      const tree = await flattenTree(repo, (await git.readCommit({ ...repo, oid: commit })).commit.tree);
      const entry = tree.get(file);
      if (entry) {
        await writeBlob(repo, abs, entry.oid, entry.mode);
        await git.add({ ...repo, filepath: file, force: true });
      } else {
        // The file did not exist in that commit: restoring it means removing it.
        await rm(abs, { force: true });
        await git.remove({ ...repo, filepath: file });
      }
    }, true);
  }

  /**
   * `git revert`: a commit whose tree is the commit's parent's tree is cherry-picked onto HEAD by
   * isomorphic-git's three-way merge, which refuses local changes in the way and, on conflicts,
   * changes nothing. That helper commit is written only for the merge and removed again.
   */
  revert(commit: string, author: GitAuthor): Promise<string> {
    return this.#run(async () => {
      const repo = this.#required();
      const { head } = await readHead(repo);
      if (head === null) throw new CoreError('NOT_FOUND', { code: 'ERROR_GIT_NO_COMMIT_YET' });
      const { commit: reverted } = await git.readCommit({ ...repo, oid: commit });
      if (reverted.parent.length > 1) {
        throw new CoreError(
          'CONFLICT',
          { code: 'ERROR_GIT_REVERT_MERGE' },
          {
            reason: 'merge-commit',
          },
        );
      }
      const parent = reverted.parent[0];
      const parentTree = parent ? (await git.readCommit({ ...repo, oid: parent })).commit.tree : EMPTY_TREE;
      if (!parent) await git.writeTree({ ...repo, tree: [] });
      const subject = reverted.message.split('\n', 1)[0] ?? '';
      const who = { name: author.name, email: author.email };
      const helper = await git.writeCommit({
        ...repo,
        commit: {
          tree: parentTree,
          parent: [commit],
          message: `Revert "${subject}"\n\nThis reverts commit ${commit}.\n`,
          author: { ...who, timestamp: Math.floor(Date.now() / 1000), timezoneOffset: new Date().getTimezoneOffset() },
          committer: {
            ...who,
            timestamp: Math.floor(Date.now() / 1000),
            timezoneOffset: new Date().getTimezoneOffset(),
          },
        },
      });
      try {
        return await git.cherryPick({ ...repo, oid: helper, committer: who, abortOnConflict: true });
      } catch (error) {
        if ((error as { code?: string }).code === 'MergeConflictError') {
          const files = (error as { data?: { filepaths?: string[] } }).data?.filepaths ?? [];
          throw conflict({ code: 'ERROR_GIT_REVERT_CONFLICTS', params: { commit: commit.slice(0, 7) } }, files);
        }
        if ((error as { code?: string }).code === 'CherryPickLocalChangesError') {
          const files = (error as { data?: { filepaths?: string[] } }).data?.filepaths ?? [];
          throw conflict({ code: 'ERROR_GIT_REVERT_LOCAL_CHANGES' }, files);
        }
        throw error;
      } finally {
        await unlink(join(repo.gitdir, 'objects', helper.slice(0, 2), helper.slice(2))).catch(() => {});
      }
    }, true);
  }

  /** Status inside a running operation (the queue is already held). */
  async #statusNow(): Promise<GitStatus> {
    if (!this.#status) throw new CoreError('NOT_FOUND', { code: 'ERROR_GIT_NO_REPOSITORY' });
    return this.#status.read();
  }
}
