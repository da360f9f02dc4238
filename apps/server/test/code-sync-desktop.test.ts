import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresTestDatabase } from './support/databases.js';
import { type DesktopDevice, desktopDevice, type Loose } from './support/desktop-device.js';
import { basic, gitHostingSuite } from './support/git-cli.js';

const run = promisify(execFile);

/**
 * Code sync end to end: the desktop's whole core (isomorphic-git over HTTP, the device credential as a
 * header) against the real server's projects, tokens and git routes on PostgreSQL, and the git command
 * line with a personal access token the desktop created, as a colleague at a terminal.
 */
describe('code sync between the desktop and the server', () => {
  const hosting = gitHostingSuite(postgresTestDatabase);
  const { suite, gitRoot } = hosting;
  const devices: DesktopDevice[] = [];
  let owner: DesktopDevice;
  let project: Loose;
  let token: string;
  let colleague: string;

  const refused = async (device: DesktopDevice, method: string, params: unknown = {}): Promise<Loose> => {
    const reply = (await device.core.dispatch({ type: 'call', id: 'test', method, params })) as Loose;
    if (reply.type !== 'error') throw new Error(`${method} answered ${JSON.stringify(reply.result)}`);
    return reply.error;
  };
  const fsckClean = async () => {
    const bare = join(gitRoot, project.tenantId, `${project.id}.git`);
    const { stdout, stderr } = await run('git', ['--git-dir', bare, 'fsck', '--strict', '--no-progress'], {
      env: { PATH: process.env.PATH, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' },
    });
    expect(`${stdout}${stderr}`.replace(/^(notice|dangling).*\n?/gm, '')).toBe('');
  };
  const cli = (args: string[], cwd = colleague) => hosting.cli.ok(args, { cwd, authorization: basic(token) });

  beforeAll(async () => {
    owner = await desktopDevice('owner', async (dir) => {
      await writeFile(join(dir, 'README.md'), 'Clinic\n');
      await run('git', ['init', '-q', '--initial-branch=main', dir]);
    });
    devices.push(owner);
    await owner.signIn(suite.world.a.owner, 'Owner desk', suite.port);
    await owner.call('git.setAuthor', { name: 'Owner', email: 'owner@example.org' });
    await owner.call('git.stage', { all: true });
    await owner.call('git.commit', { message: 'first' });
  });
  afterAll(async () => {
    for (const device of devices) await device.close();
  });

  it('publishes from the desktop; the git command line clones it with a token the desktop made', async () => {
    expect((await owner.call('git.remoteStatus')).canPublish).toBe(true);
    const published = await owner.call('git.publish', { slug: 'clinic-code' });
    project = published.project;
    expect(project).toMatchObject({ slug: 'clinic-code', gitPath: `/git/${suite.world.a.id}/clinic-code.git` });
    expect(published.status).toMatchObject({ onServer: true, branches: [{ name: 'main', ahead: 0, waiting: false }] });
    expect((await owner.call('git.serverProjects')).projects.map((p: Loose) => p.id)).toContain(project.id);

    const created = await owner.call('git.createAccessToken', { name: 'terminal', scope: 'read-write' });
    token = created.token;
    expect(JSON.stringify(await owner.call('git.listAccessTokens'))).not.toContain(token);
    colleague = await hosting.cli.folder('colleague');
    await cli(['clone', '-q', `http://127.0.0.1:${suite.port}${project.gitPath}`, '.']);
    expect(await readFile(join(colleague, 'README.md'), 'utf8')).toBe('Clinic\n');
    expect(JSON.parse(await readFile(join(colleague, '.webnova', 'project.json'), 'utf8')).id).toBe(project.id);
    await fsckClean();
  });

  it('pulls what the git command line pushed; pushes what it then fetches', async () => {
    const theirs = await hosting.cli.commit(colleague, 'cli.txt', 'from the terminal\n');
    await cli(['push', '-q', 'origin', 'main']);
    expect(await owner.call('git.pull')).toMatchObject({ result: 'fast-forward', head: theirs });
    expect(await readFile(join(owner.project, 'cli.txt'), 'utf8')).toBe('from the terminal\n');

    await writeFile(join(owner.project, 'desk.txt'), 'from the desktop\n');
    await owner.call('git.stage', { all: true });
    const { oid } = await owner.call('git.commit', { message: 'from the desktop' });
    expect((await owner.call('git.push', {})).branches[0]).toMatchObject({ ahead: 0, behind: 0 });
    await cli(['pull', '-q', '--ff-only']);
    expect((await cli(['rev-parse', 'HEAD'])).trim()).toBe(oid);
    await fsckClean();
  });

  it('refuses a push behind the server as "pull first"; a conflicting pull leaves markers and the file list', async () => {
    await hosting.cli.commit(colleague, 'README.md', 'Clinic (terminal)\n');
    await cli(['push', '-q', 'origin', 'main']);
    await writeFile(join(owner.project, 'README.md'), 'Clinic (desktop)\n');
    await owner.call('git.stage', { all: true });
    await owner.call('git.commit', { message: 'desktop readme' });

    const error = await refused(owner, 'git.push', {});
    expect(error).toMatchObject({ code: 'CONFLICT', systemMessage: { code: 'ERROR_GIT_PUSH_PULL_FIRST' } });
    expect(await owner.call('git.pull')).toMatchObject({ result: 'conflicts', conflicted: ['README.md'] });
    expect(await readFile(join(owner.project, 'README.md'), 'utf8')).toContain('<<<<<<< main');
    expect(await owner.call('git.status')).toMatchObject({ merging: true, conflicted: [{ path: 'README.md' }] });

    await writeFile(join(owner.project, 'README.md'), 'Clinic (both)\n');
    await owner.call('git.stage', { paths: ['README.md'] });
    await owner.call('git.commit', { message: 'merge' });
    await owner.call('git.push', {});
    await cli(['pull', '-q', '--ff-only']);
    expect(await readFile(join(colleague, 'README.md'), 'utf8')).toBe('Clinic (both)\n');
    await fsckClean();
  });

  it("opens the project on a member's device, which may push a branch but not main", async () => {
    const member = await desktopDevice('member');
    devices.push(member);
    await member.signIn(suite.world.a.member, 'Member laptop', suite.port);
    await member.call('git.setAuthor', { name: 'Member', email: 'member@example.org' });
    const folder = join(member.project, 'clinic-code');
    await member.call('git.cloneFromServer', { projectId: project.id, folder });
    await member.core.openWorkspace(folder);
    expect(await readFile(join(folder, 'README.md'), 'utf8')).toBe('Clinic (both)\n');

    await writeFile(join(folder, 'member.txt'), 'a member wrote this\n');
    await member.call('git.stage', { all: true });
    await member.call('git.commit', { message: 'member work' });
    expect((await member.call('git.remoteStatus')).branches).toEqual([
      expect.objectContaining({ name: 'main', ahead: 1, waiting: true }),
    ]);
    expect(await refused(member, 'git.push', {})).toMatchObject({
      code: 'PERMISSION_DENIED',
      systemMessage: { code: 'ERROR_GIT_BRANCH_PROTECTED' },
    });
    await member.call('git.createBranch', { name: 'member-work' });
    await member.call('git.push', {});
    await cli(['fetch', '-q', 'origin']);
    expect((await cli(['log', '-1', '--format=%s', 'origin/member-work'])).trim()).toBe('member work');

    const other = await desktopDevice('other-tenant');
    devices.push(other);
    await other.signIn(suite.world.b.owner, 'Elsewhere', suite.port);
    expect(
      await refused(other, 'git.cloneFromServer', { projectId: project.id, folder: join(other.project, 'x') }),
    ).toMatchObject({
      code: 'NOT_FOUND',
    });
    await fsckClean();
  });

  it('a project published from another branch than main (trunk) is fetched and cloned by the desktop', async () => {
    const trunk = await desktopDevice('trunk', async (dir) => {
      await writeFile(join(dir, 'README.md'), 'On trunk\n');
      await run('git', ['init', '-q', '--initial-branch=trunk', dir]);
    });
    devices.push(trunk);
    await trunk.signIn(suite.world.a.owner, 'Trunk desk', suite.port);
    await trunk.call('git.setAuthor', { name: 'Owner', email: 'owner@example.org' });
    await trunk.call('git.stage', { all: true });
    await trunk.call('git.commit', { message: 'first on trunk' });
    const { project: published } = await trunk.call('git.publish', { slug: 'on-trunk' });
    expect((await trunk.call('git.fetch')).branches).toEqual([expect.objectContaining({ name: 'trunk', behind: 0 })]);

    const second = await desktopDevice('trunk-second');
    devices.push(second);
    await second.signIn(suite.world.a.owner, 'Second desk', suite.port);
    const folder = join(second.project, 'on-trunk');
    await second.call('git.cloneFromServer', { projectId: published.id, folder });
    expect(await readFile(join(folder, 'README.md'), 'utf8')).toBe('On trunk\n');
  });
});
