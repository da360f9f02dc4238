import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { normalizeBlueprint } from '../../../src/blueprint/index.js';
import { generateProject } from '../../../src/codegen/regenerate/index.js';
import { slowTests } from '../../support/slow.js';
import { blueprintChanges, loadSample } from './blueprint-changes.js';
import { changedNear, farLine, type GeneratedPair, lines } from './changed-lines.js';
import { corpusTemplates } from './corpus-template.js';
import { fixtureTemplate, kebab } from './fixture-template.js';

/**
 * The regeneration corpus: every kind of hand edit crossed with every kind of Blueprint change.
 * What each case must end with is worked out from the two generated outputs alone (which lines the
 * generator changes), never from what the engine did: an edit away from the generator's changes
 * must be kept with the new output around it, an edit on them must be reported as a conflict with
 * the user's text still in the file, and no user line may ever disappear silently.
 */

/** A file before the change (as generated) and after it, with its path before and after. */
interface Target extends GeneratedPair {
  readonly newPath: string;
}

type Expectation =
  | { kind: 'untouched' }
  | { kind: 'kept'; userLines: string[]; nextWithEdit?: (next: string) => string }
  | { kind: 'conflict'; userLines: string[] }
  | { kind: 'orphan'; content: string; userLines: string[] }
  | { kind: 'deleted' }
  | { kind: 'own-file'; path: string; content: string };

interface HandEdit {
  readonly name: string;
  readonly shared?: boolean;
  /** Changes the disk and says what regeneration must do with it. */
  readonly apply: (root: string, target: Target, id: string) => Promise<Expectation>;
}

async function writeLines(root: string, path: string, all: string[]): Promise<string> {
  const text = all.join('\n');
  await writeFile(join(root, path), text);
  return text;
}

function modifyFar(id: string): HandEdit['apply'] {
  return async (root, target) => {
    const all = lines(target.base);
    const index = farLine(target);
    const original = all[index] ?? '';
    const userLine = `${original} // changed by hand ${id}`;
    all[index] = userLine;
    const content = await writeLines(root, target.path, all);
    if (target.next === null) return { kind: 'orphan', content, userLines: [userLine] };
    return { kind: 'kept', userLines: [userLine], nextWithEdit: (next) => next.replace(original, userLine) };
  };
}

const handEdits: readonly HandEdit[] = [
  { name: 'no hand edit', apply: async () => ({ kind: 'untouched' }) },
  { name: 'modify a line away from the change', apply: (root, target, id) => modifyFar(id)(root, target, id) },
  {
    name: 'insert a line away from the change',
    apply: async (root, target, id) => {
      const all = lines(target.base);
      const index = farLine(target, 0, true);
      const userLine = `// a note by hand ${id}`;
      all.splice(index + 1, 0, userLine);
      const content = await writeLines(root, target.path, all);
      if (target.next === null) return { kind: 'orphan', content, userLines: [userLine] };
      const anchor = `${lines(target.base)[index]}\n`;
      return {
        kind: 'kept',
        userLines: [userLine],
        nextWithEdit: (next) => next.replace(anchor, `${anchor}${userLine}\n`),
      };
    },
  },
  {
    name: 'delete a line away from the change',
    apply: async (root, target) => {
      const all = lines(target.base);
      const index = farLine(target, 1);
      const [removed] = all.splice(index, 1);
      const content = await writeLines(root, target.path, all);
      if (target.next === null) return { kind: 'orphan', content, userLines: [] };
      return { kind: 'kept', userLines: [], nextWithEdit: (next) => next.replace(`\n${removed}\n`, '\n') };
    },
  },
  {
    name: 'append a line at the end',
    apply: async (root, target, id) => {
      const userLine = `// appended by hand ${id}`;
      const content = `${target.base}${userLine}\n`;
      await writeFile(join(root, target.path), content);
      if (target.next === null) return { kind: 'orphan', content, userLines: [userLine] };
      const last = lines(target.base).length - 1;
      const { touched } = changedNear(target);
      return touched.has(last) || touched.has(last - 1)
        ? { kind: 'conflict', userLines: [userLine] }
        : { kind: 'kept', userLines: [userLine], nextWithEdit: (next) => `${next}${userLine}\n` };
    },
  },
  {
    name: 'edit the lines the generator changes',
    apply: async (root, target, id) => {
      const all = lines(target.base);
      const userLine = `// my own version ${id}`;
      const { hunks } = changedNear(target);
      const replaced = hunks.find((hunk) => hunk.buffer1[1] > 0);
      const inserted = hunks[0];
      if (target.next !== null && replaced) all[replaced.buffer1[0]] = userLine;
      else if (target.next !== null && inserted) all.splice(inserted.buffer1[0], 0, userLine);
      else all[farLine(target)] = userLine;
      const content = await writeLines(root, target.path, all);
      if (target.next === null) return { kind: 'orphan', content, userLines: [userLine] };
      if (!inserted) return { kind: 'kept', userLines: [userLine] };
      return { kind: 'conflict', userLines: [userLine] };
    },
  },
  {
    name: 'edit near and away from the change',
    apply: async (root, target, id) => {
      const all = lines(target.base);
      const far = farLine(target);
      const farText = `${all[far]} // kept by hand ${id}`;
      all[far] = farText;
      const { hunks } = changedNear(target);
      const replaced = hunks.find((hunk) => hunk.buffer1[1] > 0 && Math.abs(hunk.buffer1[0] - far) > 1);
      const nearText = `// clashing line ${id}`;
      if (replaced) all[replaced.buffer1[0]] = nearText;
      const content = await writeLines(root, target.path, all);
      const userLines = replaced ? [farText, nearText] : [farText];
      if (target.next === null) return { kind: 'orphan', content, userLines };
      return replaced ? { kind: 'conflict', userLines } : { kind: 'kept', userLines };
    },
  },
  {
    name: 'delete the file',
    apply: async (root, target) => {
      await rm(join(root, target.path));
      return { kind: 'deleted' };
    },
  },
  {
    name: 'edit then undo',
    apply: async (root, target) => {
      await writeFile(join(root, target.path), `${target.base}// scratch\n`);
      await writeFile(join(root, target.path), target.base);
      return { kind: 'untouched' };
    },
  },
  { name: 'modify a shared file', shared: true, apply: (root, target, id) => modifyFar(id)(root, target, id) },
  {
    name: 'add a file of your own',
    apply: async (root, _target, id) => {
      const content = `# my notes ${id}\n`;
      await writeFile(join(root, 'NOTES.md'), content);
      return { kind: 'own-file', path: 'NOTES.md', content };
    },
  },
];

