import { GitBranch } from 'lucide-react';
import { defineUiFeature } from '../workbench/ui-feature';
import { GitView } from './GitView';
import { gitClient } from './git-store';
import { OpenFromServerDialog } from './OpenFromServerDialog';
import { useGitRemote } from './remote-store';
import ar from './strings.ar.json';
import en from './strings.en.json';
import { wireGit } from './wire';

/** Source Control: changes, staging, commits, history and branches. */
export const gitFeature = defineUiFeature({
  id: 'git',
  views: [{ id: 'git', component: GitView, titleKey: 'views.git.title', icon: GitBranch, order: 40 }],
  // The dialog is the item: it draws nothing in the status bar and is there whichever view is open.
  statusItems: [OpenFromServerDialog],
  commands: [{ id: 'git.openFromServer', run: () => useGitRemote.getState().setOpeningFromServer(true) }],
  strings: { en, ar },
  clients: [gitClient],
  wire: wireGit,
});
