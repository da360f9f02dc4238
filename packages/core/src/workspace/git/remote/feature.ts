import * as fs from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { isAbsolute, join, normalize } from 'node:path';
import git from 'isomorphic-git';
import http from 'isomorphic-git/http/node';
import { defineCoreFeature } from '../../../api/feature.js';
import { CoreError } from '../../../contracts/index.js';
import { PROJECT_FILE, projectKey } from '../../../sync/blueprints/project-key.js';
import { type SignedInDevice, signInError, syncFeature } from '../../../sync/feature.js';
import { SyncFailure } from '../../../sync/server-client.js';
import { gitFeature } from '../feature.js';
import { readHead } from '../head-tree.js';
import type { RepoContext } from '../repo-context.js';
import { type GitPullOutcome, type GitRemoteStatus, gitRemoteContract, type ServerProject } from './contract.js';
import {
  credentialHeaders,
  isServerRepository,
  ORIGIN,
  originUrl,
  remoteBranches,
  serverBranch,
  track,
  upstreamOf,
} from './origin.js';
import { progressReporter } from './progress.js';
import { offline, remoteError } from './remote-errors.js';

/** A project's slug from its folder's or Blueprint's name: lowercase, dashes, at most 63 characters. */
export function slugOf(name: string): string {
  const slug = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  return /^[a-z0-9]/.test(slug) ? slug : `project-${slug}`.slice(0, 63).replace(/-+$/, '');
}

/**
 * Code sync: the workspace's repository against its copy on the governance server. Publishing creates
 * that copy (the project's key names it in the tenant) and makes it `origin`; fetch, pull and push run
 * in the git feature's queue over isomorphic-git's HTTP transport with the device credential as a
 * header of each request; opening a project from the server clones it into a folder the user picked.
 */
