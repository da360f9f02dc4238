import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test as base, expect, sampleFiles, writeProject } from '../support/fixtures';
import { callCore } from '../support/web-host';
import { Workbench } from '../support/workbench';

const repoRoot = join(import.meta.dirname, '..', '..', '..', '..');
const screenshots = join(repoRoot, 'artifacts', 'screenshots');

/** The sample project with a Python script that greets and a Node script that never ends. */
const test = base.extend({
  project: async ({ project }, use) => {
    await writeProject(project.root, {
      ...sampleFiles,
      'scripts/hello.py':
        'import sys\nprint("hello from python", sys.version_info[0])\nprint("to stderr", file=sys.stderr)\n',
      'scripts/spin.js': 'let turns = 0;\nfor (;;) turns++;\n',
    });
    await use(project);
  },
});

const sandboxLog = (page: Page) => page.getByRole('log', { name: 'Sandbox' });
const runEntry = (page: Page, title: string) => sandboxLog(page).getByRole('region', { name: title });

test.describe('Run File in Sandbox', () => {
  test.setTimeout(240_000);

  test('runs a Python file from the editor title and stops a runaway Node loop at its time limit', async ({
    page,
    host,
  }) => {
    // Short runs for the test: the time limit a user sets in the settings.
    await callCore(host, 'settings.update', { sandbox: { wallSeconds: 3 } });
    await page.goto(host.url);
    const workbench = new Workbench(page);
    await workbench.waitForShell();

    // Before any run, the channel says what this machine runs and how to add what it lacks.
    await workbench.runCommand('View: Show Sandbox Output');
    await expect(sandboxLog(page)).toContainText('Files and AI commands run in the sandbox (bubblewrap).');
    await expect(sandboxLog(page)).toContainText(/Languages: Node\.js [\d.]+ · TypeScript [\d.]+ · Python [\d.]+/);
    await page.locator('.panel').screenshot({ path: join(screenshots, 'sandbox-status-en-dark.png') });

    await workbench.openFromTree('scripts', 'hello.py');
    await page.getByRole('button', { name: 'Run: Run File in Sandbox' }).click();
    const hello = runEntry(page, 'scripts/hello.py');
    await expect(hello).toContainText('Exited with code 0');
    await expect(hello).toContainText('hello from python 3');
    await expect(hello).toContainText('to stderr');
    // Where it ran and under which limits, before its output.
    await expect(hello).toContainText('in the sandbox (bubblewrap)');
    await expect(hello).toContainText('memory 512 MB · CPU 3 s · time 3 s');
    await expect(page.getByRole('combobox', { name: 'Output channel' })).toHaveValue('sandbox');

    // The palette runs the active file too; a loop that never ends is stopped by its limit, which is named.
    await workbench.openFromTree('scripts', 'spin.js');
    await workbench.runCommand('Run: Run File in Sandbox');
    const spin = runEntry(page, 'scripts/spin.js');
    await expect(spin).toContainText('Running…');
    await expect(spin).toContainText(/Stopped: (CPU time|time) limit 3 s/, { timeout: 60_000 });
    await expect(spin.locator('.sandbox-run-end')).toHaveClass(/is-failed/);
    await page.screenshot({ path: join(screenshots, 'sandbox-runs-en-dark.png') });

    // In Arabic the words of each run follow the language; the code and its output stay left to right.
    await callCore(host, 'settings.update', { locale: 'ar', theme: 'light' });
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await expect(page.getByRole('log', { name: 'البيئة المعزولة' })).toContainText(/أُوقف: \u2068?حد المدة \u2068?3/);
    await page.locator('.panel').screenshot({ path: join(screenshots, 'sandbox-runs-ar-light.png') });
    await callCore(host, 'settings.update', { locale: 'en', theme: 'dark' });
    await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');

    // A file of no language the sandbox runs has no button.
    await workbench.openFromTree('README.md');
    await expect(page.getByRole('button', { name: 'Run: Run File in Sandbox' })).toHaveCount(0);
  });

  test('an AI command approved in the Inbox runs in the sandbox, and the Inbox and Output say where', async ({
    page,
    host,
  }) => {
    await page.goto(host.url);
    const workbench = new Workbench(page);
    await workbench.waitForShell();
    const proposed = (await callCore(host, 'governance.propose', {
      kind: 'command.run',
      payload: { argv: ['python3', 'scripts/hello.py'] },
      rationale: 'Check the greeting script.',
    })) as { outcome: string };
    expect(proposed.outcome).toBe('pending');

    await page.getByRole('button', { name: 'Inbox', exact: true }).click();
    const list = page.getByRole('listbox', { name: 'Decisions waiting for you' });
    await list.getByRole('option').first().click();
    const details = page.getByRole('region', { name: 'Decision details' });
    // Before anyone approves: the policy it will run under.
    await expect(details.getByTestId('inbox-sandbox')).toHaveText(
      'Where it runs: Runs in the sandbox: no network; the project writable except its .git; memory 1024 MB, CPU 300 s, time 600 s, 512 processes, 1024 MB written.',
    );
    await page.screenshot({ path: join(screenshots, 'sandbox-inbox-policy-en-dark.png') });
    await details.getByRole('button', { name: 'Approve' }).click();

    // The decided one opens from the recent list with where it ran.
    await page
      .getByRole('region', { name: 'Decided recently' })
      .getByRole('button', { name: /python3 scripts\/hello\.py/ })
      .click();
    await expect(details.getByTestId('inbox-ran-in')).toHaveText('It ran in the sandbox (bubblewrap).');
    await expect(details).toContainText('Done');
    await page.getByRole('tab', { name: 'Output' }).click();
    await page.getByRole('combobox', { name: 'Output channel' }).selectOption({ label: 'Sandbox' });
    const run = runEntry(page, 'python3 scripts/hello.py');
    await expect(run).toContainText('▶ AI command: python3 scripts/hello.py');
    await expect(run).toContainText('in the sandbox (bubblewrap)');
    await expect(run).toContainText('hello from python 3');
    await expect(run).toContainText('Exited with code 0');
  });
});
