import git from 'isomorphic-git';
import http from 'isomorphic-git/http/node';
import type { RepoContext } from '../repo-context.js';
import { aheadBehind } from './ahead-behind.js';
import type { GitRemoteBranch } from './contract.js';

export const ORIGIN = 'origin';

/** The `origin` remote's address, or null. */
export async function originUrl(repo: RepoContext): Promise<string | null> {
  const url = await git.getConfig({ ...repo, path: `remote.${ORIGIN}.url` }).catch(() => undefined);
  return typeof url === 'string' && url !== '' ? url : null;
}

/**
 * A repository address is the signed-in server's when it is under its `/git/`: only then does a
 * request carry the device's credential (an `origin` elsewhere never sees it).
 */
export function isServerRepository(url: string | null, server: string | undefined): boolean {
  if (!url || !server) return false;
  try {
    const parsed = new URL(url);
    return parsed.origin === new URL(server).origin && parsed.pathname.startsWith('/git/') && !parsed.username;
  } catch {
    return false;
  }
}

/**
 * The header a request to the server's git carries: the device credential, as a header of that one
 * request (never in the remote's URL, `.git/config`, a command line or a child's environment).
 */
export function credentialHeaders(credential: string | null): Record<string, string> {
  return credential ? { authorization: `Bearer ${credential}` } : {};
}

/** Makes `branch` track `origin/<branch>`, as `git push -u` does. */
export async function track(repo: RepoContext, branch: string): Promise<void> {
  await git.setConfig({ ...repo, path: `branch.${branch}.remote`, value: ORIGIN });
  await git.setConfig({ ...repo, path: `branch.${branch}.merge`, value: `refs/heads/${branch}` });
}

/** The branch of `origin` a local branch follows: its `branch.<name>.merge`, else the same name. */
export async function upstreamOf(repo: RepoContext, branch: string): Promise<string> {
  const merge = await git.getConfig({ ...repo, path: `branch.${branch}.merge` }).catch(() => undefined);
  return typeof merge === 'string' && merge.startsWith('refs/heads/') ? merge.slice('refs/heads/'.length) : branch;
}

const resolve = (repo: RepoContext, ref: string) => git.resolveRef({ ...repo, ref }).catch(() => null);

/**
 * Each local branch against `origin` as last fetched: ahead, behind, and whether it waits to be pushed
 * (commits the server lacks, or a branch it does not have at all). Without an `origin`, nothing waits.
 */
export async function remoteBranches(repo: RepoContext, current: string | null): Promise<GitRemoteBranch[]> {
  const hasOrigin = (await originUrl(repo)) !== null;
  const names = (await git.listBranches({ ...repo })).sort();
  const branches: GitRemoteBranch[] = [];
  for (const name of names) {
    const local = await resolve(repo, `refs/heads/${name}`);
    if (!local) continue;
    const upstream = await upstreamOf(repo, name);
    const tracking = hasOrigin ? await resolve(repo, `refs/remotes/${ORIGIN}/${upstream}`) : null;
    const counts = tracking ? await aheadBehind(repo, local, tracking) : { ahead: 0, behind: 0 };
    branches.push({
      name,
      upstream: tracking ? `${ORIGIN}/${upstream}` : null,
      ...counts,
      waiting: hasOrigin && (tracking === null || counts.ahead > 0),
      current: name === current,
    });
  }
  return branches;
}

/**
 * The branch of the server's repository to fetch or clone: `wanted` when the server has it, else the
 * branch its HEAD names, else `main`, else the first. A repository published from `master` (or any
 * branch but the server's default) leaves the server's HEAD pointing nowhere, which isomorphic-git's
 * fetch and clone of "HEAD" would refuse. Null when the server's repository has no branch yet.
 */
export async function serverBranch(
  url: string,
  headers: Record<string, string>,
  wanted: string | null,
): Promise<string | null> {
  const refs = await git.listServerRefs({ http, url, headers, protocolVersion: 1, symrefs: true });
  const branches = refs.filter((ref) => ref.ref.startsWith('refs/heads/')).map((ref) => ref.ref.slice(11));
  const head = refs.find((ref) => ref.ref === 'HEAD')?.target?.replace(/^refs\/heads\//, '') ?? null;
  for (const candidate of [wanted, head, 'main']) if (candidate && branches.includes(candidate)) return candidate;
  return branches.sort()[0] ?? null;
}
