import type { TextDocuments } from '../../src/editor/documents';
import { useEditors } from '../../src/editor/editors-store';

/**
 * Editor buffers without Monaco: a text and its saved text per path. `type` stands in for the
 * user typing in the editor, which is how Monaco reports dirtiness to the store.
 */
export class MemoryDocuments implements TextDocuments {
  readonly buffers = new Map<string, { text: string; saved: string }>();

  open(path: string, content: string): void {
    this.buffers.set(path, { text: content, saved: content });
  }

  type(path: string, text: string): void {
    const buffer = this.buffers.get(path);
    if (!buffer) throw new Error(`no buffer for ${path}`);
    buffer.text = text;
    useEditors.getState().setDirty(path, buffer.text !== buffer.saved);
  }

  read(path: string): string | undefined {
    return this.buffers.get(path)?.text;
  }

  replace(path: string, content: string): void {
    const buffer = this.buffers.get(path);
    if (!buffer) return;
    buffer.text = content;
    buffer.saved = content;
    useEditors.getState().setDirty(path, false);
  }

  saved(path: string, content: string): boolean {
    const buffer = this.buffers.get(path);
    if (!buffer) return false;
    buffer.saved = content;
    return buffer.text !== content;
  }

  rename(from: string, to: string): void {
    const buffer = this.buffers.get(from);
    if (!buffer) return;
    this.buffers.delete(from);
    this.buffers.set(to, buffer);
  }

  discard(path: string): void {
    this.buffers.delete(path);
  }
}
