import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useEditors } from '../editor/editors-store';
import { baseName } from '../workspace/paths';
import { useWorkspace } from '../workspace/workspace-store';

/** "● file — folder — WebNova", as desktop editors title their windows. */
export function useWindowTitle(): void {
  const { t } = useTranslation();
  const workspace = useWorkspace((s) => s.workspace);
  const active = useEditors((s) => s.tabs.find((tab) => tab.path === s.active) ?? null);
  const file = active ? `${active.dirty ? '● ' : ''}${baseName(active.path)}` : null;
  useEffect(() => {
    document.title = [file, workspace?.name, t('app.name')].filter(Boolean).join(' — ');
  }, [file, workspace?.name, t]);
}
