import { z } from 'zod';

/**
 * The Blueprint: one typed, versioned document that is the single source of truth of a platform.
 * This file holds its shape only; what shape cannot say (references, duplicates, compliance) is
 * checked by `blueprint/validate.ts` in core.
 */
export const BLUEPRINT_SCHEMA_VERSION = 1;

/** Naming rules. Kept as named constants so a failed match can be explained by its rule. */
export const namingRules = {
  PascalCase: /^[A-Z][A-Za-z0-9]*$/,
  camelCase: /^[a-z][A-Za-z0-9]*$/,
  'kebab-case': /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/,
  locale: /^[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|\d{3}))?$/,
  currency: /^[A-Z]{3}$/,
  icon: /^[a-z0-9]+(?:-[a-z0-9]+)*$/,
  endpointPath: /^\/(?:(?:[a-z0-9._-]+|:[a-z][A-Za-z0-9]*)(?:\/(?:[a-z0-9._-]+|:[a-z][A-Za-z0-9]*))*)?$/,
} as const;
export type NamingRule = keyof typeof namingRules;

const NAME_MAX = 64;
/** Entities and roles: `Invoice`, `Accountant`. */
export const PascalName = z.string().max(NAME_MAX).regex(namingRules.PascalCase);
/** Fields, relations, pages, endpoints, enum values: `dueDate`, `invoiceList`. */
export const CamelName = z.string().max(NAME_MAX).regex(namingRules.camelCase);
/** The platform's slug: `clinic-booking`. */
export const KebabSlug = z.string().max(NAME_MAX).regex(namingRules['kebab-case']);
/** A BCP 47 language tag in its common form: `en`, `ar`, `ar-SA`, `zh-Hant-TW`. */
export const LocaleCode = z.string().max(16).regex(namingRules.locale);

/** Text per locale: `{ "en": "Invoice", "ar": "فاتورة" }`; every declared locale must be present. */
export const Labels = z.record(LocaleCode, z.string().min(1).max(200));
export type Labels = z.infer<typeof Labels>;

export const PlatformDomain = z.enum(['financial', 'healthcare', 'government', 'education', 'enterprise', 'other']);
export type PlatformDomain = z.infer<typeof PlatformDomain>;

export const ComplianceRegime = z.enum(['HIPAA', 'PCI-DSS', 'GDPR', 'CCPA', 'FERPA', 'SOC2', 'ISO-27001', 'PDPL']);
export type ComplianceRegime = z.infer<typeof ComplianceRegime>;

export const FieldType = z.enum([
  'string',
  'text',
  'int',
  'decimal',
  'money',
  'bool',
  'date',
  'datetime',
  'enum',
  'email',
  'phone',
  'url',
  'json',
  'file',
]);
export type FieldType = z.infer<typeof FieldType>;

/**
 * How sensitive a field's data is. `phi` (health data) needs HIPAA; `pan` (card numbers) is never
 * allowed: card data is tokenized by a payment provider and only the token is stored.
 */
export const DataClassification = z.enum(['public', 'internal', 'pii', 'phi', 'pan', 'secret']);
export type DataClassification = z.infer<typeof DataClassification>;

export const EnumValue = z.strictObject({
  name: CamelName,
  label: Labels,
});
export type EnumValue = z.infer<typeof EnumValue>;

/**
 * A field of an entity. `min`/`max` bound the length of text types and the value of number types;
 * `pattern` (a JavaScript regular expression) applies to text types; `values` only to `enum`;
 * `currency` (ISO 4217) only to `money`. Every entity also has `id`, `createdAt` and `updatedAt`.
 */
export const BlueprintField = z.strictObject({
  name: CamelName,
  type: FieldType,
  label: Labels,
  classification: DataClassification.default('internal'),
  required: z.boolean().default(false),
  unique: z.boolean().default(false),
  min: z.number().optional(),
  max: z.number().optional(),
  pattern: z.string().min(1).max(500).optional(),
  values: z.array(EnumValue).max(200).optional(),
  currency: z.string().regex(namingRules.currency).optional(),
});
export type BlueprintField = z.infer<typeof BlueprintField>;

