import { Play } from 'lucide-react';
import ar from '../i18n/features/run.ar.json';
import en from '../i18n/features/run.en.json';
import { previewClient } from '../preview/preview-store';
import { defineUiFeature } from '../workbench/ui-feature';
import { RunView } from './RunView';
import { tasksClient } from './tasks-store';
import { wireRun } from './wire';

/** The folder's package.json scripts, their Output channels and the live preview of a dev server. */
export const runFeature = defineUiFeature({
  id: 'run',
  views: [{ id: 'run', component: RunView, titleKey: 'views.run.title', icon: Play, order: 30 }],
  strings: { en, ar },
  clients: [tasksClient, previewClient],
  wire: wireRun,
});
