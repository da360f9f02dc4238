import type { BlueprintField } from '../../contracts/blueprint.js';

/**
 * Deterministic example values for generated tests: variant `n` of a field's value, inside its
 * constraints (range, length, pattern) and different for each `n` so that unique fields stay unique.
 */
export function sampleValue(field: BlueprintField, n: number): unknown {
  switch (field.type) {
    case 'int':
    case 'decimal': {
      const low = field.min ?? 1;
      const high = field.max ?? low + 1000;
      const value = low + (n % Math.max(1, Math.floor(high - low) + 1));
      return field.type === 'decimal' && value + 0.5 <= high ? value + 0.5 : value;
    }
    case 'money': {
      const low = Math.ceil(field.min ?? 1);
      const high = field.max ?? low + 100_000;
      return `${Math.min(high, low + 10 + n)}.25`;
    }
    case 'bool':
      return n % 2 === 0;
    case 'date':
      return `2024-0${1 + (n % 9)}-${String(10 + (n % 18))}`;
    case 'datetime':
      return `2026-0${1 + (n % 9)}-${String(10 + (n % 18))}T09:30:00.000Z`;
    case 'enum': {
      const values = field.values ?? [];
      return values[n % Math.max(1, values.length)]?.name ?? '';
    }
    case 'json':
      return { sample: n };
    case 'email':
      return `${field.name.toLowerCase()}${n}@example.com`;
    case 'phone':
      return `+1 555 ${String(1000 + n).slice(-4)}`;
    case 'url':
      return `https://example.com/${field.name}/${n}`;
    case 'file':
      return `files/${field.name}-${n}.pdf`;
    default:
      return sampleText(field, n);
  }
}

function sampleText(field: BlueprintField, n: number): string {
  if (field.pattern !== undefined) {
    const sampled = samplePattern(field.pattern, n);
    if (sampled !== null) return sampled;
  }
  let text = `${field.name} ${n}`;
  if (field.max !== undefined && text.length > field.max) text = `${n}`.padStart(Math.max(1, field.max), '0');
  if (field.min !== undefined && text.length < field.min) text = text.padEnd(field.min, 'x');
  return field.max !== undefined ? text.slice(-Math.max(1, field.max)) : text;
}

/**
 * A string matching a simple regular expression (anchors, literals, escapes, classes, groups with
 * alternatives, quantifiers), or null when the pattern uses anything else or the result does not match.
 */
export function samplePattern(pattern: string, n: number): string | null {
  try {
    const body = pattern.replace(/^\^/, '').replace(/\$$/, '');
    const state = { source: body, at: 0, n, radix: 1 };
    const text = sequence(state);
    if (state.at !== body.length) return null;
    return new RegExp(pattern).test(text) ? text : null;
  } catch {
    return null;
  }
}

interface SamplerState {
  source: string;
  at: number;
  n: number;
  /** Mixed radix: each position varies once the ones before it went round, so variants stay distinct. */
  radix: number;
}

function sequence(state: SamplerState): string {
  const alternatives: string[] = [''];
  while (state.at < state.source.length && state.source[state.at] !== ')') {
    if (state.source[state.at] === '|') {
      state.at += 1;
      alternatives.push('');
      continue;
    }
    const chars = atom(state);
    const [low, high] = quantifier(state);
    const count = Math.min(high, Math.max(low, 1));
    let piece = '';
    for (let i = 0; i < count; i++) {
      piece += chars[Math.floor(state.n / state.radix) % chars.length] ?? '';
      state.radix = Math.min(state.radix * chars.length, Number.MAX_SAFE_INTEGER);
    }
    alternatives[alternatives.length - 1] += piece;
  }
  return alternatives[state.n % alternatives.length] ?? '';
}

/** The choices one atom stands for (a group contributes its one sampled string). */
function atom(state: SamplerState): string[] {
  const char = state.source[state.at];
  if (char === '(') {
    state.at += state.source.startsWith('(?:', state.at) ? 3 : 1;
    const inner = sequence(state);
    if (state.source[state.at] !== ')') throw new Error('unclosed group');
    state.at += 1;
    return [inner];
  }
  if (char === '[') return charClass(state);
  if (char === '\\') {
    state.at += 2;
    return escapeChoices(state.source[state.at - 1] ?? '');
  }
  if (char === '.') {
    state.at += 1;
    return ['a', 'b', 'c'];
  }
  if (char === undefined || '*+?{'.includes(char)) throw new Error('unexpected quantifier');
  state.at += 1;
  return [char];
}

function escapeChoices(letter: string): string[] {
  if (letter === 'd') return [...'0123456789'];
  if (letter === 'w') return [...'abcdefghij0123456789'];
  if (letter === 's') return [' '];
  if (/[A-Za-z]/.test(letter)) throw new Error('unsupported escape');
  return [letter];
}

function charClass(state: SamplerState): string[] {
  state.at += 1;
  if (state.source[state.at] === '^') throw new Error('negated class');
  const choices: string[] = [];
  while (state.at < state.source.length && state.source[state.at] !== ']') {
    let char = state.source[state.at] ?? '';
    if (char === '\\') {
      state.at += 2;
      choices.push(...escapeChoices(state.source[state.at - 1] ?? ''));
      continue;
    }
    state.at += 1;
    if (state.source[state.at] === '-' && state.source[state.at + 1] !== ']' && state.at + 1 < state.source.length) {
      const last = state.source[state.at + 1] ?? char;
      state.at += 2;
      for (let code = char.charCodeAt(0); code <= last.charCodeAt(0); code++) choices.push(String.fromCharCode(code));
      continue;
    }
    char = char === '' ? 'a' : char;
    choices.push(char);
  }
  state.at += 1;
  if (choices.length === 0) throw new Error('empty class');
  return choices;
}

function quantifier(state: SamplerState): [number, number] {
  const char = state.source[state.at];
  if (char === '?' || char === '*') {
    state.at += 1;
    return [0, 1];
  }
  if (char === '+') {
    state.at += 1;
    return [1, 1];
  }
  if (char === '{') {
    const match = /^\{(\d+)(,(\d*))?\}/.exec(state.source.slice(state.at));
    if (!match) throw new Error('bad quantifier');
    state.at += match[0].length;
    const low = Number(match[1]);
    const high = match[2] === undefined ? low : match[3] ? Number(match[3]) : low;
    return [low, high];
  }
  return [1, 1];
}