export const BlueprintEntity = z.strictObject({
  name: PascalName,
  label: Labels,
  pluralLabel: Labels,
  fields: z.array(BlueprintField).max(300).default([]),
  /** The field that names a record in lists and pickers (the first field when omitted). */
  displayField: CamelName.optional(),
});
export type BlueprintEntity = z.infer<typeof BlueprintEntity>;

export const RelationKind = z.enum(['one-to-one', 'one-to-many', 'many-to-many']);
export type RelationKind = z.infer<typeof RelationKind>;

export const DeleteRule = z.enum(['cascade', 'restrict', 'set-null']);
export type DeleteRule = z.infer<typeof DeleteRule>;

/**
 * A relation from one entity to another. `name` is the end seen from `from` (a `Patient` has
 * `appointments`), `inverse` the end seen from `to` (an `Appointment` has a `patient`). For
 * one-to-one and one-to-many, `to` holds the reference; `required` says it cannot be empty, and
 * `onDelete` says what deleting the `from` record does to the `to` records that refer to it.
 */
export const BlueprintRelation = z.strictObject({
  name: CamelName,
  kind: RelationKind,
  from: PascalName,
  to: PascalName,
  inverse: CamelName,
  required: z.boolean().default(false),
  onDelete: DeleteRule.default('restrict'),
});
export type BlueprintRelation = z.infer<typeof BlueprintRelation>;

export const BlueprintRole = z.strictObject({
  name: PascalName,
  label: Labels,
});
export type BlueprintRole = z.infer<typeof BlueprintRole>;

export const PermissionAction = z.enum(['create', 'read', 'update', 'delete', 'list']);
export type PermissionAction = z.infer<typeof PermissionAction>;

/** Which records a grant covers: all of them, or only those whose `field` refers to the signed-in user. */
export const RowRule = z.discriminatedUnion('scope', [
  z.strictObject({ scope: z.literal('all') }),
  z.strictObject({ scope: z.literal('own'), field: CamelName }),
]);
export type RowRule = z.infer<typeof RowRule>;

/** One cell of the role × entity matrix: what `role` may do with `entity`, and on which rows. */
export const BlueprintPermission = z.strictObject({
  role: PascalName,
  entity: PascalName,
  actions: z.array(PermissionAction).min(1).max(5),
  rows: RowRule.default({ scope: 'all' }),
});
export type BlueprintPermission = z.infer<typeof BlueprintPermission>;

export const PageKind = z.enum(['list', 'detail', 'form', 'dashboard']);
export type PageKind = z.infer<typeof PageKind>;

/** A page of the generated app. List, detail and form pages show an entity; `roles` empty means every role. */
export const BlueprintPage = z.strictObject({
  name: CamelName,
  kind: PageKind,
  entity: PascalName.optional(),
  title: Labels,
  roles: z.array(PascalName).max(100).default([]),
});
export type BlueprintPage = z.infer<typeof BlueprintPage>;

/** An entry of the app's main menu, in menu order; `icon` is a Lucide icon name. */
export const NavigationItem = z.strictObject({
  page: CamelName,
  icon: z.string().max(64).regex(namingRules.icon).optional(),
});
export type NavigationItem = z.infer<typeof NavigationItem>;

export const HttpMethod = z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
export type HttpMethod = z.infer<typeof HttpMethod>;

/** A hand-declared API endpoint beyond the generated CRUD, e.g. `POST /invoices/:id/pay`. */
export const BlueprintEndpoint = z.strictObject({
  name: CamelName,
  method: HttpMethod,
  path: z.string().max(300).regex(namingRules.endpointPath),
  roles: z.array(PascalName).min(1).max(100),
  summary: z.string().min(1).max(500),
});
export type BlueprintEndpoint = z.infer<typeof BlueprintEndpoint>;

export const BlueprintApi = z.strictObject({
  /** Generate list/read/create/update/delete routes for every entity, guarded by the permissions. */
  crud: z.boolean().default(true),
  endpoints: z.array(BlueprintEndpoint).max(500).default([]),
});
export type BlueprintApi = z.infer<typeof BlueprintApi>;

export const IntegrationCategory = z.enum(['payment', 'email', 'sms', 'maps', 'storage', 'analytics', 'search', 'ai']);
export type IntegrationCategory = z.infer<typeof IntegrationCategory>;

