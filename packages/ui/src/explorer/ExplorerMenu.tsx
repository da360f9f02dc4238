import { useTranslation } from 'react-i18next';
import { Menu, type MenuItem } from '../components/Menu';
import { useExplorer } from './explorer-store';

interface ExplorerMenuProps {
  /** The entry the menu is for; null for the empty space (the workspace root). */
  path: string | null;
  x: number;
  y: number;
  onClose(): void;
}

/** New File, New Folder, Rename, Delete and Copy Path for an entry or the root. */
export function ExplorerMenu({ path, x, y, onClose }: ExplorerMenuProps) {
  const { t } = useTranslation();
  const explorer = useExplorer.getState();
  const parent = path === null ? '' : undefined;
  const items: MenuItem[] = [
    { id: 'newFile', label: t('explorer.newFile'), run: () => void explorer.startCreate('file', parent) },
    { id: 'newFolder', label: t('explorer.newFolder'), run: () => void explorer.startCreate('directory', parent) },
    {
      id: 'rename',
      label: t('explorer.rename'),
      shortcut: 'F2',
      disabled: path === null,
      separatorBefore: true,
      run: () => path !== null && explorer.startRename(path),
    },
    {
      id: 'delete',
      label: t('explorer.delete'),
      shortcut: t('keys.delete'),
      disabled: path === null,
      danger: true,
      run: () => path !== null && void explorer.requestDelete(path),
    },
    {
      id: 'copyPath',
      label: t('explorer.copyPath'),
      disabled: path === null,
      separatorBefore: true,
      run: () => path !== null && void navigator.clipboard?.writeText(path),
    },
  ];
  return <Menu label={t('explorer.menuLabel')} items={items} x={x} y={y} onClose={onClose} />;
}
