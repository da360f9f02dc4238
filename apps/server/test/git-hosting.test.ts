import { execFile, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { v4 as uuidv4 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { openPostgres } from '../src/db/postgres.js';
import { pktLine } from '../src/git/pkt-line.js';
import { expectProblem } from './support/client.js';
import { postgresTestDatabase } from './support/databases.js';
import { basic, gitHostingSuite } from './support/git-cli.js';
import { registerDevice } from './support/sync.js';
import { listenOnLoopback, testApp } from './support/test-app.js';
import type { Person } from './support/world.js';

// biome-ignore lint/suspicious/noExplicitAny: answers are read loosely in assertions.
type Loose = any;

const run = promisify(execFile);
/** Small enough to overflow in a test, large enough for every ordinary push here. */
const MAX_PUSH_BYTES = 2 * 1024 * 1024;
const hosting = gitHostingSuite(postgresTestDatabase, { maxPushBytes: MAX_PUSH_BYTES });
const { suite, gitRoot } = hosting;

interface Project {
  id: string;
  tenantId: string;
  slug: string;
  gitPath: string;
  createdBy: string;
}

let slugs = 0;
async function publish(person: Person, slug = `project-${++slugs}`): Promise<Project> {
  const answer = await suite.client.call({
    method: 'POST',
    url: '/projects',
    token: person.token,
    payload: { id: uuidv4(), slug, name: `Project ${slug}` },
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body as unknown as Project;
}

async function accessToken(person: Person, scope: 'read' | 'read-write' = 'read-write'): Promise<Loose> {
  const answer = await suite.client.call({
    method: 'POST',
    url: '/auth/tokens',
    token: person.token,
    payload: { name: `${scope} token`, scope },
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body;
}

const urlOf = (project: Project, port = suite.port) => `http://127.0.0.1:${port}${project.gitPath}`;
const bareOf = (project: Project) => join(gitRoot, project.tenantId, `${project.id}.git`);

/** `git fsck --strict` on the server's bare repository: clean, or the test fails. */
async function expectFsckClean(project: Project): Promise<void> {
  const { stdout, stderr } = await run('git', ['--git-dir', bareOf(project), 'fsck', '--strict', '--no-progress'], {
    env: { PATH: process.env.PATH, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' },
  });
  expect(`${stdout}${stderr}`.replace(/^(notice|dangling).*\n?/gm, '')).toBe('');
}

async function serverRefs(project: Project): Promise<Record<string, string>> {
  const { stdout } = await run('git', [
    '--git-dir',
    bareOf(project),
    'for-each-ref',
    '--format=%(refname) %(objectname)',
  ]);
  return Object.fromEntries(
    stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split(' ')),
  );
}

/** A clone of `project` with a first commit on main pushed by `person` (the project's publisher or an owner). */
async function withMain(project: Project, authorization: string): Promise<string> {
  const dir = await hosting.cli.folder('seed');
  await hosting.cli.ok(['clone', '-q', urlOf(project), dir], { authorization });
  await hosting.cli.commit(dir, 'README.md', '# seed\n');
  await hosting.cli.ok(['push', '-q', 'origin', 'main'], { cwd: dir, authorization });
  return dir;
}

async function auditEntries(tenantId: string, sovereign: Person): Promise<Loose[]> {
  const answer = await suite.client.call({
    method: 'GET',
    url: `/tenants/${tenantId}/audit/export`,
    token: sovereign.token,
  });
  expect(answer.status).toBe(200);
  return answer.text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

async function rawPost(project: Project, service: string, body: Buffer, headers: Record<string, string>) {
  return fetch(`${urlOf(project)}/${service}`, {
    method: 'POST',
    headers: { 'content-type': `application/x-${service}-request`, ...headers },
    body,
  });
}

describe('projects', () => {
  it('publishes a project: its row, its empty bare repository (0700), and conflicts on id or slug', async () => {
    const { a, b, root } = suite.world;
    const id = uuidv4();
    const published = await suite.client.call({
      method: 'POST',
      url: '/projects',
      token: a.member.token,
      payload: { id, slug: 'clinic-site', name: 'Clinic site' },
    });
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    expect(published.body).toMatchObject({
      id,
      tenantId: a.id,
      slug: 'clinic-site',
      name: 'Clinic site',
      gitPath: `/git/${a.id}/clinic-site.git`,
      protectedBranches: ['main'],
      createdBy: a.member.id,
    });
    const project = published.body as unknown as Project;
    expect((await stat(bareOf(project))).mode & 0o777).toBe(0o700);
    expect((await stat(join(gitRoot, a.id))).mode & 0o777).toBe(0o700);
    await expect(stat(join(bareOf(project), 'hooks'))).rejects.toThrow();

    const sameSlug = { id: uuidv4(), slug: 'clinic-site', name: 'Again' };
    expectProblem(
      await suite.client.call({ method: 'POST', url: '/projects', token: a.owner.token, payload: sameSlug }),
      409,
      'CONFLICT',
    );
    const sameId = { id, slug: 'other-slug', name: 'Again' };
    expectProblem(
      await suite.client.call({ method: 'POST', url: '/projects', token: a.owner.token, payload: sameId }),
      409,
      'CONFLICT',
    );
    // Another tenant may use the same slug: slugs are the tenant's own.
    const inB = await suite.client.call({
      method: 'POST',
      url: '/projects',
      token: b.member.token,
      payload: { id: uuidv4(), slug: 'clinic-site', name: 'B' },
    });
    expect(inB.status).toBe(201);
    expectProblem(
      await suite.client.call({
        method: 'POST',
        url: '/projects',
        token: root.token,
        payload: { id: uuidv4(), slug: 'x', name: 'x' },
      }),
      403,
      'PERMISSION_DENIED',
    );
    expectProblem(
      await suite.client.call({
        method: 'POST',
        url: '/projects',
        token: a.owner.token,
        payload: { id: uuidv4(), slug: '-x', name: 'x' },
      }),
      400,
      'INVALID_INPUT',
    );

    const listed = await suite.client.call({ method: 'GET', url: '/projects', token: a.owner.token });
    expect(listed.status).toBe(200);
    expect((listed.body.projects as Loose[]).map((p) => p.id)).toContain(id);
    expect((listed.body.projects as Loose[]).every((p) => p.tenantId === a.id)).toBe(true);
    const one = await suite.client.call({ method: 'GET', url: `/projects/${id}`, token: a.member.token });
    expect(one.body).toEqual(published.body);
    expectProblem(
      await suite.client.call({ method: 'GET', url: `/projects/${id}`, token: b.owner.token }),
      404,
      'NOT_FOUND',
    );
    await expectFsckClean(project);
  });

  it('keeps no row of a project whose repository could not be made', async () => {
    const { a } = suite.world;
    // A git root that cannot be a folder: a file stands where it would be.
    const blocked = join(gitRoot, 'blocked');
    await writeFile(blocked, 'not a folder');
    const app = testApp(suite.database.db, { git: { root: join(blocked, 'repositories') } });
    try {
      const id = uuidv4();
      const answer = await app.inject({
        method: 'POST',
        url: '/projects',
        headers: { authorization: `Bearer ${a.owner.token}` },
        payload: { id, slug: 'never-made', name: 'Never made' },
      });
      expect(answer.statusCode).toBe(500);
      expectProblem(
        await suite.client.call({ method: 'GET', url: `/projects/${id}`, token: a.owner.token }),
        404,
        'NOT_FOUND',
      );
      const listed = await suite.client.call({ method: 'GET', url: '/projects', token: a.owner.token });
      expect((listed.body.projects as Loose[]).map((p) => p.slug)).not.toContain('never-made');
    } finally {
      await app.close();
    }
  });
});

describe('access tokens', () => {
  it('are shown once, listed without secrets, and revoked', async () => {
    const { a } = suite.world;
    const created = await accessToken(a.member, 'read');
    expect(created.token).toMatch(/^wnpat_[0-9a-f-]{36}_[A-Za-z0-9_-]{43}$/);
    expect(created.expiresAt).toBeNull();
    const expiring = await suite.client.call({
      method: 'POST',
      url: '/auth/tokens',
      token: a.member.token,
      payload: { name: 'a week', scope: 'read-write', expiresInDays: 7 },
    });
    expect(expiring.status).toBe(201);
    expect(Date.parse(expiring.body.expiresAt as string)).toBeGreaterThan(Date.now() + 6 * 86_400_000);
    expectProblem(
      await suite.client.call({
        method: 'POST',
        url: '/auth/tokens',
        token: a.member.token,
        payload: { name: 'too long', scope: 'read', expiresInDays: 366 },
      }),
      400,
      'INVALID_INPUT',
    );
    const listed = await suite.client.call({ method: 'GET', url: '/auth/tokens', token: a.member.token });
    expect(listed.status).toBe(200);
    expect(JSON.stringify(listed.body)).not.toContain(created.token);
    expect((listed.body.tokens as Loose[]).map((t) => t.id)).toContain(created.id);
    // Someone else's token is not theirs to revoke.
    expectProblem(
      await suite.client.call({ method: 'DELETE', url: `/auth/tokens/${created.id}`, token: a.owner.token }),
      404,
      'NOT_FOUND',
    );
    const revoked = await suite.client.call({
      method: 'DELETE',
      url: `/auth/tokens/${created.id}`,
      token: a.member.token,
    });
    expect(revoked.status).toBe(204);
    const after = await suite.client.call({ method: 'GET', url: '/auth/tokens', token: a.member.token });
    expect((after.body.tokens as Loose[]).find((t) => t.id === created.id).revokedAt).not.toBeNull();
  });
});

describe('git over smart HTTP', () => {
  it('clones, commits and pushes with an access token; another clone fetches it; the push is audited', async () => {
    const { a } = suite.world;
    const project = await publish(a.member);
    const token = await accessToken(a.member);
    // The publisher creates main, though a member.
    const dir = await withMain(project, basic(token.token));
    const head = (await hosting.cli.ok(['rev-parse', 'HEAD'], { cwd: dir })).trim();
    expect((await serverRefs(project))['refs/heads/main']).toBe(head);

    // An owner's clone, by another token, sees it and moves main on; the member pulls that.
    const owner = await accessToken(a.owner);
    const other = await hosting.cli.folder('other');
    await hosting.cli.ok(['clone', '-q', urlOf(project), other], { authorization: basic(owner.token) });
    expect((await hosting.cli.ok(['log', '--format=%H', '-1'], { cwd: other })).trim()).toBe(head);
    const next = await hosting.cli.commit(other, 'second.txt', 'two\n');
    await hosting.cli.ok(['push', '-q', 'origin', 'main'], { cwd: other, authorization: basic(owner.token) });
    const reader = await accessToken(a.member, 'read');
    await hosting.cli.ok(['pull', '-q', '--ff-only'], { cwd: dir, authorization: `Bearer ${reader.token}` });
    expect((await hosting.cli.ok(['rev-parse', 'HEAD'], { cwd: dir })).trim()).toBe(next);

    const pushes = (await auditEntries(a.id, a.sovereign)).filter(
      (entry) => entry.action === 'git.pushed' && entry.subject === `project:${project.id}`,
    );
    expect(pushes.map((entry) => entry.data)).toEqual([
      expect.objectContaining({
        ref: 'refs/heads/main',
        old: '0'.repeat(40),
        new: head,
        accessToken: token.id,
        device: null,
      }),
      expect.objectContaining({ ref: 'refs/heads/main', old: head, new: next, accessToken: owner.id }),
    ]);
    expect(pushes.map((entry) => entry.actor)).toEqual([
      { kind: 'user', id: a.member.id },
      { kind: 'user', id: a.owner.id },
    ]);
    await expectFsckClean(project);
  });

  it('keeps main for owners: a member pushes a feature branch but not main; an owner pushes main', async () => {
    const { a } = suite.world;
    const project = await publish(a.owner);
    const owner = basic((await accessToken(a.owner)).token);
    await withMain(project, owner);
    const member = basic((await accessToken(a.member)).token);
    const dir = await hosting.cli.folder('member');
    await hosting.cli.ok(['clone', '-q', urlOf(project), dir], { authorization: member });
    const before = await serverRefs(project);
    await hosting.cli.commit(dir, 'change.txt', 'member change\n');
    const refused = await hosting.cli.run(['push', 'origin', 'main'], { cwd: dir, authorization: member });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('protected branch');
    expect(await serverRefs(project)).toEqual(before);
    const deleted = await hosting.cli.run(['push', 'origin', ':main'], { cwd: dir, authorization: member });
    expect(deleted.code).not.toBe(0);
    await hosting.cli.ok(['push', '-q', 'origin', 'HEAD:refs/heads/feature'], { cwd: dir, authorization: member });
    expect((await serverRefs(project))['refs/heads/feature']).toBeDefined();

    const ownerDir = await hosting.cli.folder('owner');
    await hosting.cli.ok(['clone', '-q', urlOf(project), ownerDir], { authorization: owner });
    await hosting.cli.ok(['merge', '-q', '--ff-only', 'origin/feature'], { cwd: ownerDir });
    await hosting.cli.ok(['push', '-q', 'origin', 'main'], { cwd: ownerDir, authorization: owner });
    expect((await serverRefs(project))['refs/heads/main']).toBe((await serverRefs(project))['refs/heads/feature']);
    // A force push is refused to everyone (receive.denyNonFastForwards).
    await hosting.cli.ok(['reset', '-q', '--hard', 'HEAD~1'], { cwd: ownerDir });
    await hosting.cli.commit(ownerDir, 'rewrite.txt', 'rewritten\n');
    const forced = await hosting.cli.run(['push', '--force', 'origin', 'main'], {
      cwd: ownerDir,
      authorization: owner,
    });
    expect(forced.code).not.toBe(0);
    await expectFsckClean(project);
  });

  it('refuses a read token to push (403) and a revoked, unknown or missing one (401 with a Basic challenge)', async () => {
    const { a } = suite.world;
    const project = await publish(a.owner);
    const writer = await accessToken(a.owner);
    const dir = await withMain(project, basic(writer.token));
    const reader = await accessToken(a.owner, 'read');
    await hosting.cli.commit(dir, 'more.txt', 'more\n');
    const before = await serverRefs(project);
    const pushed = await hosting.cli.run(['push', 'origin', 'main'], { cwd: dir, authorization: basic(reader.token) });
    expect(pushed.code).not.toBe(0);
    expect(pushed.stderr).toContain('403');
    const advertised = await fetch(`${urlOf(project)}/info/refs?service=git-receive-pack`, {
      headers: { authorization: basic(reader.token) },
    });
    expect(advertised.status).toBe(403);
    expect(((await advertised.json()) as Loose).code).toBe('PERMISSION_DENIED');

    const revoked = await suite.client.call({
      method: 'DELETE',
      url: `/auth/tokens/${writer.id}`,
      token: a.owner.token,
    });
    expect(revoked.status).toBe(204);
    for (const authorization of [basic(writer.token), basic(`wnpat_${uuidv4()}_${'x'.repeat(43)}`), 'Basic Og==', '']) {
      const answer = await fetch(`${urlOf(project)}/info/refs?service=git-upload-pack`, {
        headers: authorization ? { authorization } : {},
      });
      expect(answer.status, authorization).toBe(401);
      expect(answer.headers.get('www-authenticate')).toBe('Basic realm="WebNova"');
    }
    // An expired token: its end moved into the past behind the server's back.
    const expiring = await accessToken(a.owner, 'read');
    const readable = await fetch(`${urlOf(project)}/info/refs?service=git-upload-pack`, {
      headers: { authorization: basic(expiring.token) },
    });
    expect(readable.status).toBe(200);
    await suite.database.db.transaction('installation', (tx) =>
      tx.query("update access_tokens set expires_at = now() - interval '1 minute' where id = $1", [expiring.id]),
    );
    const expired = await fetch(`${urlOf(project)}/info/refs?service=git-upload-pack`, {
      headers: { authorization: basic(expiring.token) },
    });
    expect(expired.status).toBe(401);
    const refused = await hosting.cli.run(['ls-remote', urlOf(project)], { authorization: basic(writer.token) });
    expect(refused.code).not.toBe(0);
    expect(await serverRefs(project)).toEqual(before);
    await expectFsckClean(project);
  });

  it('answers 404 for another tenant’s repository, an unknown tenant or project, ROOT_OWNER included', async () => {
    const { a, b, root } = suite.world;
    const project = await publish(a.owner);
    const outsider = basic((await accessToken(b.sovereign)).token);
    const insider = basic((await accessToken(a.member, 'read')).token);
    const base = `http://127.0.0.1:${suite.port}/git`;
    const urls = [
      `${urlOf(project)}/info/refs?service=git-upload-pack`,
      `${base}/${b.id}/${project.slug}.git/info/refs?service=git-upload-pack`,
    ];
    for (const url of urls) {
      const answer = await fetch(url, { headers: { authorization: outsider } });
      expect(answer.status, url).toBe(url.includes(b.id) ? 404 : 404);
    }
    for (const url of [
      `${base}/${uuidv4()}/${project.slug}.git/info/refs?service=git-upload-pack`,
      `${base}/${a.id}/no-such-project.git/info/refs?service=git-upload-pack`,
      `${base}/not-a-uuid/${project.slug}.git/info/refs?service=git-upload-pack`,
    ]) {
      const answer = await fetch(url, { headers: { authorization: insider } });
      expect(answer.status, url).toBe(404);
      expect(((await answer.json()) as Loose).code).toBe('NOT_FOUND');
    }
    const pushed = await rawPost(project, 'git-receive-pack', Buffer.from('0000'), { authorization: outsider });
    expect(pushed.status).toBe(404);
    // ROOT_OWNER holds no access token (belongs to no tenant) and a session is not a git credential.
    expectProblem(
      await suite.client.call({
        method: 'POST',
        url: '/auth/tokens',
        token: root.token,
        payload: { name: 'r', scope: 'read' },
      }),
      403,
      'PERMISSION_DENIED',
    );
    const asRoot = await fetch(urls[0] as string, { headers: { authorization: `Bearer ${root.token}` } });
    expect(asRoot.status).toBe(401);
    await expectFsckClean(project);
  });

  it('lets exactly one of two racing pushes to a branch win; the other is told to fetch first', async () => {
    const { a } = suite.world;
    const project = await publish(a.owner);
    const owner = basic((await accessToken(a.owner)).token);
    await withMain(project, owner);
    const dirs = [await hosting.cli.folder('racer-1'), await hosting.cli.folder('racer-2')];
    const heads: string[] = [];
    for (const [index, dir] of dirs.entries()) {
      await hosting.cli.ok(['clone', '-q', urlOf(project), dir], { authorization: owner });
      heads.push(await hosting.cli.commit(dir, `racer-${index}.txt`, `racer ${index}\n`));
    }
    const results = await Promise.all(
      dirs.map((dir) => hosting.cli.run(['push', 'origin', 'main'], { cwd: dir, authorization: owner })),
    );
    const winners = results.filter((result) => result.code === 0);
    expect(winners, results.map((result) => result.stderr).join('\n')).toHaveLength(1);
    const loser = results.find((result) => result.code !== 0);
    expect(loser?.stderr).toMatch(/fetch first|non-fast-forward/);
    const main = (await serverRefs(project))['refs/heads/main'];
    expect(heads).toContain(main);
    expect(main).toBe(heads[results.indexOf(winners[0] as (typeof results)[number])]);
    await expectFsckClean(project);
  });

  it('queues pushes across replicas: two servers on one database and one shared folder, one push wins', async () => {
    const { a } = suite.world;
    const replicaDb = await openPostgres(suite.database.url);
    const replica = testApp(replicaDb, { git: { root: gitRoot, limits: { maxPushBytes: MAX_PUSH_BYTES } } });
    try {
      const replicaPort = await listenOnLoopback(replica);
      const project = await publish(a.owner);
      const owner = basic((await accessToken(a.owner)).token);
      await withMain(project, owner);
      const ports = [suite.port, replicaPort];
      const dirs: string[] = [];
      for (const [index, port] of ports.entries()) {
        const dir = await hosting.cli.folder(`replica-${index}`);
        await hosting.cli.ok(['clone', '-q', urlOf(project, port), dir], { authorization: owner });
        await hosting.cli.commit(dir, `replica-${index}.txt`, `replica ${index}\n`);
        dirs.push(dir);
      }
      const results = await Promise.all(
        dirs.map((dir) => hosting.cli.run(['push', 'origin', 'main'], { cwd: dir, authorization: owner })),
      );
      expect(
        results.filter((result) => result.code === 0),
        results.map((r) => r.stderr).join('\n'),
      ).toHaveLength(1);
      expect(results.find((result) => result.code !== 0)?.stderr).toMatch(/fetch first|non-fast-forward/);
      // Each replica reads what the other wrote.
      const check = await hosting.cli.folder('replica-check');
      await hosting.cli.ok(['clone', '-q', urlOf(project, replicaPort), check], { authorization: owner });
      expect((await hosting.cli.ok(['rev-parse', 'HEAD'], { cwd: check })).trim()).toBe(
        (await serverRefs(project))['refs/heads/main'],
      );
      await expectFsckClean(project);
    } finally {
      await replica.close();
      await replicaDb.close();
    }
  });

  it('refuses a corrupt pack and bad ref names with git’s report, the repository intact', async () => {
    const { a } = suite.world;
    const project = await publish(a.owner);
    const writer = await accessToken(a.owner);
    const authorization = basic(writer.token);
    const dir = await withMain(project, authorization);
    const base = (await hosting.cli.ok(['rev-parse', 'HEAD'], { cwd: dir })).trim();
    const next = await hosting.cli.commit(dir, 'big.txt', 'x'.repeat(10_000));
    const pack = spawnSync('git', ['pack-objects', '--revs', '--stdout'], {
      cwd: dir,
      input: `${next}\n^${base}\n`,
    }).stdout;
    expect(pack.subarray(0, 4).toString()).toBe('PACK');
    const corrupt = Buffer.from(pack);
    for (let at = 20; at < corrupt.length - 30; at += 7) corrupt[at] = (corrupt[at] ?? 0) ^ 0x5a;
    const command = (ref: string, old: string, now: string, caps = '') =>
      pktLine(`${old} ${now} ${ref}${caps ? `\0${caps}` : ''}\n`);
    const before = await serverRefs(project);

    const broken = await rawPost(
      project,
      'git-receive-pack',
      Buffer.concat([command('refs/heads/main', base, next, 'report-status'), Buffer.from('0000'), corrupt]),
      { authorization },
    );
    const brokenReport = Buffer.from(await broken.arrayBuffer()).toString('latin1');
    expect(brokenReport).not.toContain('unpack ok');
    expect(brokenReport).toMatch(/ng refs\/heads\/main/);
    expect(await serverRefs(project)).toEqual(before);

    for (const ref of ['refs/heads/a..b', 'refs/heads/bell\u0007', 'refs/heads/x.lock', 'refs/remotes/x']) {
      const answer = await rawPost(
        project,
        'git-receive-pack',
        Buffer.concat([command(ref, '0'.repeat(40), base, 'report-status side-band-64k'), Buffer.from('0000')]),
        { authorization },
      );
      expect(answer.status).toBe(200);
      const report = Buffer.from(await answer.arrayBuffer()).toString('latin1');
      expect(report, ref).toContain(`ng ${ref} `);
    }
    const garbage = await rawPost(project, 'git-receive-pack', Buffer.from('this is not git'), { authorization });
    expect(garbage.status).toBe(400);
    expect(await serverRefs(project)).toEqual(before);
    await expectFsckClean(project);
  });

  it('refuses a push over the size limit (413), sent whole or streamed, the repository intact', async () => {
    const { a } = suite.world;
    const project = await publish(a.owner);
    const authorization = basic((await accessToken(a.owner)).token);
    const dir = await withMain(project, authorization);
    const before = await serverRefs(project);
    const whole = await rawPost(project, 'git-receive-pack', Buffer.alloc(MAX_PUSH_BYTES + 1), { authorization });
    expect(whole.status).toBe(413);
    expect(((await whole.json()) as Loose).code).toBe('PAYLOAD_TOO_LARGE');
    // A real pack, streamed (no Content-Length): git reads it as it comes until the limit cuts it off.
    const base = before['refs/heads/main'] as string;
    const next = await hosting.cli.commit(dir, 'noise.bin', randomBytes(3 * 1024 * 1024));
    const pack = spawnSync('git', ['pack-objects', '--revs', '--stdout', '--compression=0'], {
      cwd: dir,
      input: `${next}\n^${base}\n`,
      maxBuffer: 64 * 1024 * 1024,
    }).stdout;
    expect(pack.length).toBeGreaterThan(MAX_PUSH_BYTES);
    const head = Buffer.concat([pktLine(`${base} ${next} refs/heads/main\0report-status\n`), Buffer.from('0000')]);
    const streamed = await fetch(`${urlOf(project)}/git-receive-pack`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-git-receive-pack-request', authorization },
      body: new ReadableStream({
        start(controller) {
          controller.enqueue(head);
          for (let at = 0; at < pack.length; at += 64 * 1024) controller.enqueue(pack.subarray(at, at + 64 * 1024));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    // The git CLI hears it too.
    const pushed = await hosting.cli.run(['push', 'origin', 'main'], { cwd: dir, authorization });
    expect(pushed.code).not.toBe(0);
    expect(await serverRefs(project)).toEqual(before);
    await expectFsckClean(project);
  });

  it('kills a stalled push (408) and one whose client hung up; the lock is free again and the repository intact', async () => {
    const { a } = suite.world;
    const project = await publish(a.owner);
    const authorization = basic((await accessToken(a.owner)).token);
    const dir = await withMain(project, authorization);
    const before = await serverRefs(project);
    const base = before['refs/heads/main'] as string;
    const next = await hosting.cli.commit(dir, 'noise.bin', randomBytes(512 * 1024));
    const pack = spawnSync('git', ['pack-objects', '--revs', '--stdout', '--compression=0'], {
      cwd: dir,
      input: `${next}\n^${base}\n`,
      maxBuffer: 64 * 1024 * 1024,
    }).stdout;
    const head = Buffer.concat([pktLine(`${base} ${next} refs/heads/main\0report-status\n`), Buffer.from('0000')]);
    // Half the pack, then nothing: the client stalls.
    const stalling = (onPulled?: () => void) =>
      new ReadableStream({
        start(controller) {
          controller.enqueue(head);
          controller.enqueue(pack.subarray(0, pack.length / 2));
        },
        pull() {
          onPulled?.();
        },
      });
    const impatient = testApp(suite.database.db, { git: { root: gitRoot, limits: { idleTimeoutMs: 200 } } });
    try {
      const port = await listenOnLoopback(impatient);
      const stalled = await fetch(`${urlOf(project, port)}/git-receive-pack`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-git-receive-pack-request', authorization },
        body: stalling(),
        duplex: 'half',
      } as RequestInit);
      expect(stalled.status).toBe(408);
      expect(((await stalled.json()) as Loose).code).toBe('TIMEOUT');
    } finally {
      await impatient.close();
    }
    // A client that hangs up mid-pack: git is killed, the push lock let go.
    const abort = new AbortController();
    let pulls = 0;
    const hungUp = fetch(`${urlOf(project)}/git-receive-pack`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-git-receive-pack-request', authorization },
      body: stalling(() => {
        if (++pulls === 2) abort.abort();
      }),
      duplex: 'half',
      signal: abort.signal,
    } as RequestInit);
    await expect(hungUp).rejects.toThrow();
    expect(await serverRefs(project)).toEqual(before);
    await hosting.cli.ok(['push', '-q', 'origin', 'main'], { cwd: dir, authorization });
    expect((await serverRefs(project))['refs/heads/main']).toBe(next);
    await expectFsckClean(project);
  });

  it('refuses an access token sent in clear from another machine, unless a trusted TLS proxy forwarded it', async () => {
    const { a } = suite.world;
    const project = await publish(a.owner);
    const token = (await accessToken(a.owner, 'read')).token;
    const url = `${project.gitPath}/info/refs?service=git-upload-pack`;
    const remote = await suite.app.inject({
      url,
      remoteAddress: '203.0.113.9',
      headers: { authorization: basic(token), 'x-forwarded-proto': 'https' },
    });
    expect(remote.statusCode).toBe(403);
    expect(remote.json().code).toBe('TLS_REQUIRED');
    const local = await suite.app.inject({ url, remoteAddress: '127.0.0.1', headers: { authorization: basic(token) } });
    expect(local.statusCode).toBe(200);
    expect(local.headers['content-type']).toBe('application/x-git-upload-pack-advertisement');
  });

  it('serves the desktop: a device credential publishes, makes tokens, clones and pushes; audited with the device', async () => {
    const { a } = suite.world;
    const device = await registerDevice(suite.client, a.member, 'desktop');
    const bearer = { authorization: `Bearer ${device.credential}` };
    const published = await suite.client.call({
      method: 'POST',
      url: '/projects',
      headers: bearer,
      payload: { id: uuidv4(), slug: `desktop-${++slugs}`, name: 'From the desktop' },
    });
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    const project = published.body as unknown as Project;
    expect(project.createdBy).toBe(a.member.id);
    const listed = await suite.client.call({ method: 'GET', url: '/projects', headers: bearer });
    expect((listed.body.projects as Loose[]).map((p) => p.id)).toContain(project.id);
    const token = await suite.client.call({
      method: 'POST',
      url: '/auth/tokens',
      headers: bearer,
      payload: { name: 'for the CLI', scope: 'read' },
    });
    expect(token.status).toBe(201);

    const dir = await withMain(project, `Bearer ${device.credential}`);
    const head = (await hosting.cli.ok(['rev-parse', 'HEAD'], { cwd: dir })).trim();
    const push = (await auditEntries(a.id, a.sovereign)).find(
      (entry) => entry.action === 'git.pushed' && entry.subject === `project:${project.id}`,
    );
    expect(push?.data).toMatchObject({ ref: 'refs/heads/main', new: head, device: device.deviceId, accessToken: null });
    // A revoked device is refused at once.
    const revoke = await suite.client.call({
      method: 'DELETE',
      url: `/devices/${device.deviceId}`,
      token: a.member.token,
    });
    expect(revoke.status).toBe(200);
    const refused = await fetch(`${urlOf(project)}/info/refs?service=git-upload-pack`, { headers: bearer });
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as Loose).code).toBe('DEVICE_REVOKED');
    await expectFsckClean(project);
  });

  it('fetches with a gzipped negotiation, as git sends large ones', async () => {
    const { a } = suite.world;
    const project = await publish(a.owner);
    const authorization = basic((await accessToken(a.owner)).token);
    const dir = await withMain(project, authorization);
    const head = (await hosting.cli.ok(['rev-parse', 'HEAD'], { cwd: dir })).trim();
    const { gzipSync } = await import('node:zlib');
    const want = Buffer.concat([pktLine(`want ${head} ofs-delta\n`), Buffer.from('0000'), pktLine('done\n')]);
    const answer = await rawPost(project, 'git-upload-pack', gzipSync(want), {
      authorization,
      'content-encoding': 'gzip',
    });
    expect(answer.status).toBe(200);
    const body = Buffer.from(await answer.arrayBuffer());
    expect(body.toString('latin1')).toContain('PACK');
    const notGzip = await rawPost(project, 'git-upload-pack', want, { authorization, 'content-encoding': 'gzip' });
    expect(notGzip.status).toBe(400);
  });
});
