import { CoreError, type SystemMessage } from '@webnova/core/contracts';
import type * as Monaco from 'monaco-editor';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { loadMonaco } from '../editor/monaco-loader';
import { tMessage } from '../i18n/i18n';
import { reportError } from '../notifications/report';
import { useSettings } from '../settings/settings-store';
import { monacoThemeFor } from '../theme/monaco-themes';
import { inboxClient, useInbox } from './inbox-store';

const MODEL_URI = 'inmemory://webnova/constitution.json';

interface Problem {
  path: string;
  message: string;
}

/** The issues of an INVALID_INPUT answer (zod's), as "rules.2.id: …" lines. */
function problemsOf(error: unknown): Problem[] {
  if (!(error instanceof CoreError) || !Array.isArray(error.details)) return [];
  return error.details.map((issue: { path?: unknown; message?: string; params?: { message?: SystemMessage } }) => ({
    path: Array.isArray(issue.path) ? issue.path.join('.') : String(issue.path ?? ''),
    // Core's own checks say it as a message too (in the window's language); zod's own say it in English.
    message: issue.params?.message ? tMessage(issue.params.message) : (issue.message ?? ''),
  }));
}

/**
 * The constitution as JSON in Monaco, checked against its JSON Schema (from zod) as the owner types;
 * saved through core, which checks it again and records the change in the audit log.
 */
export function ConstitutionEditor() {
  const { t } = useTranslation();
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<Monaco.editor.IStandaloneCodeEditor | null>(null);
  const loaded = useInbox((s) => s.constitution);
  const loadConstitution = useInbox((s) => s.loadConstitution);
  const theme = useSettings((s) => s.settings.theme);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [markers, setMarkers] = useState(0);
  const [saved, setSaved] = useState<number | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (!loaded) void loadConstitution();
  }, [loaded, loadConstitution]);

  useEffect(() => {
    if (!loaded) return;
    let cancelled = false;
    let model: Monaco.editor.ITextModel | null = null;
    const subscriptions: Monaco.IDisposable[] = [];
    void (async () => {
      const monaco = await loadMonaco();
      if (cancelled || !host.current) return;
      monaco.json.jsonDefaults.setDiagnosticsOptions({
        validate: true,
        allowComments: false,
        schemas: [{ uri: 'webnova://schemas/constitution.json', fileMatch: [MODEL_URI], schema: loaded.jsonSchema }],
      });
      const uri = monaco.Uri.parse(MODEL_URI);
      monaco.editor.getModel(uri)?.dispose();
      const { version: _v, updatedAt: _u, updatedBy: _b, ...draft } = loaded.constitution;
      model = monaco.editor.createModel(
        JSON.stringify({ ...draft, baseVersion: loaded.constitution.version }, null, 2),
        'json',
        uri,
      );
      const editor = monaco.editor.create(host.current, {
        model,
        automaticLayout: true,
        minimap: { enabled: false },
        scrollBeyondLastLine: false,
        fontSize: useSettings.getState().settings.editor.fontSize,
        theme: monacoThemeFor(useSettings.getState().settings.theme),
        ariaLabel: t('inbox.constitution.editorLabel'),
      });
      editorRef.current = editor;
      subscriptions.push(
        monaco.editor.onDidChangeMarkers((uris) => {
          if (!uris.some((changed) => changed.toString() === uri.toString())) return;
          setMarkers(monaco.editor.getModelMarkers({ resource: uri }).filter((m) => m.severity >= 8).length);
        }),
      );
    })();
    return () => {
      cancelled = true;
      for (const subscription of subscriptions) subscription.dispose();
      editorRef.current?.dispose();
      editorRef.current = null;
      model?.dispose();
    };
  }, [loaded, t]);

  useEffect(() => {
    void loadMonaco().then((monaco) => monaco.editor.setTheme(monacoThemeFor(theme)));
  }, [theme]);

  async function save() {
    const text = editorRef.current?.getValue() ?? '';
    let draft: unknown;
    try {
      draft = JSON.parse(text);
    } catch (error) {
      setProblems([{ path: '', message: t('inbox.constitution.notJson', { reason: (error as Error).message }) }]);
      return;
    }
    setSaving(true);
    try {
      const next = await inboxClient().call('governance.updateConstitution', draft as never);
      setProblems([]);
      setSaved(next.version);
      await loadConstitution();
    } catch (error) {
      const found = problemsOf(error);
      if (found.length) setProblems(found);
      else reportError('inbox.actions.saveConstitution', error);
    } finally {
      setSaving(false);
    }
  }

  return (
    <div className="inbox-constitution">
      <p className="inbox-hint">
        {loaded ? t('inbox.constitution.version', { version: loaded.constitution.version }) : t('inbox.loading')}
      </p>
      <div ref={host} className="inbox-constitution-editor" dir="ltr" />
      {markers > 0 ? (
        <p className="inbox-problem" role="status">
          {t('inbox.constitution.schemaProblems', { count: markers })}
        </p>
      ) : null}
      {problems.length ? (
        <ul className="inbox-problems" aria-label={t('inbox.constitution.problems')}>
          {problems.map((problem) => (
            <li key={`${problem.path}:${problem.message}`} className="inbox-problem">
              {problem.path ? <code dir="ltr">{problem.path}</code> : null} {problem.message}
            </li>
          ))}
        </ul>
      ) : null}
      {saved !== null && !problems.length ? (
        <p className="inbox-hint" role="status">
          {t('inbox.constitution.saved', { version: saved })}
        </p>
      ) : null}
      <div className="inbox-actions">
        <button
          type="button"
          className="button button-primary"
          disabled={!loaded || saving}
          onClick={() => void save()}
        >
          {t('inbox.constitution.save')}
        </button>
      </div>
    </div>
  );
}
