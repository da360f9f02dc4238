import type { BlueprintField, FieldType } from '../../contracts/blueprint.js';
import { quote } from './naming.js';

/**
 * What each Blueprint field type becomes in every layer: the PostgreSQL column, the drizzle
 * column builder, the zod check of API input, the TypeScript type of the API shape and the form
 * control. One row per type, so a new layer or a new type is one place to change.
 */
interface FieldTypeSpec {
  sql: string;
  drizzle: (column: string) => string;
  /** The drizzle-orm/pg-core builder the column needs. */
  builder: string;
  zod: string;
  ts: string;
  control: 'text' | 'textarea' | 'number' | 'checkbox' | 'date' | 'datetime' | 'select' | 'json';
  /** The `<input type>` of text-like controls. */
  inputType: string;
}

const text = (inputType: string, zod: string): FieldTypeSpec => ({
  sql: 'text',
  drizzle: (column) => `text(${quote(column)})`,
  builder: 'text',
  zod,
  ts: 'string',
  control: 'text',
  inputType,
});

export const fieldTypes: Record<FieldType, FieldTypeSpec> = {
  string: text('text', 'z.string()'),
  text: { ...text('text', 'z.string()'), control: 'textarea' },
  email: text('email', 'z.email()'),
  phone: text('tel', 'z.string().regex(/^\\+?[0-9 ()-]{5,20}$/)'),
  url: text('url', 'z.url()'),
  file: text('text', 'z.string().min(1).max(2048)'),
  int: {
    sql: 'integer',
    drizzle: (column) => `integer(${quote(column)})`,
    builder: 'integer',
    zod: 'z.number().int()',
    ts: 'number',
    control: 'number',
    inputType: 'number',
  },
  decimal: {
    sql: 'double precision',
    drizzle: (column) => `doublePrecision(${quote(column)})`,
    builder: 'doublePrecision',
    zod: 'z.number()',
    ts: 'number',
    control: 'number',
    inputType: 'number',
  },
  // Money is exact: a decimal string with at most four fraction digits, never a float.
  money: {
    sql: 'numeric(19, 4)',
    drizzle: (column) => `numeric(${quote(column)}, { precision: 19, scale: 4 })`,
    builder: 'numeric',
    zod: 'z.string().regex(/^-?[0-9]{1,15}(?:\\.[0-9]{1,4})?$/)',
    ts: 'string',
    control: 'text',
    inputType: 'text',
  },
  bool: {
    sql: 'boolean',
    drizzle: (column) => `boolean(${quote(column)})`,
    builder: 'boolean',
    zod: 'z.boolean()',
    ts: 'boolean',
    control: 'checkbox',
    inputType: 'checkbox',
  },
  date: {
    sql: 'date',
    drizzle: (column) => `date(${quote(column)}, { mode: 'string' })`,
    builder: 'date',
    zod: 'z.iso.date()',
    ts: 'string',
    control: 'date',
    inputType: 'date',
  },
  datetime: {
    sql: 'timestamp with time zone',
    drizzle: (column) => `timestamp(${quote(column)}, { withTimezone: true, mode: 'string' })`,
    builder: 'timestamp',
    zod: 'z.iso.datetime({ offset: true })',
    ts: 'string',
    control: 'datetime',
    inputType: 'datetime-local',
  },
  enum: { ...text('text', ''), control: 'select' },
  json: {
    sql: 'jsonb',
    drizzle: (column) => `jsonb(${quote(column)})`,
    builder: 'jsonb',
    zod: 'z.json()',
    ts: 'JsonValue',
    control: 'json',
    inputType: 'text',
  },
};

const lengthTypes = new Set<FieldType>(['string', 'text', 'email', 'phone', 'url', 'file']);
const rangeTypes = new Set<FieldType>(['int', 'decimal']);

/** The zod check of one field's value in API input, constraints included. */
export function fieldZod(field: BlueprintField): string {
  let check =
    field.type === 'enum'
      ? `z.enum([${(field.values ?? []).map((value) => quote(value.name)).join(', ')}])`
      : fieldTypes[field.type].zod;
  if (lengthTypes.has(field.type) || rangeTypes.has(field.type)) {
    if (field.min !== undefined) check += `.min(${field.min})`;
    if (field.max !== undefined) check += `.max(${field.max})`;
  }
  if (lengthTypes.has(field.type) && field.pattern !== undefined) {
    check += `.regex(new RegExp(${quote(field.pattern)}))`;
  }
  if (field.type === 'money' && (field.min !== undefined || field.max !== undefined)) {
    const bounds = [
      field.min !== undefined ? `Number(value) >= ${field.min}` : '',
      field.max !== undefined ? `Number(value) <= ${field.max}` : '',
    ].filter(Boolean);
    check += `.refine((value) => ${bounds.join(' && ')}, 'out of range')`;
  }
  return check;
}

/** The TypeScript type of a field's value in the API shape. */
export function fieldTs(field: BlueprintField): string {
  if (field.type === 'enum') return (field.values ?? []).map((value) => quote(value.name)).join(' | ') || 'string';
  return fieldTypes[field.type].ts;
}
