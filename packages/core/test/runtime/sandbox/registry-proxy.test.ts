/**
 * The `registry` network policy: npm's settings as `npm config get` reads them, the filtering proxy on
 * its own (requests sent to its Unix socket from here), and a sandboxed run reaching a fake registry on
 * 127.0.0.1 through it while a stand-in for PostgreSQL on another loopback port sees no connection.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer, request as httpRequest, type Server } from 'node:http';
import { type AddressInfo, connect, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BubblewrapRunner, type CommandRunner, detectSandbox } from '../../../src/runtime/sandbox/index.js';
import { readNpmSettings } from '../../../src/runtime/sandbox/npm-settings.js';
import { type RegistryProxy, startRegistryProxy } from '../../../src/runtime/sandbox/registry-proxy.js';
import { until } from '../../support/until.js';
import { makeScratch, NODE, NODE_TOOLCHAIN, runIn, type Scratch } from './sandbox-fixture.js';

const listen = async <T extends Server | ReturnType<typeof createServer>>(server: T): Promise<number> => {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
};
const close = (server: { close(callback: () => void): unknown }) =>
  new Promise<void>((resolve) => server.close(() => resolve()));

/** An npm registry serving one package, `tiny` 1.0.0, whose tarball it makes with tar. */
async function fakeRegistry(folder: string) {
  const source = join(folder, 'tiny-source');
  await mkdir(join(source, 'package'), { recursive: true });
  await writeFile(join(source, 'package', 'package.json'), '{"name":"tiny","version":"1.0.0","main":"index.js"}\n');
  await writeFile(join(source, 'package', 'index.js'), "module.exports = 'tiny';\n");
  await promisify(execFile)('tar', ['-czf', join(folder, 'tiny.tgz'), '-C', source, 'package']);
  const tarball = await readFile(join(folder, 'tiny.tgz'));
  let requests = 0;
  const server = createHttpServer((request, response) => {
    requests += 1;
    if (request.url === '/tiny') {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify(packument));
    } else if (request.url === '/tiny/-/tiny-1.0.0.tgz') response.end(tarball);
    else response.writeHead(404).end('{}');
  });
  const port = await listen(server);
  const url = `http://127.0.0.1:${port}/`;
  const packument = {
    name: 'tiny',
    'dist-tags': { latest: '1.0.0' },
    versions: {
      '1.0.0': {
        name: 'tiny',
        version: '1.0.0',
        main: 'index.js',
        dist: {
          tarball: `${url}tiny/-/tiny-1.0.0.tgz`,
          shasum: createHash('sha1').update(tarball).digest('hex'),
          integrity: `sha512-${createHash('sha512').update(tarball).digest('base64')}`,
        },
      },
    },
  };
  return { url, port, requests: () => requests, close: () => close(server) };
}

/** A listener standing for a database on the host's loopback: it counts who reaches it. */
async function standIn() {
  let connections = 0;
  const server = createServer((socket) => {
    connections += 1;
    socket.end('database\n');
  });
  const port = await listen(server);
  return { port, connections: () => connections, close: () => close(server) };
}

interface Answer {
  status: number;
  body: string;
  /** The tunnel a CONNECT answered 200 opened. */
  tunnel?: Socket;
}

/** One request to the proxy's socket: `target` is an absolute URI, or `host:port` for CONNECT. */
function viaProxy(socketPath: string, method: string, target: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = httpRequest({ socketPath, method, path: target, agent: false });
    const read = (status: number, stream: NodeJS.ReadableStream, tunnel?: Socket, head = '') => {
      let body = head;
      if (tunnel) return resolve({ status, body, tunnel });
      stream.on('data', (chunk: Buffer) => {
        body += chunk.toString('utf8');
      });
      stream.on('end', () => resolve({ status, body }));
    };
    // A CONNECT's answer body, when it is refused, comes on the socket (after `head`).
    request.on('connect', (response, socket: Socket, head: Buffer) => {
      if (response.statusCode === 200) read(200, socket, socket);
      else read(response.statusCode ?? 0, socket, undefined, head.toString('utf8'));
    });
    request.on('response', (response) => read(response.statusCode ?? 0, response));
    request.on('error', reject);
    request.end();
  });
}

/** Everything `socket` sends until it closes, after writing `text`. */
async function exchange(socket: Socket, text: string): Promise<string> {
  let received = '';
  socket.on('data', (chunk: Buffer) => {
    received += chunk.toString('utf8');
  });
  socket.write(text);
  await once(socket, 'close');
  return received;
}

