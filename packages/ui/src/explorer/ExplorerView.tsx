import { ChevronsDownUp, FilePlus, FolderPlus, RefreshCw } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { runCommand } from '../commands/command-registry';
import { IconButton } from '../components/IconButton';
import { ViewHeader } from '../components/ViewHeader';
import { useWorkspace } from '../workspace/workspace-store';
import { useExplorer } from './explorer-store';
import { FileTree } from './FileTree';
import { NoFolderView } from './NoFolderView';

/** The Explorer: the open folder's files, or a way to open one. */
export function ExplorerView() {
  const { t } = useTranslation();
  const workspace = useWorkspace((s) => s.workspace);
  const known = useWorkspace((s) => s.known);
  const root = useExplorer((s) => s.children['']);
  if (!workspace) {
    return (
      <div className="view">
        <ViewHeader title={t('views.explorer.title')} />
        {known ? <NoFolderView /> : <p className="view-hint">{t('common.loading')}</p>}
      </div>
    );
  }
  return (
    <div className="view">
      <ViewHeader title={t('views.explorer.title')} />
      <div className="section-header">
        <h3 className="section-title" title={workspace.root} dir="auto">
          {workspace.name}
        </h3>
        <div className="view-actions" role="toolbar" aria-label={t('explorer.toolbar')}>
          <IconButton
            icon={FilePlus}
            label={t('explorer.newFile')}
            onClick={() => void runCommand('explorer.newFile')}
          />
          <IconButton
            icon={FolderPlus}
            label={t('explorer.newFolder')}
            onClick={() => void runCommand('explorer.newFolder')}
          />
          <IconButton
            icon={RefreshCw}
            label={t('explorer.refresh')}
            onClick={() => void runCommand('explorer.refresh')}
          />
          <IconButton
            icon={ChevronsDownUp}
            label={t('explorer.collapseAll')}
            onClick={() => void runCommand('explorer.collapseAll')}
          />
        </div>
      </div>
      <div className="view-body">
        {root === undefined ? <p className="view-hint">{t('common.loading')}</p> : null}
        {root?.length === 0 ? <p className="view-hint">{t('explorer.emptyFolder')}</p> : null}
        <FileTree label={t('explorer.treeLabel', { name: workspace.name })} />
      </div>
    </div>
  );
}
