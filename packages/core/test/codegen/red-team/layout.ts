import { createHash } from 'node:crypto';
import { lstat, mkdir, mkdtemp, readdir, readFile, readlink, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A sandbox holding the project under attack and what the attacker aims at: `victim/` (stands for
 * `~/victim`, the user's files outside the project) and the project's own `.git`.
 */
export interface Layout {
  readonly sandbox: string;
  readonly project: string;
  readonly victim: string;
}

export async function makeLayout(): Promise<Layout> {
  const sandbox = await mkdtemp(join(tmpdir(), 'webnova-red-team-'));
  const project = join(sandbox, 'project');
  const victim = join(sandbox, 'victim');
  await mkdir(join(project, '.git', 'hooks'), { recursive: true });
  await writeFile(join(project, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  await writeFile(join(project, '.git', 'config'), '[core]\n\tbare = false\n');
  await mkdir(join(victim, 'out'), { recursive: true });
  await mkdir(join(victim, 'pages'), { recursive: true });
  await writeFile(join(victim, 'secret.txt'), 'the victim’s secret\n');
  await writeFile(join(victim, 'README.md'), '# not yours\n');
  await writeFile(join(victim, 'out', 'index.html'), '<h1>victim</h1>\n');
  await writeFile(join(victim, 'out', 'navigation.ts'), '// the victim’s navigation\n');
  await writeFile(join(victim, 'pages', 'course-list.tsx'), '// the victim’s page\n');
  return { sandbox, project, victim };
}

export function removeLayout(layout: Layout): Promise<void> {
  return rm(layout.sandbox, { recursive: true, force: true });
}

/** Every entry below `dir` with its kind, mode and content hash or link target: any change shows. */
export async function snapshot(dir: string, skip: ReadonlySet<string> = new Set()): Promise<Record<string, string>> {
  const found: Record<string, string> = {};
  const visit = async (folder: string, prefix: string): Promise<void> => {
    for (const name of (await readdir(folder)).sort()) {
      if (prefix === '' && skip.has(name)) continue;
      const path = join(folder, name);
      const rel = `${prefix}${name}`;
      const info = await lstat(path);
      const mode = (info.mode & 0o7777).toString(8);
      if (info.isSymbolicLink()) found[rel] = `link -> ${await readlink(path)}`;
      else if (info.isDirectory()) {
        found[rel] = `dir ${mode}`;
        await visit(path, `${rel}/`);
      } else
        found[rel] = `file ${mode} ${createHash('sha256')
          .update(await readFile(path))
          .digest('hex')}`;
    }
  };
  await visit(dir, '');
  return found;
}

/** What must not change: everything in the sandbox outside the project, and the project's `.git`. */
export async function untouchable(layout: Layout): Promise<Record<string, string>> {
  return {
    ...(await snapshot(layout.sandbox, new Set(['project']))),
    ...Object.fromEntries(
      Object.entries(await snapshot(join(layout.project, '.git'))).map(([path, what]) => [
        `project/.git/${path}`,
        what,
      ]),
    ),
  };
}
