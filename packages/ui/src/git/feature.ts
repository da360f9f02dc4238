import { GitBranch } from 'lucide-react';
import ar from '../i18n/features/git.ar.json';
import en from '../i18n/features/git.en.json';
import { defineUiFeature } from '../workbench/ui-feature';
import { GitView } from './GitView';
import { gitClient } from './git-store';
import { wireGit } from './wire';

/** Source Control: changes, staging, commits, history and branches. */
export const gitFeature = defineUiFeature({
  id: 'git',
  views: [{ id: 'git', component: GitView, titleKey: 'views.git.title', icon: GitBranch, order: 40 }],
  strings: { en, ar },
  clients: [gitClient],
  wire: wireGit,
});
