import { execFile, execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Core, createCore } from '../../../../src/api/core.js';
import { AccountStore } from '../../../../src/sync/account.js';
import { makeTempFolder, writeTree } from '../../temp-folder.js';
import { CLI_IDENTITY, fsck, gitCli } from '../git-cli.js';
import { type GitHost, startGitHost } from './git-host.js';

// biome-ignore lint/suspicious/noExplicitAny: answers are read loosely in assertions.
type Loose = any;
const run = promisify(execFile);

/**
 * The desktop's code sync (publish, clone, fetch, pull, push, tokens) through the whole core against
 * real git: a stand-in of the server's routes with `git http-backend` behind them, and the git command
 * line as the other person. The same story against the real server is in apps/server/test.
 */
let folder: { path: string; remove: () => Promise<void> };
let host: GitHost;
const cores: Core[] = [];

beforeEach(async () => {
  folder = await makeTempFolder('webnova-code-sync-');
  host = await startGitHost(folder.path);
});
afterEach(async () => {
  for (const core of cores.splice(0)) await core.close();
  await host.close();
  await folder.remove();
});

/** A core signed in to the stand-in (its account and sealed credential, as `sync.signIn` leaves them). */
async function device(name: string, project: string | null) {
  const dataDir = join(folder.path, `${name}-data`);
  await new AccountStore(dataDir, null, () => {}).save(
    {
      server: host.url,
      email: `${name}@example.com`,
      userId: randomUUID(),
      tenantId: host.tenantId,
      role: 'owner',
      deviceId: randomUUID(),
      deviceName: name,
      signedInAt: new Date().toISOString(),
    },
    host.credential,
  );
  const core = await createCore({
    dataDir,
    host: 'web',
    version: 'test',
    log: (level, message, fields) => {
      if (level === 'error' && message.includes('git.')) console.error(name, message, fields);
    },
  });
  cores.push(core);
  const events: { name: string; payload: Loose }[] = [];
  core.subscribe((event, payload) => events.push({ name: event, payload }));
  if (project) await core.openWorkspace(project);
  const dispatch = async (method: string, params: unknown = {}) =>
    (await core.dispatch({ type: 'call', id: randomUUID(), method, params })) as Loose;
  const call = async (method: string, params: unknown = {}) => {
    const reply = await dispatch(method, params);
    if (reply.type !== 'result') throw new Error(`${method}: ${JSON.stringify(reply.error)}`);
    return reply.result;
  };
  const refused = async (method: string, params: unknown = {}) => {
    const reply = await dispatch(method, params);
    if (reply.type !== 'error') throw new Error(`${method} answered ${JSON.stringify(reply.result)}`);
    return reply.error;
  };
  await call('git.setAuthor', { name: `${name} desktop`, email: `${name}@example.com` });
  return { core, call, refused, events };
}

/**
 * The git command line as another person, its credential in a header of each request (never the URL).
 * Asynchronous: the stand-in server answers in this process, so a synchronous child would wait forever.
 */
async function cli(dir: string, ...args: string[]): Promise<string> {
  const { stdout } = await run(
    'git',
    ['-c', `http.extraHeader=Authorization: Bearer ${host.credential}`, '-c', 'init.defaultBranch=main', ...args],
    { cwd: dir, env: { ...process.env, ...CLI_IDENTITY } },
  );
  return stdout;
}

async function publishedProject() {
  const project = join(folder.path, 'clinic');
  await writeTree(project, { 'README.md': 'Clinic\n', 'src/app.ts': 'export const app = 1;\n' });
  gitCli(project, 'init', '-q');
  gitCli(project, 'add', '-A');
  gitCli(project, 'commit', '-q', '-m', 'first');
  const a = await device('rana', project);
  const published = await a.call('git.publish', { slug: 'clinic' });
  const other = join(folder.path, 'other');
  await cli(folder.path, 'clone', '-q', `${host.url}${published.project.gitPath}`, other);
  return { project, a, published, other };
}