export const gitRemoteFeature = defineCoreFeature(gitRemoteContract, (context) => {
  const local = context.use(gitFeature);
  const sync = context.use(syncFeature);

  async function device(): Promise<SignedInDevice> {
    const signedIn = await sync.signedIn();
    if (!signedIn) throw new CoreError('UNAUTHORIZED', { code: 'ERROR_SYNC_SIGN_IN_FIRST' }, { reason: 'signed-out' });
    return signedIn;
  }

  /** What a transfer with `origin` needs: its address and, for the signed-in server's, the credential. */
  async function remote(repo: RepoContext) {
    const url = await originUrl(repo);
    if (!url) throw new CoreError('NOT_FOUND', { code: 'ERROR_GIT_NO_ORIGIN' }, { reason: 'no-origin' });
    const signedIn = await sync.signedIn();
    const ours = isServerRepository(url, signedIn?.account.server);
    return {
      url,
      server: new URL(url).origin,
      ours,
      headers: credentialHeaders(ours && signedIn ? signedIn.credential : null),
    };
  }

  async function status(): Promise<GitRemoteStatus> {
    const repository = context.workspace() ? await local.repo() : null;
    if (!repository?.repoContext()) {
      const signedIn = (await sync.signedIn()) !== null;
      return { isRepo: false, origin: null, onServer: false, signedIn, canPublish: false, branches: [] };
    }
    return repository.exclusive((repo) => statusOf(repo));
  }

  /** The account is read once per answer (a file read and an unsealing). */
  async function statusOf(repo: RepoContext): Promise<GitRemoteStatus> {
    const signedIn = await sync.signedIn();
    const origin = await originUrl(repo);
    const { branch } = await readHead(repo);
    return {
      isRepo: true,
      origin,
      onServer: isServerRepository(origin, signedIn?.account.server),
      signedIn: signedIn !== null,
      canPublish: signedIn !== null && origin === null,
      branches: await remoteBranches(repo, branch),
    };
  }

  const emitProgress = (operation: Parameters<typeof progressReporter>[0]) =>
    progressReporter(operation, (progress) => context.bus.emit('git.progress', progress));

  async function push(repo: RepoContext, branch: string, operation: 'push' | 'publish'): Promise<void> {
    const { url, server, ours, headers } = await remote(repo);
    const progress = emitProgress(operation);
    const upstream = await upstreamOf(repo, branch);
    try {
      // A refused ref throws (GitPushError), answered by remoteError below.
      await git.push({
        ...repo,
        http,
        url,
        ref: `refs/heads/${branch}`,
        remoteRef: `refs/heads/${upstream}`,
        headers,
        onProgress: progress.onProgress,
      });
    } catch (error) {
      throw remoteError(error, server, ours);
    } finally {
      progress.finish();
    }
    // The server now holds the branch where this one is: the tracking ref says so, as `git push` writes it.
    const tip = await git.resolveRef({ ...repo, ref: `refs/heads/${branch}` });
    await git.writeRef({ ...repo, ref: `refs/remotes/${ORIGIN}/${upstream}`, value: tip, force: true });
    await track(repo, branch);
  }

  /**
   * Fetches origin's branches (all of them, as `git fetch` does), naming the current branch's upstream
   * (or the server's default) as the ref isomorphic-git wants; nothing when the server has no branch.
   */
  async function fetchOrigin(repo: RepoContext, operation: 'fetch' | 'pull'): Promise<void> {
    const { url, server, ours, headers } = await remote(repo);
    const progress = emitProgress(operation);
    try {
      const { branch } = await readHead(repo);
      const remoteBranch = await serverBranch(url, headers, branch ? await upstreamOf(repo, branch) : null);
      if (remoteBranch === null) return;
      await git.fetch({
        ...repo,
        http,
        url,
        remote: ORIGIN,
        remoteRef: `refs/heads/${remoteBranch}`,
        headers,
        tags: false,
        prune: true,
        onProgress: progress.onProgress,
      });
    } catch (error) {
      throw remoteError(error, server, ours);
    } finally {
      progress.finish();
    }
  }

  /** The project key committed, so every clone names the same project (a commit of that one file). */
  async function commitProjectKey(repo: RepoContext, key: string, staged: readonly string[]): Promise<void> {
    const committed = await git
      .readBlob({ ...repo, oid: await git.resolveRef({ ...repo, ref: 'HEAD' }), filepath: PROJECT_FILE })
      .then(({ blob }) => Buffer.from(blob).toString('utf8').includes(key))
      .catch(() => false);
    if (committed) return;
    const others = staged.filter((path) => path !== PROJECT_FILE);
    if (others.length > 0) {
      throw new CoreError('CONFLICT', { code: 'ERROR_GIT_PUBLISH_STAGED' }, { reason: 'staged', files: others });
    }
    const who = await local.author(undefined);
    await git.add({ ...repo, filepath: PROJECT_FILE, force: true });
    await git.commit({ ...repo, message: 'WebNova project key\n', author: who, committer: who });
  }

  /** A call to the server's HTTP routes, its failures in code sync's words where they have some. */
  async function serverCall<T>(signedIn: SignedInDevice, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof SyncFailure)) throw error;
      if (error.kind === 'offline' || error.kind === 'busy') throw offline(signedIn.account.server);
      const status = error.problem?.status;
      if (status === 409)
        throw new CoreError('ALREADY_EXISTS', { code: 'ERROR_GIT_PROJECT_EXISTS' }, { reason: 'project-exists' });
      if (status === 404)
        throw new CoreError('NOT_FOUND', { code: 'ERROR_GIT_REMOTE_NOT_FOUND' }, { reason: 'not-found', status });
      if (status === 403)
        throw new CoreError('PERMISSION_DENIED', { code: 'ERROR_GIT_NO_PERMISSION' }, { reason: 'forbidden', status });
      throw signInError(error);
    }
  }

  return {
    handlers: {
      'git.remoteStatus': async () => status(),

      'git.publish': async ({ slug, name }) => {
        const signedIn = await device();
        const workspace = context.current();
        const repository = await local.repo();
        const project = await repository.exclusive(async (repo, readStatus) => {
          const now = await readStatus();
          if (now.head === null) throw new CoreError('CONFLICT', { code: 'ERROR_GIT_PUBLISH_NO_COMMIT' });
          if (now.branch === null) throw new CoreError('CONFLICT', { code: 'ERROR_GIT_DETACHED_HEAD' });
          if (await originUrl(repo)) {
            throw new CoreError('ALREADY_EXISTS', { code: 'ERROR_GIT_ORIGIN_EXISTS' }, { reason: 'origin-exists' });
          }
          const key = await projectKey(workspace);
          await commitProjectKey(
            repo,
            key,
            now.staged.map((change) => change.path),
          );
          const title = name ?? workspace.name;
          const created: ServerProject = await serverCall(signedIn, () =>
            signedIn.client.createProject(signedIn.credential, { id: key, slug: slug ?? slugOf(title), name: title }),
          );
          await git.addRemote({ ...repo, remote: ORIGIN, url: `${signedIn.account.server}${created.gitPath}` });
          await push(repo, now.branch, 'publish');
          return created;
        }, true);
        return { project, status: await status() };
      },

      'git.serverProjects': async () => {
        const signedIn = await device();
        return serverCall(signedIn, () => signedIn.client.projects(signedIn.credential));
      },

      'git.cloneFromServer': async ({ projectId, folder }) => {
        const signedIn = await device();
        if (!isAbsolute(folder)) throw new CoreError('INVALID_PATH', { code: 'ERROR_GIT_CLONE_FOLDER_NOT_ABSOLUTE' });
        const target = normalize(folder);
        const existing = await readdir(target).catch((error: NodeJS.ErrnoException) => {
          if (error.code === 'ENOENT') return null;
          if (error.code === 'ENOTDIR')
            throw new CoreError('NOT_A_DIRECTORY', { code: 'ERROR_GIT_CLONE_FOLDER_NOT_EMPTY', params: { folder } });
          throw error;
        });
        if (existing && existing.length > 0) {
          throw new CoreError('ALREADY_EXISTS', { code: 'ERROR_GIT_CLONE_FOLDER_NOT_EMPTY', params: { folder } });
        }
        const project = await serverCall(signedIn, () => signedIn.client.project(signedIn.credential, projectId));
        const url = `${signedIn.account.server}${project.gitPath}`;
        await mkdir(target, { recursive: true });
        const progress = emitProgress('clone');
        try {
          const headers = credentialHeaders(signedIn.credential);
          const branch = await serverBranch(url, headers, null);
          await git.clone({
            fs,
            http,
            dir: target,
            url,
            headers,
            ...(branch ? { ref: branch } : { noCheckout: true }),
            onProgress: progress.onProgress,
          });
          // As `git init` writes them for this system (isomorphic-git assumes a case-insensitive, mode-less one).
          const posix = process.platform !== 'win32';
          await git.setConfig({ fs, dir: target, path: 'core.filemode', value: posix });
          await git.setConfig({ fs, dir: target, path: 'core.symlinks', value: posix });
        } catch (error) {
          // A half clone is no project: the folder goes back to as the user picked it (empty, or none).
          if (existing) {
            for (const entry of await readdir(target)) await rm(join(target, entry), { recursive: true, force: true });
          } else await rm(target, { recursive: true, force: true });
          throw remoteError(error, signedIn.account.server, true);
        } finally {
          progress.finish();
        }
        return { folder: target };
      },

      'git.fetch': async () => {
        const repository = await local.repo();
        return repository.exclusive(async (repo) => {
          await fetchOrigin(repo, 'fetch');
          return statusOf(repo);
        }, true);
      },

      'git.pull': async () => {
        const who = await local.author(undefined).catch(() => null);
        const repository = await local.repo();
        return repository.exclusive(async (repo, readStatus): Promise<GitPullOutcome> => {
          const before = await readStatus();
          if (before.branch === null) throw new CoreError('CONFLICT', { code: 'ERROR_GIT_DETACHED_HEAD' });
          if (before.conflicted.length > 0) {
            throw new CoreError(
              'CONFLICT',
              { code: 'ERROR_GIT_RESOLVE_BEFORE_PULL' },
              {
                reason: 'conflicted',
                files: before.conflicted.map((change) => change.path),
              },
            );
          }
          // Like `git pull` with a clean tree: a merge never lands on changes that are not committed.
          const dirty = [...before.staged, ...before.unstaged].map((change) => change.path);
          if (dirty.length > 0) {
            throw new CoreError(
              'CONFLICT',
              { code: 'ERROR_GIT_PULL_LOCAL_CHANGES' },
              { reason: 'local-changes', files: dirty },
            );
          }
          await fetchOrigin(repo, 'pull');
          const branch = before.branch;
          const theirsRef = `refs/remotes/${ORIGIN}/${await upstreamOf(repo, branch)}`;
          const theirs = await git.resolveRef({ ...repo, ref: theirsRef }).catch(() => null);
          if (!theirs) {
            throw new CoreError(
              'NOT_FOUND',
              { code: 'ERROR_GIT_NO_REMOTE_BRANCH', params: { name: branch } },
              { reason: 'no-remote-branch' },
            );
          }
          const url = (await originUrl(repo)) ?? ORIGIN;
          const message = `Merge branch '${branch}' of ${url}\n`;
          try {
            const merged = await git.merge({
              ...repo,
              ours: branch,
              theirs: theirsRef,
              abortOnConflict: false,
              message,
              ...(who ? { author: who, committer: who } : {}),
            });
            if (merged.alreadyMerged) return { result: 'up-to-date', conflicted: [], head: before.head };
            await git.checkout({ ...repo, ref: branch });
            return { result: merged.fastForward ? 'fast-forward' : 'merged', conflicted: [], head: merged.oid ?? null };
          } catch (error) {
            if ((error as { code?: string }).code !== 'MergeConflictError') throw error;
            // As `git merge` leaves it: markers in the files, the merge waiting for its commit (MERGE_HEAD),
            // which `git.commit` makes with both parents once the files are resolved and staged.
            await fs.promises.writeFile(join(repo.gitdir, 'MERGE_HEAD'), `${theirs}\n`);
            await fs.promises.writeFile(join(repo.gitdir, 'MERGE_MSG'), message);
            const files = (error as { data?: { filepaths?: string[] } }).data?.filepaths ?? [];
            return { result: 'conflicts', conflicted: [...new Set(files)].sort(), head: before.head };
          }
        }, true);
      },

      'git.push': async ({ branch }) => {
        const repository = await local.repo();
        return repository.exclusive(async (repo) => {
          const name = branch ?? (await readHead(repo)).branch;
          if (!name) throw new CoreError('CONFLICT', { code: 'ERROR_GIT_DETACHED_HEAD' });
          await push(repo, name, 'push');
          return statusOf(repo);
        }, true);
      },

      'git.createAccessToken': async (request) => {
        const signedIn = await device();
        return serverCall(signedIn, () => signedIn.client.createAccessToken(signedIn.credential, request));
      },
      'git.listAccessTokens': async () => {
        const signedIn = await device();
        return serverCall(signedIn, () => signedIn.client.accessTokens(signedIn.credential));
      },
      'git.revokeAccessToken': async ({ id }) => {
        const signedIn = await device();
        await serverCall(signedIn, () => signedIn.client.revokeAccessToken(signedIn.credential, id));
        return {};
      },
    },
  };
});
