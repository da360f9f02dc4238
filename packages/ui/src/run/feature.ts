import { Play } from 'lucide-react';
import { previewClient } from '../preview/preview-store';
import { defineUiFeature } from '../workbench/ui-feature';
import { RunView } from './RunView';
import ar from './strings.ar.json';
import en from './strings.en.json';
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
