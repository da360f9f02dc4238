import { fileURLToPath } from 'node:url';

/** The drizzle-kit migrations checked in beside the sources, applied on every start. */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../drizzle', import.meta.url));
