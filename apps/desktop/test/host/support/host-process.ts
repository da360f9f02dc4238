// A web host in a process of its own, for tests that must show it survives what a peer sends: an
// uncaught error would end this process, not the test runner. Prints one JSON line with its
// address (the token only in the URL's fragment, on stdout, as serve-web prints it), then serves
// until SIGTERM. Run with `node --import tsx`.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore } from '@webnova/core';
import { startWebHost } from '../../../src/host/web-host.js';

const dir = await mkdtemp(join(tmpdir(), 'webnova-host-proc-'));
const root = join(dir, 'project');
const renderer = join(dir, 'renderer');
await mkdir(root, { recursive: true });
await mkdir(renderer, { recursive: true });
await writeFile(join(root, 'hello.txt'), 'hello\n');
await writeFile(join(renderer, 'index.html'), '<!doctype html><title>WebNova</title>');
const core = await createCore({ dataDir: join(dir, 'data'), host: 'web', version: '0.0.0-test' });
await core.openWorkspace(root);
const host = await startWebHost({
  core,
  rendererDir: renderer,
  host: '127.0.0.1',
  port: 0,
  // Short enough that a test sees a slow peer dropped; the defaults are 10 s and 30 s.
  timeouts: { headersMs: 1_500, requestMs: 3_000, checkEveryMs: 250 },
});
process.stdout.write(`${JSON.stringify({ url: host.url, port: host.port, pid: process.pid })}\n`);
process.once('SIGTERM', async () => {
  await host.close();
  await core.close();
  await rm(dir, { recursive: true, force: true });
  process.exit(0);
});
