import { z } from 'zod';
import { CoreError } from '../../contracts/index.js';
import type { ProjectFolder } from './project-folder.js';

/** Everything regeneration keeps lives under this folder of the generated project. */
export const STATE_DIR = '.webnova';
export const MANIFEST_FILE = `${STATE_DIR}/manifest.json`;

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 in hex');

/**
 * A generated file's path: relative, POSIX, no `.`/`..` segments, not inside `.webnova/` and never
 * inside a `.git` folder. Checked on what templates produce and on what the manifest names, so
 * neither can reach outside the project or into its repository. Names are compared without case
 * (`.GIT` is `.git` on macOS and Windows), and what Windows would silently rewrite into one of them
 * is refused too: a trailing dot or space (`.git.`), a short name (`GIT~1`), a `:` (a drive or a
 * stream). Control characters are never part of a generated name.
 */
export const GeneratedPath = z
  .string()
  .min(1)
  .max(1000)
  .refine(isGeneratedPath, 'a relative POSIX path inside the project, outside .webnova/ and .git/');

export function isGeneratedPath(path: string): boolean {
  if (path.startsWith('/') || /[\\:]|\p{Cc}/u.test(path)) return false;
  const segments = path.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..' || /[. ]$/.test(s) || isGitFolder(s))) return false;
  return segments[0]?.toLowerCase() !== STATE_DIR;
}

/** `.git` in any case, and its Windows short name. */
function isGitFolder(segment: string): boolean {
  const name = segment.toLowerCase();
  return name === '.git' || /^git~\d+$/.test(name);
}

export const ManifestFile = z.strictObject({
  sha256: Sha256,
  entity: z.string().min(1).max(64).optional(),
});
export type ManifestFile = z.infer<typeof ManifestFile>;

/**
 * The record of the last generation: which Blueprint (its hash, and the object holding its
 * normalised text, for rename detection), which template, and every file it produced with the
 * SHA-256 of the generated text (the base of the next three-way merge, kept in the object store).
 */
export const Manifest = z.strictObject({
  manifestVersion: z.literal(1),
  blueprintHash: Sha256,
  template: z.strictObject({ name: z.string().min(1).max(100), version: z.string().min(1).max(100) }),
  files: z.record(GeneratedPath, ManifestFile),
});
export type Manifest = z.infer<typeof Manifest>;

/** The manifest as written: keys sorted, so an unchanged generation writes byte-identical bytes. */
export function serializeManifest(manifest: Manifest): string {
  const files = Object.fromEntries(
    Object.keys(manifest.files)
      .sort()
      .map((path) => [path, manifest.files[path]]),
  );
  return `${JSON.stringify({ ...manifest, files }, null, 2)}\n`;
}

/**
 * Reads the manifest of a project, or null when it was never generated. A manifest that is not
 * JSON or not manifest-shaped is an error that names the file and the problem: guessing would risk
 * overwriting hand edits.
 */
export async function readManifest(project: ProjectFolder): Promise<Manifest | null> {
  const text = await project.read(MANIFEST_FILE, 'record');
  if (text === null) return null;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw corrupt(`it is not valid JSON (${(error as Error).message})`);
  }
  const parsed = Manifest.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    throw corrupt(`${issue?.message ?? 'unexpected shape'}${where}`, parsed.error.issues);
  }
  return parsed.data;
}

export function corrupt(problem: string, details?: unknown): CoreError {
  return new CoreError(
    'CONFLICT',
    { code: 'ERROR_MANIFEST_DAMAGED', params: { file: MANIFEST_FILE, problem, folder: STATE_DIR } },
    details === undefined ? undefined : { issues: details },
  );
}
