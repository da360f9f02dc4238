import type * as Monaco from 'monaco-editor';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { languageOf } from '../editor/languages';
import { loadMonaco } from '../editor/monaco-loader';
import { reportError } from '../notifications/report';
import { useSettings } from '../settings/settings-store';
import { monacoThemeFor } from '../theme/monaco-themes';

interface DiffViewProps {
  path: string;
  before: string;
  after: string;
}

/** Monaco's diff editor, read-only: what a decision would change. Inline when the pane is narrow. */
export function DiffView({ path, before, after }: DiffViewProps) {
  const { t } = useTranslation();
  const host = useRef<HTMLDivElement>(null);
  const theme = useSettings((s) => s.settings.theme);
  const editorRef = useRef<Monaco.editor.IStandaloneDiffEditor | null>(null);

  useEffect(() => {
    let cancelled = false;
    const models: Monaco.editor.ITextModel[] = [];
    void (async () => {
      try {
        const monaco = await loadMonaco();
        if (cancelled || !host.current) return;
        const language = languageOf(path).id;
        const original = monaco.editor.createModel(before, language);
        const modified = monaco.editor.createModel(after, language);
        models.push(original, modified);
        const editor = monaco.editor.createDiffEditor(host.current, {
          readOnly: true,
          originalEditable: false,
          automaticLayout: true,
          renderSideBySide: true,
          useInlineViewWhenSpaceIsLimited: true,
          renderSideBySideInlineBreakpoint: 700,
          minimap: { enabled: false },
          scrollBeyondLastLine: false,
          wordWrap: 'on',
          diffWordWrap: 'on',
          folding: false,
          glyphMargin: false,
          lineDecorationsWidth: 4,
          renderOverviewRuler: false,
          theme: monacoThemeFor(useSettings.getState().settings.theme),
          ariaLabel: t('inbox.details.diffLabel', { path }),
        });
        editor.setModel({ original, modified });
        editorRef.current = editor;
      } catch (error) {
        reportError('inbox.actions.load', error);
      }
    })();
    return () => {
      cancelled = true;
      editorRef.current?.dispose();
      editorRef.current = null;
      for (const model of models) model.dispose();
    };
  }, [path, before, after, t]);

  useEffect(() => {
    void loadMonaco().then((monaco) => monaco.editor.setTheme(monacoThemeFor(theme)));
  }, [theme]);

  return <div ref={host} className="inbox-diff" data-testid="inbox-diff" dir="ltr" />;
}
