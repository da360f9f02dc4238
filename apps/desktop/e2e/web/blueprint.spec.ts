import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, type Project, sampleFiles, test } from '../support/fixtures';
import type { Workbench } from '../support/workbench';

const screenshots = join(import.meta.dirname, '..', '..', '..', '..', 'artifacts', 'screenshots');
const BLUEPRINT = 'webnova.blueprint.json';
const mod = process.platform === 'darwin' ? 'Meta' : 'Control';

async function openBlueprintView(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'Blueprint' }).first().click();
  return page.locator('.blueprint-view');
}

/** The fixture's own files would collide with a generated project; start from an empty folder. */
async function emptyFolder(project: Project): Promise<void> {
  for (const path of Object.keys(sampleFiles)) await rm(project.file(path), { force: true });
  await rm(project.file('src'), { recursive: true, force: true });
  await rm(project.file('docs'), { recursive: true, force: true });
}

/** Adds a field to an entity of the workspace's Blueprint, as an edit of the JSON on disk would. */
async function addField(project: Project, entity: string, name: string, en: string, ar: string): Promise<void> {
  const blueprint = JSON.parse(await readFile(project.file(BLUEPRINT), 'utf8'));
  const target = blueprint.entities.find((e: { name: string }) => e.name === entity);
  target.fields.push({ name, type: 'string', label: { ar, en } });
  await writeFile(project.file(BLUEPRINT), `${JSON.stringify(blueprint, null, 2)}\n`);
}

/** The files the preview says will change, with what will happen to each. */
async function previewChanges(view: Locator): Promise<Array<{ kind: string; path: string }>> {
  return view
    .getByRole('list', { name: 'Files that will change' })
    .locator('.blueprint-change')
    .evaluateAll((items) =>
      items.map((item) => ({
        kind: [...item.classList].find((name) => name.startsWith('is-'))?.slice(3) ?? '',
        path: item.querySelector('.blueprint-change-path')?.textContent ?? '',
      })),
    );
}

async function setTheme(page: Page, workbench: Workbench, theme: 'dark' | 'light') {
  if ((await page.locator('html').getAttribute('data-theme')) === theme) return;
  const title = (await page.locator('html').getAttribute('lang')) === 'ar' ? 'تبديل السمة' : 'Toggle Theme';
  await workbench.runCommand(title);
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
}

