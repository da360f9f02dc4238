import { z } from 'zod';
import { featureContract, method } from '../../contracts/api/method.js';
import { WorkspacePath } from '../../contracts/files.js';

/** A full commit id. */
export const GitOid = z.string().regex(/^[0-9a-f]{40}$/, 'a commit id is 40 lowercase hex digits');

/**
 * A branch name as `git check-ref-format --branch` accepts it (the common rules: no spaces or
 * control characters, no `..`, `~^:?*[\`, no leading `-` or `/`, no trailing `/`, `.` or `.lock`).
 */
export const GitBranchName = z
  .string()
  .min(1)
  .max(200)
  .refine(
    (name) =>
      !/[\s~^:?*[\\]/.test(name) &&
      ![...name].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f) &&
      !name.includes('..') &&
      !name.includes('@{') &&
      !name.includes('//') &&
      !/^[-/.]/.test(name) &&
      !/(\/|\.|\.lock)$/.test(name) &&
      !name.split('/').some((part) => part.startsWith('.')) &&
      name !== 'HEAD' &&
      name !== '@',
    'not a valid branch name',
  );

export const GitChangeKind = z.enum(['added', 'modified', 'deleted', 'untracked', 'conflicted']);
export type GitChangeKind = z.infer<typeof GitChangeKind>;

export const GitFileChange = z.object({ path: z.string(), change: GitChangeKind });
export type GitFileChange = z.infer<typeof GitFileChange>;

export const GitStatus = z.object({
  /** False when the workspace folder has no `.git` of its own; every list is empty then. */
  isRepo: z.boolean(),
  /** The checked-out branch, or null on a detached HEAD. */
  branch: z.string().nullable(),
  /** The commit HEAD points at, or null before the first commit. */
  head: GitOid.nullable(),
  /** A merge (started by the git command line) waits to be committed. */
  merging: z.boolean(),
  staged: z.array(GitFileChange),
  unstaged: z.array(GitFileChange),
  untracked: z.array(GitFileChange),
  conflicted: z.array(GitFileChange),
  /** More untracked files than are listed. */
  truncated: z.boolean(),
});
export type GitStatus = z.infer<typeof GitStatus>;

export const GitPerson = z.object({ name: z.string(), email: z.string(), timestamp: z.number().int() });

export const GitCommit = z.object({
  oid: GitOid,
  parents: z.array(GitOid),
  subject: z.string(),
  message: z.string(),
  author: GitPerson,
  committer: GitPerson,
  /** Branch names (and `HEAD`) pointing at this commit. */
  refs: z.array(z.string()),
});
export type GitCommit = z.infer<typeof GitCommit>;

export const GitBranch = z.object({ name: z.string(), oid: GitOid.nullable(), current: z.boolean() });
export type GitBranch = z.infer<typeof GitBranch>;

export const GitAuthor = z.object({
  name: z.string().trim().min(1).max(200),
  email: z
    .string()
    .trim()
    .min(3)
    .max(320)
    .refine((email) => /^[^\s<>@]+@[^\s<>@]+$/.test(email), 'not an email address'),
});
export type GitAuthor = z.infer<typeof GitAuthor>;

/** Which version of a file: the last commit, the staging area, the working tree, or any commit. */
export const GitFileSource = z.union([z.enum(['HEAD', 'index', 'workdir']), GitOid]);
export type GitFileSource = z.infer<typeof GitFileSource>;

const none = z.object({}).strict();
const done = z.object({});
/** Either some files or every file of the group the call acts on. */
const someOrAll = z
  .object({ paths: z.array(WorkspacePath).min(1).max(20_000).optional(), all: z.literal(true).optional() })
  .strict()
  .refine((input) => (input.paths === undefined) !== (input.all === undefined), 'give either paths or all: true');

/** The git view: status, staging, commits, history and branches of the workspace's repository. */
/** Git on a large repository (status of 50,000 files, a branch switch that rewrites them) takes a while. */
const gitMethod = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O, summary: string) =>
  method(input, output, summary, { timeoutMs: 5 * 60_000 });