describe('code sync with a git server', () => {
  it('publishes: the project key committed, origin without a credential, the branch pushed and tracked', async () => {
    const { project, a, published, other } = await publishedProject();
    expect(published.project).toMatchObject({ slug: 'clinic', name: 'clinic', tenantId: host.tenantId });
    const key = JSON.parse(await readFile(join(project, '.webnova', 'project.json'), 'utf8')).id;
    expect(published.project.id).toBe(key);
    expect(gitCli(project, 'log', '--format=%s')).toBe('WebNova project key\nfirst\n');
    expect(gitCli(project, 'status', '--porcelain')).toBe('');
    expect(published.status).toMatchObject({
      origin: `${host.url}/git/${host.tenantId}/clinic.git`,
      onServer: true,
      canPublish: false,
      branches: [{ name: 'main', upstream: 'origin/main', ahead: 0, behind: 0, waiting: false, current: true }],
    });
    const config = await readFile(join(project, '.git', 'config'), 'utf8');
    expect(config).not.toContain(host.credential);
    expect(gitCli(project, 'config', 'branch.main.merge').trim()).toBe('refs/heads/main');
    expect(gitCli(other, 'log', '--format=%s')).toBe('WebNova project key\nfirst\n');
    const codeRequests = host.requests.filter((request) => /^\/(git|projects)\//.test(`${request.path}/`));
    expect(codeRequests.length).toBeGreaterThan(0);
    expect(codeRequests.filter((request) => request.authorization !== `Bearer ${host.credential}`)).toEqual([]);
    const progress = a.events.filter((event) => event.name === 'git.progress').map((event) => event.payload);
    expect(progress.at(-1)).toMatchObject({ operation: 'publish', done: true });
    fsck(host.bare('clinic'));

    expect((await a.refused('git.publish', {})).details).toMatchObject({ reason: 'origin-exists' });
  });

  it('pulls what the git command line pushed, and pushes what the git command line then fetches', async () => {
    const { project, a, other } = await publishedProject();
    await writeTree(other, { 'src/cli.ts': 'export const cli = 2;\n' });
    gitCli(other, 'add', '-A');
    gitCli(other, 'commit', '-q', '-m', 'from the command line');
    await cli(other, 'push', '-q', 'origin', 'main');

    expect((await a.call('git.fetch')).branches[0]).toMatchObject({ name: 'main', ahead: 0, behind: 1 });
    const pulled = await a.call('git.pull');
    expect(pulled).toMatchObject({ result: 'fast-forward', conflicted: [] });
    expect(await readFile(join(project, 'src', 'cli.ts'), 'utf8')).toBe('export const cli = 2;\n');
    expect(gitCli(project, 'status', '--porcelain')).toBe('');
    expect(await a.call('git.pull')).toMatchObject({ result: 'up-to-date' });

    await writeFile(join(project, 'README.md'), 'Clinic, booked\n');
    await a.call('git.stage', { all: true });
    const { oid } = await a.call('git.commit', { message: 'from the desktop' });
    expect((await a.call('git.remoteStatus')).branches[0]).toMatchObject({ ahead: 1, behind: 0, waiting: true });
    const pushed = await a.call('git.push', {});
    expect(pushed.branches[0]).toMatchObject({ ahead: 0, behind: 0, waiting: false });
    await cli(other, 'pull', '-q', '--ff-only');
    expect(gitCli(other, 'rev-parse', 'HEAD').trim()).toBe(oid);
    expect(await readFile(join(other, 'README.md'), 'utf8')).toBe('Clinic, booked\n');
    fsck(host.bare('clinic'));
  });

  it('refuses a push behind the server (pull first), then merges and pushes', async () => {
    const { project, a, other } = await publishedProject();
    await writeTree(other, { 'src/cli.ts': 'cli\n' });
    gitCli(other, 'add', '-A');
    gitCli(other, 'commit', '-q', '-m', 'theirs');
    await cli(other, 'push', '-q', 'origin', 'main');
    await writeTree(project, { 'src/desk.ts': 'desk\n' });
    await a.call('git.stage', { all: true });
    await a.call('git.commit', { message: 'ours' });

    const error = await a.refused('git.push', {});
    expect(error).toMatchObject({ code: 'CONFLICT', details: { reason: 'non-fast-forward' } });
    expect(error.systemMessage.code).toBe('ERROR_GIT_PUSH_PULL_FIRST');
    expect(gitCli(other, 'ls-remote', host.bare('clinic'), 'refs/heads/main').split('\t')[0]).toBe(
      gitCli(other, 'rev-parse', 'HEAD').trim(),
    );

    expect((await a.call('git.fetch')).branches[0]).toMatchObject({ ahead: 1, behind: 1, waiting: true });
    expect(await a.call('git.pull')).toMatchObject({ result: 'merged', conflicted: [] });
    expect(gitCli(project, 'log', '-1', '--format=%P').trim().split(' ')).toHaveLength(2);
    expect((await a.call('git.push', {})).branches[0]).toMatchObject({ ahead: 0, behind: 0 });
    fsck(host.bare('clinic'));
  });

  it('leaves conflict markers and lists the files when a pull conflicts; the resolution commits as a merge', async () => {
    const { project, a, other } = await publishedProject();
    await writeFile(join(other, 'README.md'), 'Clinic (theirs)\n');
    gitCli(other, 'commit', '-q', '-am', 'theirs');
    await cli(other, 'push', '-q', 'origin', 'main');
    await writeFile(join(project, 'README.md'), 'Clinic (ours)\n');
    await a.call('git.stage', { all: true });
    await a.call('git.commit', { message: 'ours' });

    expect(await a.call('git.pull')).toMatchObject({ result: 'conflicts', conflicted: ['README.md'] });
    const text = await readFile(join(project, 'README.md'), 'utf8');
    expect(text).toMatch(/^<<<<<<< main\nClinic \(ours\)\n=======\nClinic \(theirs\)\n>>>>>>> /);
    expect(await a.call('git.status')).toMatchObject({ merging: true, conflicted: [{ path: 'README.md' }] });
    expect(gitCli(project, 'status', '--porcelain')).toBe('UU README.md\n');
    expect((await a.refused('git.pull')).systemMessage.code).toBe('ERROR_GIT_RESOLVE_BEFORE_PULL');

    await writeFile(join(project, 'README.md'), 'Clinic (both)\n');
    await a.call('git.stage', { paths: ['README.md'] });
    await a.call('git.commit', { message: 'merged' });
    expect(gitCli(project, 'log', '-1', '--format=%P').trim().split(' ')).toHaveLength(2);
    await a.call('git.push', {});
    await cli(other, 'pull', '-q', '--ff-only');
    expect(await readFile(join(other, 'README.md'), 'utf8')).toBe('Clinic (both)\n');
    fsck(host.bare('clinic'));
  });

  it('works on offline: the push fails as offline and the branch waits to be pushed', async () => {
    const { project, a } = await publishedProject();
    await writeTree(project, { 'offline.txt': 'written offline\n' });
    await a.call('git.stage', { all: true });
    await a.call('git.commit', { message: 'offline' });
    await host.close();

    const error = await a.refused('git.push', {});
    expect(error).toMatchObject({ code: 'TRANSPORT', details: { reason: 'offline' } });
    expect(error.systemMessage).toEqual({ code: 'ERROR_GIT_SERVER_OFFLINE', params: { server: host.url } });
    expect((await a.refused('git.fetch')).details).toMatchObject({ reason: 'offline' });
    expect((await a.call('git.remoteStatus')).branches).toEqual([
      { name: 'main', upstream: 'origin/main', ahead: 1, behind: 0, waiting: true, current: true },
    ]);
    host = await startGitHost(folder.path);
  });

  it('says no permission when the server refuses, and not signed in without an account', async () => {
    const { a } = await publishedProject();
    host.forbidGit(true);
    expect(await a.refused('git.fetch')).toMatchObject({ code: 'PERMISSION_DENIED', details: { reason: 'forbidden' } });
    const signedOut = await createCore({ dataDir: join(folder.path, 'nobody'), host: 'web', version: 'test' });
    cores.push(signedOut);
    const reply = (await signedOut.dispatch({
      type: 'call',
      id: '1',
      method: 'git.serverProjects',
      params: {},
    })) as Loose;
    expect(reply.error).toMatchObject({ code: 'UNAUTHORIZED', systemMessage: { code: 'ERROR_SYNC_SIGN_IN_FIRST' } });
  });

  it('sends the device credential to no other host; one that asks for credentials is not "sign in again"', async () => {
    const { project, a } = await publishedProject();
    // Another git host (GitHub, say) as origin: it asks every request for credentials and notes what it got.
    const seen: (string | undefined)[] = [];
    const other = createServer((request, response) => {
      seen.push(request.headers.authorization);
      response.writeHead(401, { 'www-authenticate': 'Basic realm="elsewhere"' }).end();
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = other.address() as AddressInfo;
      const elsewhere = `http://127.0.0.1:${port}`;
      gitCli(project, 'remote', 'set-url', 'origin', `${elsewhere}/someone/clinic.git`);
      const error = await a.refused('git.fetch');
      expect(error).toMatchObject({ code: 'UNAUTHORIZED', details: { reason: 'unauthorized', status: 401 } });
      expect(error.systemMessage).toEqual({
        code: 'ERROR_GIT_REMOTE_NEEDS_CREDENTIALS',
        params: { server: elsewhere },
      });
      expect((await a.refused('git.push', {})).systemMessage.code).toBe('ERROR_GIT_REMOTE_NEEDS_CREDENTIALS');
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.every((header) => header === undefined)).toBe(true);
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
  });

  it('opens a project from the server into an empty folder on a second device', async () => {
    const { published } = await publishedProject();
    const b = await device('omar', null);
    expect((await b.call('git.serverProjects')).projects.map((p: Loose) => p.slug)).toEqual(['clinic']);
    const target = join(folder.path, 'b', 'clinic');
    expect(await b.call('git.cloneFromServer', { projectId: published.project.id, folder: target })).toEqual({
      folder: target,
    });
    expect(await readFile(join(target, 'src', 'app.ts'), 'utf8')).toBe('export const app = 1;\n');
    expect(gitCli(target, 'status', '--porcelain')).toBe('');
    expect(gitCli(target, 'config', 'remote.origin.url').trim()).toBe(`${host.url}${published.project.gitPath}`);
    await b.core.openWorkspace(target);
    expect((await b.call('git.remoteStatus')).branches).toEqual([
      { name: 'main', upstream: 'origin/main', ahead: 0, behind: 0, waiting: false, current: true },
    ]);
    const again = await b.refused('git.cloneFromServer', { projectId: published.project.id, folder: target });
    expect(again.systemMessage.code).toBe('ERROR_GIT_CLONE_FOLDER_NOT_EMPTY');
    const missing = await b.refused('git.cloneFromServer', { projectId: randomUUID(), folder: join(folder.path, 'x') });
    expect(missing.code).toBe('NOT_FOUND');
  });

  it('creates (shown once), lists and revokes personal access tokens', async () => {
    const a = await device('rana', null);
    const created = await a.call('git.createAccessToken', { name: 'laptop cli', scope: 'read' });
    expect(created.token).toMatch(/^wnpat_/);
    const listed = (await a.call('git.listAccessTokens')).tokens;
    expect(listed).toEqual([expect.objectContaining({ id: created.id, name: 'laptop cli', scope: 'read' })]);
    expect(JSON.stringify(listed)).not.toContain(created.token);
    await a.call('git.revokeAccessToken', { id: created.id });
    expect((await a.call('git.listAccessTokens')).tokens).toEqual([]);
    expect(execFileSync('git', ['--version']).toString()).toMatch(/^git version/);
  });
});
