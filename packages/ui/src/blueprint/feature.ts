import { DraftingCompass } from 'lucide-react';
import { defineUiFeature } from '../workbench/ui-feature';
import { BlueprintView } from './BlueprintView';
import { blueprintClient } from './blueprint-store';
import ar from './strings.ar.json';
import en from './strings.en.json';
import { wireBlueprint } from './wire';

/** The Blueprint: its tree, its checks and what generating it would change. */
export const blueprintFeature = defineUiFeature({
  id: 'blueprint',
  views: [
    { id: 'blueprint', component: BlueprintView, titleKey: 'views.blueprint.title', icon: DraftingCompass, order: 50 },
  ],
  strings: { en, ar },
  clients: [blueprintClient],
  wire: wireBlueprint,
});
