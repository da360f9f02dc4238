import { join } from 'node:path';
import { test as base, expect, sampleFiles, writeProject } from '../support/fixtures';
import { preview, runView, startTask, taskState } from '../support/vite-project';

const repoRoot = join(import.meta.dirname, '..', '..', '..', '..');
const screenshots = join(repoRoot, 'artifacts', 'screenshots');
const TOKEN = 'Q1w2E3r4T5y6U7i8O9p0-_AsDfGhJkLzXcVbNmQwErTy';

/**
 * A stand-in for a generated platform's first start: a page that shows the fragment it was opened
 * with, and a server that prints its address and then the first owner's setup link, as the
 * generated API does when it starts with no account.
 */
const test = base.extend({
  project: async ({ project }, use) => {
    await writeProject(project.root, {
      ...sampleFiles,
      'package.json': JSON.stringify({ name: 'first-start', private: true, scripts: { dev: 'node server.cjs' } }),
      'server.cjs': [
        "const http = require('node:http');",
        'const page = \'<html><head><title>Platform</title></head><body><h1 id="where"></h1>\' +',
        '  \'<script>document.getElementById("where").textContent = location.hash</script></body></html>\';',
        "const server = http.createServer((req, res) => { res.setHeader('content-type', 'text/html'); res.end(page); });",
        "server.listen(0, '127.0.0.1', () => {",
        "  console.log('Server running at http://127.0.0.1:' + server.address().port + '/');",
        `  console.log('No account yet. Create the first owner in the web app with the one-time setup token ${TOKEN}');`,
        `  console.log('  (or open the web app at #/setup/${TOKEN})');`,
        '});',
        '',
      ].join('\n'),
    });
    await use(project);
  },
});

test('the Run view links the preview to a new platform’s first-owner setup', async ({ page, workbench: _shell }) => {
  await page.getByRole('navigation', { name: 'Activity bar' }).getByRole('button', { name: 'Run' }).click();
  await startTask(page, 'dev');
  await expect(taskState(page, 'dev')).toHaveText('running');
  const link = runView(page).getByRole('button', { name: 'Create the first owner' });
  await expect(link).toBeVisible();
  await page.screenshot({ path: join(screenshots, 'run-first-owner-en-dark.png') });
  await link.click();
  // The token goes in the fragment: the preview opens the page there, and the page reads it.
  await expect(preview(page).getByRole('heading', { level: 1 })).toHaveText(`#/setup/${TOKEN}`);
  await runView(page).getByRole('button', { name: 'Stop dev', exact: true }).click();
  await expect(taskState(page, 'dev')).toHaveText(/exited|stopped/);
  await expect(link).toHaveCount(0);
});
