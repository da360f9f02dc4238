import path from 'node:path';
import picomatch from 'picomatch';
import type { RiskReason } from '../contracts/constitution.js';
import { SECRET_PATH_GLOBS } from './constitution-default.js';
import { canonicalSegment, isGitFolderName } from './path-spelling.js';
import type { ResolvedTargets } from './resolved-targets.js';
import { riskReason } from './risk-reasons.js';

export type PathAccess = 'read' | 'write' | 'delete';

export interface PathContext {
  /** The project's absolute root; absolute paths under it are inside the project. */
  projectRoot?: string;
  /** Where the proposal's paths and programs really lead on disk (read before assessing). */
  targets?: ResolvedTargets;
  /** The folder relative paths start from (a command's `cwd`), project-relative. */
  cwd?: string;
}

const isSecretPath = picomatch(SECRET_PATH_GLOBS, { dot: true, nocase: true });
const LOCKFILES = new Set([
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'bun.lockb',
  'bun.lock',
  'cargo.lock',
  'poetry.lock',
  'pipfile.lock',
  'uv.lock',
  'gemfile.lock',
  'composer.lock',
  'go.sum',
]);
const MANIFESTS = new Set(['package.json', 'pyproject.toml', 'requirements.txt', 'cargo.toml', 'go.mod', 'gemfile']);
const isCiConfig = picomatch(
  [
    '.github/workflows/**',
    '.github/actions/**',
    '.gitlab-ci.yml',
    '.gitlab/**',
    '.circleci/**',
    '.ci/**',
    '.travis.yml',
    'jenkinsfile',
    'azure-pipelines.yml',
    'bitbucket-pipelines.yml',
    '.buildkite/**',
  ],
  { dot: true, nocase: true },
);
const SYSTEM_ROOTS = [
  '/etc',
  '/usr',
  '/bin',
  '/sbin',
  '/lib',
  '/lib32',
  '/lib64',
  '/boot',
  '/sys',
  '/proc',
  '/dev',
  '/var',
  '/opt',
  '/root',
  '/System',
  '/Library',
  '/Applications',
  'c:/windows',
  'c:/program files',
  'c:/program files (x86)',
];
const HARMLESS_DEVICES = new Set(['/dev/null', '/dev/stdout', '/dev/stderr', '/dev/stdin', '/dev/tty']);

/** Where a path points: `inside` paths come back relative to the project, with `/`. */
export type Location =
  | { where: 'inside'; relative: string }
  | { where: 'outside'; shown: string; system: boolean; root: boolean };

function isAbsolute(p: string): boolean {
  return p.startsWith('/') || /^[A-Za-z]:\//.test(p);
}

/** Resolves a path as written in an action, without touching the disk: `~`, `$HOME` and other variables are outside. */
export function locate(written: string, context: PathContext): Location {
  const p = written.replace(/\\/g, '/').split('/').map(canonicalSegment).join('/');
  const outside = (absolute: string) => {
    const lower = absolute.toLowerCase();
    const normal = path.posix.normalize(absolute);
    const system =
      !HARMLESS_DEVICES.has(normal) &&
      SYSTEM_ROOTS.some((root) => lower === root.toLowerCase() || lower.startsWith(`${root.toLowerCase()}/`));
    const root = normal === '/' || normal === '/*' || /^[a-z]:\/?\*?$/i.test(normal);
    return { where: 'outside' as const, shown: written, system: system || root, root };
  };
  if (/^(~|\$\{?HOME\b|\$)/.test(p)) return { where: 'outside', shown: written, system: false, root: false };
  if (isAbsolute(p)) {
    const root = context.projectRoot?.replace(/\\/g, '/').replace(/\/+$/, '');
    const normal = path.posix.normalize(p);
    if (root && (normal === root || normal.startsWith(`${root}/`))) {
      return { where: 'inside', relative: normal.slice(root.length + 1) };
    }
    return outside(normal);
  }
  const normal = path.posix.normalize(context.cwd ? `${context.cwd}/${p}` : p);
  if (normal === '..' || normal.startsWith('../'))
    return { where: 'outside', shown: written, system: false, root: false };
  return { where: 'inside', relative: normal === '.' ? '' : normal.replace(/\/+$/, '') };
}

/**
 * Why touching `written` this way is risky; nothing for an ordinary file inside the project. Where the
 * path really leads through links is judged too: `docs/git/config` is Git's own config when `docs/git`
 * links to `.git`.
 */
export function pathReasons(written: string, access: PathAccess, context: PathContext): RiskReason[] {
  const reasons = reasonsAt(written, access, context);
  const target = context.targets?.paths.get(written);
  if (target === undefined || target === placeOf(locate(written, context))) return reasons;
  const { cwd: _, ...fromRoot } = context;
  return [riskReason('LINKED_PATH', { path: written, target }), ...reasonsAt(target, access, fromRoot), ...reasons];
}

/** A location as resolved targets name places: project-relative (`.` for the root), or absolute. */
function placeOf(location: Location): string {
  return location.where === 'inside' ? location.relative || '.' : path.posix.normalize(location.shown);
}

function reasonsAt(written: string, access: PathAccess, context: PathContext): RiskReason[] {
  const location = locate(written, context);
  const reasons: RiskReason[] = [];
  const shown = location.where === 'inside' ? location.relative || '.' : location.shown;
  const forSecret = location.where === 'inside' ? location.relative : shown.replace(/^(\.\.\/)+|^\/+/, '');
  if (isSecretPath(forSecret)) reasons.push(riskReason('SECRET_FILE', { path: shown }));

  if (location.where === 'outside') {
    if (access === 'delete') reasons.push(riskReason('DELETE_OUTSIDE_PROJECT', { path: shown }));
    else if (access === 'write') {
      reasons.push(riskReason(location.system ? 'SYSTEM_PATH' : 'PATH_OUTSIDE_PROJECT', { path: shown }));
    } else reasons.push(riskReason('READ_OUTSIDE_PROJECT', { path: shown }));
    return reasons;
  }
  if (access === 'read') return reasons;
  const relative = location.relative;
  const segments = relative.split('/');
  const base = (segments.at(-1) ?? '').toLowerCase();
  if (relative === '' || relative === '*') {
    if (access === 'delete') reasons.push(riskReason('DELETE_PROJECT', { path: shown }));
  } else if (segments.some(isGitFolderName)) reasons.push(riskReason('GIT_INTERNALS', { path: shown }));
  else if (segments[0]?.toLowerCase() === '.husky') reasons.push(riskReason('GIT_HOOKS', { path: shown }));
  else if (isCiConfig(relative)) reasons.push(riskReason('CI_CONFIG', { path: shown }));
  else if (segments.some((segment) => segment.startsWith('.') && segment.length > 1) && !reasons.length) {
    reasons.push(riskReason('HIDDEN_PATH', { path: shown }));
  }
  if (LOCKFILES.has(base)) reasons.push(riskReason('LOCKFILE', { path: shown }));
  if (MANIFESTS.has(base)) reasons.push(riskReason('MANIFEST', { path: shown }));
  return reasons;
}