test.describe('Blueprint view', () => {
  test('create from a sample, see the tree, generate, keep a hand edit, show a conflict', async ({
    workbench,
    page,
    project,
  }) => {
    await emptyFolder(project);
    const view = await openBlueprintView(page);

    // Empty state: no Blueprint yet, offer the samples.
    // Core's other features open their databases when the folder opens; on a busy machine the first
    // file reads queue behind that for a while.
    await expect(view.getByText('No Blueprint in this folder')).toBeVisible();
    await view.getByRole('combobox', { name: 'Sample' }).selectOption({ label: 'Clinic Appointments' });
    await view.getByRole('button', { name: 'Create from sample' }).click();

    // The tree: entities with their fields, roles, pages.
    const tree = view.getByRole('region', { name: 'The platform' });
    await expect(tree.getByText('Entities')).toBeVisible();
    await tree.locator('.blueprint-entity summary').filter({ hasText: 'Doctor' }).click();
    await expect(tree.getByText('licenseNumber: string')).toBeVisible();
    await expect(tree.getByText('Roles')).toBeVisible();
    await expect(tree.getByText('Pages')).toBeVisible();

    // Generate: the preview lists new files; afterwards they are on disk.
    await expect(view.getByRole('list', { name: 'Files that will change' })).toBeVisible();
    const first = await previewChanges(view);
    expect(first.length).toBeGreaterThan(10);
    expect(first.every((change) => change.kind === 'create')).toBe(true);
    await view.getByRole('button', { name: 'Generate', exact: true }).click();
    await expect(view.getByText(/^Done: \d+ files written/)).toBeVisible();
    const manifest = JSON.parse(await readFile(project.file('.webnova/manifest.json'), 'utf8'));
    const generated = Object.keys(manifest.files);
    expect(generated.length).toBeGreaterThan(10);
    for (const path of generated) await expect(stat(project.file(path))).resolves.toBeTruthy();
    await expect(view.getByText('The project is up to date with the Blueprint.')).toBeVisible();

    // A Blueprint change: the preview says which generated files it touches.
    await addField(project, 'Doctor', 'roomNumber', 'Room number', 'رقم الغرفة');
    await expect(view.getByRole('button', { name: 'Regenerate' })).toBeVisible();
    await expect(view.getByRole('list', { name: 'Files that will change' })).toBeVisible();
    await expect.poll(async () => (await previewChanges(view)).length).toBeGreaterThan(0);
    const updates = (await previewChanges(view)).filter((c) => c.kind === 'update').map((c) => c.path);
    const edited = updates.find((path) => /doctor/i.test(path) && path.endsWith('.ts'));
    const clashing = updates.find((path) => path !== edited && path.endsWith('.ts'));
    if (!edited || !clashing) throw new Error(`too few changed files: ${updates.join(', ')}`);

    // A hand edit in the editor, away from what the generator changes: kept after regenerating.
    await workbench.quickOpen(edited);
    await page.keyboard.press('Enter');
    await expect(workbench.editor).toBeVisible();
    await workbench.editor.click();
    await page.keyboard.press(`${mod}+Home`);
    await page.keyboard.type('// kept by hand\n');
    await workbench.save();
    await expect.poll(() => readFile(project.file(edited), 'utf8')).toContain('// kept by hand');
    await expect.poll(async () => (await previewChanges(view)).find((c) => c.path === edited)?.kind).toBe('merge');
    await view.getByRole('button', { name: 'Regenerate' }).click();
    await expect(view.getByText(/^Done: \d+ files written, 1 merged/)).toBeVisible();
    const kept = await readFile(project.file(edited), 'utf8');
    expect(kept).toContain('// kept by hand');
    expect(kept).not.toContain('<<<<<<<');

    // An overlapping edit: rewrite a file the next change touches; it becomes a listed conflict.
    await addField(project, 'Doctor', 'extension', 'Extension', 'التحويلة');
    await expect(view.getByRole('list', { name: 'Files that will change' })).toBeVisible();
    await writeFile(project.file(clashing), '// my own version of this file\n');
    await expect.poll(async () => (await previewChanges(view)).find((c) => c.path === clashing)?.kind).toBe('conflict');
    await view.getByRole('button', { name: 'Regenerate' }).click();
    const conflicts = view.getByRole('region', { name: 'Conflicts' });
    await expect(conflicts).toBeVisible();
    const link = conflicts.getByRole('button', { name: new RegExp(clashing.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) });
    await expect(link).toBeVisible();
    await link.click();
    const fileName = clashing.split('/').pop() as string;
    await expect(workbench.tab(fileName)).toHaveAttribute('aria-selected', 'true');
    await expect.poll(() => workbench.editorText()).toContain('<<<<<<< yours');
    expect(await workbench.editorText()).toContain('// my own version of this file');

    // Screenshots: English and Arabic, dark and light.
    await mkdir(screenshots, { recursive: true });
    for (const locale of ['en', 'ar'] as const) {
      if (locale === 'ar') {
        await workbench.runCommand('Switch Language');
        await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
      }
      for (const theme of ['dark', 'light'] as const) {
        await setTheme(page, workbench, theme);
        await page.mouse.move(0, 0);
        await page.screenshot({ path: join(screenshots, `blueprint-${locale}-${theme}.png`) });
      }
    }
  });

  test('the Blueprint JSON opens in the editor, checked against the schema', async ({ workbench, page, project }) => {
    await writeFile(
      project.file(BLUEPRINT),
      await readFile(
        join(import.meta.dirname, '..', '..', '..', '..', 'packages/core/samples/school-registry.blueprint.json'),
      ),
    );
    const view = await openBlueprintView(page);
    await expect(view.getByText('School Registry')).toBeVisible();
    await view.getByRole('button', { name: 'Open webnova.blueprint.json' }).click();
    await expect(workbench.tab(BLUEPRINT)).toHaveAttribute('aria-selected', 'true');
    await expect(workbench.editor).toBeVisible();
    await workbench.editor.click();
    await page.keyboard.press(`${mod}+Home`);
    await page.keyboard.press('End');
    await page.keyboard.type('\n"notAField": 1,');
    // Monaco's JSON language marks the unknown property against the Blueprint's schema.
    await expect(workbench.editor.locator('.squiggly-error').first()).toBeVisible();
    await workbench.save();
    await expect(view.getByText(/problems? in the Blueprint/)).toBeVisible();
    await expect(view.getByText('/notAField')).toBeVisible();
  });
});
