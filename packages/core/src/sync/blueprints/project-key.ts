import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { CoreError } from '../../contracts/errors.js';
import type { Workspace } from '../../workspace/workspace.js';

/**
 * The project's identity, the same on every device that holds it: minted once into this small file,
 * which is committed and travels with the code (git). A folder's path differs per computer, and the
 * Blueprint's slug may change or repeat, so neither can name the project's Blueprint stream.
 */
export const PROJECT_FILE = '.webnova/project.json';

const ProjectFile = z.object({ id: z.uuid() });

/** The project's key, or null when it has none yet (or its file is not one WebNova wrote). */
export async function readProjectKey(workspace: Workspace): Promise<string | null> {
  try {
    const parsed = ProjectFile.safeParse(JSON.parse((await workspace.read(PROJECT_FILE)).content));
    return parsed.success ? parsed.data.id : null;
  } catch (error) {
    if (error instanceof CoreError && error.code === 'NOT_FOUND') return null;
    if (error instanceof SyntaxError) return null;
    throw error;
  }
}

/** The project's key, minted the first time its Blueprint changes through a decision. */
export async function projectKey(workspace: Workspace): Promise<string> {
  const known = await readProjectKey(workspace);
  if (known) return known;
  const id = randomUUID();
  await workspace.create('.webnova', 'directory').catch((error: unknown) => {
    if (!(error instanceof CoreError && error.code === 'ALREADY_EXISTS')) throw error;
  });
  await workspace.write(PROJECT_FILE, `${JSON.stringify({ id }, null, 2)}\n`, undefined, { followLink: false });
  return id;
}
