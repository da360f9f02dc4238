import { reservedEntityName } from '../../blueprint/reserved-names.js';
import type { ComplianceRegime, IntegrationCategory, PermissionAction } from '../../contracts/index.js';
import { type DomainId, type DomainTemplate, lettersToActions } from './catalogue-types.js';
import { domainCatalogue, domainTemplate } from './domain-catalogue.js';
import type { Match } from './lexicon.js';
import { pluralName } from './names.js';
import { isArabicWord, type StemmedText, splitClauses, stemText } from './normalize-text.js';
import {
  bilingualWords,
  bookingVerb,
  complianceWords,
  followUpOpeners,
  integrations,
  linkWords,
  personalData,
  type Region,
  regions,
  removalOpeners,
  type Term,
  terms,
  verbs,
} from './vocabulary.js';

export type PromptLanguage = 'en' | 'ar' | 'mixed';
export type { Region };

export interface FieldMention {
  field: string;
  /** The entity the field was named with ("invoices with amount"), when there is one. */
  entity?: string;
}

export interface CustomEntity {
  name: string;
  label: string;
  plural: string;
}

export interface Grant {
  role: string;
  entity: string;
  actions: PermissionAction[];
}

/** What a request asks for, in catalogue terms. */
export interface PlannerIntent {
  language: PromptLanguage;
  /** The language the generated UI leads with. */
  primaryLocale: 'en' | 'ar';
  kind: 'new-platform' | 'follow-up';
  domain: DomainId;
  /** Whether the domain was recognised from the words (false: a fallback). */
  domainRecognised: boolean;
  entities: string[];
  fields: FieldMention[];
  relations: { from: string; to: string }[];
  /** Roles named without a grant of their own ("with admin and receptionist roles"). */
  roles: string[];
  grants: Grant[];
  /** English nouns the catalogue does not know, asked for by "add …": they become plain entities. */
  customEntities: CustomEntity[];
  /** Entities a follow-up takes away ("remove reviews"). */
  removedEntities: string[];
  /** Fields a follow-up takes away ("remove the notes field from appointments"). */
  removedFields: { entity: string; field: string }[];
  compliance: ComplianceRegime[];
  integrations: IntegrationCategory[];
  region?: Region;
  /** The request asks for both Arabic and English (or names the other language). */
  bilingual: boolean;
}

/** One clause's words, with the position of its first word in the whole prompt. */
interface Clause {
  text: StemmedText;
  offset: number;
}

export interface IntentContext {
  /** Entities already in the Blueprint a follow-up changes: they win ambiguous words. */
  known?: readonly string[];
}

export function detectLanguage(prompt: string): PromptLanguage {
  const arabic = (prompt.match(/[\u0600-\u06FF]/g) ?? []).length;
  const latin = (prompt.match(/[A-Za-z]/g) ?? []).length;
  if (arabic === 0 && latin === 0) return 'en';
  const share = arabic / (arabic + latin);
  if (share >= 0.8) return 'ar';
  if (share <= 0.2) return 'en';
  return 'mixed';
}

/** Mixed requests lead with the language most of their words are in. */
function primaryLocaleOf(prompt: string, language: PromptLanguage): 'en' | 'ar' {
  if (language !== 'mixed') return language;
  const words = prompt.split(/\s+/);
  const arabic = words.filter((word) => /[\u0600-\u06FF]/.test(word)).length;
  const latin = words.filter((word) => /[A-Za-z]/.test(word)).length;
  return arabic >= latin ? 'ar' : 'en';
}

function scoreDomains(matches: readonly Match<Term>[]): { domain: DomainTemplate; score: number } {
  // With no domain word at all, a plain business app (customers, products, orders) is the least surprising.
  let best = { domain: domainTemplate('commerce'), score: 0 };
  for (const domain of domainCatalogue) {
    let score = 0;
    for (const { item } of matches) {
      if (item.kind === 'domain' && item.domain === domain) score += 3;
      if (item.kind === 'entity' && domain.core.includes(item.name)) score += 2;
      if (item.kind === 'entity' && domain.optional.includes(item.name)) score += 1;
    }
    if (score > best.score) best = { domain, score };
  }
  return best;
}

