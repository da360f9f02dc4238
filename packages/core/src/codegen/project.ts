import type { GeneratedFile } from './template.js';

/** The files of one generated project, collected in any order and handed out sorted by path. */
export class ProjectFiles {
  readonly #files = new Map<string, GeneratedFile>();

  add(path: string, content: string, entity?: string): void {
    if (this.#files.has(path)) throw new Error(`the template writes ${path} twice`);
    const text = content.endsWith('\n') ? content : `${content}\n`;
    this.#files.set(path, entity === undefined ? { path, content: text } : { path, content: text, entity });
  }

  json(path: string, value: unknown, entity?: string): void {
    this.add(path, `${JSON.stringify(value, null, 2)}\n`, entity);
  }

  list(): GeneratedFile[] {
    return [...this.#files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }
}

/** A piece of generated text: lines, with `false`/`null`/`undefined` for lines left out, nested freely. */
export type TextPart = string | false | undefined | null | readonly TextPart[];

/** Joins lines, dropping left-out entries, so optional lines read inline. */
export function lines(...parts: TextPart[]): string {
  const out: string[] = [];
  const visit = (part: TextPart) => {
    if (part === false || part === undefined || part === null) return;
    if (typeof part === 'string') out.push(part);
    else for (const item of part) visit(item);
  };
  for (const part of parts) visit(part);
  return out.join('\n');
}

/** Indents every non-empty line of `text` by `depth` spaces. */
export function indent(text: string, depth: number): string {
  const pad = ' '.repeat(depth);
  return text
    .split('\n')
    .map((line) => (line.length > 0 ? pad + line : line))
    .join('\n');
}
