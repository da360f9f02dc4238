/**
 * The two npm settings the `registry` network policy needs, read as `npm config get` would: the
 * registry (the one origin the proxy lets through) and the download cache (bound read-only into the
 * sandbox). A small reader of `.npmrc` (`key = value` lines, `#`/`;` comments, `${VAR}` expansion):
 * `@npmcli/config` would pull in npm's whole definition table for two keys.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { CoreError } from '../../contracts/errors.js';

export const DEFAULT_REGISTRY = 'https://registry.npmjs.org/';

/** Where the registry came from. A project's `.npmrc` is written by the project itself, so less trusted. */
export type RegistrySource = 'environment' | 'project' | 'user' | 'default';

export interface NpmSettings {
  registry: URL;
  registrySource: RegistrySource;
  /** npm's cache folder (its `_cacache` holds the downloads). */
  cache: string;
}

export interface NpmSettingsInput {
  env: Readonly<Record<string, string | undefined>>;
  home: string;
  /** The project folder, whose `.npmrc` comes before the user's. */
  project: string;
}

/** An `.npmrc`'s settings; a missing file has none. */
export async function readNpmrc(
  path: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<Map<string, string>> {
  const settings = new Map<string, string>();
  const text = await readFile(path, 'utf8').catch(() => '');
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#') || trimmed.startsWith(';') || trimmed.startsWith('[')) continue;
    const equals = trimmed.indexOf('=');
    if (equals < 0) continue;
    const key = trimmed.slice(0, equals).trim();
    let value = trimmed.slice(equals + 1).trim();
    if (/^(["']).*\1$/.test(value)) value = value.slice(1, -1);
    // npm expands ${VAR} from the environment, and leaves an unset one as it is.
    settings.set(
      key,
      value.replace(/\$\{([^}]+)\}/g, (whole, name: string) => env[name] ?? whole),
    );
  }
  return settings;
}

/** An environment setting as npm reads it: `npm_config_<key>`, any case. */
function fromEnvironment(env: NpmSettingsInput['env'], key: string): string | undefined {
  const wanted = `npm_config_${key}`;
  const found = Object.keys(env).find((name) => name.toLowerCase() === wanted);
  return found === undefined ? undefined : env[found] || undefined;
}

/** `value` as the registry's address; `where` names the setting it came from (for the error). */
function registryUrl(value: string, where: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(value.endsWith('/') ? value : `${value}/`);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new CoreError('INVALID_INPUT', {
      code: 'ERROR_SANDBOX_REGISTRY_INVALID',
      params: { registry: value, source: where },
    });
  }
  // Credentials in the address stay on the host: the sandbox gets the origin and path only.
  url.username = '';
  url.password = '';
  return url;
}

export async function readNpmSettings(input: NpmSettingsInput): Promise<NpmSettings> {
  const userconfig = fromEnvironment(input.env, 'userconfig') ?? join(input.home, '.npmrc');
  const project = await readNpmrc(join(input.project, '.npmrc'), input.env);
  const user = await readNpmrc(userconfig, input.env);

  const candidates: Array<[RegistrySource, string | undefined, string]> = [
    ['environment', fromEnvironment(input.env, 'registry'), 'npm_config_registry'],
    ['project', project.get('registry'), join(input.project, '.npmrc')],
    ['user', user.get('registry'), userconfig],
  ];
  const [registrySource, registry, where] = candidates.find(([, value]) => value) ?? [
    'default',
    DEFAULT_REGISTRY,
    'npm',
  ];

  // The cache is never taken from the project's `.npmrc`: the project would choose which host folder
  // is bound into its own sandbox.
  const cache = fromEnvironment(input.env, 'cache') ?? user.get('cache') ?? join(input.home, '.npm');
  const expanded = cache.startsWith('~/') ? join(input.home, cache.slice(2)) : cache;
  return {
    registry: registryUrl(registry as string, where),
    registrySource,
    cache: isAbsolute(expanded) ? expanded : resolve(input.home, expanded),
  };
}
