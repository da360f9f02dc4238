import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, parse } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listFolders } from '../../src/workspace/folders.js';
import { makeTempFolder } from './temp-folder.js';

describe('listFolders', () => {
  let folder: Awaited<ReturnType<typeof makeTempFolder>>;

  beforeEach(async () => {
    folder = await makeTempFolder();
    for (const name of ['project10', 'project2', 'Beta', 'alpha', '.hidden']) await mkdir(join(folder.path, name));
    await writeFile(join(folder.path, 'file.txt'), 'x');
    await symlink(join(folder.path, 'alpha'), join(folder.path, 'linked'));
  });

  afterEach(() => folder.remove());

  it('lists visible sub-folders (and links to folders) in natural order with absolute paths', async () => {
    const listing = await listFolders(folder.path);
    expect(listing.path).toBe(folder.path);
    expect(listing.parent).toBe(join(folder.path, '..'));
    expect(listing.folders).toEqual(
      ['alpha', 'Beta', 'linked', 'project2', 'project10'].map((name) => ({ name, path: join(folder.path, name) })),
    );
  });

  it('starts at the home folder and stops climbing at the file-system root', async () => {
    expect((await listFolders()).path).toBe(homedir());
    const top = parse(folder.path).root;
    const listing = await listFolders(top);
    expect(listing.parent).toBeNull();
    expect(listing.folders.length).toBeGreaterThan(0);
  });

  it('answers with typed errors', async () => {
    await expect(listFolders(join(folder.path, 'missing'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(listFolders(join(folder.path, 'file.txt'))).rejects.toMatchObject({ code: 'NOT_A_DIRECTORY' });
    await expect(listFolders('relative/path')).rejects.toMatchObject({ code: 'INVALID_PATH' });
  });
});
