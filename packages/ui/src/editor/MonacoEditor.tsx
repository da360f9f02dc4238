import type * as Monaco from 'monaco-editor';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { askAi, type Diagnostic, type EditorSelection, explainCode, fixCode } from '../ai/questions';
import { useCommands } from '../commands/command-registry';
import { reportError } from '../notifications/report';
import { useSettings } from '../settings/settings-store';
import { monacoThemeFor } from '../theme/monaco-themes';
import { useLayout } from '../workbench/layout-store';
import { markOnce, PERFORMANCE_MARKS } from '../workbench/performance-marks';
import { provideTextDocuments } from './documents';
import { useEditors } from './editors-store';
import { createMonacoDocuments, type MonacoDocuments } from './monaco-documents';
import { loadMonaco, type MonacoApi } from './monaco-loader';

const CODE_FONT = "'JetBrains Mono', 'Cascadia Code', Menlo, Consolas, 'DejaVu Sans Mono', monospace";

interface Loaded {
  monaco: MonacoApi;
  editor: Monaco.editor.IStandaloneCodeEditor;
  documents: MonacoDocuments;
}

async function fontsReady(): Promise<void> {
  try {
    await Promise.all([document.fonts.load("14px 'JetBrains Mono'"), document.fonts.load("600 14px 'JetBrains Mono'")]);
  } catch {
    // Monaco measures whatever font it gets; a missing one only changes the look.
  }
}

/**
 * The one Monaco editor, loaded on first use. It shows the active tab's model and keeps each
 * tab's scroll and cursor when switching. Code stays left-to-right in the Arabic UI too.
 */
