import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test as base } from '@playwright/test';
import { type RunningHost, startHost } from './web-host';
import { Workbench } from './workbench';

export interface Project {
  root: string;
  file(path: string): string;
}

/** A small project on disk: what a person would open. */
export const sampleFiles: Record<string, string> = {
  'README.md': '# Clinic booking\n\nBook appointments with doctors.\n',
  'package.json': '{\n  "name": "clinic-booking",\n  "private": true\n}\n',
  'src/index.ts': "import { greet } from './greet';\n\nconsole.log(greet('world'));\n",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: this is the text of a TypeScript file.
  'src/greet.ts': 'export function greet(name: string): string {\n  return `Hello, ${name}!`;\n}\n',
  'src/domain/appointment.ts':
    'export interface Appointment {\n  id: string;\n  doctorId: string;\n  startsAt: string;\n}\n',
  'docs/guide.md': '# Guide\n\nدليل الاستخدام\n',
};

export async function writeProject(root: string, files: Record<string, string | Buffer>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
}

export const test = base.extend<{ project: Project; host: RunningHost; workbench: Workbench }>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern.
  project: async ({}, use) => {
    const dir = await realpath(await mkdtemp(join(tmpdir(), 'webnova-e2e-')));
    const root = join(dir, 'clinic-booking');
    await writeProject(root, sampleFiles);
    await use({ root, file: (path) => join(root, path) });
    await rm(dir, { recursive: true, force: true });
  },
  host: async ({ project }, use, testInfo) => {
    const host = await startHost(project.root);
    await use(host);
    // A failed test keeps what the host logged (a host that died says why only there).
    if (testInfo.status !== testInfo.expectedStatus) {
      await testInfo.attach('web host stderr', { body: host.stderr(), contentType: 'text/plain' });
    }
    await host.stop();
  },
  workbench: async ({ page, host }, use) => {
    await page.goto(host.url);
    const workbench = new Workbench(page);
    await workbench.waitForShell();
    await use(workbench);
  },
});

export { expect } from '@playwright/test';
