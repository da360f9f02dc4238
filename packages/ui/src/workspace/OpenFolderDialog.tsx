import type { MethodOutput } from '@webnova/core/contracts';
import { ArrowUp, Folder, History } from 'lucide-react';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../components/Dialog';
import { IconButton } from '../components/IconButton';
import { describeError, type ErrorDescription } from '../i18n/describe-error';
import { openFolder } from './folder-actions';
import { useWorkspace, workspaceClient } from './workspace-store';

type Listing = MethodOutput<'system.listFolders'>;

/**
 * Choose a folder by typing its absolute path or by browsing with `system.listFolders`; the same
 * dialog in the browser and in Electron.
 */
export function OpenFolderDialog() {
  const picking = useWorkspace((s) => s.picking);
  if (!picking) return null;
  return <OpenFolderForm />;
}

function OpenFolderForm() {
  const { t } = useTranslation();
  const setPicking = useWorkspace((s) => s.setPicking);
  const recent = useWorkspace((s) => s.recent);
  const opening = useWorkspace((s) => s.opening);
  const current = useWorkspace((s) => s.workspace);
  const [path, setPath] = useState('');
  const [listing, setListing] = useState<Listing | null>(null);
  const [error, setError] = useState<ErrorDescription | null>(null);
  const [browseError, setBrowseError] = useState<ErrorDescription | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const errorId = useId();
  const listLabelId = useId();
  const recentLabelId = useId();

  // Counts the user's edits of the path: a listing that arrives after they typed must not replace it.
  const edits = useRef(0);

  const browse = useCallback(async (folder: string | undefined) => {
    const editsBefore = edits.current;
    try {
      const next = await workspaceClient().call('system.listFolders', folder === undefined ? {} : { path: folder });
      setListing(next);
      if (edits.current === editsBefore) setPath(next.path);
      setBrowseError(null);
    } catch (failure) {
      setBrowseError(describeError(failure));
    }
  }, []);

  useEffect(() => {
    void browse(current?.root);
  }, [browse, current?.root]);

  const close = () => setPicking(false);

  const open = async (root: string) => {
    const target = root.trim();
    if (target === '') {
      setError({ message: t('openFolder.pathRequired'), detail: '', code: 'INVALID_INPUT' });
      return;
    }
    setError(null);
    try {
      if (await openFolder(target)) close();
    } catch (failure) {
      setError(describeError(failure));
      inputRef.current?.focus();
    }
  };

  return (
    <Dialog
      title={t('openFolder.title')}
      onCancel={close}
      initialFocus={inputRef}
      className="open-folder-dialog"
      footer={
        <>
          <button type="button" className="button button-secondary" onClick={close}>
            {t('common.cancel')}
          </button>
          <button
            type="submit"
            form="open-folder-form"
            className="button button-primary"
            disabled={opening}
            aria-busy={opening}
          >
            {opening ? t('openFolder.opening') : t('openFolder.open')}
          </button>
        </>
      }
    >
      <form
        id="open-folder-form"
        className="open-folder-form"
        onSubmit={(event) => {
          event.preventDefault();
          void open(path);
        }}
      >
        <label className="field-label" htmlFor="open-folder-path">
          {t('openFolder.pathLabel')}
        </label>
        <div className="path-row">
          <IconButton
            icon={ArrowUp}
            label={t('openFolder.up')}
            disabled={!listing?.parent}
            onClick={() => listing?.parent && void browse(listing.parent)}
          />
          <input
            id="open-folder-path"
            ref={inputRef}
            className="text-input"
            dir="ltr"
            value={path}
            spellCheck={false}
            autoComplete="off"
            placeholder={t('openFolder.pathPlaceholder')}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? errorId : undefined}
            onChange={(event) => {
              edits.current += 1;
              setPath(event.target.value);
              setError(null);
            }}
          />
          <button
            type="button"
            className="button button-secondary"
            onClick={() => void browse(path.trim() || undefined)}
          >
            {t('openFolder.browse')}
          </button>
        </div>
        {error ? (
          <p id={errorId} role="alert" className="field-error">
            {error.message}
            {error.detail ? <span className="field-error-detail">{error.detail}</span> : null}
          </p>
        ) : null}
      </form>
      <div className="open-folder-columns">
        <section className="folder-browser" aria-labelledby={listLabelId}>
          <h3 id={listLabelId} className="subheading" dir="ltr">
            {listing?.path ?? t('common.loading')}
          </h3>
          {browseError ? (
            <p role="alert" className="field-error">
              {browseError.message}
              <span className="field-error-detail">{browseError.detail}</span>
            </p>
          ) : null}
          <ul className="folder-list">
            {listing?.folders.length === 0 ? <li className="view-hint">{t('openFolder.noSubfolders')}</li> : null}
            {listing?.folders.map((folder) => (
              <li key={folder.path}>
                <button
                  type="button"
                  className="folder-item"
                  title={folder.path}
                  onClick={() => void browse(folder.path)}
                  onDoubleClick={() => void open(folder.path)}
                >
                  <Folder size={15} aria-hidden="true" className="file-icon icon-folder" />
                  <span dir="auto">{folder.name}</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
        {recent.length > 0 ? (
          <section className="folder-recent" aria-labelledby={recentLabelId}>
            <h3 id={recentLabelId} className="subheading">
              {t('workspace.recent')}
            </h3>
            <ul className="folder-list">
              {recent.slice(0, 10).map((item) => (
                <li key={item.root}>
                  <button type="button" className="folder-item" title={item.root} onClick={() => void open(item.root)}>
                    <History size={15} aria-hidden="true" className="file-icon" />
                    <span className="folder-item-text">
                      <span dir="auto">{item.name}</span>
                      <span className="folder-item-path" dir="ltr">
                        {item.root}
                      </span>
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
      </div>
    </Dialog>
  );
}
