import { chmod, constants, lstat, mkdir, open, rm } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The folder in the data folder that only this user may enter (0700), checked rather than trusted:
 * `WEBNOVA_DATA_DIR` may sit somewhere others can write, where someone could have made it first.
 */
async function privateFolder(path: string): Promise<string> {
  await mkdir(path, { recursive: true, mode: 0o700 });
  const info = await lstat(path);
  if (!info.isDirectory()) throw new Error(`${path} is not a folder`);
  if (process.getuid && info.uid !== process.getuid()) throw new Error(`${path} belongs to another user`);
  if ((info.mode & 0o077) !== 0) await chmod(path, 0o700);
  return path;
}

const attribute = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * Writes the page the `--open` window loads first, which forwards at once to a one-time link: the
 * browser's command line then holds only this file's path, which anyone may read in `ps`, and the
 * file itself only its owner may read (0600). A new file every time (never through a link someone
 * planted), removed by the caller once the code is used.
 */
export async function writeOpenFile(dataDir: string, port: number, link: string): Promise<string> {
  const file = join(await privateFolder(join(dataDir, 'web-host')), `open-${port}.html`);
  await rm(file, { force: true });
  const handle = await open(
    file,
    constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
    0o600,
  );
  try {
    await handle.writeFile(
      `<!doctype html><meta charset="utf-8"><meta name="referrer" content="no-referrer">` +
        `<meta http-equiv="refresh" content="0;url=${attribute(link)}"><title>WebNova</title><p>Opening WebNova…</p>\n`,
    );
  } catch (error) {
    await rm(file, { force: true });
    throw error;
  } finally {
    await handle.close();
  }
  return file;
}
