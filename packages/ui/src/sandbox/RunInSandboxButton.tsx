import { FlaskConical } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { shortcutFor } from '../commands/shortcut';
import { IconButton } from '../components/IconButton';
import { useEditors } from '../editor/editors-store';
import { canRunInSandbox, useSandbox } from './sandbox-store';

/** The editor title's button: runs the active file in its language's sandbox (as the palette command does). */
export function RunInSandboxButton() {
  const { t } = useTranslation();
  const path = useEditors((s) => {
    const tab = s.tabs.find((one) => one.path === s.active);
    return tab && !tab.diff ? tab.path : null;
  });
  const status = useSandbox((s) => s.status);
  if (!canRunInSandbox(path, status) || !path) return null;
  const shortcut = shortcutFor('sandbox.runFile');
  return (
    <IconButton
      icon={FlaskConical}
      label={`${t('commands.sandbox.runFile')}${shortcut ? ` (${shortcut})` : ''}`}
      onClick={() => void useSandbox.getState().runFile(path)}
    />
  );
}
