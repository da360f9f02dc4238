import { join } from 'node:path';
import { v4 as uuidv4 } from 'uuid';
import { expect, it } from 'vitest';
import { pgliteTestDatabase } from './support/databases.js';
import { basic, gitHostingSuite } from './support/git-cli.js';

// The embedded database has one connection: a push holds the repository's lock in the process instead
// of in a transaction, and the rest of the server keeps answering meanwhile.
const hosting = gitHostingSuite(pgliteTestDatabase);
const { suite, gitRoot } = hosting;

it('publishes, pushes and queues racing pushes on PGlite', async () => {
  const { a } = suite.world;
  const published = await suite.client.call({
    method: 'POST',
    url: '/projects',
    token: a.owner.token,
    payload: { id: uuidv4(), slug: 'embedded', name: 'Embedded' },
  });
  expect(published.status).toBe(201);
  const url = `http://127.0.0.1:${suite.port}${published.body.gitPath}`;
  const created = await suite.client.call({
    method: 'POST',
    url: '/auth/tokens',
    token: a.owner.token,
    payload: { name: 'cli', scope: 'read-write' },
  });
  const authorization = basic(created.body.token as string);
  const seed = await hosting.cli.folder('seed');
  await hosting.cli.ok(['clone', '-q', url, seed], { authorization });
  await hosting.cli.commit(seed, 'README.md', 'seed\n');
  await hosting.cli.ok(['push', '-q', 'origin', 'main'], { cwd: seed, authorization });
  const dirs = [await hosting.cli.folder('one'), await hosting.cli.folder('two')];
  for (const [index, dir] of dirs.entries()) {
    await hosting.cli.ok(['clone', '-q', url, dir], { authorization });
    await hosting.cli.commit(dir, `file-${index}.txt`, `${index}\n`);
  }
  const results = await Promise.all(
    dirs.map((dir) => hosting.cli.run(['push', 'origin', 'main'], { cwd: dir, authorization })),
  );
  expect(
    results.filter((result) => result.code === 0),
    results.map((r) => r.stderr).join('\n'),
  ).toHaveLength(1);
  expect(results.find((result) => result.code !== 0)?.stderr).toMatch(/fetch first/);
  const repository = join(gitRoot, a.id, `${published.body.id}.git`);
  const fsck = await hosting.cli.run(['--git-dir', repository, 'fsck', '--strict', '--no-progress']);
  expect(fsck.code, fsck.stderr).toBe(0);
});
