import { Cloud } from 'lucide-react';
import { type FormEvent, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../components/Dialog';
import { describeError, type ErrorDescription } from '../i18n/describe-error';
import { useWorkspace, workspaceClient } from '../workspace/workspace-store';
import { gitClient } from './git-store';
import { ProgressLine } from './RemoteBar';
import { type ServerProject, useGitRemote } from './remote-store';

/** Joins a folder and a name with the folder's own separator (a Windows path keeps its backslashes). */
function inside(parent: string, name: string): string {
  const separator = parent.includes('\\') && !parent.includes('/') ? '\\' : '/';
  return parent.endsWith(separator) ? `${parent}${name}` : `${parent}${separator}${name}`;
}

/**
 * "Open a project from the server": the tenant's projects, the folder to clone into (a new folder named
 * after the project inside the one given), then the clone opens as the workspace.
 */
export function OpenFromServerDialog() {
  const open = useGitRemote((s) => s.openingFromServer);
  return open ? <OpenFromServerForm /> : null;
}

function OpenFromServerForm() {
  const { t } = useTranslation();
  const running = useGitRemote((s) => s.running);
  const progress = useGitRemote((s) => s.progress);
  const current = useWorkspace((s) => s.workspace);
  const [projects, setProjects] = useState<ServerProject[] | null>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  const [parent, setParent] = useState('');
  const [failure, setFailure] = useState<ErrorDescription | null>(null);
  const listId = useId();
  const close = () => useGitRemote.getState().setOpeningFromServer(false);

  useEffect(() => {
    gitClient()
      .call('git.serverProjects', {})
      .then(({ projects: listed }) => {
        setProjects(listed);
        setChosen(listed[0]?.id ?? null);
      })
      .catch((error: unknown) => {
        setProjects([]);
        setFailure(describeError(error));
      });
    // Next to the open folder, else in the home folder.
    workspaceClient()
      .call('system.listFolders', current ? { path: current.root } : {})
      .then((listing) => setParent(current ? (listing.parent ?? listing.path) : listing.path))
      .catch(() => {});
  }, [current]);

  const project = projects?.find((candidate) => candidate.id === chosen) ?? null;
  const target = project && parent.trim() ? inside(parent.trim(), project.slug) : '';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!project || !target) return;
    setFailure(null);
    setFailure(await useGitRemote.getState().clone(project, target));
  };

  return (
    <Dialog title={t('git.fromServer.title')} onCancel={close} className="git-from-server-dialog">
      <form onSubmit={submit}>
        {projects === null ? <p className="view-hint">{t('common.loading')}</p> : null}
        {projects?.length === 0 && !failure ? <p className="view-hint">{t('git.fromServer.none')}</p> : null}
        {projects && projects.length > 0 ? (
          <fieldset className="git-from-server-projects">
            <legend id={listId} className="field-label">
              {t('git.fromServer.projects')}
            </legend>
            {projects.map((candidate) => (
              <label key={candidate.id} className="git-from-server-project">
                <input
                  type="radio"
                  name="server-project"
                  value={candidate.id}
                  checked={chosen === candidate.id}
                  onChange={() => setChosen(candidate.id)}
                />
                <Cloud size={14} aria-hidden="true" />
                <span dir="auto">{candidate.name}</span>
                <span className="git-from-server-slug" dir="ltr">
                  {candidate.slug}
                </span>
              </label>
            ))}
          </fieldset>
        ) : null}
        <label className="field-label" htmlFor="git-from-server-folder">
          {t('git.fromServer.folder')}
        </label>
        <input
          id="git-from-server-folder"
          className="text-input"
          dir="ltr"
          value={parent}
          onChange={(event) => setParent(event.target.value)}
          autoComplete="off"
          spellCheck={false}
        />
        {target ? (
          <p className="view-hint">
            {t('git.fromServer.into')} <bdi dir="ltr">{target}</bdi>
          </p>
        ) : null}
        {running === 'clone' ? <ProgressLine progress={progress} label={t('git.remote.running.clone')} /> : null}
        {failure ? (
          <p className="field-error" role="alert">
            {failure.detail}
          </p>
        ) : null}
        <div className="dialog-footer">
          <button type="button" className="button button-secondary" onClick={close}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button button-primary" disabled={!target || running !== null}>
            {t('git.fromServer.open')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
