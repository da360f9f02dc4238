import { readFile, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { expect, test, writeProject } from '../support/fixtures';

test.describe('bad input gets a clear message and changes nothing', () => {
  test('a binary file and a 50 MB file open as a message, not in the editor', async ({ workbench, page, project }) => {
    await writeProject(project.root, { 'logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0, 1, 2, 3]) });
    await writeFile(project.file('huge.log'), Buffer.alloc(50 * 1024 * 1024, 'a'));
    await workbench.treeItem('logo.png').click();
    await expect(page.getByRole('main')).toContainText(/binary/i);
    await workbench.treeItem('huge.log').click();
    await expect(page.getByRole('main')).toContainText(/too large|MB/i);
  });

  test('a link that leads outside the folder is refused, and the outside file is untouched', async ({
    workbench,
    page,
    project,
  }) => {
    const outside = join(dirname(project.root), 'outside-secret.txt');
    await writeFile(outside, 'not part of the project\n');
    await symlink(outside, project.file('escape.txt'));
    await workbench.treeItem('escape.txt').click();
    await expect(page.getByRole('alert').filter({ hasText: 'That path is outside the open folder.' })).toBeVisible();
    await expect(workbench.editor).toHaveCount(0);
    expect(await readFile(outside, 'utf8')).toBe('not part of the project\n');
  });

  test('the socket refuses a page without the token', async ({ browser, host }) => {
    const page = await browser.newPage();
    const url = new URL(host.url);
    url.searchParams.set('token', 'not-the-token');
    await page.goto(url.toString());
    await expect(page.getByText(/refused|UNAUTHORIZED|link it printed/i).first()).toBeVisible();
    await page.close();
  });

  test('another origin cannot open the API socket', async ({ page, host }) => {
    const url = new URL(host.url);
    const token = url.searchParams.get('token');
    // A page served from another origin (about:blank here) tries to connect with the right token.
    await page.goto('about:blank');
    const outcome = await page.evaluate(
      (address) =>
        new Promise<string>((resolve) => {
          const ws = new WebSocket(address);
          ws.onopen = () => resolve('open');
          ws.onerror = () => resolve('refused');
        }),
      `ws://${url.host}/api?token=${token}`,
    );
    expect(outcome).toBe('refused');
  });
});