export const gitMethods = {
  'git.status': gitMethod(none, GitStatus, 'Staged, unstaged, untracked and conflicted files, and the branch.'),
  'git.init': gitMethod(
    z.object({ defaultBranch: GitBranchName.default('main') }).strict(),
    GitStatus,
    'Make the workspace folder a git repository.',
  ),
  'git.stage': gitMethod(someOrAll, done, 'Add files (or every change) to the staging area.'),
  'git.unstage': gitMethod(someOrAll, done, 'Take files (or everything) out of the staging area.'),
  'git.discard': gitMethod(
    someOrAll,
    done,
    'Throw away unstaged changes: tracked files return to their staged version, untracked files are deleted.',
  ),
  'git.fileContent': gitMethod(
    z.object({ path: WorkspacePath, source: GitFileSource }).strict(),
    z.object({ exists: z.boolean(), binary: z.boolean(), tooLarge: z.boolean(), content: z.string() }),
    'A file as it is in HEAD, the index, the working tree or a commit, for diffs.',
  ),
  'git.author': gitMethod(
    none,
    z.object({ author: GitAuthor.nullable(), source: z.enum(['settings', 'repository', 'global', 'none']) }),
    'Who commits: the name and email from WebNova settings, else from git config.',
  ),
  'git.setAuthor': gitMethod(GitAuthor.strict(), done, 'Save the commit author in WebNova settings.'),
  'git.commit': gitMethod(
    z.object({ message: z.string().trim().min(1).max(100_000), author: GitAuthor.strict().optional() }).strict(),
    z.object({ oid: GitOid }),
    'Commit the staged changes.',
  ),
  'git.log': gitMethod(
    z
      .object({
        skip: z.number().int().min(0).max(1_000_000).default(0),
        limit: z.number().int().min(1).max(1000).default(200),
      })
      .strict(),
    z.object({ commits: z.array(GitCommit), hasMore: z.boolean() }),
    'History of every branch, newest first, a page at a time.',
  ),
  'git.commitDetails': gitMethod(
    z.object({ oid: GitOid }).strict(),
    z.object({ commit: GitCommit, files: z.array(GitFileChange) }),
    'A commit and the files it changed (against its first parent).',
  ),
  'git.branches': gitMethod(
    none,
    z.object({ branches: z.array(GitBranch), current: z.string().nullable() }),
    'Local branches.',
  ),
  'git.createBranch': gitMethod(
    z.object({ name: GitBranchName, from: GitOid.optional(), switch: z.boolean().default(true) }).strict(),
    done,
    'Create a branch at HEAD (or a commit) and, by default, switch to it.',
  ),
  'git.switchBranch': gitMethod(
    z.object({ name: GitBranchName }).strict(),
    done,
    'Check out a branch; refused (CONFLICT) when it would overwrite local changes.',
  ),
  'git.deleteBranch': gitMethod(
    z.object({ name: GitBranchName, force: z.boolean().default(false) }).strict(),
    done,
    'Delete a branch; an unmerged one only with force.',
  ),
  'git.restoreFile': gitMethod(
    z.object({ path: WorkspacePath, commit: GitOid }).strict(),
    done,
    'Put a file back as it was in a commit (working tree and index).',
  ),
  'git.revert': gitMethod(
    z.object({ commit: GitOid }).strict(),
    z.object({ oid: GitOid }),
    'Commit the inverse of a commit; conflicts are refused (CONFLICT, with the files) and change nothing.',
  ),
} as const;

export const gitEvents = {
  /** The repository may have changed (files, index, HEAD or branches): ask for the status again. */
  'git.changed': z.object({}),
} as const;

/** The git feature's part of the API table, registered once in `contracts/api/index.ts`. */
export const gitContract = featureContract('git', gitMethods, gitEvents);
