import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  BASE_DIR,
  generateProject,
  listGenerationConflicts,
  MANIFEST_FILE,
  RECORDED_BLUEPRINT_FILE,
} from '../../../src/codegen/regenerate/index.js';
import { pathShape } from '../../../src/codegen/regenerate/renames.js';
import type { GeneratedFile, Template } from '../../../src/codegen/template.js';
import { getTemplate } from '../../../src/codegen/templates/index.js';
import type { Blueprint } from '../../../src/contracts/index.js';
import { gitCli, porcelain } from '../../workspace/git/git-cli.js';
import { type SampleName, sampleBlueprint } from '../samples.js';
import { renameEntity, valid } from './blueprint-changes.js';
import { farLine, lines } from './changed-lines.js';

/**
 * A generated project travels by git: the manifest and the recorded Blueprint are committed, the base
 * copies are not. A clone on another device (no base copies) must regenerate exactly as the original
 * folder (base copies present) does, with the same hand edits kept and the same tracked files written.
 */
const templateNames = ['react-express', 'vue-fastify'] as const;
const samples: SampleName[] = ['school-registry', 'clinic-appointments'];

const folders: string[] = [];
afterEach(async () => {
  await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
});
async function folder(): Promise<string> {
  const made = await mkdtemp(join(tmpdir(), 'webnova-clone-'));
  folders.push(made);
  return made;
}

/** Every file below `root` with its text, `.git` left out, and the base store unless asked for. */
async function tree(root: string, withBase = false): Promise<Record<string, string>> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const files: Record<string, string> = {};
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name).slice(root.length + 1);
    if (path.startsWith('.git/') || (!withBase && path.startsWith(`${BASE_DIR}/`))) continue;
    files[path] = await readFile(join(root, path), 'utf8');
  }
  return Object.fromEntries(Object.entries(files).sort(([a], [b]) => (a < b ? -1 : 1)));
}

function commitAll(root: string, message: string): void {
  gitCli(root, 'add', '-A');
  gitCli(root, 'commit', '-q', '-m', message);
}

/** A Blueprint change any sample can take: a field added to its first entity, its last one renamed. */
function changeOf(blueprint: Blueprint): { after: Blueprint; renamed: [string, string] } {
  const first = blueprint.entities[0];
  const last = blueprint.entities.at(-1);
  if (!first || !last || first === last) throw new Error('the sample needs two entities');
  const withField = valid({
    ...blueprint,
    entities: blueprint.entities.map((entity) =>
      entity === first
        ? {
            ...entity,
            fields: [
              ...entity.fields,
              {
                name: 'cloneNote',
                type: 'string',
                label: { en: 'Note', ar: 'ملاحظة' },
                classification: 'internal',
                required: false,
                unique: false,
              },
            ],
          }
        : entity,
    ),
  });
  const newName = `Renamed${last.name}`;
  return { after: renameEntity(withField, last.name, newName), renamed: [last.name, newName] };
}

interface HandEdit {
  /** Where the edit is after regenerating (a renamed entity's file moves). */
  readonly path: string;
  readonly line: string;
}

/**
 * Hand edits away from the lines the change touches, so each must survive the merge cleanly: a line
 * added in a file the change rewrites, one in a file of the renamed entity (it moves), one at the end
 * of a file the change leaves alone, a file of the user's own; and a generated file deleted.
 */
async function editByHand(
  root: string,
  before: Map<string, GeneratedFile>,
  after: Map<string, GeneratedFile>,
  renamed: [string, string],
): Promise<{ edits: HandEdit[]; deleted: string }> {
  const ts = (path: string) => path.endsWith('.ts') && !path.endsWith('.d.ts');
  const changed = [...before.keys()].find(
    (path) => ts(path) && after.has(path) && after.get(path)?.content !== before.get(path)?.content,
  );
  const [oldName, newName] = renamed;
  const moves = [...before.values()]
    .filter((file) => file.entity === oldName && ts(file.path))
    .flatMap((file) => {
      const to = [...after.values()].find(
        (next) => next.entity === newName && pathShape(next.path, newName) === pathShape(file.path, oldName),
      );
      return to ? [{ from: file.path, to: to.path }] : [];
    });
  const untouched = [...before.keys()].filter(
    (path) => ts(path) && !before.get(path)?.entity && after.get(path)?.content === before.get(path)?.content,
  );
  const move = moves[0];
  const [appendTo, toDelete] = untouched;
  if (!changed || !move || !appendTo || !toDelete) throw new Error('no file for one of the hand edits');

  const edits: HandEdit[] = [];
  const insert = async (path: string, newPath: string, id: string) => {
    const base = before.get(path)?.content ?? '';
    const pair = { path, base, next: after.get(newPath)?.content ?? null };
    const all = lines(base);
    const line = `// hand edit ${id}: kept across devices`;
    all.splice(farLine(pair, 0, true) + 1, 0, line);
    await writeFile(join(root, path), all.join('\n'));
    edits.push({ path: newPath, line });
  };
  await insert(changed, changed, 'in a changed file');
  await insert(move.from, move.to, 'in a moved file');
  const appended = '// hand edit at the end of an untouched file';
  await writeFile(join(root, appendTo), `${before.get(appendTo)?.content}${appended}\n`);
  edits.push({ path: appendTo, line: appended });
  await writeFile(join(root, 'mine.md'), '# my own notes\n');
  edits.push({ path: 'mine.md', line: '# my own notes' });
  await unlink(join(root, toDelete));
  return { edits, deleted: toDelete };
}

