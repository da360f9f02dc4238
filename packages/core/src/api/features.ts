import { blueprintFeature } from '../blueprint/feature.js';
import { governanceFeature } from '../governance/feature.js';
import { aiFeature } from '../orchestrator/feature.js';
import { sandboxFeature } from '../runtime/sandbox/feature.js';
import { tasksFeature } from '../runtime/tasks/feature.js';
import { terminalFeature } from '../runtime/terminal/feature.js';
import { syncFeature } from '../sync/feature.js';
import { gitFeature } from '../workspace/git/feature.js';
import { gitRemoteFeature } from '../workspace/git/remote/feature.js';
import { foundationFeature } from './foundation.js';

/**
 * Core's features, each registered once (one line a feature). Core creates them in this order
 * (a feature that `use`s another gets it created first), tells them in this order when the
 * workspace changes, and closes them in reverse. `Handlers` in core.ts checks at compile time that
 * together they answer every method of the API table.
 */
export const coreFeatures = [
  foundationFeature,
  blueprintFeature,
  gitFeature,
  terminalFeature,
  tasksFeature,
  sandboxFeature,
  governanceFeature,
  aiFeature,
  syncFeature,
  gitRemoteFeature,
] as const;
