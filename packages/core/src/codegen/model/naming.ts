/** How Blueprint names become identifiers, file names, table names and URL segments. */

/** `DueDate` → `dueDate`. */
export function camel(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/** `dueDate` → `DueDate`. */
export function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** `PermitType` → `permit_type`. One-to-one for Blueprint names, which hold no underscores. */
export function snake(name: string): string {
  return camel(name).replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/** `PermitType` → `permit-type`. */
export function kebab(name: string): string {
  return snake(name).replace(/_/g, '-');
}

/** A plain English plural, enough for URL segments: `category` → `categories`, `box` → `boxes`. */
export function plural(word: string): string {
  if (/[^aeiou]y$/.test(word)) return `${word.slice(0, -1)}ies`;
  if (/(?:s|x|z|ch|sh)$/.test(word)) return `${word}es`;
  return `${word}s`;
}

const escapes: Record<string, string> = {
  '\\': '\\\\',
  "'": "\\'",
  '\n': '\\n',
  '\r': '\\r',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/** A single-quoted JavaScript string literal. */
export function quote(text: string): string {
  return `'${text.replace(/[\\'\n\r\u2028\u2029]/g, (char) => escapes[char] ?? char)}'`;
}

/** A SQL identifier, always quoted so that no name can collide with a key word. */
export function sqlName(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** A SQL string literal. */
export function sqlText(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}
