import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { apiSocket } from '../../../../scripts/lib/web-host-process.mjs';
import { expect, test, writeProject } from '../support/fixtures';

const screenshots = join(import.meta.dirname, '..', '..', '..', '..', 'artifacts', 'screenshots');

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

  test('the socket refuses a page with a wrong token, and the page says so', async ({ browser, host }) => {
    const page = await browser.newPage();
    const url = new URL(host.url);
    url.hash = 'token=not-the-token-0123456789';
    await page.goto(url.toString());
    await expect(page.getByText(/refused|UNAUTHORIZED|link it printed/i).first()).toBeVisible();
    // The token left the address bar before anything else ran.
    expect(new URL(page.url()).hash).toBe('');
    await mkdir(screenshots, { recursive: true });
    await page.screenshot({ path: join(screenshots, 'web-host-token-refused-en-dark.png') });
    await page.close();
  });

  test('a link with a code the host never minted is refused, and the page says so', async ({ browser, host }) => {
    const first = await browser.newPage();
    const url = new URL(host.url);
    const code = await first.request.post(new URL('/api/session', url).href, {
      data: { code: 'not-a-code-minted-here-0123456789' },
    });
    expect(code.status()).toBe(401);
    url.hash = 'code=not-a-code-minted-here-0123456789';
    await first.goto(url.toString());
    await expect(first.getByText(/refused|UNAUTHORIZED|link it printed/i).first()).toBeVisible();
    await first.close();
  });

  test('another origin cannot open the API socket', async ({ page, host }) => {
    const api = apiSocket(host.url);
    // A page served from another origin (about:blank here) tries to connect with the right token.
    await page.goto('about:blank');
    const outcome = await page.evaluate(
      ({ address, protocols }) =>
        new Promise<string>((resolve) => {
          const ws = new WebSocket(address, protocols);
          ws.onopen = () => resolve('open');
          ws.onerror = () => resolve('refused');
        }),
      api,
    );
    expect(outcome).toBe('refused');
  });
});
