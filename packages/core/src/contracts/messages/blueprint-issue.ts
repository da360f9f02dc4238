import { formatMessage, type MessageLocale, type SystemMessage, type Translate } from './system-message.js';

/** A Blueprint issue as validation reports it: a code and the raw values it names. */
interface IssueLike {
  code: string;
  params?: Record<string, string | number>;
}

const codeOf = (value: string | number | undefined) =>
  String(value)
    .replace(/(?<=[a-z])(?=[A-Z])/g, '_')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toUpperCase();

/** Values that stand for words (a JSON type, a naming rule, what was duplicated, why a name is reserved). */
const WORD_PARAMS: Record<string, string> = {
  expected: 'BLUEPRINT_JSON_',
  found: 'BLUEPRINT_JSON_',
  rule: 'BLUEPRINT_RULE_',
  kind: 'BLUEPRINT_KIND_',
  reason: 'BLUEPRINT_RESERVED_',
};

/** Which variant of a code's text fits its values (i18next's `context`). */
function contextOf(issue: IssueLike): string | undefined {
  const params = issue.params ?? {};
  if (
    (issue.code === 'TOO_SMALL' || issue.code === 'TOO_BIG') &&
    (params.origin === 'string' || params.origin === 'array')
  ) {
    return codeOf(params.origin);
  }
  if (issue.code === 'INVALID_FORMAT' && params.rule !== undefined) return 'RULE';
  if (issue.code === 'INVALID_DELETE_RULE' && params.reason === 'many-to-many') return 'MANY_TO_MANY';
  if (issue.code === 'INVALID_SHAPE' && params.json !== undefined) return 'JSON';
  return undefined;
}

/**
 * A Blueprint issue as a system message: its code, its values, and the words some of them stand for
 * as messages of their own. `PAGE_NEEDS_ENTITY`'s kind is a page kind shown as written.
 */
export function blueprintIssueMessage(issue: IssueLike): SystemMessage {
  const params: NonNullable<SystemMessage['params']> = {};
  for (const [name, value] of Object.entries(issue.params ?? {})) {
    const prefix = WORD_PARAMS[name];
    const asWords = prefix && !(name === 'kind' && issue.code === 'PAGE_NEEDS_ENTITY');
    params[name] = asWords ? { code: `${prefix}${codeOf(value)}` } : value;
  }
  const context = contextOf(issue);
  if (context) params.context = context;
  return { code: `BLUEPRINT_${issue.code}`, ...(Object.keys(params).length ? { params } : {}) };
}

/** An issue in words (one reported with its own words shows those). */
export function issueText(
  issue: IssueLike & { message?: { en: string; ar: string } },
  locale: MessageLocale,
  translate?: Translate,
): string {
  return issue.message ? issue.message[locale] : formatMessage(blueprintIssueMessage(issue), locale, translate);
}
