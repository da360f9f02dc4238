import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateBlueprint } from '../../../src/blueprint/index.js';
import type { Blueprint } from '../../../src/contracts/index.js';

export function loadSample(name: string): Blueprint {
  const path = join(import.meta.dirname, '..', '..', '..', 'samples', `${name}.blueprint.json`);
  return valid(JSON.parse(readFileSync(path, 'utf8')));
}

export function valid(input: unknown): Blueprint {
  const result = validateBlueprint(input);
  if (!result.ok) throw new Error(`invalid Blueprint: ${JSON.stringify(result.errors.slice(0, 3))}`);
  return result.blueprint;
}

function edit(blueprint: Blueprint, change: (copy: Blueprint) => void): Blueprint {
  const copy = structuredClone(blueprint);
  change(copy);
  return valid(copy);
}

function entity(blueprint: Blueprint, name: string) {
  const found = blueprint.entities.find((e) => e.name === name);
  if (!found) throw new Error(`no entity ${name}`);
  return found;
}

export function renameEntity(blueprint: Blueprint, from: string, to: string): Blueprint {
  return edit(blueprint, (copy) => {
    entity(copy, from).name = to;
    for (const relation of copy.relations) {
      if (relation.from === from) relation.from = to;
      if (relation.to === from) relation.to = to;
    }
    for (const grant of copy.permissions) if (grant.entity === from) grant.entity = to;
    for (const page of copy.pages) if (page.entity === from) page.entity = to;
  });
}

export function removeEntity(blueprint: Blueprint, name: string): Blueprint {
  return edit(blueprint, (copy) => {
    copy.entities = copy.entities.filter((e) => e.name !== name);
    const ends = new Set(
      copy.relations.filter((r) => r.from === name || r.to === name).flatMap((r) => [r.name, r.inverse]),
    );
    copy.relations = copy.relations.filter((r) => r.from !== name && r.to !== name);
    copy.permissions = copy.permissions.filter(
      (p) => p.entity !== name && !(p.rows.scope === 'own' && ends.has(p.rows.field)),
    );
    const pages = new Set(copy.pages.filter((p) => p.entity === name).map((p) => p.name));
    copy.pages = copy.pages.filter((p) => !pages.has(p.name));
    copy.navigation = copy.navigation.filter((n) => !pages.has(n.page));
  });
}

/** Kinds of Blueprint change, each with the entity whose files it touches most (if any). */
export interface BlueprintChange {
  readonly name: string;
  readonly focus: string;
  readonly apply: (blueprint: Blueprint) => Blueprint;
  readonly renames?: Readonly<Record<string, string>>;
}

export const blueprintChanges: readonly BlueprintChange[] = [
  { name: 'no change', focus: 'Course', apply: (b) => b },
  {
    name: 'add a field',
    focus: 'Course',
    apply: (b) =>
      edit(b, (c) => {
        entity(c, 'Course').fields.push({
          name: 'room',
          type: 'string',
          label: { en: 'Room', ar: 'القاعة' },
          classification: 'internal',
          required: false,
          unique: false,
        });
      }),
  },
  {
    name: 'remove a field',
    focus: 'Course',
    apply: (b) =>
      edit(b, (c) => {
        const course = entity(c, 'Course');
        course.fields = course.fields.filter((f) => f.name !== 'summary');
      }),
  },
  {
    name: 'change a label',
    focus: 'Course',
    apply: (b) =>
      edit(b, (c) => {
        const credits = entity(c, 'Course').fields.find((f) => f.name === 'credits');
        if (credits) credits.label = { ...credits.label, en: 'Credit hours' };
      }),
  },
  {
    name: 'change a field type',
    focus: 'Course',
    apply: (b) =>
      edit(b, (c) => {
        const credits = entity(c, 'Course').fields.find((f) => f.name === 'credits');
        if (credits) credits.type = 'decimal';
      }),
  },
  {
    name: 'make a field required',
    focus: 'Course',
    apply: (b) =>
      edit(b, (c) => {
        const summary = entity(c, 'Course').fields.find((f) => f.name === 'summary');
        if (summary) summary.required = true;
      }),
  },
  {
    name: 'add an entity',
    focus: 'Course',
    apply: (b) =>
      edit(b, (c) => {
        c.entities.push({
          name: 'Classroom',
          label: { en: 'Classroom', ar: 'قاعة' },
          pluralLabel: { en: 'Classrooms', ar: 'القاعات' },
          fields: [
            {
              name: 'code',
              type: 'string',
              label: { en: 'Code', ar: 'الرمز' },
              classification: 'public',
              required: true,
              unique: true,
            },
          ],
        });
      }),
  },
  { name: 'remove an entity', focus: 'Teacher', apply: (b) => removeEntity(b, 'Teacher') },
  { name: 'rename an entity', focus: 'Course', apply: (b) => renameEntity(b, 'Course', 'Subject') },
  {
    name: 'rename an entity (explicit map)',
    focus: 'Guardian',
    apply: (b) =>
      edit(renameEntity(b, 'Guardian', 'Parent'), (c) => {
        // Different enough that detection alone would not pair them: the map says it is a rename.
        const parent = entity(c, 'Parent');
        parent.fields = [
          ...parent.fields.filter((f) => f.name === 'fullName' || f.name === 'email'),
          { ...parent.fields[0], name: 'mobile', type: 'phone', unique: false } as (typeof parent.fields)[number],
          { ...parent.fields[0], name: 'notes', type: 'text', unique: false } as (typeof parent.fields)[number],
        ];
      }),
    renames: { Guardian: 'Parent' },
  },
  {
    name: 'grant a role',
    focus: 'Course',
    apply: (b) =>
      edit(b, (c) => {
        c.roles.push({ name: 'Librarian', label: { en: 'Librarian', ar: 'أمين المكتبة' } });
        c.permissions.push({ role: 'Librarian', entity: 'Course', actions: ['read', 'list'], rows: { scope: 'all' } });
      }),
  },
  {
    name: 'rename the platform',
    focus: 'Course',
    apply: (b) =>
      edit(b, (c) => {
        c.platform.name = 'Northside School Registry';
      }),
  },
];
