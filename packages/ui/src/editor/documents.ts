/**
 * The editor buffers, seen from the editors store. Monaco provides the real one once it has
 * loaded; until then there are no buffers and the store's saved content is the text.
 */
export interface TextDocuments {
  /** The text in the buffer for `path`, or undefined when no buffer exists for it yet. */
  read(path: string): string | undefined;
  /** Puts content read from disk into the buffer, if there is one, and counts it as saved. */
  replace(path: string, content: string): void;
  /** Counts `content` as saved; answers whether the buffer still differs (typing during a save). */
  saved(path: string, content: string): boolean;
  rename(from: string, to: string): void;
  discard(path: string): void;
}

const noBuffers: TextDocuments = {
  read: () => undefined,
  replace: () => {},
  saved: () => false,
  rename: () => {},
  discard: () => {},
};

let documents: TextDocuments = noBuffers;

export function provideTextDocuments(next: TextDocuments): void {
  documents = next;
}

export function textDocuments(): TextDocuments {
  return documents;
}
