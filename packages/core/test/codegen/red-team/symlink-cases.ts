import { createHash } from 'node:crypto';
import { lstat, mkdir, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import { normalizeBlueprint, serializeBlueprint } from '../../../src/blueprint/index.js';
import type { Blueprint, ErrorCode } from '../../../src/contracts/index.js';
import { blueprintChanges, loadSample } from '../regenerate/blueprint-changes.js';
import { fixtureTemplate } from '../regenerate/fixture-template.js';
import type { Layout } from './layout.js';

export const sample = normalizeBlueprint(loadSample('school-registry'));

export function changed(name: string): Blueprint {
  const found = blueprintChanges.find((c) => c.name === name);
  if (!found) throw new Error(name);
  return normalizeBlueprint(found.apply(sample));
}

const sha = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');

/** The base objects a generation of `blueprint` stores: the Blueprint's text and every file's. */
function objectHashes(blueprint: Blueprint): string[] {
  return [sha(serializeBlueprint(blueprint)), ...fixtureTemplate.render(blueprint).map((file) => sha(file.content))];
}

/** The folder (`.webnova/base/ab`) of an object generating `to` after `from` adds, in a prefix not used yet. */
export function newObjectFolder(to: Blueprint, from: Blueprint | null): string {
  const old = new Set((from ? objectHashes(from) : []).map((hash) => hash.slice(0, 2)));
  const hash = objectHashes(to).find((h) => !old.has(h.slice(0, 2)));
  if (!hash) throw new Error('no new object prefix');
  return `.webnova/base/${hash.slice(0, 2)}`;
}

/** Replaces whatever is at `path` in the project by a symlink to `target`. */
async function link(layout: Layout, path: string, target: string): Promise<void> {
  const at = join(layout.project, path);
  await rm(at, { recursive: true, force: true });
  await mkdir(join(at, '..'), { recursive: true });
  await symlink(target, at);
}

/** Adds an entry to the generation manifest, as someone editing `.webnova/manifest.json` would. */
async function tamperManifest(layout: Layout, path: string, content: string | Buffer): Promise<void> {
  const file = join(layout.project, '.webnova', 'manifest.json');
  const manifest = JSON.parse(await readFile(file, 'utf8'));
  manifest.files[path] = { sha256: sha(content) };
  await writeFile(file, JSON.stringify(manifest));
}

async function expectRegularFile(layout: Layout, path: string): Promise<void> {
  const info = await lstat(join(layout.project, path));
  expect(info.isFile(), `${path} is a regular file`).toBe(true);
}

/** A step of the generator the attacker races: its final rename or unlink, about to happen. */
export interface Step {
  readonly path: string;
  readonly kind: 'write' | 'delete';
}

export interface SymlinkCase {
  readonly name: string;
  /** What the attacker wants. */
  readonly attack: string;
  /** `fresh`: the layout is planted before the first generation; `generated`: after it, before a regeneration. */
  readonly given: 'fresh' | 'generated';
  /** The Blueprint generated under attack (defaults: the sample when fresh, one more field when generated). */
  readonly blueprint?: () => Blueprint;
  readonly plant: (layout: Layout) => Promise<void>;
  /** A race: planned first, then `between` runs, then the plan is applied with `atStep` before each final step. */
  readonly race?: {
    readonly between?: (layout: Layout) => Promise<void>;
    /** Returns true once it has acted; the case fails if it never did. */
    readonly atStep?: (layout: Layout, step: Step) => Promise<boolean>;
  };
  /** Refused with this code (and, unless a race, refused by the dry run too), or carried out safely. */
  readonly expect: { readonly refused: ErrorCode } | 'holds';
  /** More checks on the project afterwards. */
  readonly afterwards?: (layout: Layout) => Promise<void>;
}

const outside: ErrorCode = 'PATH_OUTSIDE_WORKSPACE';

export const ancestorCases: SymlinkCase[] = [
  {
    name: 'ancestor link out, first generation',
    attack: 'web -> ~/victim/out makes the generator write the web app into the victim folder',
    given: 'fresh',
    plant: (l) => link(l, 'web', join(l.victim, 'out')),
    expect: { refused: outside },
  },
  {
    name: 'ancestor link out, regeneration (as reported)',
    attack: 'after a first generation, web is replaced by a link to ~/victim/out: regenerate overwrites it',
    given: 'generated',
    plant: (l) => link(l, 'web', join(l.victim, 'out')),
    expect: { refused: outside },
  },
  {
    name: 'relative ancestor link out',
    attack: 'web/pages -> ../../../victim/pages, written as a relative link',
    given: 'fresh',
    plant: (l) => link(l, 'web/pages', '../../../victim/pages'),
    expect: { refused: outside },
  },
  {
    name: 'dangling ancestor link out',
    attack: 'server -> ~/victim/not-yet: the generator would create the folder and its files there',
    given: 'fresh',
    plant: (l) => link(l, 'server', join(l.victim, 'not-yet')),
    expect: { refused: outside },
  },
  {
    name: 'chain of links out',
    attack: 'web -> hop, hop -> ~/victim/out: each link alone looks local',
    given: 'fresh',
    plant: async (l) => {
      await link(l, 'hop', join(l.victim, 'out'));
      await link(l, 'web', 'hop');
    },
    expect: { refused: outside },
  },
  {
    name: 'ancestor link into the project’s .git',
    attack: 'web -> .git: generated files land among git’s own files',
    given: 'fresh',
    plant: (l) => link(l, 'web', '.git'),
    expect: { refused: 'CONFLICT' },
  },
  {
    name: 'nested ancestor link into .git/hooks',
    attack: 'server/entities -> ../.git/hooks: generated modules become git hooks',
    given: 'fresh',
    plant: (l) => link(l, 'server/entities', '../.git/hooks'),
    expect: { refused: 'CONFLICT' },
  },
  {
    name: 'ancestor link into .GIT (case variant)',
    attack: 'web -> .GIT, which is .git on a case-insensitive disk (macOS, Windows)',
    given: 'fresh',
    plant: async (l) => {
      await mkdir(join(l.project, '.GIT'));
      await link(l, 'web', '.GIT');
    },
    expect: { refused: 'CONFLICT' },
  },
  {
    name: 'ancestor link into the generation record',
    attack: 'web -> .webnova/base: generated files mix with (and get pruned as) base objects',
    given: 'generated',
    plant: (l) => link(l, 'web', '.webnova/base'),
    expect: { refused: 'CONFLICT' },
  },
  {
    name: 'ancestor link to a folder inside the project (allowed)',
    attack: 'none: web -> site is the user’s own layout, and generation goes through it',
    given: 'fresh',
    plant: async (l) => {
      await mkdir(join(l.project, 'site'));
      await link(l, 'web', 'site');
    },
    expect: 'holds',
    afterwards: (l) => expectRegularFile(l, 'site/navigation.ts'),
  },
];

export const finalComponentCases: SymlinkCase[] = [
  {
    name: 'final link out, first generation',
    attack: 'README.md -> ~/victim/secret.txt: writing the README overwrites the secret',
    given: 'fresh',
    plant: (l) => link(l, 'README.md', join(l.victim, 'secret.txt')),
    expect: { refused: 'CONFLICT' },
  },
  {
    name: 'final link out, regeneration',
    attack: 'web/navigation.ts -> ~/victim/out/navigation.ts after a first generation',
    given: 'generated',
    plant: (l) => link(l, 'web/navigation.ts', join(l.victim, 'out', 'navigation.ts')),
    expect: { refused: 'CONFLICT' },
  },
  {
    name: 'dangling final link out',
    attack: 'README.md -> ~/victim/planted.md: writing through it creates a file in the victim folder',
    given: 'fresh',
    plant: (l) => link(l, 'README.md', join(l.victim, 'planted.md')),
    expect: { refused: 'CONFLICT' },
  },
  {
    name: 'final link into .git',
    attack: 'web/navigation.ts -> ../.git/config: generating rewrites git’s configuration',
    given: 'fresh',
    plant: (l) => link(l, 'web/navigation.ts', '../.git/config'),
    expect: { refused: 'CONFLICT' },
  },
  {
    name: 'final link inside the project',
    attack: 'README.md -> docs/readme.md: the generator cannot tell a deliberate link from a planted one',
    given: 'fresh',
    plant: async (l) => {
      await mkdir(join(l.project, 'docs'));
      await writeFile(join(l.project, 'docs', 'readme.md'), '# mine\n');
      await link(l, 'README.md', 'docs/readme.md');
    },
    expect: { refused: 'CONFLICT' },
  },
];

export const recordCases: SymlinkCase[] = [
  {
    name: 'base entry linked out, pruned (as reported)',
    attack: '.webnova/base/zz -> ~/victim: pruning unreferenced objects deletes the victim’s files',
    given: 'generated',
    plant: (l) => link(l, '.webnova/base/zz', l.victim),
    expect: 'holds',
    afterwards: async (l) => expect((await lstat(join(l.project, '.webnova/base/zz'))).isSymbolicLink()).toBe(true),
  },
  {
    name: 'base object folder linked out, regeneration',
    attack: 'the folder of a new base object -> ~/victim: objects are written there',
    given: 'generated',
    plant: (l) => link(l, newObjectFolder(changed('add a field'), sample), l.victim),
    expect: { refused: outside },
  },
  {
    name: 'base object folder linked out, shipped by a hostile repository',
    attack: 'a repository ships .webnova/base/<ab> -> ~/victim/out before it was ever generated',
    given: 'fresh',
    plant: (l) => link(l, newObjectFolder(sample, null), join(l.victim, 'out')),
    expect: { refused: outside },
  },
  {
    name: 'base folder linked into .git',
    attack: '.webnova/base -> ../.git: objects written into, and pruned from, git’s folder',
    given: 'generated',
    plant: (l) => link(l, '.webnova/base', '../.git'),
    expect: { refused: 'CONFLICT' },
  },
  {
    name: 'record folder moved out',
    attack: '.webnova -> ~/victim/state, a copy of the record: its manifest and base are written there',
    given: 'generated',
    plant: async (l) => {
      await rename(join(l.project, '.webnova'), join(l.victim, 'state'));
      await link(l, '.webnova', join(l.victim, 'state'));
    },
    expect: { refused: outside },
  },
  {
    name: 'manifest linked out',
    attack: '.webnova/manifest.json -> ~/victim/manifest.json: the new manifest replaces the victim’s file',
    given: 'generated',
    plant: async (l) => {
      await rename(join(l.project, '.webnova/manifest.json'), join(l.victim, 'manifest.json'));
      await link(l, '.webnova/manifest.json', join(l.victim, 'manifest.json'));
    },
    expect: { refused: 'CONFLICT' },
  },
  ...(
    [
      ['', 'generated', 'read as the last Blueprint, then overwritten'],
      [', shipped by a hostile repository', 'fresh', 'shipped before it was ever generated'],
    ] as const
  ).map(
    ([how, given, what]): SymlinkCase => ({
      name: `recorded Blueprint linked out${how}`,
      attack: `.webnova/generated-from.blueprint.json -> ~/victim/secret.txt, ${what}`,
      given,
      plant: (l) => link(l, '.webnova/generated-from.blueprint.json', join(l.victim, 'secret.txt')),
      expect: { refused: 'CONFLICT' },
    }),
  ),
  {
    name: 'base object linked out, read as a merge base',
    attack: 'the base object of an edited file -> a victim file: its text leaks into the merge',
    given: 'generated',
    plant: async (l) => {
      const file = join(l.project, 'server/entities/course.ts');
      const text = await readFile(file, 'utf8');
      await writeFile(file, `${text}// mine\n`);
      const hash = sha(text);
      await link(l, `.webnova/base/${hash.slice(0, 2)}/${hash}`, join(l.victim, 'secret.txt'));
    },
    expect: { refused: 'CONFLICT' },
  },
  {
    name: 'hash-named link in the base, pruned',
    attack: 'a stale-looking object .webnova/base/ab/ab… -> ~/victim/secret.txt: pruning follows it',
    given: 'generated',
    plant: (l) => link(l, `.webnova/base/ab/ab${'0'.repeat(62)}`, join(l.victim, 'secret.txt')),
    expect: 'holds',
  },
  {
    name: 'names in the base that are not hashes are not pruned',
    attack: 'none: notes and folders the generator did not make stay where they are',
    given: 'generated',
    plant: async (l) => {
      await mkdir(join(l.project, '.webnova/base/zz'), { recursive: true });
      await writeFile(join(l.project, '.webnova/base/zz/notes.txt'), 'mine\n');
      await writeFile(join(l.project, '.webnova/base/notes.txt'), 'mine\n');
    },
    expect: 'holds',
    afterwards: async (l) => {
      await expectRegularFile(l, '.webnova/base/zz/notes.txt');
      await expectRegularFile(l, '.webnova/base/notes.txt');
    },
  },
];

export const manifestCases: SymlinkCase[] = [
  ...(
    [
      ['climbs out with ..', (l: Layout) => tamperManifest(l, '../victim/secret.txt', 'the victim’s secret\n')],
      ['is absolute', (l: Layout) => tamperManifest(l, join(l.victim, 'secret.txt'), 'the victim’s secret\n')],
      ['has a drive letter', (l: Layout) => tamperManifest(l, 'C:/victim/secret.txt', 'the victim’s secret\n')],
      ['holds a NUL', (l: Layout) => tamperManifest(l, 'README.md\0.txt', 'x')],
      ['uses backslashes', (l: Layout) => tamperManifest(l, '..\\victim\\secret.txt', 'the victim’s secret\n')],
      ['names .git/config', (l: Layout) => tamperManifest(l, '.git/config', '[core]\n\tbare = false\n')],
      ['names .GIT/config (case variant)', (l: Layout) => tamperManifest(l, '.GIT/config', '[core]\n\tbare = false\n')],
      ['names .git./config (Windows drops the dot)', (l: Layout) => tamperManifest(l, '.git./config', '[core]\n')],
      ['names the record as .WebNova/manifest.json', (l: Layout) => tamperManifest(l, '.WebNova/manifest.json', 'x')],
    ] as const
  ).map(
    ([how, plant]): SymlinkCase => ({
      name: `manifest entry ${how}`,
      attack: `a tampered .webnova/manifest.json names a file that ${how}, untouched so "no longer generated": deleted`,
      given: 'generated',
      plant,
      expect: { refused: 'CONFLICT' },
    }),
  ),
  {
    name: 'manifest entry through an ancestor link out',
    attack: 'out -> ~/victim and the manifest names out/secret.txt with its hash: it is deleted as no longer generated',
    given: 'generated',
    plant: async (l) => {
      await link(l, 'out', l.victim);
      await tamperManifest(l, 'out/secret.txt', 'the victim’s secret\n');
    },
    expect: { refused: outside },
  },
];

/** Moves a folder of the project aside and puts a link to `target` in its place. */
async function swapFolder(layout: Layout, path: string, target: string): Promise<void> {
  await rename(join(layout.project, path), join(layout.project, `${path}-moved`));
  await symlink(target, join(layout.project, path));
}

export const raceCases: SymlinkCase[] = [
  {
    name: 'race: folder swapped for a link between planning and writing',
    attack: 'web/pages is replaced by a link to ~/victim/pages after the plan was made',
    given: 'generated',
    plant: async () => {},
    race: { between: (l) => swapFolder(l, 'web/pages', join(l.victim, 'pages')) },
    expect: { refused: outside },
  },
  {
    name: 'race: final link planted between planning and writing',
    attack: 'a link to ~/victim/secret.txt appears where a new file is about to be created',
    given: 'generated',
    blueprint: () => changed('add an entity'),
    plant: async () => {},
    race: { between: (l) => symlink(join(l.victim, 'secret.txt'), join(l.project, 'server/entities/classroom.ts')) },
    expect: { refused: 'CONFLICT' },
  },
  {
    name: 'race: final link swapped in at the last moment',
    attack: 'right before the rename, README.md becomes a link to ~/victim/README.md',
    given: 'generated',
    plant: async () => {},
    race: {
      atStep: async (l, step) => {
        if (step.path !== 'README.md') return false;
        await link(l, 'README.md', join(l.victim, 'README.md'));
        return true;
      },
    },
    expect: 'holds',
    afterwards: (l) => expectRegularFile(l, 'README.md'),
  },
  {
    name: 'race: folder swapped at the last moment',
    attack: 'right before a page is renamed into place, web/pages becomes a link to ~/victim/pages',
    given: 'generated',
    plant: async () => {},
    race: {
      atStep: async (l, step) => {
        if (!step.path.startsWith('web/pages/')) return false;
        await swapFolder(l, 'web/pages', join(l.victim, 'pages'));
        return true;
      },
    },
    expect: { refused: 'CONFLICT' },
  },
  {
    name: 'race: base object folder swapped at the last moment',
    attack: 'right before a base object is renamed into place, its folder becomes a link to ~/victim',
    given: 'generated',
    plant: async () => {},
    race: {
      atStep: async (l, step) => {
        if (!step.path.startsWith('.webnova/base/')) return false;
        await swapFolder(l, step.path.slice(0, step.path.lastIndexOf('/')), l.victim);
        return true;
      },
    },
    expect: { refused: 'CONFLICT' },
  },
  {
    name: 'race: manifest swapped for a link at the last moment',
    attack: 'right before the new manifest is renamed into place, manifest.json becomes a link to ~/victim/secret.txt',
    given: 'generated',
    plant: async () => {},
    race: {
      atStep: async (l, step) => {
        if (step.path !== '.webnova/manifest.json') return false;
        await link(l, '.webnova/manifest.json', join(l.victim, 'secret.txt'));
        return true;
      },
    },
    expect: 'holds',
    afterwards: (l) => expectRegularFile(l, '.webnova/manifest.json'),
  },
];

export const symlinkCases: Record<string, SymlinkCase[]> = {
  'ancestor links': ancestorCases,
  'final-component links': finalComponentCases,
  'the generation record (.webnova)': recordCases,
  'tampered manifest entries': manifestCases,
  'links created mid-generation': raceCases,
};
