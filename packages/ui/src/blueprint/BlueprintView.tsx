import { AlertTriangle, DraftingCompass, FileJson, RefreshCw } from 'lucide-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../components/EmptyState';
import { IconButton } from '../components/IconButton';
import { ViewHeader } from '../components/ViewHeader';
import { useEditors } from '../editor/editors-store';
import { useWorkspace } from '../workspace/workspace-store';
import { BlueprintTree } from './BlueprintTree';
import { BLUEPRINT_FILE, blueprintOf, useBlueprint } from './blueprint-store';
import { GeneratePanel } from './GeneratePanel';
import './blueprint.css';
import { tIssue } from '../i18n/i18n';

function openBlueprintJson() {
  void useEditors.getState().open(BLUEPRINT_FILE);
}

/** Offers the samples when the folder has no Blueprint yet. */
function NoBlueprint() {
  const { t } = useTranslation();
  const samples = useBlueprint((s) => s.samples);
  const busy = useBlueprint((s) => s.busy);
  const [choice, setChoice] = useState('');
  useEffect(() => void useBlueprint.getState().loadSamples(), []);
  const selected = choice || samples[0]?.id || '';
  return (
    <EmptyState icon={DraftingCompass} title={t('blueprint.empty.title')} text={t('blueprint.empty.text')}>
      <label className="blueprint-sample">
        <span>{t('blueprint.empty.sample')}</span>
        <select value={selected} onChange={(event) => setChoice(event.target.value)}>
          {samples.map((sample) => (
            <option key={sample.id} value={sample.id}>
              {sample.name}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        className="button button-primary"
        disabled={!selected || busy === 'create'}
        onClick={() => void useBlueprint.getState().create(selected)}
      >
        {t('blueprint.empty.create')}
      </button>
    </EmptyState>
  );
}

/** The problems of an invalid Blueprint, each with its JSON path, in the UI's language. */
function BlueprintIssues() {
  // useTranslation re-renders on a language change, which the issues' words follow.
  const { t } = useTranslation();
  const issues = useBlueprint((s) => s.file?.issues ?? []);
  return (
    <section className="blueprint-section" aria-label={t('blueprint.issues.title', { count: issues.length })}>
      <p className="blueprint-issues-title">
        <AlertTriangle size={14} aria-hidden="true" /> {t('blueprint.issues.title', { count: issues.length })}
      </p>
      <ul className="blueprint-issues">
        {issues.map((issue) => (
          <li key={`${issue.path}:${issue.code}:${JSON.stringify(issue.params ?? issue.message)}`}>
            <code dir="ltr">{issue.path || '/'}</code> <span>{tIssue(issue)}</span>
          </li>
        ))}
      </ul>
      <button type="button" className="button button-secondary button-small" onClick={openBlueprintJson}>
        {t('blueprint.openJson')}
      </button>
    </section>
  );
}

/** The Blueprint side view: the platform as a tree, generation with a preview, and conflicts. */
export function BlueprintView() {
  const { t } = useTranslation();
  const workspace = useWorkspace((s) => s.workspace);
  const file = useBlueprint((s) => s.file);
  const blueprint = blueprintOf(file);
  // Showing the view reads the file again: it may have been written before the watcher was ready.
  useEffect(() => {
    if (workspace) void useBlueprint.getState().refresh();
  }, [workspace]);

  let body: React.ReactNode;
  if (!workspace) body = <EmptyState icon={DraftingCompass} text={t('blueprint.noFolder')} />;
  else if (!file) body = <p className="view-hint">{t('common.loading')}</p>;
  else if (!file.exists) body = <NoBlueprint />;
  else if (!blueprint) body = <BlueprintIssues />;
  else {
    body = (
      <>
        <BlueprintTree blueprint={blueprint} />
        <GeneratePanel />
      </>
    );
  }

  return (
    <div className="view blueprint-view">
      <ViewHeader title={t('views.blueprint.title')}>
        {workspace && file?.exists ? (
          <IconButton icon={FileJson} label={t('blueprint.openJson')} onClick={openBlueprintJson} />
        ) : null}
        {workspace ? (
          <IconButton
            icon={RefreshCw}
            label={t('blueprint.refresh')}
            onClick={() => void useBlueprint.getState().refresh()}
          />
        ) : null}
      </ViewHeader>
      <div className="view-body">{body}</div>
    </div>
  );
}
