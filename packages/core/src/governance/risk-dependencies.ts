import type { RiskReason } from '../contracts/constitution.js';
import { POPULAR_PACKAGES } from './risk-popular-packages.js';
import { riskReason } from './risk-reasons.js';

const POPULAR = new Set(POPULAR_PACKAGES);

/** npm's rules for new names: lower case, URL-safe, optional `@scope/`, at most 214 characters. */
const PACKAGE_NAME = /^(@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;

/** Whether two names are at most one insertion, deletion, substitution or swap of neighbours apart. */
export function oneEditApart(a: string, b: string): boolean {
  if (a === b || Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  const [longer, shorter] = a.length > b.length ? [a, b] : [b, a];
  return longer.slice(i + 1) === shorter.slice(i);
}

/** `lodahs`, `reactt`, `expres`: one edit from a popular name, or a popular name with its separators changed. */
function lookAlikeOf(name: string): RiskReason | undefined {
  const bare = (n: string) => n.replace(/[-_.]/g, '');
  for (const popular of POPULAR_PACKAGES) {
    // One edit from a name of two or three letters is another short name, not a look-alike.
    if ((popular.length >= 4 && oneEditApart(name, popular)) || (bare(name) === bare(popular) && name !== popular)) {
      return riskReason('TYPOSQUAT', { name, popular });
    }
    // `@scope/react` for `react`: a popular name under a scope it does not belong to.
    if (name.startsWith('@') && !popular.includes('/') && name.split('/')[1] === popular) {
      return riskReason('SCOPED_LOOKALIKE', { name, popular });
    }
  }
  return undefined;
}

/** A version spec that does not come from the registry. */
function remoteSource(version: string): string | undefined {
  if (/^(git\+|git:|github:|gitlab:|bitbucket:|https?:|file:|link:)/i.test(version)) return version;
  if (/^[\w.-]+\/[\w.-]+(#.*)?$/.test(version)) return `github:${version}`;
  return undefined;
}

export function dependencyReasons(name: string, version?: string): RiskReason[] {
  if (name.length > 214 || !PACKAGE_NAME.test(name)) return [riskReason('INVALID_PACKAGE_NAME', { name })];
  const reasons: RiskReason[] = [];
  if (POPULAR.has(name)) reasons.push(riskReason('POPULAR_PACKAGE', { name }));
  else {
    reasons.push(lookAlikeOf(name) ?? riskReason('UNKNOWN_PACKAGE', { name }));
  }
  if (version !== undefined) {
    const source = remoteSource(version);
    if (source) reasons.push(riskReason('REMOTE_SOURCE', { name, source }));
    else if (version === '*' || version === 'latest' || version === '') {
      reasons.push(riskReason('UNPINNED', { name, version: version || '(none)' }));
    }
  }
  return reasons;
}

/** `name@version` as npm takes it on a command line (`@scope/name@^1`, `left-pad`). */
export function splitPackageSpec(spec: string): { name: string; version?: string } {
  const at = spec.indexOf('@', 1);
  return at === -1 ? { name: spec } : { name: spec.slice(0, at), version: spec.slice(at + 1) };
}
