import type { aiMethods } from '../../contracts/api/ai.js';
import type { CoreContext, CoreFeature } from '../feature.js';

export function createAiFeature(_context: CoreContext): CoreFeature<typeof aiMethods> {
  return { handlers: {} };
}