describe('npm settings, as npm config get reads them', () => {
  let folder: string;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'webnova-npmrc-'));
    await mkdir(join(folder, 'home'));
    await mkdir(join(folder, 'project'));
  });
  afterEach(() => rm(folder, { recursive: true, force: true }));
  const read = (env: Record<string, string> = {}) =>
    readNpmSettings({ env, home: join(folder, 'home'), project: join(folder, 'project') });

  it('takes the environment, then the project, then the user, then the default', async () => {
    expect(await read()).toMatchObject({ registrySource: 'default', cache: join(folder, 'home', '.npm') });
    expect((await read()).registry.href).toBe('https://registry.npmjs.org/');
    await writeFile(
      join(folder, 'home', '.npmrc'),
      '; comment\nregistry = "https://user.example/npm"\ncache=~/caches/npm\n//user.example/:_authToken=secret\n',
    );
    expect(await read()).toMatchObject({ registrySource: 'user', cache: join(folder, 'home', 'caches', 'npm') });
    expect((await read()).registry.href).toBe('https://user.example/npm/');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: npm's own ${VAR} in an .npmrc, not a template.
    await writeFile(join(folder, 'project', '.npmrc'), '# the project\nregistry=http://${HOST}:4873\ncache=/etc\n');
    const project = await read({ HOST: 'verdaccio.example' });
    expect(project.registry.href).toBe('http://verdaccio.example:4873/');
    // The project chooses no host folder to bind: its cache setting is not read.
    expect(project).toMatchObject({ registrySource: 'project', cache: join(folder, 'home', 'caches', 'npm') });
    const env = await read({ NPM_CONFIG_REGISTRY: 'https://a:b@env.example', npm_config_cache: '/var/cache/npm' });
    expect(env).toMatchObject({ registrySource: 'environment', cache: '/var/cache/npm' });
    // Credentials in the address never reach the sandbox.
    expect(env.registry.href).toBe('https://env.example/');
  });

  it('refuses a registry that is not an http or https address', async () => {
    await expect(read({ npm_config_registry: 'file:///etc/passwd' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      systemMessage: { code: 'ERROR_SANDBOX_REGISTRY_INVALID' },
    });
  });
});

