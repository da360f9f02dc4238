import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import git from 'isomorphic-git';
import { z } from 'zod';
import { JsonFile, type Log } from '../../settings/json-file.js';
import { GitAuthor } from './contract.js';
import type { RepoContext } from './repo-context.js';

const AuthorFile = z.object({ author: GitAuthor.nullable().default(null) });

export type AuthorSource = 'settings' | 'repository' | 'global' | 'none';

/** `[user] name/email` of a git config text (the first of each, as the common case needs). */
export function userOfConfig(text: string): { name?: string; email?: string } {
  const user: { name?: string; email?: string } = {};
  let inUser = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const section = /^\[\s*([^\]\s"]+)(?:\s+"[^"]*")?\s*\]/.exec(line);
    if (section) {
      inUser = section[1]?.toLowerCase() === 'user';
      continue;
    }
    const pair = /^(name|email)\s*=\s*(.*)$/i.exec(line);
    if (inUser && pair) {
      const key = pair[1]?.toLowerCase() as 'name' | 'email';
      user[key] ??= (pair[2] ?? '').replace(/^"(.*)"$/, '$1').trim();
    }
  }
  return user;
}

/**
 * Who commits: the name and email saved in WebNova's data folder (`git-author.json`), else the
 * repository's git config, else the user's global git config.
 */
export class AuthorSettings {
  readonly #file: JsonFile<typeof AuthorFile>;

  constructor(dataDir: string, log: Log) {
    this.#file = new JsonFile(join(dataDir, 'git-author.json'), AuthorFile, log);
  }

  async save(author: GitAuthor): Promise<void> {
    await this.#file.write({ author });
  }

  async resolve(repo: RepoContext | null): Promise<{ author: GitAuthor | null; source: AuthorSource }> {
    const saved = (await this.#file.read()).author;
    if (saved) return { author: saved, source: 'settings' };
    if (repo) {
      const [name, email] = await Promise.all([
        git.getConfig({ ...repo, path: 'user.name' }).catch(() => undefined),
        git.getConfig({ ...repo, path: 'user.email' }).catch(() => undefined),
      ]);
      const parsed = GitAuthor.safeParse({ name, email });
      if (parsed.success) return { author: parsed.data, source: 'repository' };
    }
    const globalText = await readFile(join(homedir(), '.gitconfig'), 'utf8').catch(() => '');
    const parsed = GitAuthor.safeParse(userOfConfig(globalText));
    if (parsed.success) return { author: parsed.data, source: 'global' };
    return { author: null, source: 'none' };
  }
}
