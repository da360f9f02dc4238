import type {
  ComplianceRegime,
  DataClassification,
  FieldType,
  IntegrationCategory,
  PermissionAction,
  PlatformDomain,
} from '../../contracts/index.js';

/** Catalogue text always comes in both UI languages; other locales fall back to English. */
export interface Bilingual {
  en: string;
  ar: string;
}

export interface FieldTemplate {
  name: string;
  type: FieldType;
  label: Bilingual;
  classification: DataClassification;
  /** Words (English and Arabic) by which a request names this field. */
  keywords: readonly string[];
  required?: boolean;
  unique?: boolean;
  min?: number;
  max?: number;
  values?: readonly { name: string; label: Bilingual }[];
}

export interface EntityTemplate {
  name: string;
  label: Bilingual;
  plural: Bilingual;
  icon: string;
  keywords: readonly string[];
  /** Field names from the field lexicon; the first is the display field. */
  fields: readonly string[];
}

export interface RoleTemplate {
  name: string;
  label: Bilingual;
  keywords: readonly string[];
}

/** Actions as letters: c create, r read, u update, d delete, l list. */
export type ActionLetters = string;

export const DomainId = [
  'healthcare',
  'finance',
  'education',
  'government',
  'commerce',
  'hospitality',
  'logistics',
  'hr',
  'real-estate',
] as const;
export type DomainId = (typeof DomainId)[number];

export interface DomainTemplate {
  id: DomainId;
  platformDomain: PlatformDomain;
  /** The platform's default name when the request does not give one. */
  name: Bilingual;
  keywords: readonly string[];
  /** Entities every platform of this domain gets. */
  core: readonly string[];
  /** Entities that belong to the domain but are added only when mentioned. */
  optional: readonly string[];
  roles: readonly { role: string; grants: Readonly<Record<string, ActionLetters>> }[];
  compliance: readonly ComplianceRegime[];
}

export interface IntegrationTemplate {
  category: IntegrationCategory;
  keywords: readonly string[];
  provider: { global: string; gcc: string };
  purpose: string;
}

export const actionLetters: Readonly<Record<string, PermissionAction>> = {
  c: 'create',
  r: 'read',
  u: 'update',
  d: 'delete',
  l: 'list',
};

export function lettersToActions(letters: ActionLetters): PermissionAction[] {
  return [...letters].flatMap((letter) => {
    const action = actionLetters[letter];
    return action ? [action] : [];
  });
}