describe('the registry proxy', () => {
  let folder: string;
  let registry: Awaited<ReturnType<typeof fakeRegistry>>;
  let database: Awaited<ReturnType<typeof standIn>>;
  let proxy: RegistryProxy;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'webnova-proxy-test-'));
    registry = await fakeRegistry(folder);
    database = await standIn();
  });
  afterAll(async () => {
    await registry.close();
    await database.close();
    await rm(folder, { recursive: true, force: true });
  });
  beforeEach(async () => {
    proxy = await startRegistryProxy({ registry: new URL(registry.url), allowPrivateAddresses: true, maxTunnels: 2 });
  });
  afterEach(async () => {
    await proxy.close();
    expect(database.connections()).toBe(0);
  });

  it('listens on a socket in a folder only its owner may enter, and removes both when closed', async () => {
    expect((await stat(join(proxy.socketPath, '..'))).mode & 0o777).toBe(0o700);
    expect((await stat(proxy.socketPath)).mode & 0o777).toBe(0o600);
    const socketPath = proxy.socketPath;
    await proxy.close();
    expect(existsSync(join(socketPath, '..'))).toBe(false);
    proxy = await startRegistryProxy({ registry: new URL(registry.url), allowPrivateAddresses: true });
  });

  it("passes requests for the registry's origin, spelled any way the URL parser agrees on", async () => {
    const answer = await viaProxy(proxy.socketPath, 'GET', `${registry.url}tiny`);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ name: 'tiny' });
    expect((await viaProxy(proxy.socketPath, 'GET', `http://127.1:${registry.port}/tiny`)).status).toBe(200);
    expect(proxy.refusals).toEqual([]);
  });

  it('tunnels a CONNECT to the registry', async () => {
    const answer = await viaProxy(proxy.socketPath, 'CONNECT', `127.0.0.1:${registry.port}`);
    expect(answer.status).toBe(200);
    const text = await exchange(
      answer.tunnel as Socket,
      `GET /tiny HTTP/1.1\r\nHost: 127.0.0.1:${registry.port}\r\nConnection: close\r\n\r\n`,
    );
    expect(text).toMatch(/^HTTP\/1.1 200/);
    expect(text).toContain('"name":"tiny"');
  });

  it('refuses other ports, hosts and spellings of other addresses with 403 naming the registry, and logs each', async () => {
    const refused: Array<[string, string, string]> = [
      ['GET', `http://127.0.0.1:${database.port}/`, 'wrong-port'],
      ['CONNECT', `127.0.0.1:${database.port}`, 'wrong-port'],
      ['CONNECT', 'registry.npmjs.org:443', 'not-the-registry'],
      ['GET', `http://localhost:${registry.port}/tiny`, 'not-the-registry'],
      ['CONNECT', `[::ffff:127.0.0.1]:${registry.port}`, 'not-the-registry'],
      ['GET', `https://127.0.0.1:${registry.port}/tiny`, 'bad-request'],
      ['GET', '/tiny', 'bad-request'],
    ];
    for (const [method, target, reason] of refused) {
      const answer = await viaProxy(proxy.socketPath, method, target);
      expect(answer.status, `${method} ${target}`).toBe(reason === 'bad-request' ? 400 : 403);
      expect(answer.body).toContain(`only the npm registry http://127.0.0.1:${registry.port}`);
    }
    expect(proxy.refusals.map(({ method, target, reason }) => [method, target, reason])).toEqual(refused);
    expect(proxy.refusals[0]?.message).toMatchObject({ code: 'ERROR_SANDBOX_PROXY_REFUSED' });
  });

  it('refuses an IP address when the registry is a host name, and a project registry resolving to loopback', async () => {
    await proxy.close();
    proxy = await startRegistryProxy({
      registry: new URL(`http://localhost:${registry.port}/`),
      allowPrivateAddresses: false,
    });
    expect((await viaProxy(proxy.socketPath, 'CONNECT', `127.0.0.1:${registry.port}`)).status).toBe(403);
    expect((await viaProxy(proxy.socketPath, 'GET', `http://localhost:${registry.port}/tiny`)).status).toBe(403);
    expect(proxy.refusals.map(({ reason }) => reason)).toEqual(['ip-literal', 'private-address']);
    expect(registry.requests()).toBeGreaterThan(0);
    const before = registry.requests();
    expect((await viaProxy(proxy.socketPath, 'CONNECT', `localhost:${registry.port}`)).status).toBe(403);
    expect(registry.requests()).toBe(before);
  });

  it('for an https registry, tunnels to its host and port only, and refuses plain http to it', async () => {
    await proxy.close();
    proxy = await startRegistryProxy({
      registry: new URL(`https://localhost:${registry.port}/`),
      allowPrivateAddresses: true,
    });
    const tunnel = await viaProxy(proxy.socketPath, 'CONNECT', `LOCALHOST.:${registry.port}`);
    expect(tunnel.status).toBe(200);
    tunnel.tunnel?.destroy();
    expect((await viaProxy(proxy.socketPath, 'GET', `http://localhost:${registry.port}/tiny`)).status).toBe(403);
    expect((await viaProxy(proxy.socketPath, 'CONNECT', 'localhost:443')).status).toBe(403);
    expect(proxy.refusals.map(({ reason }) => reason)).toEqual(['not-the-registry', 'wrong-port']);
  });

  it('refuses headers over its limit before reading them whole', async () => {
    const socket = connect(proxy.socketPath);
    const text = await exchange(
      socket,
      `GET ${registry.url}tiny HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(64 * 1024)}\r\n\r\n`,
    );
    expect(text).toMatch(/^HTTP\/1.1 431/);
    expect(proxy.refusals.map(({ reason }) => reason)).toEqual(['headers-too-large']);
  });

  it('refuses a tunnel past the most it keeps open at once', async () => {
    const open = await Promise.all(
      [1, 2].map(() => viaProxy(proxy.socketPath, 'CONNECT', `127.0.0.1:${registry.port}`)),
    );
    expect(open.map(({ status }) => status)).toEqual([200, 200]);
    expect((await viaProxy(proxy.socketPath, 'CONNECT', `127.0.0.1:${registry.port}`)).status).toBe(503);
    for (const { tunnel } of open) tunnel?.destroy();
    await until(async () => (await viaProxy(proxy.socketPath, 'CONNECT', `127.0.0.1:${registry.port}`)).status === 200);
  });
});