/** A declared external service; the generator wires an adapter, secrets stay in the vault. */
export const BlueprintIntegration = z.strictObject({
  category: IntegrationCategory,
  provider: z.string().min(1).max(80),
  purpose: z.string().min(1).max(500),
});
export type BlueprintIntegration = z.infer<typeof BlueprintIntegration>;

export const BlueprintPlatform = z.strictObject({
  name: z.string().min(1).max(120),
  slug: KebabSlug,
  description: z.string().max(4000).default(''),
  domain: PlatformDomain,
  /** The locales of the generated UI, in menu order; the default one must be among them. */
  locales: z.array(LocaleCode).min(1).max(20),
  defaultLocale: LocaleCode,
  compliance: z.array(ComplianceRegime).max(20).default([]),
});
export type BlueprintPlatform = z.infer<typeof BlueprintPlatform>;

export const Blueprint = z.strictObject({
  /** Lets editors find the JSON Schema; kept as written. */
  $schema: z.string().max(2000).optional(),
  schemaVersion: z.literal(BLUEPRINT_SCHEMA_VERSION),
  platform: BlueprintPlatform,
  entities: z.array(BlueprintEntity).max(1000).default([]),
  relations: z.array(BlueprintRelation).max(5000).default([]),
  roles: z.array(BlueprintRole).max(200).default([]),
  permissions: z.array(BlueprintPermission).max(20_000).default([]),
  pages: z.array(BlueprintPage).max(5000).default([]),
  navigation: z.array(NavigationItem).max(500).default([]),
  api: BlueprintApi.default({ crud: true, endpoints: [] }),
  integrations: z.array(BlueprintIntegration).max(100).default([]),
});
/** A Blueprint with its defaults filled (what validation returns). */
export type Blueprint = z.output<typeof Blueprint>;
/** A Blueprint as written in a file: defaults may be left out. */
export type BlueprintInput = z.input<typeof Blueprint>;

/** The JSON Schema of a Blueprint file (draft 2020-12), for editors and for AI tool calls. */
export function blueprintJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(Blueprint, { io: 'input', target: 'draft-2020-12' }),
    title: 'WebNova Blueprint',
  };
}

export const LocalizedText = z.object({ en: z.string(), ar: z.string() });
export type LocalizedText = z.infer<typeof LocalizedText>;

export const BlueprintIssueCode = z.enum([
  // the document's shape
  'INVALID_TYPE',
  'REQUIRED',
  'UNKNOWN_PROPERTY',
  'INVALID_VALUE',
  'INVALID_NAME',
  'INVALID_FORMAT',
  'TOO_SMALL',
  'TOO_BIG',
  'INVALID_SHAPE',
  // its version
  'MISSING_VERSION',
  'UNKNOWN_VERSION',
  'UNSUPPORTED_VERSION',
  // its meaning
  'DUPLICATE_NAME',
  'DUPLICATE_VALUE',
  'RESERVED_NAME',
  'NAME_CLASH',
  'UNKNOWN_ENTITY',
  'UNKNOWN_FIELD',
  'UNKNOWN_ROLE',
  'UNKNOWN_PAGE',
  'DUPLICATE_GRANT',
  'DUPLICATE_ENDPOINT',
  'DEFAULT_LOCALE_NOT_DECLARED',
  'MISSING_LABEL',
  'PHI_WITHOUT_HIPAA',
  'PAN_FIELD',
  'CARD_DATA_FIELD',
  'ENUM_WITHOUT_VALUES',
  'CONSTRAINT_NOT_APPLICABLE',
  'INVALID_RANGE',
  'INVALID_PATTERN',
  'INVALID_DELETE_RULE',
  'PAGE_NEEDS_ENTITY',
  'NAVIGATION_TO_DETAIL',
  'INTERNAL',
]);
export type BlueprintIssueCode = z.infer<typeof BlueprintIssueCode>;

/** One problem found in a Blueprint: where (an RFC 6901 pointer), what (a code), and why in both UI languages. */
export const BlueprintIssue = z.object({
  path: z.string(),
  code: BlueprintIssueCode,
  /** Only on issues reported before messages became codes; words now come from the catalogue (`issueText`). */
  message: LocalizedText.optional(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export type BlueprintIssue = z.infer<typeof BlueprintIssue>;
