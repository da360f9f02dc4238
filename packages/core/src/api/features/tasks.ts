import type { tasksMethods } from '../../contracts/api/tasks.js';
import type { CoreContext, CoreFeature } from '../feature.js';

export function createTasksFeature(_context: CoreContext): CoreFeature<typeof tasksMethods> {
  return { handlers: {} };
}