const detection = await detectSandbox();

/** A content file of npm's cache (where cacache puts a download). */
const CACHED = '_cacache/content-v2/sha512/ab/cd/0123';

/** Every file under `folder`, with its size. */
async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return Promise.all(
    entries
      .filter((entry) => entry.isFile())
      .map(
        async (entry) =>
          `${join(entry.parentPath, entry.name)} ${(await stat(join(entry.parentPath, entry.name))).size}`,
      ),
  ).then((files) => files.sort());
}

describe.runIf(detection.runners.bubblewrap)('a sandboxed run under the registry policy', () => {
  const runner = detection.runners.bubblewrap as CommandRunner;
  let scratch: Scratch;
  let registry: Awaited<ReturnType<typeof fakeRegistry>>;
  let database: Awaited<ReturnType<typeof standIn>>;
  let cacheRoot: string;
  const saved = { ...process.env };
  const environment = { PATH: `${NODE_TOOLCHAIN}/bin:/usr/bin:/bin` };

  beforeAll(async () => {
    scratch = makeScratch();
    registry = await fakeRegistry(scratch.outside);
    database = await standIn();
    // The user's npm settings, as the runner reads them from WebNova's environment.
    cacheRoot = join(scratch.root, 'npm-cache');
    await mkdir(join(cacheRoot, CACHED, '..'), { recursive: true });
    await writeFile(join(cacheRoot, CACHED), 'cached\n');
    await writeFile(join(cacheRoot, 'secret.txt'), `${scratch.marker}\n`);
    process.env.npm_config_registry = registry.url;
    process.env.npm_config_cache = cacheRoot;
  });
  afterAll(async () => {
    process.env = saved;
    await registry.close();
    await database.close();
    scratch.remove();
  });

  it('reaches the registry through the proxy, and nothing else', async () => {
    const script = `
      const http = require('node:http');
      // NODE_USE_ENV_PROXY (set by the forwarder) sends http.get through HTTP_PROXY, as fetch.
      const get = (target) => new Promise((resolve) =>
        http.get(target, (response) => {
          let body = '';
          response.on('data', (chunk) => { body += chunk; });
          response.on('end', () => resolve(response.statusCode + ' ' + body.slice(0, 40)));
        }).on('error', (error) => resolve('ERR ' + error.code)));
      const direct = (port) => new Promise((resolve) =>
        require('node:net').connect(port, '127.0.0.1').on('connect', () => resolve('CONNECTED')).on('error', (error) => resolve('ERR ' + error.code)));
      (async () => {
        console.log(await get(${JSON.stringify(`${registry.url}tiny`)}));
        console.log((await fetch(${JSON.stringify(`${registry.url}tiny`)}).then((r) => r.json())).name);
        console.log(await get('http://127.0.0.1:${database.port}/'));
        console.log(await get('http://example.com/'));
        console.log(await direct(${registry.port}));
        console.log(await direct(${database.port}));
      })();`;
    const run = await runIn(runner, scratch.project, [NODE, '-e', script], {
      policy: { network: 'registry' },
      environment,
    });
    expect(run.stderr).toBe('');
    expect(run.stdout.split('\n')).toEqual([
      expect.stringMatching(/^200 \{"name":"tiny"/),
      'tiny',
      expect.stringMatching(/^403 The sandbox reaches only/),
      expect.stringMatching(/^403 /),
      'ERR ECONNREFUSED',
      'ERR ECONNREFUSED',
      '',
    ]);
    expect(run.exitCode).toBe(0);
    expect(database.connections()).toBe(0);
    expect(run.networkRefusals?.map(({ target, reason }) => [target, reason])).toEqual([
      [`http://127.0.0.1:${database.port}/`, 'wrong-port'],
      ['http://example.com/', 'not-the-registry'],
    ]);
  });

  it('runs npm view and npm install against the registry', async () => {
    const cacheBefore = await filesUnder(cacheRoot);
    const view = await runIn(runner, scratch.project, ['npm', 'view', 'tiny', 'version'], {
      policy: { network: 'registry' },
      environment,
    });
    expect(view, view.stderr).toMatchObject({ exitCode: 0, stdout: '1.0.0\n' });
    await writeFile(join(scratch.project, 'package.json'), '{"name":"app","version":"1.0.0"}\n');
    const install = await runIn(runner, scratch.project, ['npm', 'install', 'tiny', '--no-audit', '--no-fund'], {
      policy: { network: 'registry' },
      environment,
    });
    expect(install.exitCode, install.stderr).toBe(0);
    // npm cached what it fetched in the sandbox only.
    expect(await filesUnder(cacheRoot)).toEqual(cacheBefore);
    expect(
      JSON.parse(await readFile(join(scratch.project, 'node_modules', 'tiny', 'package.json'), 'utf8')),
    ).toMatchObject({ version: '1.0.0' });
  });

  it("installs from the user's cache without asking the registry", async () => {
    // The user's npm, on the host, caches the package.
    await promisify(execFile)('npm', ['cache', 'add', 'tiny@1.0.0', '--registry', registry.url, '--cache', cacheRoot], {
      env: { PATH: environment.PATH, HOME: scratch.outside },
    });
    const project = join(scratch.root, 'offline-project');
    await mkdir(project);
    await writeFile(join(project, 'package.json'), '{"name":"offline","version":"1.0.0"}\n');
    const asked = registry.requests();
    const cacheBefore = await filesUnder(cacheRoot);
    const install = await runIn(
      runner,
      project,
      ['npm', 'install', 'tiny@1.0.0', '--offline', '--no-audit', '--no-fund'],
      { policy: { network: 'registry', readOnlyGit: false }, environment },
    );
    expect(install.exitCode, install.stderr).toBe(0);
    expect(existsSync(join(project, 'node_modules', 'tiny', 'index.js'))).toBe(true);
    expect(registry.requests()).toBe(asked);
    expect(await filesUnder(cacheRoot)).toEqual(cacheBefore);
  });

  it("gives npm a copy-on-write view of the user's _cacache, and nothing else of the cache folder", async () => {
    const before = await filesUnder(cacheRoot);
    const run = await runIn(
      runner,
      scratch.project,
      [
        '/bin/sh',
        '-c',
        'cd "$npm_config_cache" && cat "$1"; echo x > "$1" || echo refused; echo x > _cacache/written && ls -A; cat "$2/secret.txt"',
        'sh',
        CACHED,
        cacheRoot,
      ],
      { policy: { network: 'registry' }, environment },
    );
    expect(run.stdout).toBe('cached\nrefused\n_cacache\n');
    expect(run.stdout + run.stderr).not.toContain(scratch.marker);
    expect(await filesUnder(cacheRoot)).toEqual(before);
    expect(await readFile(join(cacheRoot, CACHED), 'utf8')).toBe('cached\n');
  });

  it("feeds the command's stdin, and ends as the command ends, with its exit code or its signal", async () => {
    const options = { policy: { network: 'registry' as const }, environment };
    const fed = await runIn(runner, scratch.project, ['/bin/cat'], { ...options, stdin: 'through\n' });
    expect(fed).toMatchObject({ exitCode: 0, stdout: 'through\n' });
    expect(await runIn(runner, scratch.project, ['/bin/sh', '-c', 'exit 3'], options)).toMatchObject({ exitCode: 3 });
    const killed = await runIn(runner, scratch.project, ['/bin/sh', '-c', 'kill -TERM $$'], options);
    expect(killed).toMatchObject({ signal: 'SIGTERM' });
    const missing = await runIn(runner, scratch.project, ['no-such-program'], options);
    expect(missing.exitCode).toBe(127);
  });

  it('is refused, naming what to install, where no native node runs the forwarder', async () => {
    const withoutNode = new BubblewrapRunner({ bwrap: 'bwrap', prlimit: 'prlimit' }, detection.cgroups);
    await expect(
      runIn(withoutNode, scratch.project, ['/bin/true'], { policy: { network: 'registry' } }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND', systemMessage: { code: 'ERROR_SANDBOX_REGISTRY_NODE' } });
  });

  it('reaches nothing under none, the loopback under host', async () => {
    const read = `require('net').connect(${database.port}, '127.0.0.1').on('data', (d) => process.stdout.write(d)).on('error', (e) => console.log('ERR ' + e.code));`;
    expect((await runIn(runner, scratch.project, [NODE, '-e', read])).stdout).toBe('ERR ECONNREFUSED\n');
    expect(database.connections()).toBe(0);
    const shared = await runIn(runner, scratch.project, [NODE, '-e', read], { policy: { network: 'host' } });
    expect(shared.stdout).toBe('database\n');
    expect(database.connections()).toBe(1);
  });
});