/** A project generated from a sample, committed, edited by hand and committed, then cloned. */
async function clonedProject(templateName: string, sampleName: SampleName) {
  const template = getTemplate(templateName);
  const before = sampleBlueprint(sampleName);
  const { after, renamed } = changeOf(before);
  const [original, parent] = [await folder(), await folder()];
  const clone = join(parent, 'clone');

  await generateProject({ root: original, blueprint: before, template });
  gitCli(original, 'init', '-q');
  commitAll(original, 'generated');
  const oldFiles = new Map(template.render(before).map((file) => [file.path, file]));
  const newFiles = new Map(template.render(after).map((file) => [file.path, file]));
  const { edits, deleted } = await editByHand(original, oldFiles, newFiles, renamed);
  commitAll(original, 'hand edits');
  // As on Windows, where git turns LF into CRLF on checkout unless told otherwise.
  gitCli(parent, 'clone', '-q', '-c', 'core.autocrlf=true', original, clone);
  return { template, after, renamed, original, clone, oldFiles, newFiles, edits, deleted };
}

describe('a fresh clone regenerates without base copies', () => {
  for (const templateName of templateNames) {
    for (const sampleName of samples) {
      it(`${templateName} × ${sampleName}: same files, edits and report as the original folder`, async () => {
        const { template, after, renamed, original, clone, oldFiles, newFiles, edits, deleted } = await clonedProject(
          templateName,
          sampleName,
        );
        // What is committed of the record: the manifest and the recorded Blueprint, never a base copy.
        expect(gitCli(original, 'ls-files', '.webnova').split('\n').filter(Boolean)).toEqual([
          RECORDED_BLUEPRINT_FILE,
          MANIFEST_FILE,
        ]);
        expect(porcelain(original)).toEqual([]);
        expect(gitCli(original, 'status', '--porcelain', '--ignored')).toContain(`!! ${BASE_DIR}/`);
        expect(existsSync(join(original, BASE_DIR))).toBe(true);
        expect(existsSync(join(clone, BASE_DIR))).toBe(false);

        const inClone = await generateProject({ root: clone, blueprint: after, template });
        const inOriginal = await generateProject({ root: original, blueprint: after, template });
        expect(inClone.conflicts).toEqual([]);
        expect(inClone.renames).toEqual({ [renamed[0]]: renamed[1] });
        const { filesWritten, recordFilesWritten, ...sameReport } = inOriginal;
        expect(inClone).toMatchObject(sameReport);
        expect(inClone.filesWritten).toBe(filesWritten);
        expect(await tree(clone)).toEqual(await tree(original));

        const files = await tree(clone);
        for (const edit of edits) expect(files[edit.path], edit.path).toContain(edit.line);
        expect(files[deleted]).toBeUndefined();
        const edited = new Set([...edits.map((edit) => edit.path), deleted, RECORDED_BLUEPRINT_FILE, MANIFEST_FILE]);
        for (const [path, file] of newFiles) {
          if (!edited.has(path)) expect(files[path], path).toBe(file.content);
        }
        // The generator's changes are in the edited files too: without the hand edit, each is the new output.
        for (const edit of edits.slice(0, 2)) {
          const text = files[edit.path] ?? '';
          expect(text.replace(`${edit.line}\n`, ''), edit.path).toBe(newFiles.get(edit.path)?.content);
        }

        // The clone filled its base store, which git does not see: only tracked files changed.
        expect(existsSync(join(clone, BASE_DIR))).toBe(true);
        const status = porcelain(clone);
        const untracked = status.filter((line) => line.startsWith('??')).map((line) => line.slice(3));
        const created = inClone.changes.filter((change) => !oldFiles.has(change.path)).map((change) => change.path);
        expect(untracked, 'untracked: only the new generated files').toEqual(created.sort());
        expect(status).toContain(` M ${MANIFEST_FILE}`);
        expect(status).toContain(` M ${RECORDED_BLUEPRINT_FILE}`);
        expect(status).toEqual(porcelain(original));

        // Both devices commit the same tracked tree.
        commitAll(clone, 'regenerated');
        commitAll(original, 'regenerated');
        expect(gitCli(clone, 'rev-parse', 'HEAD^{tree}')).toBe(gitCli(original, 'rev-parse', 'HEAD^{tree}'));
        const again = await generateProject({ root: clone, blueprint: after, template });
        expect({ written: again.filesWritten, record: again.recordFilesWritten }).toEqual({ written: 0, record: 0 });
      });
    }
  }
});