const roots: string[] = [];
afterAll(async () => {
  for (const root of roots) await rm(root, { recursive: true, force: true });
});

async function readOrNull(path: string): Promise<string | null> {
  return readFile(path, 'utf8').catch(() => null);
}

/** The spellings of an entity name in paths, longest first: PascalCase, camelCase, kebab-case, snake_case. */
function spellings(name: string): string[] {
  const camel = `${name.charAt(0).toLowerCase()}${name.slice(1)}`;
  return [name, camel, kebab(name), kebab(name).replaceAll('-', '_')];
}

function renamedPath(path: string, renames: Record<string, string>): string {
  let renamed = path;
  for (const [from, to] of Object.entries(renames)) {
    const [a, b] = [spellings(from), spellings(to)];
    a.forEach((spelling, index) => {
      renamed = renamed.split(spelling).join(b[index] ?? spelling);
    });
  }
  return renamed;
}

/**
 * The file a case edits: one of the focus entity's files (or, for a shared edit, a file of no
 * entity), preferring one the Blueprint change alters, so edits meet the generator's changes.
 */
function pickTarget(
  oldFiles: Map<string, { content: string; entity?: string }>,
  newFiles: Map<string, { content: string; entity?: string }>,
  focus: string | undefined,
  renames: Record<string, string>,
): string {
  const candidates = [...oldFiles]
    .filter(([, file]) => file.entity === focus && file.content.split('\n').length > 12)
    .map(([path]) => path)
    .sort();
  const changed = candidates.find(
    (path) => newFiles.get(renamedPath(path, renames))?.content !== oldFiles.get(path)?.content,
  );
  const picked = changed ?? candidates[0];
  if (!picked) throw new Error(`no file to edit for ${focus ?? 'a shared edit'}`);
  return picked;
}

const sample = loadSample('school-registry');

// Every change × every edit on the small fixture template always; on the shipped template (four times
// slower) every pair only in the slow run (WEBNOVA_SLOW_TESTS=1), else a quarter that still has every
// change and every edit in it.
const full = (template: (typeof corpusTemplates)[number]) => slowTests || template === fixtureTemplate;

