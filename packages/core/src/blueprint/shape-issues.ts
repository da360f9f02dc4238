import type { z } from 'zod';
import { type BlueprintIssue, type NamingRule, namingRules } from '../contracts/index.js';
import { blueprintIssue } from './messages.js';
import { appendPointer, toPointer } from './pointer.js';

type ZodIssue = z.core.$ZodIssue;

/** Naming rules that name things; a miss says "must be PascalCase", other rules "must be a currency code". */
const nameRules = new Set<NamingRule>(['PascalCase', 'camelCase', 'kebab-case', 'locale']);

function ruleOfPattern(pattern: string | undefined): NamingRule | undefined {
  if (pattern === undefined) return undefined;
  return (Object.keys(namingRules) as NamingRule[]).find((rule) => String(namingRules[rule]) === pattern);
}

function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** The value found at `path` inside the raw input (own properties only), to say what was there instead. */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current = input;
  for (const segment of path) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

function display(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
}

function formatIssue(path: string, value: unknown, pattern: string | undefined): BlueprintIssue {
  const rule = ruleOfPattern(pattern);
  if (rule !== undefined && nameRules.has(rule)) {
    return blueprintIssue(path, 'INVALID_NAME', { value: display(value), rule });
  }
  return blueprintIssue(path, 'INVALID_FORMAT', rule === undefined ? {} : { rule });
}

/**
 * Zod's findings about a document's shape, as Blueprint issues: a pointer, a code, and a sentence in
 * English and Arabic. Zod's own (English-only) messages are not passed on.
 */
export function shapeIssues(issues: readonly ZodIssue[], input: unknown): BlueprintIssue[] {
  return issues.flatMap((issue): BlueprintIssue[] => {
    const segments = issue.path.map((segment) => (typeof segment === 'symbol' ? String(segment) : segment));
    const path = toPointer(segments);
    switch (issue.code) {
      case 'invalid_type': {
        const found = valueAt(input, issue.path);
        if (found === undefined) {
          return [blueprintIssue(path, 'REQUIRED', { name: String(segments.at(-1) ?? '') })];
        }
        return [blueprintIssue(path, 'INVALID_TYPE', { expected: issue.expected, found: jsonTypeOf(found) })];
      }
      case 'unrecognized_keys':
        return issue.keys.map((key) => blueprintIssue(appendPointer(path, key), 'UNKNOWN_PROPERTY', { name: key }));
      case 'invalid_value':
        return [blueprintIssue(path, 'INVALID_VALUE', { values: issue.values.map(display).join(', ') })];
      case 'invalid_format':
        return [formatIssue(path, valueAt(input, issue.path), issue.pattern)];
      case 'invalid_key': {
        const inner = issue.issues[0];
        const key = segments.at(-1) ?? '';
        if (inner?.code === 'invalid_format') return [formatIssue(path, key, inner.pattern)];
        return [blueprintIssue(path, 'INVALID_SHAPE')];
      }
      case 'too_small':
        return [blueprintIssue(path, 'TOO_SMALL', { origin: issue.origin, limit: Number(issue.minimum) })];
      case 'too_big':
        return [blueprintIssue(path, 'TOO_BIG', { origin: issue.origin, limit: Number(issue.maximum) })];
      case 'invalid_union':
        if (issue.discriminator !== undefined && 'options' in issue && issue.options !== undefined) {
          return [blueprintIssue(path, 'INVALID_VALUE', { values: issue.options.map(display).join(', ') })];
        }
        return [blueprintIssue(path, 'INVALID_SHAPE')];
      default:
        return [blueprintIssue(path, 'INVALID_SHAPE')];
    }
  });
}