/** `template` as a later version that writes `path` differently: the bases it makes again differ. */
function upgraded(template: Template, path: string): Template {
  return {
    ...template,
    version: `${template.version}-next`,
    render: (blueprint) =>
      template
        .render(blueprint)
        .map((file) => (file.path === path ? { ...file, content: `// upgraded generator\n${file.content}` } : file)),
  };
}

describe('a base that cannot be made again is a conflict, never a guess', () => {
  for (const templateName of templateNames) {
    it(`${templateName}: a manifest hash that generating again does not give → base-unknown, the edit kept`, async () => {
      const { template, after, clone, edits } = await clonedProject(templateName, 'school-registry');
      const [edit, ...others] = edits;
      if (!edit) throw new Error('no edit');
      const manifestPath = join(clone, MANIFEST_FILE);
      const manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
      manifest.files[edit.path].sha256 = 'f'.repeat(64);
      await writeFile(manifestPath, JSON.stringify(manifest));
      const yours = await readFile(join(clone, edit.path), 'utf8');

      const report = await generateProject({ root: clone, blueprint: after, template });
      expect(report.conflicts).toEqual([expect.objectContaining({ path: edit.path, reason: 'base-unknown' })]);
      expect(report.changes).toContainEqual(expect.objectContaining({ path: edit.path, kind: 'conflict' }));
      const text = await readFile(join(clone, edit.path), 'utf8');
      // Your text whole in the yours block, the generated text whole in the other: nothing chosen for you.
      expect(text).toContain(`<<<<<<< yours\n${yours}`);
      expect(text).toContain(`=======\n${template.render(after).find((f) => f.path === edit.path)?.content}`);
      expect(await listGenerationConflicts(clone)).toEqual([
        expect.objectContaining({ path: edit.path, line: report.conflicts[0]?.line }),
      ]);
      for (const other of others) expect(await readFile(join(clone, other.path), 'utf8')).toContain(other.line);
    });
  }

  it('a newer generator in the clone: the file it writes differently is a conflict there, merged where bases are stored', async () => {
    const { template, after, original, clone, edits } = await clonedProject('vue-fastify', 'clinic-appointments');
    const [edit, ...others] = edits;
    if (!edit) throw new Error('no edit');
    const next = upgraded(template, edit.path);

    const inClone = await generateProject({ root: clone, blueprint: after, template: next });
    expect(inClone.conflicts).toEqual([expect.objectContaining({ path: edit.path, reason: 'base-unknown' })]);
    for (const other of others) expect(await readFile(join(clone, other.path), 'utf8')).toContain(other.line);

    // The original folder still has the base the edit was made on, so the same upgrade merges cleanly.
    const inOriginal = await generateProject({ root: original, blueprint: after, template: next });
    expect(inOriginal.conflicts).toEqual([]);
    const merged = await readFile(join(original, edit.path), 'utf8');
    expect(merged).toContain(edit.line);
    expect(merged.startsWith('// upgraded generator\n')).toBe(true);
  });
});

describe('a project from before the recorded Blueprint, its base copies committed', () => {
  it('regenerates in a clone from the committed copies, gains the record and can stop tracking the copies', async () => {
    const template = getTemplate('react-express');
    const before = sampleBlueprint('school-registry');
    const { after } = changeOf(before);
    // What the generator wrote then: a .gitignore without the WebNova lines, no recorded Blueprint.
    const olderGitignore = 'node_modules/\ndist/\n.data/\n.env\n*.log\n';
    const older: Template = {
      ...template,
      render: (blueprint) =>
        template
          .render(blueprint)
          .map((file) => (file.path === '.gitignore' ? { ...file, content: olderGitignore } : file)),
    };
    const [original, parent] = [await folder(), await folder()];
    const clone = join(parent, 'clone');
    await generateProject({ root: original, blueprint: before, template: older });
    await rm(join(original, RECORDED_BLUEPRINT_FILE));
    gitCli(original, 'init', '-q');
    commitAll(original, 'generated before the recorded Blueprint');
    gitCli(parent, 'clone', '-q', original, clone);
    expect(gitCli(clone, 'ls-files', BASE_DIR)).not.toBe('');

    const report = await generateProject({ root: clone, blueprint: after, template });
    expect(report.conflicts).toEqual([]);
    expect(await readFile(join(clone, '.gitignore'), 'utf8')).toContain(`${BASE_DIR}/`);
    expect(await readFile(join(clone, RECORDED_BLUEPRINT_FILE), 'utf8')).toBeTruthy();

    gitCli(clone, 'rm', '-r', '-q', '--cached', BASE_DIR);
    commitAll(clone, 'regenerated; base copies no longer tracked');
    expect(gitCli(clone, 'ls-files', '.webnova').split('\n').filter(Boolean)).toEqual([
      RECORDED_BLUEPRINT_FILE,
      MANIFEST_FILE,
    ]);
    expect(porcelain(clone)).toEqual([]);
  });
});
