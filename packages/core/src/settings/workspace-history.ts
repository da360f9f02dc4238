import { join } from 'node:path';
import { z } from 'zod';
import { EditorSession, RecentWorkspace } from '../contracts/index.js';
import { JsonFile, type Log } from './json-file.js';

const MAX_RECENT = 20;

const History = z.object({
  recent: z.array(RecentWorkspace).default([]),
  /** Open editors per workspace root. */
  sessions: z.record(z.string(), EditorSession).default({}),
});
type History = z.infer<typeof History>;

const emptySession: EditorSession = { openFiles: [], activeFile: null };

/** Recently opened folders and the editors each one had open, kept in `workspaces.json`. */
export class WorkspaceHistory {
  readonly #file: JsonFile<typeof History>;
  #current: History;

  private constructor(file: JsonFile<typeof History>, current: History) {
    this.#file = file;
    this.#current = current;
  }

  static async open(dataDir: string, log: Log): Promise<WorkspaceHistory> {
    const file = new JsonFile(join(dataDir, 'workspaces.json'), History, log);
    return new WorkspaceHistory(file, await file.read());
  }

  recent(): RecentWorkspace[] {
    return this.#current.recent;
  }

  async opened(root: string, name: string, at = new Date()): Promise<void> {
    const recent = [
      { root, name, openedAt: at.toISOString() },
      ...this.#current.recent.filter((r) => r.root !== root),
    ].slice(0, MAX_RECENT);
    const sessions = Object.fromEntries(
      Object.entries(this.#current.sessions).filter(([key]) => recent.some((r) => r.root === key)),
    );
    await this.#save({ recent, sessions });
  }

  session(root: string): EditorSession {
    return this.#current.sessions[root] ?? emptySession;
  }

  async saveSession(root: string, session: EditorSession): Promise<void> {
    await this.#save({ ...this.#current, sessions: { ...this.#current.sessions, [root]: session } });
  }

  async #save(next: History): Promise<void> {
    await this.#file.write(next);
    this.#current = next;
  }
}
