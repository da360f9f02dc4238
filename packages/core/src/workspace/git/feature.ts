import { defineCoreFeature } from '../../api/feature.js';
import { CoreError } from '../../contracts/index.js';
import type { Workspace } from '../workspace.js';
import { type GitAuthor, gitContract } from './contract.js';
import { AuthorSettings, ChangeNotifier, GitRepository } from './index.js';

/**
 * The git view's half of core: the workspace folder's repository, who commits, and one debounced
 * `git.changed` after WebNova's own operations, work-tree file changes and outside git commands.
 */
export const gitFeature = defineCoreFeature(gitContract, (context) => {
  const authors = new AuthorSettings(context.dataDir, context.log);
  const notifier = new ChangeNotifier(() => context.bus.emit('git.changed', {}));
  let repository: GitRepository | null = null;
  let opening: Promise<GitRepository> | null = null;

  const stopFollowingFiles = context.bus.subscribe((event) => {
    if (event === 'fs.changed' && repository) notifier.poke();
  });

  /** The repository of the open workspace (opened on first use and after the workspace changes). */
  async function repo(): Promise<GitRepository> {
    const workspace = context.current();
    if (repository?.root === workspace.root) return repository;
    opening ??= GitRepository.open(workspace.root, () => {
      follow();
      notifier.poke();
    }).finally(() => {
      opening = null;
    });
    const opened = await opening;
    if (context.workspace()?.root !== opened.root) throw new CoreError('NO_WORKSPACE', { code: 'ERROR_FOLDER_CLOSED' });
    repository = opened;
    follow();
    return opened;
  }

  function follow(): void {
    if (repository?.gitdir) notifier.watchGitdir(repository.gitdir);
    else notifier.stopWatching();
  }

  async function author(given: GitAuthor | undefined): Promise<GitAuthor> {
    if (given) return given;
    const resolved = await authors.resolve((await repo()).repoContext());
    if (resolved.author) return resolved.author;
    throw new CoreError('INVALID_INPUT', { code: 'ERROR_GIT_NO_AUTHOR' }, { reason: 'no-author' });
  }

  return {
    /** Code sync (`remote/`) works on the same repository, in its queue, with the same author. */
    exposes: { repo, author },
    handlers: {
      'git.status': async () => (await repo()).status(),
      'git.init': async ({ defaultBranch }) => {
        const r = await repo();
        await r.init(defaultBranch);
        return r.status();
      },
      'git.stage': async (selection) => {
        await (await repo()).stage(selection.all ? { all: true } : { paths: selection.paths ?? [] });
        return {};
      },
      'git.unstage': async (selection) => {
        await (await repo()).unstage(selection.all ? { all: true } : { paths: selection.paths ?? [] });
        return {};
      },
      'git.discard': async (selection) => {
        await (await repo()).discard(selection.all ? { all: true } : { paths: selection.paths ?? [] });
        return {};
      },
      'git.fileContent': async ({ path, source }) => (await repo()).fileContent(path, source),
      'git.author': async () => {
        const r = context.workspace() ? await repo() : null;
        return authors.resolve(r?.repoContext() ?? null);
      },
      'git.setAuthor': async (given) => {
        await authors.save(given);
        return {};
      },
      'git.commit': async ({ message, author: given }) => ({
        oid: await (await repo()).commit(message, await author(given)),
      }),
      'git.log': async ({ skip, limit }) => (await repo()).log(skip, limit),
      'git.commitDetails': async ({ oid }) => (await repo()).commitDetails(oid),
      'git.branches': async () => (await repo()).branches(),
      'git.createBranch': async ({ name, from, switch: switchTo }) => {
        await (await repo()).createBranch(name, from, switchTo);
        return {};
      },
      'git.switchBranch': async ({ name }) => {
        await (await repo()).switchBranch(name);
        return {};
      },
      'git.deleteBranch': async ({ name, force }) => {
        await (await repo()).deleteBranch(name, force);
        return {};
      },
      'git.restoreFile': async ({ path, commit }) => {
        await (await repo()).restoreFile(path, commit);
        return {};
      },
      'git.revert': async ({ commit }) => ({ oid: await (await repo()).revert(commit, await author(undefined)) }),
    },
    workspaceChanged(workspace: Workspace | null) {
      repository = null;
      notifier.stopWatching();
      if (workspace) void repo().catch(() => {});
    },
    close() {
      stopFollowingFiles();
      notifier.close();
    },
  };
});
