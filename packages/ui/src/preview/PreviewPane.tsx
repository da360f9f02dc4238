import { MonitorPlay, X } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { shortcutFor } from '../commands/shortcut';
import { EmptyState } from '../components/EmptyState';
import { IconButton } from '../components/IconButton';
import { ViewHeader } from '../components/ViewHeader';
import { useLayout } from '../workbench/layout-store';

/** The live preview's place; it fills once projects can run a dev server. */
export function PreviewPane({ width }: { width: number }) {
  const { t } = useTranslation();
  const toggle = useLayout((s) => s.togglePreview);
  return (
    <aside className="preview-pane" style={{ width }} aria-label={t('preview.title')}>
      <ViewHeader title={t('preview.title')}>
        <IconButton icon={X} label={t('preview.close')} shortcut={shortcutFor('view.togglePreview')} onClick={toggle} />
      </ViewHeader>
      <EmptyState icon={MonitorPlay} text={t('preview.empty')} />
    </aside>
  );
}
