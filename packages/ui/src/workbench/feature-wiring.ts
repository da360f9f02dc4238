import { wireAi } from '../ai/wire';
import { wireBlueprint } from '../blueprint/wire';
import type { CoreClient } from '../client';
import { wireGit } from '../git/wire';
import { wireInbox } from '../inbox/wire';
import { wireRun } from '../run/wire';
import { wireTerminal } from '../terminal/wire';

/** Each feature wires its own stores and commands; this only lists them. */
export function wireFeatures(client: CoreClient): Array<() => void> {
  return [wireGit, wireBlueprint, wireInbox, wireAi, wireTerminal, wireRun].map((wire) => wire(client));
}
