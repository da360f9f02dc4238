import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installCommand, npmInstallArgs, packageCacheDir } from '../../../src/runtime/package-cache/npm-install.js';

const run = promisify(execFile);
let dir: string;
let server: Server;
let registry: string;
let requests: string[];

/** A registry on loopback that speaks just enough of npm's protocol: one package, one version. */
async function startRegistry(tarball: Buffer): Promise<void> {
  const integrity = `sha512-${createHash('sha512').update(tarball).digest('base64')}`;
  const shasum = createHash('sha1').update(tarball).digest('hex');
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    if (req.url === '/tiny-greeting') {
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          name: 'tiny-greeting',
          'dist-tags': { latest: '1.0.0' },
          versions: {
            '1.0.0': {
              name: 'tiny-greeting',
              version: '1.0.0',
              main: 'index.js',
              dist: { tarball: `${registry}tiny-greeting/-/tiny-greeting-1.0.0.tgz`, integrity, shasum },
            },
          },
        }),
      );
    } else if (req.url === '/tiny-greeting/-/tiny-greeting-1.0.0.tgz') {
      res.setHeader('content-type', 'application/octet-stream');
      res.end(tarball);
    } else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  registry = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
}

async function newProject(name: string): Promise<string> {
  const root = join(dir, name);
  await mkdir(root);
  await writeFile(
    join(root, 'package.json'),
    JSON.stringify({ name, private: true, dependencies: { 'tiny-greeting': '^1.0.0' } }),
  );
  return root;
}

function install(root: string, cacheDir: string, ...extra: string[]) {
  return run('npm', [...npmInstallArgs(cacheDir), '--registry', registry, ...extra], {
    cwd: root,
    env: { ...process.env },
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'webnova-package-cache-'));
  requests = [];
  const source = join(dir, 'tiny-greeting');
  await mkdir(source);
  await writeFile(
    join(source, 'package.json'),
    JSON.stringify({ name: 'tiny-greeting', version: '1.0.0', main: 'index.js' }),
  );
  await writeFile(join(source, 'index.js'), "module.exports = () => 'hello';\n");
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', dir], { cwd: source });
  const [packed] = JSON.parse(stdout) as Array<{ filename: string }>;
  await startRegistry(await readFile(join(dir, packed?.filename ?? '')));
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

describe('shared package cache', () => {
  it('lives in the data folder unless WEBNOVA_PACKAGE_CACHE moves it', () => {
    expect(packageCacheDir('/data', {})).toBe(join('/data', 'package-cache'));
    expect(packageCacheDir('/data', { WEBNOVA_PACKAGE_CACHE: '/elsewhere' })).toBe('/elsewhere');
  });

  it('copies a stored tree into a second project with the same dependencies, with no registry', async () => {
    const store = join(dir, 'store');
    const task = installCommand(store);
    const runTask = (root: string) =>
      run(task.program, [...task.args, '--registry', registry], { cwd: root, env: process.env });
    requests = [];
    const first = await newProject('store-first');
    expect((await runTask(first)).stdout).toContain('> npm install');
    expect(requests).toContain('/tiny-greeting/-/tiny-greeting-1.0.0.tgz');

    requests = [];
    const second = await newProject('store-second');
    const { stdout } = await runTask(second);
    expect(stdout).toContain('Installed from the shared package store');
    expect(requests).toEqual([]);
    const copied = join(second, 'node_modules', 'tiny-greeting', 'index.js');
    expect(await readFile(copied, 'utf8')).toContain('hello');
    expect(await stat(join(second, 'package-lock.json'))).toBeTruthy();
    // A copy, not a link: one project's node_modules never changes another's.
    const original = join(first, 'node_modules', 'tiny-greeting', 'index.js');
    expect((await stat(copied)).ino).not.toBe((await stat(original)).ino);
  }, 90_000);

  it('lets a second project with the same dependencies install from the npm cache with the registry gone', async () => {
    const cache = join(dir, 'shared-cache');
    await install(await newProject('first'), cache);
    expect(requests).toContain('/tiny-greeting/-/tiny-greeting-1.0.0.tgz');

    // The registry goes away: only the shared cache can serve the second install.
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    const second = await newProject('second');
    await install(second, cache);
    expect((await stat(join(second, 'node_modules', 'tiny-greeting', 'index.js'))).isFile()).toBe(true);

    // Without the shared cache the same offline install fails: the cache is what made it work.
    await expect(
      install(await newProject('third'), join(dir, 'empty-cache'), '--fetch-retries', '0'),
    ).rejects.toThrow();
  }, 90_000);
});
