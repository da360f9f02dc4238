import type { gitMethods } from '../../contracts/api/git.js';
import type { CoreContext, CoreFeature } from '../feature.js';

export function createGitFeature(_context: CoreContext): CoreFeature<typeof gitMethods> {
  return { handlers: {} };
}
