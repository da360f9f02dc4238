import type { terminalMethods } from '../../contracts/api/terminal.js';
import type { CoreContext, CoreFeature } from '../feature.js';

export function createTerminalFeature(_context: CoreContext): CoreFeature<typeof terminalMethods> {
  return { handlers: {} };
}
