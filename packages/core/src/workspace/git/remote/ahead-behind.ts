import git from 'isomorphic-git';
import type { RepoContext } from '../repo-context.js';

const LOCAL = 1;
const REMOTE = 2;
const BOTH = LOCAL | REMOTE;

/**
 * How many commits `local` has that `remote` lacks (ahead) and the reverse (behind), as `git rev-list
 * --left-right --count` says: both histories painted newest first until every commit still to visit is
 * reachable from both and no commit painted by one side alone could still be below one of them, so
 * the walk stops at the merge base instead of reading the whole history. The second half matters when
 * dates are equal (commits made in one second): newest first is then no order at all, and a commit
 * counted as one side's may yet be reached from the other through a commit still waiting.
 */
export async function aheadBehind(
  repo: RepoContext,
  local: string,
  remote: string,
): Promise<{ ahead: number; behind: number }> {
  if (local === remote) return { ahead: 0, behind: 0 };
  const flags = new Map<string, number>([
    [local, LOCAL],
    [remote, REMOTE],
  ]);
  const times = new Map<string, number>();
  const parentsOf = new Map<string, string[]>();
  const read = async (oid: string) => {
    if (!parentsOf.has(oid)) {
      const { commit } = await git.readCommit({ ...repo, oid });
      parentsOf.set(oid, commit.parent);
      times.set(oid, commit.committer.timestamp);
    }
  };
  await Promise.all([read(local), read(remote)]);
  const queue = new Set([local, remote]);
  const time = (oid: string) => times.get(oid) ?? 0;
  const settled = () => {
    let newestWaiting = Number.NEGATIVE_INFINITY;
    for (const oid of queue) {
      if (flags.get(oid) !== BOTH) return false;
      newestWaiting = Math.max(newestWaiting, time(oid));
    }
    // A commit below a waiting one is no newer than it (a parent is not dated after its child).
    for (const [oid, mark] of flags) if (mark !== BOTH && time(oid) <= newestWaiting) return false;
    return true;
  };
  while (queue.size > 0 && !settled()) {
    let newest = '';
    for (const oid of queue) if (!newest || time(oid) > time(newest)) newest = oid;
    queue.delete(newest);
    const mark = flags.get(newest) ?? 0;
    for (const parent of parentsOf.get(newest) ?? []) {
      const before = flags.get(parent) ?? 0;
      if ((before | mark) === before) continue;
      flags.set(parent, before | mark);
      await read(parent);
      queue.add(parent);
    }
  }
  let ahead = 0;
  let behind = 0;
  for (const mark of flags.values()) {
    if (mark === LOCAL) ahead += 1;
    else if (mark === REMOTE) behind += 1;
  }
  return { ahead, behind };
}
