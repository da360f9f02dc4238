/**
 * Names a Blueprint may not use, because the generated code would break on them: entities become
 * tables and TypeScript types, fields and relation ends become columns and object properties.
 */

export type ReservedReason = 'system' | 'sql' | 'javascript' | 'prototype' | 'global' | 'generator';

/** Every entity has these; declaring one again would clash with the generated column. */
const systemFields = new Set(['id', 'createdAt', 'updatedAt']);

/** PostgreSQL's reserved key words (compared in lower case). */
const sqlWords = new Set(
  `all analyse analyze and any array as asc asymmetric authorization binary both case cast check collate
  collation column concurrently constraint create cross current_catalog current_date current_role
  current_schema current_time current_timestamp current_user default deferrable desc distinct do else end
  except false fetch for foreign freeze from full grant group having ilike in initially inner intersect into
  is isnull join lateral leading left like limit localtime localtimestamp natural not notnull null offset on
  only or order outer overlaps placing primary references returning right select session_user similar some
  symmetric system_user table tablesample then to trailing true union unique user using variadic verbose when
  where window with`.split(/\s+/),
);

/** JavaScript's reserved words, strict mode included (compared in lower case). */
const javascriptWords = new Set(
  `arguments await break case catch class const continue debugger default delete do else enum eval export
  extends false finally for function if implements import in instanceof interface let new null package
  private protected public return static super switch this throw true try typeof undefined var void while
  with yield`.split(/\s+/),
);

/** Members every JavaScript object inherits: a record keyed by one of these is a trap. */
const prototypeNames = new Set([
  '__proto__',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
  'constructor',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'prototype',
  'toLocaleString',
  'toString',
  'valueOf',
]);

/** Global types an entity's generated TypeScript type would shadow. */
const globalTypes = new Set(
  `Array BigInt Boolean Buffer Date Error Function Intl JSON Map Math Number Object Partial Promise Proxy
  Record Reflect RegExp Set String Symbol URL WeakMap WeakSet`.split(/\s+/),
);

/** Tables every generated platform already has (accounts are the SQL-reserved `user`). */
const generatorEntities = new Set(['Session', 'AuditLog', 'AccessLog', 'ConsentRecord']);

function languageReason(name: string): ReservedReason | null {
  const lower = name.toLowerCase();
  if (sqlWords.has(lower)) return 'sql';
  if (javascriptWords.has(lower)) return 'javascript';
  return null;
}

export function reservedEntityName(name: string): ReservedReason | null {
  if (globalTypes.has(name)) return 'global';
  if (generatorEntities.has(name)) return 'generator';
  return languageReason(name);
}

/** Fields and relation ends: they share the entity's column and property namespace. */
export function reservedMemberName(name: string): ReservedReason | null {
  if (systemFields.has(name)) return 'system';
  if (prototypeNames.has(name)) return 'prototype';
  return languageReason(name);
}

/** Pages, endpoints and enum values are looked up by name in generated maps. */
export function reservedKeyName(name: string): ReservedReason | null {
  return prototypeNames.has(name) ? 'prototype' : null;
}
