import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { chmod, lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Every entry below `root` (relative path) with its kind and permission bits, links not followed. */
export async function modesBelow(root: string): Promise<Record<string, string>> {
  const found: Record<string, string> = {};
  const visit = async (path: string, rel: string): Promise<void> => {
    const info = await lstat(path);
    const kind = info.isSymbolicLink() ? 'link' : info.isDirectory() ? 'dir' : 'file';
    found[rel || '.'] = `${kind} ${(info.mode & 0o7777).toString(8).padStart(3, '0')}`;
    if (kind === 'dir') {
      for (const name of await readdir(path)) await visit(join(path, name), rel ? `${rel}/${name}` : name);
    }
  };
  await visit(root, '');
  return found;
}

/** The entries of `modes` that are not owner-only (a folder other than 700, a file with group/other bits). */
export function notPrivate(modes: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(modes).filter(([, what]) => {
      const [kind, mode] = what.split(' ') as [string, string];
      if (kind === 'dir') return mode !== '700';
      return kind === 'file' && (Number.parseInt(mode, 8) & 0o7077) !== 0;
    }),
  );
}

/** As an older WebNova (or PGlite under umask 0) left it: folders 0755, files 0666. */
export async function widen(root: string): Promise<void> {
  const info = await lstat(root);
  if (info.isSymbolicLink()) return;
  if (info.isDirectory()) {
    await chmod(root, 0o755);
    for (const name of await readdir(root)) await widen(join(root, name));
  } else await chmod(root, 0o666);
}

/** The process umask, read without setting it (`process.umask()` sets and resets it). */
export function currentUmask(): number | null {
  const line = /^Umask:\s*([0-7]+)$/m.exec(readFileSync('/proc/self/status', 'utf8'));
  return line?.[1] ? Number.parseInt(line[1], 8) : null;
}

export const canRunAsNobody =
  process.getuid?.() === 0 && spawnSync('runuser', ['-u', 'nobody', '--', 'true']).status === 0;

/** The files among `paths` that the `nobody` user can read. */
export function readableByNobody(paths: readonly string[]): string[] {
  const script = 'for f; do cat -- "$f" >/dev/null 2>&1 && printf "%s\\n" "$f"; done; true';
  const run = spawnSync('runuser', ['-u', 'nobody', '--', 'sh', '-c', script, 'sh', ...paths], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`runuser failed: ${run.stderr}`);
  return run.stdout.split('\n').filter(Boolean);
}

/** `narrowTree(root)` run by the `nobody` user (tsx loads the source), as it would meet another user's files. */
export function narrowTreeAsNobody(root: string): unknown {
  const module = pathToFileURL(join(import.meta.dirname, '..', '..', 'src', 'settings', 'private-folder.ts')).href;
  const script = `import(${JSON.stringify(module)}).then((m) => m.narrowTree(${JSON.stringify(root)})).then((r) => console.log(JSON.stringify(r)))`;
  const run = spawnSync('runuser', ['-u', 'nobody', '--', process.execPath, '--import', 'tsx', '-e', script], {
    cwd: join(import.meta.dirname, '..', '..'),
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`narrowTree as nobody failed: ${run.stderr}`);
  return JSON.parse(run.stdout);
}
