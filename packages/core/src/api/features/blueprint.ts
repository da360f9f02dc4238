import type { blueprintMethods } from '../../contracts/api/blueprint.js';
import type { CoreContext, CoreFeature } from '../feature.js';

export function createBlueprintFeature(_context: CoreContext): CoreFeature<typeof blueprintMethods> {
  return { handlers: {} };
}
