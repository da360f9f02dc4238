import type * as Monaco from 'monaco-editor';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { reportError } from '../notifications/report';
import { useSettings } from '../settings/settings-store';
import { monacoThemeFor } from '../theme/monaco-themes';
import type { DiffView } from './editors-store';
import { languageOf } from './languages';
import { loadMonaco, type MonacoApi } from './monaco-loader';

interface Loaded {
  monaco: MonacoApi;
  editor: Monaco.editor.IStandaloneDiffEditor;
  original: Monaco.editor.ITextModel;
  modified: Monaco.editor.ITextModel;
}

/** Monaco's diff editor on two texts, read-only, made when a diff tab is shown and gone when it is not. */
export function DiffEditor({ diff }: { diff: DiffView }) {
  const { t } = useTranslation();
  const host = useRef<HTMLDivElement>(null);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const theme = useSettings((s) => s.settings.theme);
  const fontSize = useSettings((s) => s.settings.editor.fontSize);
  const language = languageOf(diff.file).id;

  useEffect(() => {
    let cancelled = false;
    let created: Loaded | null = null;
    void (async () => {
      try {
        const monaco = await loadMonaco();
        if (cancelled || !host.current) return;
        const { settings } = useSettings.getState();
        const editor = monaco.editor.createDiffEditor(host.current, {
          theme: monacoThemeFor(settings.theme),
          fontSize: settings.editor.fontSize,
          readOnly: true,
          originalEditable: false,
          automaticLayout: true,
          renderSideBySide: true,
          useInlineViewWhenSpaceIsLimited: true,
          scrollBeyondLastLine: false,
          minimap: { enabled: false },
        });
        const original = monaco.editor.createModel('', 'plaintext');
        const modified = monaco.editor.createModel('', 'plaintext');
        editor.setModel({ original, modified });
        created = { monaco, editor, original, modified };
        setLoaded(created);
      } catch (error) {
        reportError('actions.loadEditor', error);
      }
    })();
    return () => {
      cancelled = true;
      if (created) {
        created.editor.dispose();
        created.original.dispose();
        created.modified.dispose();
      }
    };
  }, []);

  useEffect(() => {
    if (!loaded) return;
    const { monaco, original, modified } = loaded;
    for (const model of [original, modified]) monaco.editor.setModelLanguage(model, language);
    if (original.getValue() !== diff.original) original.setValue(diff.original);
    if (modified.getValue() !== diff.modified) modified.setValue(diff.modified);
  }, [loaded, diff.original, diff.modified, language]);

  useEffect(() => {
    loaded?.editor.updateOptions({ ariaLabel: diff.title });
  }, [loaded, diff.title]);

  useEffect(() => {
    loaded?.monaco.editor.setTheme(monacoThemeFor(theme));
  }, [loaded, theme]);

  useEffect(() => {
    loaded?.editor.updateOptions({ fontSize });
  }, [loaded, fontSize]);

  return (
    <div className="monaco-host monaco-component diff-host" dir="ltr" ref={host} data-testid="diff-editor">
      {loaded ? null : <p className="editor-loading">{t('editor.loadingEditor')}</p>}
    </div>
  );
}
