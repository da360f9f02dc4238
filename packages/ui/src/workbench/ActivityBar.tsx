import { Languages, Moon, Sun } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { runCommand } from '../commands/command-registry';
import { shortcutFor } from '../commands/shortcut';
import { IconButton } from '../components/IconButton';
import { sideViews } from '../features';
import { useSettings } from '../settings/settings-store';
import { useLayout } from './layout-store';

/** The strip of view switches at the window's inline-start edge (the right, in Arabic). */
export function ActivityBar() {
  const { t } = useTranslation();
  const sideBarVisible = useLayout((s) => s.sideBarVisible);
  const sideView = useLayout((s) => s.sideView);
  const toggleView = useLayout((s) => s.toggleView);
  const theme = useSettings((s) => s.settings.theme);
  return (
    <nav className="activity-bar" aria-label={t('activityBar.label')}>
      <div className="activity-bar-views">
        {sideViews.map((view) => {
          const active = sideBarVisible && sideView === view.id;
          const button = (
            <IconButton
              key={view.id}
              icon={view.icon}
              iconSize={22}
              label={t(view.titleKey)}
              shortcut={view.command ? shortcutFor(view.command) : undefined}
              tooltipSide="inline-end"
              pressed={active}
              className={`activity-item${active ? ' is-active' : ''}`}
              onClick={() => toggleView(view.id)}
            />
          );
          if (!view.badge) return button;
          const Badge = view.badge;
          return (
            <span key={view.id} className="activity-item-slot">
              {button}
              <Badge />
            </span>
          );
        })}
      </div>
      <div className="activity-bar-global">
        <IconButton
          icon={Languages}
          iconSize={20}
          label={t('commands.preferences.switchLanguage')}
          tooltipSide="inline-end"
          className="activity-item"
          onClick={() => void runCommand('preferences.switchLanguage')}
        />
        <IconButton
          icon={theme === 'dark' ? Sun : Moon}
          iconSize={20}
          label={t('commands.preferences.toggleTheme')}
          tooltipSide="inline-end"
          className="activity-item"
          onClick={() => void runCommand('preferences.toggleTheme')}
        />
      </div>
    </nav>
  );
}