export function MonacoEditor({ path }: { path: string | null }) {
  const { t } = useTranslation();
  const host = useRef<HTMLDivElement>(null);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const viewStates = useRef(new Map<string, Monaco.editor.ICodeEditorViewState | null>());
  const shownPath = useRef<string | null>(null);
  const tab = useEditors((s) => s.tabs.find((candidate) => candidate.path === path));
  const ready = tab?.status === 'ready';
  const reveal = useEditors((s) => s.reveal);
  const theme = useSettings((s) => s.settings.theme);
  const fontSize = useSettings((s) => s.settings.editor.fontSize);
  const wordWrap = useSettings((s) => s.settings.editor.wordWrap);
  const focusRequest = useLayout((s) => s.focusRequest);

  // The editor is made once; its translated label follows through the effect below.
  useEffect(() => {
    let cancelled = false;
    let created: Loaded | null = null;
    void (async () => {
      try {
        const [monaco] = await Promise.all([loadMonaco(), fontsReady()]);
        if (cancelled || !host.current) return;
        const { settings } = useSettings.getState();
        const editor = monaco.editor.create(host.current, {
          model: null,
          theme: monacoThemeFor(settings.theme),
          fontFamily: CODE_FONT,
          fontSize: settings.editor.fontSize,
          wordWrap: settings.editor.wordWrap ? 'on' : 'off',
          automaticLayout: true,
          minimap: { enabled: true, renderCharacters: false },
          scrollBeyondLastLine: false,
          smoothScrolling: true,
          cursorBlinking: 'smooth',
          cursorSmoothCaretAnimation: 'on',
          renderWhitespace: 'selection',
          bracketPairColorization: { enabled: true },
          guides: { bracketPairs: 'active', indentation: true },
          padding: { top: 8 },
          fixedOverflowWidgets: true,
          ariaLabel: t('editor.ariaLabel'),
        });
        const documents = createMonacoDocuments(monaco);
        documents.attach(editor);
        provideTextDocuments(documents);
        editor.onDidChangeCursorPosition((event) =>
          useEditors.getState().setCursor({ line: event.position.lineNumber, column: event.position.column }),
        );
        created = { monaco, editor, documents };
        setLoaded(created);
      } catch (error) {
        reportError('actions.loadEditor', error);
      }
    })();
    return () => {
      cancelled = true;
      if (created) {
        created.documents.attach(null);
        created.editor.dispose();
      }
    };
  }, []);

  useEffect(() => {
    loaded?.editor.updateOptions({ ariaLabel: t('editor.ariaLabel') });
  }, [loaded, t]);

  // "Explain this" and "Fix this": in the editor's context menu and the command palette, in the UI's language.
  useEffect(() => {
    if (!loaded) return;
    const { monaco, editor } = loaded;
    const selection = (): EditorSelection | null => {
      const model = editor.getModel();
      const range = editor.getSelection();
      if (!model || !range || !shownPath.current) return null;
      return {
        path: shownPath.current,
        text: model.getValueInRange(range),
        startLine: range.startLineNumber,
        // A selection that ends at the start of a line does not take that line.
        endLine:
          range.endColumn === 1 && range.endLineNumber > range.startLineNumber
            ? range.endLineNumber - 1
            : range.endLineNumber,
      };
    };
    // The errors and warnings in the selection; with none selected, those on the cursor's line, else the file's.
    const diagnostics = (chosen: EditorSelection): Diagnostic[] => {
      const model = editor.getModel();
      if (!model) return [];
      const markers = monaco.editor
        .getModelMarkers({ resource: model.uri })
        .filter((marker) => marker.severity >= monaco.MarkerSeverity.Warning);
      const within = (first: number, last: number) =>
        markers.filter((marker) => marker.startLineNumber <= last && marker.endLineNumber >= first);
      const picked = chosen.text.trim()
        ? within(chosen.startLine, chosen.endLine)
        : within(chosen.startLine, chosen.startLine).length > 0
          ? within(chosen.startLine, chosen.startLine)
          : markers;
      return picked.map((marker) => ({
        line: marker.startLineNumber,
        column: marker.startColumn,
        message: marker.message,
        ...(marker.source ? { source: marker.source } : {}),
      }));
    };
    const explain = () => {
      const chosen = selection();
      if (chosen) askAi(explainCode(chosen));
    };
    const fix = () => {
      const chosen = selection();
      if (chosen) askAi(fixCode(chosen, diagnostics(chosen)));
    };
    const actions = [
      editor.addAction({
        id: 'webnova.ai.explain',
        label: t('ai.ask.explainAction'),
        contextMenuGroupId: '1_webnova_ai',
        contextMenuOrder: 1,
        run: explain,
      }),
      editor.addAction({
        id: 'webnova.ai.fix',
        label: t('ai.ask.fixAction'),
        contextMenuGroupId: '1_webnova_ai',
        contextMenuOrder: 2,
        run: fix,
      }),
    ];
    const hasFile = () => editor.getModel() !== null && shownPath.current !== null;
    const unregister = useCommands.getState().register([
      { id: 'ai.explainSelection', enabled: hasFile, run: explain },
      { id: 'ai.fixSelection', enabled: hasFile, run: fix },
    ]);
    return () => {
      for (const action of actions) action.dispose();
      unregister();
    };
  }, [loaded, t]);

  useEffect(() => {
    loaded?.monaco.editor.setTheme(monacoThemeFor(theme));
  }, [loaded, theme]);

  useEffect(() => {
    loaded?.editor.updateOptions({ fontSize, wordWrap: wordWrap ? 'on' : 'off' });
  }, [loaded, fontSize, wordWrap]);

  // Show the active tab's model, keeping the view state of the one being left.
  useEffect(() => {
    if (!loaded) return;
    const { editor, documents } = loaded;
    if (shownPath.current && shownPath.current !== path) {
      viewStates.current.set(shownPath.current, editor.saveViewState());
    }
    if (!path || !ready) {
      shownPath.current = null;
      return;
    }
    const current = useEditors.getState().tabs.find((candidate) => candidate.path === path);
    if (!current) return;
    const model = documents.ensure(path, current.savedContent);
    if (editor.getModel() !== model) {
      editor.setModel(model);
      const view = viewStates.current.get(path);
      if (view) editor.restoreViewState(view);
      const position = editor.getPosition();
      useEditors
        .getState()
        .setCursor(position ? { line: position.lineNumber, column: position.column } : { line: 1, column: 1 });
    }
    shownPath.current = path;
    markOnce(PERFORMANCE_MARKS.editorReady);
  }, [loaded, path, ready]);

  useEffect(() => {
    const open = new Set(useEditors.getState().tabs.map((candidate) => candidate.path));
    for (const key of viewStates.current.keys()) if (!open.has(key)) viewStates.current.delete(key);
  });

  useEffect(() => {
    if (!loaded || !reveal || reveal.path !== path || !ready) return;
    const { monaco, editor } = loaded;
    const range = new monaco.Range(reveal.line, reveal.column, reveal.line, reveal.column + reveal.length);
    editor.setSelection(range);
    editor.revealRangeInCenterIfOutsideViewport(range);
    editor.focus();
    useEditors.getState().consumeReveal(reveal.seq);
  }, [loaded, reveal, path, ready]);

  useEffect(() => {
    if (focusRequest?.target === 'editor') loaded?.editor.focus();
  }, [focusRequest, loaded]);

  return (
    // monaco-component: the theme's colour variables apply here and are inherited by the context menu,
    // which Monaco draws in a shadow root under this element, out of reach of the page's rules.
    <div className={`monaco-host monaco-component${ready ? '' : ' is-hidden'}`} dir="ltr" ref={host}>
      {loaded ? null : <p className="editor-loading">{t('editor.loadingEditor')}</p>}
    </div>
  );
}