for (const corpusTemplate of corpusTemplates) {
  describe(`regeneration corpus (${corpusTemplate.name} template): hand edits × Blueprint changes`, () => {
    const tally = { cases: 0, nonConflictingEdits: 0, kept: 0, realConflicts: 0, reported: 0, silentOverwrites: 0 };
    const pairs = blueprintChanges.flatMap((change, c) =>
      handEdits.flatMap((handEdit, e) => (full(corpusTemplate) || (c + e) % 4 === 0 ? [{ change, handEdit }] : [])),
    );
    for (const { change, handEdit } of pairs) {
      it(`${change.name} × ${handEdit.name}`, async () => {
        const root = await mkdtemp(join(tmpdir(), 'webnova-corpus-'));
        roots.push(root);
        const before = normalizeBlueprint(sample);
        const after = change.apply(before);
        await generateProject({ root, blueprint: before, template: corpusTemplate });

        const oldFiles = new Map(corpusTemplate.render(before).map((f) => [f.path, f]));
        const newFiles = new Map(corpusTemplate.render(normalizeBlueprint(after)).map((f) => [f.path, f]));
        const detected = change.renames ?? (change.name === 'rename an entity' ? { Course: 'Subject' } : {});
        const path = pickTarget(oldFiles, newFiles, handEdit.shared ? undefined : change.focus, detected);
        const newPath = renamedPath(path, detected);
        const target: Target = {
          path,
          newPath,
          base: oldFiles.get(path)?.content ?? '',
          next: newFiles.get(newPath)?.content ?? null,
        };
        const expectation = await handEdit.apply(root, target, `#${tally.cases}`);

        const report = await generateProject({
          root,
          blueprint: after,
          template: corpusTemplate,
          ...(change.renames ? { renames: change.renames } : {}),
        });
        tally.cases += 1;
        expect(report.renames).toEqual(detected);

        // Every file nobody edited is exactly the new output; files no longer generated are gone.
        for (const [file, { content }] of newFiles) {
          if (file === newPath) continue;
          expect(await readOrNull(join(root, file)), file).toBe(content);
        }
        for (const file of oldFiles.keys()) {
          if (!newFiles.has(file) && file !== path) expect(await readOrNull(join(root, file)), file).toBeNull();
        }

        const onDisk = await readOrNull(join(root, newPath));
        const conflict = report.conflicts.find((c) => c.path === newPath || c.path === path);
        const userLines = 'userLines' in expectation ? expectation.userLines : [];
        const userFile = onDisk ?? (await readOrNull(join(root, path))) ?? '';
        if (userLines.some((line) => !userFile.includes(line))) {
          tally.silentOverwrites += 1;
        }
        switch (expectation.kind) {
          case 'untouched':
            expect(onDisk).toBe(target.next);
            expect(report.conflicts).toEqual([]);
            break;
          case 'kept':
            tally.nonConflictingEdits += 1;
            expect(conflict).toBeUndefined();
            for (const line of expectation.userLines) expect(onDisk).toContain(line);
            if (expectation.nextWithEdit && target.next !== null) {
              expect(onDisk).toBe(expectation.nextWithEdit(target.next));
            }
            tally.kept += 1;
            break;
          case 'conflict':
            tally.realConflicts += 1;
            expect(conflict).toMatchObject({ path: newPath, reason: 'overlap' });
            expect(onDisk).toContain('<<<<<<< yours');
            for (const line of expectation.userLines) expect(onDisk).toContain(line);
            tally.reported += 1;
            break;
          case 'orphan':
            tally.realConflicts += 1;
            expect(conflict).toMatchObject({ path, reason: 'no-longer-generated' });
            expect(await readOrNull(join(root, path))).toBe(expectation.content);
            tally.reported += 1;
            break;
          case 'deleted':
            expect(onDisk).toBeNull();
            expect(await readOrNull(join(root, path))).toBeNull();
            expect(report.conflicts).toEqual([]);
            break;
          case 'own-file':
            expect(await readOrNull(join(root, expectation.path))).toBe(expectation.content);
            expect(onDisk).toBe(target.next);
            break;
        }
        if (newPath !== path && expectation.kind !== 'orphan') {
          expect(await readOrNull(join(root, path)), 'the old path is gone after a move').toBeNull();
        }

        // Regenerating the same Blueprint again writes nothing at all.
        const again = await generateProject({ root, blueprint: after, template: corpusTemplate });
        expect({ written: again.filesWritten, record: again.recordFilesWritten }).toEqual({ written: 0, record: 0 });
      });
    }

    it('tally: every non-conflicting edit kept, every real conflict reported, no silent overwrite', () => {
      const summary =
        `${tally.cases} cases: ${tally.kept}/${tally.nonConflictingEdits} non-conflicting edits kept, ` +
        `${tally.reported}/${tally.realConflicts} real conflicts reported, ${tally.silentOverwrites} silent overwrites`;
      console.log(`regeneration corpus, ${corpusTemplate.name} template — ${summary}`);
      expect(tally.cases).toBeGreaterThanOrEqual(full(corpusTemplate) ? 100 : 25);
      expect(tally.kept).toBe(tally.nonConflictingEdits);
      expect(tally.reported).toBe(tally.realConflicts);
      expect(tally.realConflicts).toBeGreaterThan(0);
      expect(tally.silentOverwrites).toBe(0);
    });
  });
}
