import { z } from 'zod';
import { featureContract, method } from '../../../contracts/api/method.js';
import { GitBranchName } from '../contract.js';

/** A project whose repository the governance server hosts, as `GET /projects` answers it. */
export const ServerProject = z.object({
  id: z.uuid(),
  tenantId: z.uuid(),
  slug: z.string(),
  name: z.string(),
  /** Where its repository is served, relative to the server's address: `/git/<tenant>/<slug>.git`. */
  gitPath: z.string().regex(/^\/git\/[^?#\s]+\.git$/, 'a repository path under /git/'),
  protectedBranches: z.array(z.string()),
  createdAt: z.string(),
  createdBy: z.string(),
});
export type ServerProject = z.infer<typeof ServerProject>;
export const ServerProjectList = z.object({ projects: z.array(ServerProject) });
export type ServerProjectList = z.infer<typeof ServerProjectList>;

/** The server's own rule for a project's slug (the repository's name in its URL). */
export const ProjectSlug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lowercase letters, digits and dashes');
export const CreateServerProject = z.object({ id: z.uuid(), slug: ProjectSlug, name: z.string().min(1).max(200) });
export type CreateServerProject = z.infer<typeof CreateServerProject>;

export const AccessTokenScope = z.enum(['read', 'read-write']);
/** A personal access token as listed: never its secret. */
export const AccessToken = z.object({
  id: z.string(),
  name: z.string(),
  scope: AccessTokenScope,
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable().optional(),
  lastUsedAt: z.string().nullable().optional(),
});
export type AccessToken = z.infer<typeof AccessToken>;
export const AccessTokenList = z.object({ tokens: z.array(AccessToken) });
export type AccessTokenList = z.infer<typeof AccessTokenList>;
/** The one answer that carries the token's secret: shown once, for the git command line's password. */
export const CreatedAccessToken = AccessToken.extend({ token: z.string().min(1) });
export type CreatedAccessToken = z.infer<typeof CreatedAccessToken>;
export const CreateAccessToken = z
  .object({
    name: z.string().trim().min(1).max(100),
    scope: AccessTokenScope,
    expiresInDays: z.number().int().min(1).max(365).optional(),
  })
  .strict();
export type CreateAccessToken = z.infer<typeof CreateAccessToken>;

/** A local branch against its counterpart on `origin`. */
export const GitRemoteBranch = z.object({
  name: z.string(),
  /** `origin/<name>` as this repository last fetched it, or null when the server has no such branch yet. */
  upstream: z.string().nullable(),
  ahead: z.number().int().nonnegative(),
  behind: z.number().int().nonnegative(),
  /** Commits (or the whole branch) the server does not have yet. */
  waiting: z.boolean(),
  current: z.boolean(),
});
export type GitRemoteBranch = z.infer<typeof GitRemoteBranch>;

export const GitRemoteStatus = z.object({
  isRepo: z.boolean(),
  /** The `origin` remote's address, or null when the repository has none. */
  origin: z.string().nullable(),
  /** `origin` is a repository of the server this device is signed in to (pushes carry its credential). */
  onServer: z.boolean(),
  signedIn: z.boolean(),
  /** Signed in, a repository, and no `origin` yet: "Publish to server" applies. */
  canPublish: z.boolean(),
  branches: z.array(GitRemoteBranch),
});
export type GitRemoteStatus = z.infer<typeof GitRemoteStatus>;

export const GitPullOutcome = z.object({
  /** `up-to-date`, `fast-forward`, `merged` (a merge commit), or `conflicts` (markers left in the files). */
  result: z.enum(['up-to-date', 'fast-forward', 'merged', 'conflicts']),
  /** The files a conflicting pull left with conflict markers, as `git merge` lists them. */
  conflicted: z.array(z.string()),
  head: z.string().nullable(),
});
export type GitPullOutcome = z.infer<typeof GitPullOutcome>;

export const GitTransferOperation = z.enum(['publish', 'clone', 'fetch', 'pull', 'push']);
export const GitProgress = z.object({
  operation: GitTransferOperation,
  /** isomorphic-git's phase ("Counting objects", "Receiving objects"…), as git prints it. */
  phase: z.string(),
  loaded: z.number().int().nonnegative(),
  total: z.number().int().nonnegative().nullable(),
  done: z.boolean(),
});
export type GitProgress = z.infer<typeof GitProgress>;

const none = z.object({}).strict();
/** A transfer of a large repository over a slow link takes a while. */
const transfer = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O, summary: string) =>
  method(input, output, summary, { timeoutMs: 30 * 60_000 });

export const gitRemoteMethods = {
  'git.remoteStatus': method(
    none,
    GitRemoteStatus,
    "origin's address and each branch's commits ahead of and behind origin (as last fetched).",
  ),
  'git.publish': transfer(
    z.object({ slug: ProjectSlug.optional(), name: z.string().trim().min(1).max(200).optional() }).strict(),
    z.object({ project: ServerProject, status: GitRemoteStatus }),
    "Create the project's repository on the server, make it origin, push the current branch and track it.",
  ),
  'git.serverProjects': method(none, ServerProjectList, "The signed-in tenant's projects on the server."),
  'git.cloneFromServer': transfer(
    z.object({ projectId: z.uuid(), folder: z.string().min(1).max(4096) }).strict(),
    z.object({ folder: z.string() }),
    'Clone a server project into a new or empty folder (absolute path); the window then opens it.',
  ),
  'git.fetch': transfer(none, GitRemoteStatus, "Bring origin's branches up to date (nothing local changes)."),
  'git.pull': transfer(
    none,
    GitPullOutcome,
    'Fetch, then fast-forward or merge the current branch; conflicts stay in the files, listed.',
  ),
  'git.push': transfer(
    z.object({ branch: GitBranchName.optional() }).strict(),
    GitRemoteStatus,
    'Push the current branch (or one named) to origin and track it; refused non-fast-forward: pull first.',
  ),
  'git.createAccessToken': method(
    CreateAccessToken,
    CreatedAccessToken,
    'A personal access token for the git command line (shown once; read or read-write).',
  ),
  'git.listAccessTokens': method(none, AccessTokenList, "The signed-in user's access tokens (never their secrets)."),
  'git.revokeAccessToken': method(z.object({ id: z.string().min(1).max(200) }).strict(), z.object({}), 'Revoke one.'),
} as const;

export const gitRemoteEvents = {
  /** A long transfer's progress (publish, clone, fetch, pull, push). */
  'git.progress': GitProgress,
} as const;

/** Code sync: the workspace's repository against the governance server's copy. */
export const gitRemoteContract = featureContract('git-remote', gitRemoteMethods, gitRemoteEvents);
