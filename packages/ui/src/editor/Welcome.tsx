import { useTranslation } from 'react-i18next';
import appIcon from '../../../../resources/icons/icon.svg';
import { runCommand } from '../commands/command-registry';
import { shortcutFor } from '../commands/shortcut';
import { useWorkspace } from '../workspace/workspace-store';

const withFolder = ['workbench.showCommands', 'workbench.quickOpen', 'view.focusSearch', 'view.togglePanel'];
const withoutFolder = ['workbench.showCommands', 'workspace.openFolder', 'view.togglePanel'];

/** The empty editor area: the product's name and the keys that get you going. */
export function Welcome() {
  const { t } = useTranslation();
  const workspace = useWorkspace((s) => s.workspace);
  const ids = workspace ? withFolder : withoutFolder;
  return (
    <div className="welcome">
      <img className="welcome-mark" src={appIcon} alt="" width={72} height={72} />
      <h1 className="welcome-title">{t('app.name')}</h1>
      <p className="welcome-tagline">{t('app.tagline')}</p>
      <dl className="welcome-keys">
        {ids.map((id) => (
          <div key={id} className="welcome-key">
            <dt>
              <button type="button" className="link-button" onClick={() => void runCommand(id)}>
                {t(`commands.${id}Short`, { defaultValue: t(`commands.${id}`) })}
              </button>
            </dt>
            <dd>
              <kbd>{shortcutFor(id)}</kbd>
            </dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
