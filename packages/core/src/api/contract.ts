import { z } from 'zod';
import { featureContract, method } from '../contracts/api/method.js';
import {
  FileChange,
  FileContent,
  FileEntry,
  FileStat,
  TextSearchQuery,
  TextSearchResult,
  WorkspacePath,
} from '../contracts/files.js';
import { Settings, SettingsPatch } from '../contracts/settings.js';
import { EditorSession, RecentWorkspace, WorkspaceInfo } from '../contracts/workspace.js';

const none = z.object({}).strict();
const pathInput = z.object({ path: WorkspacePath }).strict();

/** App, settings, workspace, files and search: the foundation's part of the API table. */
export const foundationMethods = {
  'app.info': method(
    none,
    z.object({
      name: z.string(),
      version: z.string(),
      host: z.enum(['electron', 'web']),
      platform: z.string(),
      versions: z.record(z.string(), z.string()),
    }),
    'What is running: product version, host kind and runtime versions.',
  ),
  'settings.get': method(none, Settings, 'The user settings (language, theme, editor).'),
  'settings.update': method(SettingsPatch, Settings, 'Change some settings; returns all of them.'),

  'system.listFolders': method(
    z.object({ path: z.string().max(4096).optional() }).strict(),
    z.object({
      path: z.string(),
      parent: z.string().nullable(),
      folders: z.array(z.object({ name: z.string(), path: z.string() })),
    }),
    'Sub-folders of an absolute folder (the home folder when omitted), for the Open Folder dialog.',
  ),
  'workspace.open': method(
    z.object({ root: z.string().min(1).max(4096) }).strict(),
    WorkspaceInfo,
    'Open a folder (absolute path) as the workspace and add it to the recent list.',
  ),
  'workspace.close': method(none, z.object({}), 'Close the workspace.'),
  'workspace.current': method(none, WorkspaceInfo.nullable(), 'The open workspace, or null.'),
  'workspace.recent': method(none, z.array(RecentWorkspace), 'Recently opened folders, newest first.'),
  'workspace.files': method(
    z.object({ limit: z.number().int().min(1).max(200_000).default(50_000) }).strict(),
    z.object({ files: z.array(z.string()), truncated: z.boolean() }),
    'Every file of the workspace (ignoring .git, node_modules and .gitignore), for quick open.',
    { timeoutMs: 2 * 60_000 },
  ),
  'workspace.session': method(none, EditorSession, 'The open editors saved for this workspace.'),
  'workspace.saveSession': method(EditorSession.strict(), z.object({}), 'Remember the open editors.'),

  'fs.list': method(pathInput, z.object({ entries: z.array(FileEntry) }), 'The entries of a folder.'),
  'fs.stat': method(pathInput, FileStat, 'Size, time and etag of a file.'),
  'fs.read': method(pathInput, FileContent, 'Read a text file (binary and oversized files are refused).'),
  'fs.write': method(
    z
      .object({
        path: WorkspacePath,
        content: z.string(),
        /** The etag the editor last read; a different file on disk makes this a CONFLICT. Omit to overwrite. */
        expectedEtag: z.string().max(200).optional(),
      })
      .strict(),
    FileStat,
    'Write a text file atomically.',
  ),
  'fs.create': method(
    z.object({ path: WorkspacePath, kind: z.enum(['file', 'directory']) }).strict(),
    FileEntry,
    'Create an empty file or a folder; fails if the name exists.',
  ),
  'fs.rename': method(
    z.object({ from: WorkspacePath, to: WorkspacePath }).strict(),
    FileEntry,
    'Rename or move an entry; fails if the target exists.',
  ),
  'fs.delete': method(pathInput, z.object({}), 'Delete a file or a folder with its contents.'),

  'search.text': method(TextSearchQuery.strict(), TextSearchResult, 'Find text in the workspace files.', {
    timeoutMs: 2 * 60_000,
  }),
} as const;

export const foundationEvents = {
  'fs.changed': z.object({ changes: z.array(FileChange) }),
  'workspace.changed': z.object({ workspace: WorkspaceInfo.nullable() }),
  'settings.changed': Settings,
} as const;

/** The foundation feature's part of the API table, registered once in `contracts/api/index.ts`. */
export const foundationContract = featureContract('foundation', foundationMethods, foundationEvents);
