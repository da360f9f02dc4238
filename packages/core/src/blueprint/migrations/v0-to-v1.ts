import { z } from 'zod';
import type { BlueprintInput } from '../../contracts/index.js';
import { shapeIssues } from '../shape-issues.js';
import type { MigrationStep } from './step.js';

/**
 * Version 0, the first Blueprint format: `version` instead of `schemaVersion`, one flat header,
 * entities and their fields as maps keyed by name, references as `ref` fields, and permissions
 * inside each role (`can: { Entity: [actions] }`). It had no pages, API or integrations.
 */
const LabelsV0 = z.record(z.string(), z.string());

const FieldV0 = z.object({
  type: z.string(),
  label: LabelsV0,
  required: z.boolean().optional(),
  unique: z.boolean().optional(),
  /** What v1 calls the classification; absent meant internal. */
  sensitive: z.enum(['pii', 'phi', 'secret']).optional(),
  /** Enum values and their labels. */
  values: z.record(z.string(), LabelsV0).optional(),
  /** For `type: "ref"`: the entity referred to. */
  to: z.string().optional(),
});

const BlueprintV0 = z.object({
  version: z.literal(0),
  name: z.string(),
  slug: z.string(),
  description: z.string().optional(),
  domain: z.string(),
  /** The first locale was the default. */
  locales: z.array(z.string()).min(1),
  compliance: z.array(z.string()).optional(),
  entities: z
    .record(z.string(), z.object({ label: LabelsV0, plural: LabelsV0, fields: z.record(z.string(), FieldV0) }))
    .default({}),
  roles: z
    .record(z.string(), z.object({ label: LabelsV0, can: z.record(z.string(), z.array(z.string())).default({}) }))
    .default({}),
});
type BlueprintV0 = z.infer<typeof BlueprintV0>;

function camel(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

function plural(name: string): string {
  if (/[^aeiou]y$/.test(name)) return `${name.slice(0, -1)}ies`;
  if (/(?:s|x|z|ch|sh)$/.test(name)) return `${name}es`;
  return `${name}s`;
}

type RelationInput = NonNullable<BlueprintInput['relations']>[number];

/**
 * A v0 `ref` field becomes a one-to-many relation from the referred entity: the field's name is the
 * inverse end, and the other end is the plural of the referring entity (`Appointment.patient` gives
 * `Patient.appointments`), or, when that is taken, `appointmentsByPatient`.
 */
function relationsOf(v0: BlueprintV0): RelationInput[] {
  const taken = new Map<string, Set<string>>(
    Object.entries(v0.entities).map(([name, entity]) => [name, new Set(Object.keys(entity.fields))]),
  );
  const relations: RelationInput[] = [];
  for (const [entityName, entity] of Object.entries(v0.entities)) {
    for (const [fieldName, field] of Object.entries(entity.fields)) {
      if (field.type !== 'ref' || field.to === undefined) continue;
      const names = taken.get(field.to) ?? new Set<string>();
      let name = plural(camel(entityName));
      if (names.has(name)) name = `${name}By${pascal(fieldName)}`;
      names.add(name);
      relations.push({
        name,
        kind: 'one-to-many',
        from: field.to,
        to: entityName,
        inverse: fieldName,
        required: field.required ?? false,
        onDelete: 'restrict',
      });
    }
  }
  return relations;
}

function migrate(v0: BlueprintV0): BlueprintInput {
  const entities = Object.entries(v0.entities).map(([name, entity]) => ({
    name,
    label: entity.label,
    pluralLabel: entity.plural,
    fields: Object.entries(entity.fields)
      .filter(([, field]) => field.type !== 'ref')
      .map(([fieldName, field]) => ({
        name: fieldName,
        type: field.type,
        label: field.label,
        classification: field.sensitive ?? 'internal',
        required: field.required ?? false,
        unique: field.unique ?? false,
        ...(field.values && {
          values: Object.entries(field.values).map(([value, label]) => ({ name: value, label })),
        }),
      })),
  }));
  const permissions = Object.entries(v0.roles).flatMap(([role, { can }]) =>
    Object.entries(can).map(([entity, actions]) => ({ role, entity, actions, rows: { scope: 'all' } })),
  );
  // The v1 schema checks what v0 left loose (field types, actions, names); the casts carry v0's strings there.
  return {
    schemaVersion: 1,
    platform: {
      name: v0.name,
      slug: v0.slug,
      description: v0.description ?? '',
      domain: v0.domain,
      locales: v0.locales,
      defaultLocale: v0.locales[0],
      compliance: v0.compliance ?? [],
    },
    entities,
    relations: relationsOf(v0),
    roles: Object.entries(v0.roles).map(([name, role]) => ({ name, label: role.label })),
    permissions,
  } as BlueprintInput;
}

export const migrateV0ToV1: MigrationStep = (document) => {
  const parsed = BlueprintV0.safeParse(document);
  if (!parsed.success) return { ok: false, errors: shapeIssues(parsed.error.issues, document) };
  return { ok: true, document: migrate(parsed.data) };
};