/** Entity mentions, one per position: an ambiguous word goes to the entity the context favours. */
function resolveEntities(matches: readonly Match<Term>[], preferred: ReadonlySet<string>): Match<string>[] {
  const byStart = new Map<number, Match<string>[]>();
  for (const { item, start, end } of matches) {
    if (item.kind !== 'entity') continue;
    byStart.set(start, [...(byStart.get(start) ?? []), { item: item.name, start, end }]);
  }
  return [...byStart.values()].map(
    (candidates) => candidates.find((candidate) => preferred.has(candidate.item)) ?? (candidates[0] as Match<string>),
  );
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

/** The entity a field was named with: the nearest before it in its clause, else the first after it. */
function ownerOf(position: number, clause: Clause, mentions: readonly Match<string>[]): string | undefined {
  const end = clause.offset + clause.text.length;
  const inClause = mentions.filter((mention) => mention.start >= clause.offset && mention.start < end);
  const before = inClause.filter((mention) => mention.start < position);
  const nearest = before[before.length - 1];
  const head = before[before.length - 2];
  // Arabic puts the head noun first ("شكاوى السكان مع الأولوية": the complaints' priority).
  if (
    nearest &&
    head &&
    head.end === nearest.start &&
    isArabicWord(clause.text[nearest.start - clause.offset]?.[0] ?? '')
  ) {
    return head.item;
  }
  return (nearest ?? inClause.find((mention) => mention.start > position))?.item;
}

function clauseRelations(clause: Clause, mentions: readonly Match<string>[]): { from: string; to: string }[] {
  const end = clause.offset + clause.text.length;
  const inClause = mentions.filter((mention) => mention.start >= clause.offset && mention.start < end);
  const found: { from: string; to: string }[] = [];
  for (const link of linkWords.find(clause.text)) {
    const at = clause.offset + link.start;
    const before = inClause.filter((mention) => mention.start < at);
    const after = inClause.filter((mention) => mention.start >= at + (link.end - link.start));
    const last = before[before.length - 1];
    const [first, second] = after;
    if (link.item === 'has' && last && first) found.push({ from: last.item, to: first.item });
    if (link.item === 'belongs' && last && first) found.push({ from: first.item, to: last.item });
    if (link.item === 'each' && first && second) found.push({ from: first.item, to: second.item });
  }
  return found.filter((relation) => relation.from !== relation.to);
}

/** An Arabic present-tense verb (يدير، تعدل) may come before its subject: "يعتمد الموظف الطلبات". */
function isArabicVerbAt(text: StemmedText, position: number): boolean {
  return text[position]?.some((stemmed) => /^[يت][\u0621-\u064A]{2,}/.test(stemmed)) ?? false;
}

/**
 * Grants in one clause: each role named gets the actions of the verbs that follow it (up to the
 * next role) on the entities named after those verbs, or on the last entity named before it
 * ("accountants can read them").
 */
function clauseGrants(
  clause: Clause,
  termMatches: readonly Match<Term>[],
  mentions: readonly Match<string>[],
): { grants: Grant[]; roleSpans: Set<number> } {
  const grants: Grant[] = [];
  const roleSpans = new Set<number>();
  const end = clause.offset + clause.text.length;
  // A verb's word inside an entity's name is a noun there ("medical records" is not "record").
  const actionMatches = verbs
    .find(clause.text)
    .map((match) => ({ ...match, start: clause.offset + match.start, end: clause.offset + match.end }))
    .filter((match) => !mentions.some((mention) => mention.start < match.end && match.start < mention.end));
  const roles = termMatches.filter(
    (match): match is Match<Term & { kind: 'role' }> =>
      match.item.kind === 'role' && match.start >= clause.offset && match.start < end,
  );
  roles.forEach((role, index) => {
    const segmentEnd = roles[index + 1]?.start ?? end;
    const previousRole = roles[index - 1]?.start ?? clause.offset - 1;
    const next = roles[index + 1];
    // An Arabic verb right before the next role is that role's ("ويعتمدها الموظف").
    const ownsVerb = (verb: (typeof actionMatches)[number]) =>
      !(next && verb.end === next.start && isArabicVerbAt(clause.text, verb.start - clause.offset));
    let found = actionMatches.filter((verb) => verb.start > role.start && verb.start < segmentEnd && ownsVerb(verb));
    let from = found[0]?.start ?? role.start;
    if (found.length === 0) {
      const before = actionMatches.filter(
        (verb) =>
          verb.start > previousRole &&
          verb.end <= role.start &&
          isArabicVerbAt(clause.text, verb.start - clause.offset),
      );
      found = before.slice(-1);
      from = role.start;
    }
    if (found.length === 0) return;
    roleSpans.add(role.start);
    const actions = unique(found.flatMap((match) => lettersToActions(match.item.letters)));
    const targets = mentions.filter((mention) => mention.start > from && mention.start < segmentEnd);
    const earlier = mentions.filter((mention) => mention.start < role.start);
    const fallback = earlier[earlier.length - 1];
    const entities = targets.length > 0 ? targets.map((target) => target.item) : fallback ? [fallback.item] : [];
    for (const entity of unique(entities)) grants.push({ role: role.item.name, entity, actions });
  });
  return { grants, roleSpans };
}

const addWords = new Set(['add', 'include', 'track']);
const fillers = new Set(['also', 'please', 'now', 'then', 'and', 'a', 'an', 'the', 'new', 'some', 'more']);
const notEntities = new Set([
  'field',
  'entity',
  'role',
  'page',
  'column',
  'support',
  'option',
  'feature',
  'ability',
  'way',
]);

/**
 * "add projects with a due date": an English noun after "add" that no catalogue word covers becomes
 * a plain entity. Arabic names cannot become code names without transliteration, so they are left out.
 */
function customEntityIn(
  clause: Clause,
  termMatches: readonly Match<Term>[],
): (Match<string> & { custom: CustomEntity }) | null {
  const word = (index: number) => clause.text[index]?.[0] ?? '';
  let index = 0;
  while (fillers.has(word(index))) index++;
  if (!addWords.has(word(index))) return null;
  index++;
  while (fillers.has(word(index))) index++;
  const noun = word(index);
  const at = clause.offset + index;
  if (!/^[a-z]{3,30}$/.test(noun) || notEntities.has(noun)) return null;
  if (termMatches.some((match) => match.start <= at && at < match.end)) return null;
  const label = noun.charAt(0).toUpperCase() + noun.slice(1);
  if (reservedEntityName(label) !== null) return null;
  const plural = pluralName(label);
  return { item: label, start: at, end: at + 1, custom: { name: label, label, plural } };
}

/** Reads a request (English, Arabic or both) into catalogue terms. Pure and deterministic. */
export function analyzeIntent(prompt: string, context: IntentContext = {}): PlannerIntent {
  const clauses: Clause[] = [];
  let offset = 0;
  for (const clauseText of splitClauses(prompt)) {
    const text = stemText(clauseText);
    clauses.push({ text, offset });
    offset += text.length;
  }
  const words: StemmedText = clauses.flatMap((clause) => clause.text);
  const termMatches = terms.find(words);
  const { domain, score } = scoreDomains(termMatches);
  const known = context.known ?? [];
  const preferred = new Set([...known, ...domain.core, ...domain.optional]);
  const mentions = resolveEntities(termMatches, preferred);
  // "book" is a verb before a noun ("book appointments"), not the "booking" entity.
  const bookingAt = new Set(bookingVerb.find(words).map((match) => match.start));
  const entityMentions = mentions.filter(
    (mention) => !bookingAt.has(mention.start) || !mentions.some((other) => other.start > mention.start),
  );

  const fields: FieldMention[] = [];
  const relations: { from: string; to: string }[] = [];
  const grants: Grant[] = [];
  const grantRoles = new Set<number>();
  const removedEntities: string[] = [];
  const removedFields: { entity: string; field: string }[] = [];
  const removalSpans = new Set<number>();
  const customEntities: CustomEntity[] = [];
  for (const clause of clauses) {
    const end = clause.offset + clause.text.length;
    const removal = removalOpeners.find(clause.text)[0]?.start === 0;
    const custom = removal ? null : customEntityIn(clause, termMatches);
    if (custom) {
      customEntities.push(custom.custom);
      entityMentions.push(custom);
      entityMentions.sort((a, b) => a.start - b.start);
    }
    const clauseFields: FieldMention[] = [];
    for (const match of termMatches) {
      if (match.item.kind !== 'field' || match.start < clause.offset || match.start >= end) continue;
      const entity = ownerOf(match.start, clause, entityMentions);
      clauseFields.push(entity === undefined ? { field: match.item.name } : { field: match.item.name, entity });
    }
    if (removal) {
      const named = entityMentions.filter((mention) => mention.start >= clause.offset && mention.start < end);
      for (const mention of named) removalSpans.add(mention.start);
      // "remove the notes field from appointments" takes the field; "remove reviews" the entity.
      if (clauseFields.length > 0) {
        for (const field of clauseFields)
          if (field.entity) removedFields.push({ entity: field.entity, field: field.field });
      } else {
        removedEntities.push(...named.map((mention) => mention.item));
      }
      continue;
    }
    fields.push(...clauseFields);
    relations.push(...clauseRelations(clause, entityMentions));
    const found = clauseGrants(clause, termMatches, entityMentions);
    grants.push(...found.grants);
    for (const start of found.roleSpans) grantRoles.add(start);
  }

  const entitySpans = new Set(entityMentions.map((mention) => mention.start));
  const namedRoles = termMatches.flatMap((match) =>
    match.item.kind === 'role' && !grantRoles.has(match.start) && !entitySpans.has(match.start)
      ? [match.item.name]
      : [],
  );

  const language = detectLanguage(prompt);
  const regionMatch = regions.find(words)[0];
  const compliance = unique([
    ...(score > 0 ? domain.compliance : []),
    ...complianceWords.find(words).map((match) => match.item),
    // Personal data is governed by where its people are: the Saudi PDPL in the Gulf, GDPR otherwise.
    ...(personalData.find(words).length > 0
      ? [regionMatch?.item === 'gcc' ? ('PDPL' as const) : ('GDPR' as const)]
      : []),
  ]);
  const opener = followUpOpeners.find(words)[0];
  return {
    language,
    primaryLocale: primaryLocaleOf(prompt, language),
    kind: opener !== undefined && opener.start === 0 ? 'follow-up' : 'new-platform',
    domain: domain.id,
    domainRecognised: score > 0,
    entities: unique(
      entityMentions.filter((mention) => !removalSpans.has(mention.start)).map((mention) => mention.item),
    ),
    fields: fields.filter(
      (field, index) =>
        fields.findIndex((other) => other.field === field.field && other.entity === field.entity) === index,
    ),
    relations: relations.filter(
      (relation, index) =>
        relations.findIndex((other) => other.from === relation.from && other.to === relation.to) === index,
    ),
    roles: unique(namedRoles),
    grants,
    customEntities,
    removedEntities: unique(removedEntities),
    removedFields,
    compliance,
    integrations: unique(integrations.find(words).map((match) => match.item)),
    ...(regionMatch ? { region: regionMatch.item } : {}),
    bilingual: language === 'mixed' || bilingualWords.find(words).length > 0,
  };
}
