import type { Role } from '../users/user.js';
import type { RefCommand } from './pkt-line.js';
import { ZERO_ID } from './repositories.js';

/**
 * Whether `ref` is a name git itself would take (git-check-ref-format's rules) and one the server hosts:
 * a branch (`refs/heads/…`) or a tag (`refs/tags/…`).
 */
export function refNameProblem(ref: string): string | null {
  if (!ref.startsWith('refs/heads/') && !ref.startsWith('refs/tags/')) return 'only branches and tags are pushed';
  if (ref.length > 255) return 'ref name too long';
  // Control characters, space and the characters git gives a meaning (~ ^ : ? * [ \), `..`, `@{`, `//`.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point.
  if (/[\x00-\x20\x7f~^:?*[\\]|\.\.|@\{|\/\//.test(ref)) return 'invalid ref name';
  if (ref.endsWith('/') || ref.endsWith('.')) return 'invalid ref name';
  for (const part of ref.split('/')) {
    if (part === '' || part.startsWith('.') || part.endsWith('.lock')) return 'invalid ref name';
  }
  return null;
}

/** Who pushes, to which project, and where its refs stand (read under the push lock). */
export interface PushContext {
  pusher: { userId: string; role: Role };
  project: { createdBy: string; protectedBranches: readonly string[] };
  current: ReadonlyMap<string, string>;
}

export type RefVerdict = { allowed: true } | { allowed: false; reason: string };

/**
 * The one place that decides whether a ref update may go through, given who pushes. The seam for later:
 * a refused protected update could instead become a decision for the tenant's approvers (a verdict such
 * as `{ allowed: 'after-approval' }` whose push waits in a quarantine), without the transport changing.
 */
export type RefUpdatePolicy = (command: RefCommand, context: PushContext) => RefVerdict;

const PROTECTORS: ReadonlySet<Role> = new Set(['owner', 'sovereign']);

/**
 * Today's policy: owners and sovereigns update protected branches (create, move, delete); members update
 * the others; whoever published the project creates its first protected branch (its `main`).
 */
export const protectedBranchPolicy: RefUpdatePolicy = (command, { pusher, project, current }) => {
  if (!command.ref.startsWith('refs/heads/')) return { allowed: true };
  const branch = command.ref.slice('refs/heads/'.length);
  if (!project.protectedBranches.includes(branch) || PROTECTORS.has(pusher.role)) return { allowed: true };
  const creating = ZERO_ID.test(command.oldId) && !current.has(command.ref);
  if (creating && pusher.userId === project.createdBy) return { allowed: true };
  return { allowed: false, reason: `protected branch: only owners and sovereigns push to ${branch}` };
};

/**
 * Why each command of a push is refused (none: it may go to git): a bad ref name, an old id that is not
 * the ref's (another push got there first: the client must fetch first, as git says), or the policy.
 */
export function judgeRefUpdates(
  commands: readonly RefCommand[],
  context: PushContext,
  policy: RefUpdatePolicy,
): Map<string, string> {
  const refused = new Map<string, string>();
  for (const command of commands) {
    const problem = refNameProblem(command.ref);
    if (problem) {
      refused.set(command.ref, problem);
      continue;
    }
    const now = context.current.get(command.ref);
    if (ZERO_ID.test(command.oldId) ? now !== undefined : now !== command.oldId) {
      refused.set(command.ref, 'non-fast-forward: the ref moved on (fetch first)');
      continue;
    }
    const verdict = policy(command, context);
    if (!verdict.allowed) refused.set(command.ref, verdict.reason);
  }
  return refused;
}
