/**
 * Whether JSON text nests arrays and objects at most `limit` levels, read without parsing: a
 * hostile message costs one pass over its characters and builds nothing. Brackets inside strings
 * do not count; text that is not JSON is left for the parser to refuse.
 */
export function jsonNestingWithin(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i += 1; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      depth += 1;
      if (depth > limit) return false;
    } else if (c === 0x7d || c === 0x5d) {
      depth -= 1;
    }
  }
  return true;
}
