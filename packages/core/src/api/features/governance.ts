import type { governanceMethods } from '../../contracts/api/governance.js';
import type { CoreContext, CoreFeature } from '../feature.js';

export function createGovernanceFeature(_context: CoreContext): CoreFeature<typeof governanceMethods> {
  return { handlers: {} };
}
