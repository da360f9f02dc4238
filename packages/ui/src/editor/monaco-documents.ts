import type * as Monaco from 'monaco-editor';
import type { TextDocuments } from './documents';
import { useEditors } from './editors-store';
import { languageOf } from './languages';
import type { MonacoApi } from './monaco-loader';

interface Buffer {
  model: Monaco.editor.ITextModel;
  /** The alternative version id that matches the disk; -1 when no version does. */
  clean: number;
  listener: Monaco.IDisposable;
}

export interface MonacoDocuments extends TextDocuments {
  /** The model for a tab, made from its saved content the first time it is shown. */
  ensure(path: string, content: string): Monaco.editor.ITextModel;
  /** The code editor whose cursor must survive reloads. */
  attach(editor: Monaco.editor.ICodeEditor | null): void;
}

/** Monaco models as the editors store's buffers: one model per open file, its uri from the path. */
export function createMonacoDocuments(monaco: MonacoApi): MonacoDocuments {
  const buffers = new Map<string, Buffer>();
  let editor: Monaco.editor.ICodeEditor | null = null;

  const uriOf = (path: string) => monaco.Uri.from({ scheme: 'file', path: `/${path}` });

  const track = (path: string, model: Monaco.editor.ITextModel, clean: number): Buffer => {
    const buffer: Buffer = {
      model,
      clean,
      listener: model.onDidChangeContent(() => {
        useEditors.getState().setDirty(path, model.getAlternativeVersionId() !== buffer.clean);
      }),
    };
    buffers.set(path, buffer);
    return buffer;
  };

  const discard = (path: string) => {
    const buffer = buffers.get(path);
    if (!buffer) return;
    buffers.delete(path);
    buffer.listener.dispose();
    if (editor?.getModel() === buffer.model) editor.setModel(null);
    buffer.model.dispose();
  };

  return {
    ensure(path, content) {
      const existing = buffers.get(path);
      if (existing) return existing.model;
      const uri = uriOf(path);
      monaco.editor.getModel(uri)?.dispose();
      const model = monaco.editor.createModel(content, languageOf(path).id, uri);
      return track(path, model, model.getAlternativeVersionId()).model;
    },
    attach(next) {
      editor = next;
    },
    read: (path) => buffers.get(path)?.model.getValue(),
    replace(path, content) {
      const buffer = buffers.get(path);
      if (!buffer) return;
      const { model } = buffer;
      if (model.getValue() !== content) {
        const shown = editor?.getModel() === model ? editor : null;
        const view = shown?.saveViewState() ?? null;
        // An edit rather than setValue: the reload can be undone, and the cursor is put back after.
        model.pushEditOperations([], [{ range: model.getFullModelRange(), text: content }], () => null);
        if (shown && view) shown.restoreViewState(view);
      }
      buffer.clean = model.getAlternativeVersionId();
      useEditors.getState().setDirty(path, false);
    },
    saved(path, content) {
      const buffer = buffers.get(path);
      if (!buffer) return false;
      const same = buffer.model.getValue() === content;
      buffer.clean = same ? buffer.model.getAlternativeVersionId() : -1;
      return !same;
    },
    rename(from, to) {
      const buffer = buffers.get(from);
      if (!buffer) return;
      const dirty = buffer.model.getAlternativeVersionId() !== buffer.clean;
      const shown = editor?.getModel() === buffer.model ? editor : null;
      const view = shown?.saveViewState() ?? null;
      const model = monaco.editor.createModel(buffer.model.getValue(), languageOf(to).id, uriOf(to));
      track(to, model, dirty ? -1 : model.getAlternativeVersionId());
      if (shown) {
        shown.setModel(model);
        if (view) shown.restoreViewState(view);
      }
      discard(from);
    },
    discard,
  };
}
