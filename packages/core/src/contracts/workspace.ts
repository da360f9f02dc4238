import { z } from 'zod';

export const WorkspaceInfo = z.object({
  root: z.string(),
  name: z.string(),
});
export type WorkspaceInfo = z.infer<typeof WorkspaceInfo>;

export const RecentWorkspace = z.object({
  root: z.string(),
  name: z.string(),
  openedAt: z.string(),
});
export type RecentWorkspace = z.infer<typeof RecentWorkspace>;

/** What the UI restores when a workspace reopens: the open tabs and the active one. */
export const EditorSession = z.object({
  openFiles: z.array(z.string().max(4096)).max(100),
  activeFile: z.string().max(4096).nullable(),
});
export type EditorSession = z.infer<typeof EditorSession>;
