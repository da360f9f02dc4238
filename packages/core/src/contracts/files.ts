import { z } from 'zod';

/**
 * A path inside the open workspace, relative to its root, with `/` separators ("" is the root).
 * Shape only: whether it stays inside the workspace is checked by core against the real disk.
 */
export const WorkspacePath = z
  .string()
  .max(4096)
  .refine((p) => !p.includes('\0'), 'path must not contain NUL bytes');

export const EntryKind = z.enum(['file', 'directory', 'symlink']);
export type EntryKind = z.infer<typeof EntryKind>;

export const FileEntry = z.object({
  name: z.string(),
  path: z.string(),
  kind: EntryKind,
  size: z.number().int().nonnegative(),
  mtimeMs: z.number(),
});
export type FileEntry = z.infer<typeof FileEntry>;

/** `etag` identifies the content that was read; a write that names a stale etag is a conflict. */
export const FileStat = z.object({
  path: z.string(),
  size: z.number().int().nonnegative(),
  mtimeMs: z.number(),
  etag: z.string(),
});
export type FileStat = z.infer<typeof FileStat>;

export const FileContent = z.object({
  path: z.string(),
  content: z.string(),
  stat: FileStat,
});
export type FileContent = z.infer<typeof FileContent>;

export const FileChange = z.object({
  type: z.enum(['created', 'changed', 'deleted']),
  path: z.string(),
  kind: z.enum(['file', 'directory']),
});
export type FileChange = z.infer<typeof FileChange>;

export const TextSearchQuery = z.object({
  query: z.string().min(1).max(1000),
  isRegex: z.boolean().default(false),
  matchCase: z.boolean().default(false),
  wholeWord: z.boolean().default(false),
  /** Glob patterns relative to the workspace root, e.g. `src/**` or `*.ts`. */
  include: z.array(z.string().max(500)).max(50).default([]),
  exclude: z.array(z.string().max(500)).max(50).default([]),
  maxResults: z.number().int().min(1).max(20_000).default(2_000),
});
export type TextSearchQuery = z.input<typeof TextSearchQuery>;

export const TextMatch = z.object({
  line: z.number().int().positive(),
  column: z.number().int().positive(),
  length: z.number().int().nonnegative(),
  preview: z.string(),
  /** Where the match starts inside `preview` (0-based), for highlighting. */
  previewColumn: z.number().int().nonnegative(),
});
export type TextMatch = z.infer<typeof TextMatch>;

export const TextSearchResult = z.object({
  files: z.array(z.object({ path: z.string(), matches: z.array(TextMatch) })),
  matchCount: z.number().int().nonnegative(),
  filesSearched: z.number().int().nonnegative(),
  truncated: z.boolean(),
});
export type TextSearchResult = z.infer<typeof TextSearchResult>;
