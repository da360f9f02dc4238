import { Sparkles } from 'lucide-react';
import { defineUiFeature } from '../workbench/ui-feature';
import { AiView } from './AiView';
import { aiClient } from './ai-store';
import ar from './strings.ar.json';
import en from './strings.en.json';
import { wireAi } from './wire';

/** The AI orchestrator's conversation, its settings and its checkpoints. */
export const aiFeature = defineUiFeature({
  id: 'ai',
  views: [{ id: 'ai', component: AiView, titleKey: 'views.ai.title', icon: Sparkles, order: 70 }],
  strings: { en, ar },
  clients: [aiClient],
  wire: wireAi,
});
