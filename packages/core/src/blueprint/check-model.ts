import type { BlueprintEntity, BlueprintField, FieldType } from '../contracts/index.js';
import type { CheckContext } from './check-context.js';
import { appendPointer } from './pointer.js';
import { reservedEntityName, reservedKeyName, reservedMemberName } from './reserved-names.js';

const textTypes = new Set<FieldType>(['string', 'text', 'email', 'phone', 'url']);
const numberTypes = new Set<FieldType>(['int', 'decimal', 'money']);
const notUniqueTypes = new Set<FieldType>(['bool', 'json', 'file']);

/**
 * Names under which card numbers or security codes would be stored whatever their classification
 * says. A bare `pan` is left out: it is also India's tax number.
 */
const cardDataName =
  /^(?:cvv2?|cvc2?|cardNumber|cardNo|cardCvv|cardCvc|creditCard|creditCardNumber|debitCardNumber|primaryAccountNumber|cardSecurityCode)$/i;

export function checkPlatform(context: CheckContext): void {
  const { platform } = context.blueprint;
  context.checkUniqueValues(platform.locales, '/platform/locales');
  if (!platform.locales.includes(platform.defaultLocale)) {
    context.report('/platform/defaultLocale', 'DEFAULT_LOCALE_NOT_DECLARED', { locale: platform.defaultLocale });
  }
  context.checkUniqueValues(platform.compliance, '/platform/compliance');
}

export function checkEntities(context: CheckContext): void {
  const { entities } = context.blueprint;
  context.checkUniqueNames(entities, '/entities', 'entity', (entity) => entity.name);
  entities.forEach((entity, index) => {
    const path = `/entities/${index}`;
    const reason = reservedEntityName(entity.name);
    if (reason) context.report(`${path}/name`, 'RESERVED_NAME', { name: entity.name, reason });
    context.checkLabels(entity.label, `${path}/label`);
    context.checkLabels(entity.pluralLabel, `${path}/pluralLabel`);
    context.checkUniqueNames(entity.fields, `${path}/fields`, 'field', (field) => field.name);
    entity.fields.forEach((field, fieldIndex) => {
      checkField(context, field, `${path}/fields/${fieldIndex}`);
    });
    if (entity.displayField !== undefined && !hasField(entity, entity.displayField)) {
      context.report(`${path}/displayField`, 'UNKNOWN_FIELD', { entity: entity.name, name: entity.displayField });
    }
  });
}

function hasField(entity: BlueprintEntity, name: string): boolean {
  return entity.fields.some((field) => field.name === name);
}

function checkField(context: CheckContext, field: BlueprintField, path: string): void {
  const reason = reservedMemberName(field.name);
  if (reason) context.report(`${path}/name`, 'RESERVED_NAME', { name: field.name, reason });
  context.checkLabels(field.label, `${path}/label`);
  checkClassification(context, field, path);
  checkEnumValues(context, field, path);
  checkConstraints(context, field, path);
}

function checkClassification(context: CheckContext, field: BlueprintField, path: string): void {
  if (field.classification === 'pan') {
    context.report(`${path}/classification`, 'PAN_FIELD', { name: field.name });
  } else if (cardDataName.test(field.name)) {
    context.report(`${path}/name`, 'CARD_DATA_FIELD', { name: field.name });
  }
  if (field.classification === 'phi' && !context.blueprint.platform.compliance.includes('HIPAA')) {
    context.report(`${path}/classification`, 'PHI_WITHOUT_HIPAA', { name: field.name });
  }
}

function checkEnumValues(context: CheckContext, field: BlueprintField, path: string): void {
  if (field.type !== 'enum') {
    if (field.values !== undefined) notApplicable(context, field, path, 'values');
    return;
  }
  if (field.values === undefined || field.values.length === 0) {
    context.report(field.values === undefined ? path : `${path}/values`, 'ENUM_WITHOUT_VALUES', { name: field.name });
    return;
  }
  context.checkUniqueNames(field.values, `${path}/values`, 'value', (value) => value.name);
  field.values.forEach((value, index) => {
    const reason = reservedKeyName(value.name);
    if (reason) context.report(`${path}/values/${index}/name`, 'RESERVED_NAME', { name: value.name, reason });
    context.checkLabels(value.label, `${path}/values/${index}/label`);
  });
}

function notApplicable(context: CheckContext, field: BlueprintField, path: string, constraint: string): void {
  context.report(appendPointer(path, constraint), 'CONSTRAINT_NOT_APPLICABLE', { constraint, type: field.type });
}

function checkConstraints(context: CheckContext, field: BlueprintField, path: string): void {
  const isText = textTypes.has(field.type);
  const bounded = isText || numberTypes.has(field.type);
  for (const bound of ['min', 'max'] as const) {
    const limit = field[bound];
    if (limit === undefined) continue;
    if (!bounded) notApplicable(context, field, path, bound);
    else if (isText && limit < 0) context.report(`${path}/${bound}`, 'TOO_SMALL', { origin: 'number', limit: 0 });
  }
  if (bounded && field.min !== undefined && field.max !== undefined && field.min > field.max) {
    context.report(`${path}/max`, 'INVALID_RANGE', { min: field.min, max: field.max });
  }
  if (field.pattern !== undefined) {
    if (!isText) notApplicable(context, field, path, 'pattern');
    else if (!compiles(field.pattern)) context.report(`${path}/pattern`, 'INVALID_PATTERN');
  }
  if (field.currency !== undefined && field.type !== 'money') notApplicable(context, field, path, 'currency');
  if (field.unique && notUniqueTypes.has(field.type)) notApplicable(context, field, path, 'unique');
}

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

/**
 * Relations: both ends name entities, and each end's name is free in its entity (fields and
 * other relation ends share one namespace, case ignored, as columns do).
 */
export function checkRelations(context: CheckContext): void {
  const { entities, relations } = context.blueprint;
  const members = new Map<string, Set<string>>(
    entities.map((entity) => [entity.name, new Set(entity.fields.map((field) => field.name.toLowerCase()))]),
  );
  const claim = (entity: string, name: string, path: string) => {
    const names = members.get(entity);
    if (names === undefined) return;
    if (names.has(name.toLowerCase())) context.report(path, 'NAME_CLASH', { name, entity });
    names.add(name.toLowerCase());
  };
  relations.forEach((relation, index) => {
    const path = `/relations/${index}`;
    for (const end of ['from', 'to'] as const) {
      if (!context.entityNames.has(relation[end])) {
        context.report(`${path}/${end}`, 'UNKNOWN_ENTITY', { name: relation[end] });
      }
    }
    for (const end of ['name', 'inverse'] as const) {
      const reason = reservedMemberName(relation[end]);
      if (reason) context.report(`${path}/${end}`, 'RESERVED_NAME', { name: relation[end], reason });
    }
    claim(relation.from, relation.name, `${path}/name`);
    claim(relation.to, relation.inverse, `${path}/inverse`);
    if (relation.onDelete === 'set-null' && relation.kind === 'many-to-many') {
      context.report(`${path}/onDelete`, 'INVALID_DELETE_RULE', { reason: 'many-to-many' });
    } else if (relation.onDelete === 'set-null' && relation.required) {
      context.report(`${path}/onDelete`, 'INVALID_DELETE_RULE', { reason: 'required' });
    }
  });
}
