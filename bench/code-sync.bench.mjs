// Code sync: a 5,000-file project published by the desktop (isomorphic-git over HTTP to the real
// server, the device credential as a header) beside the git command line pushing the same repository
// to a second project of the same server; then the desktop's clone of it (`git.cloneFromServer`)
// beside `git clone` of the same repository, in alternate rounds. One server (`webnova-server` on a
// fresh PostgreSQL database), one run; the command line's token travels in its environment's
// configuration (GIT_CONFIG_*), never on its command line.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tsImport } from 'tsx/esm/api';
import { createDatabase, startServer } from '../apps/server/scripts/bench-server.mjs';
import { baseline, cleanup, interleaved, report, summarize, tempDir, timed } from './lib.mjs';

const { createCore } = await tsImport('../packages/core/src/api/core.ts', import.meta.url);
const FILES_PER_FOLDER = 50;
const FOLDERS = 100;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

const dir = await tempDir('webnova-bench-code-sync-');
const database = await createDatabase('webnova_bench_code_sync');
const server = await startServer(database.url, { quiet: true });
let core;
try {
  const { id: tenantId } = await server.api('POST', '/tenants', server.rootToken, { name: 'Bench clinic' });
  const email = 'owner@bench.example';
  const owner = await server.person(server.rootToken, tenantId, email, 'owner');

  const project = join(dir, 'clinic');
  for (let d = 0; d < FOLDERS; d++) {
    await mkdir(join(project, 'src', `m${d}`), { recursive: true });
    for (let f = 0; f < FILES_PER_FOLDER; f++) {
      await writeFile(join(project, 'src', `m${d}`, `f${f}.ts`), `export const v${d}_${f} = ${d * f};\n`);
    }
  }
  const identity = {
    GIT_AUTHOR_NAME: 'Bench',
    GIT_AUTHOR_EMAIL: 'bench@example.com',
    GIT_COMMITTER_NAME: 'Bench',
    GIT_COMMITTER_EMAIL: 'bench@example.com',
  };
  let token = '';
  const cli = (cwd, args) =>
    execFileSync('git', ['-c', 'init.defaultBranch=main', ...args], {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        ...identity,
        GIT_TERMINAL_PROMPT: '0',
        GIT_CONFIG_COUNT: '1',
        GIT_CONFIG_KEY_0: 'http.extraHeader',
        GIT_CONFIG_VALUE_0: `Authorization: Basic ${Buffer.from(`bench:${token}`).toString('base64')}`,
      },
    });
  cli(project, ['init', '-q']);
  cli(project, ['add', '-A']);
  cli(project, ['commit', '-q', '-m', '5,000 files']);

  core = await createCore({ dataDir: join(dir, 'data'), host: 'web', version: 'bench' });
  const call = async (method, params = {}) => {
    const reply = await core.dispatch({ type: 'call', id: randomUUID(), method, params });
    if (reply.type !== 'result') throw new Error(`${method}: ${JSON.stringify(reply.error)}`);
    return reply.result;
  };
  await call('sync.signIn', {
    server: server.base,
    email,
    password: `${email} bench passphrase`,
    deviceName: 'Bench desk',
  });
  await call('git.setAuthor', { name: 'Bench', email: 'bench@example.com' });
  await core.openWorkspace(project);
  token = (await call('git.createAccessToken', { name: 'bench', scope: 'read-write' })).token;

  // Publish: once each (a project is published once); the command line pushes the same commits (and
  // the key commit the desktop added) to a project of its own, made through the same route.
  const published = await timed(() => call('git.publish', { slug: 'bench-desktop' }));
  const other = await server.api('POST', '/projects', owner.token, {
    id: randomUUID(),
    slug: 'bench-cli',
    name: 'CLI',
  });
  const pushed = await timed(async () => cli(project, ['push', '-q', `${server.base}${other.gitPath}`, 'main']));
  report(
    'code-sync',
    'publish 5,000 files (desktop, isomorphic-git)',
    'ms',
    summarize([published]),
    baseline('git push (CLI)', [pushed]),
  );

  const { projects } = await call('git.serverProjects');
  const hosted = projects.find((candidate) => candidate.slug === 'bench-desktop');
  const [desktopClones, cliClones] = await interleaved(ROUNDS, [
    (round) =>
      timed(() => call('git.cloneFromServer', { projectId: hosted.id, folder: join(dir, `desktop-${round}`) })),
    (round) =>
      timed(async () => cli(dir, ['clone', '-q', `${server.base}${hosted.gitPath}`, join(dir, `cli-${round}`)])),
  ]);
  const files = cli(join(dir, 'desktop-0'), ['ls-files']).toString().trim().split('\n').length;
  if (files !== FOLDERS * FILES_PER_FOLDER + 1) throw new Error(`the desktop's clone has ${files} files`);
  if (cli(join(dir, 'desktop-0'), ['status', '--porcelain']).toString() !== '')
    throw new Error('the clone is not clean');
  report(
    'code-sync',
    'clone 5,000 files (desktop, isomorphic-git)',
    'ms',
    summarize(desktopClones),
    baseline('git clone (CLI)', cliClones),
  );
} finally {
  await core?.close();
  await server.stop();
  await database.drop();
  await cleanup(dir);
}
