export type { DomainId } from './catalogue-types.js';
export {
  analyzeIntent,
  detectLanguage,
  type FieldMention,
  type Grant,
  type PlannerIntent,
  type PromptLanguage,
  type Region,
} from './intent.js';
export {
  describePlatform,
  type FollowUpResult,
  type PlatformPlan,
  planFollowUp,
  planPlatform,
  summarizePlatform,
} from './planner.js';
