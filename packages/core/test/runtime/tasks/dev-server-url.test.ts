import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  findDevServerUrl,
  findPortMention,
  findSetupPath,
  probePort,
} from '../../../src/runtime/tasks/dev-server-url.js';
import { OutputBuffer } from '../../../src/runtime/tasks/output-buffer.js';

describe('dev server address in output', () => {
  it.each([
    [
      '  \u001b[32m➜\u001b[39m  \u001b[1mLocal\u001b[22m:   \u001b[36mhttp://localhost:\u001b[1m5173\u001b[22m/\u001b[39m',
      'http://localhost:5173/',
    ],
    ['   - Local:        http://localhost:3000', 'http://localhost:3000/'],
    ['ready - started server on 0.0.0.0:3000, url: http://0.0.0.0:3000', 'http://localhost:3000/'],
    ['Server running at http://127.0.0.1:8080/app.', 'http://127.0.0.1:8080/app'],
    ['Listening on http://[::1]:4000', 'http://[::1]:4000/'],
  ])('finds it in %j', (line, url) => {
    expect(findDevServerUrl(line)).toBe(url);
  });

  it.each([
    '  ➜  Network: http://192.168.1.20:5173/',
    'see https://vitejs.dev/config/ for options',
    'compiled successfully',
  ])('finds none in %j', (line) => {
    expect(findDevServerUrl(line)).toBeNull();
  });

  it('reads a port from Express-style lines', () => {
    expect(findPortMention('Example app listening on port 3000')).toBe(3000);
    expect(findPortMention('Server started on :8081')).toBe(8081);
    expect(findPortMention('\u001b[33mlistening\u001b[0m at port: 4321')).toBe(4321);
    expect(findPortMention('3000 tests passed')).toBeNull();
  });

  it('probes a port', async () => {
    const server = createServer(() => {});
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    expect(await probePort(port)).toBe(true);
    await new Promise((resolve) => server.close(resolve));
    expect(await probePort(port)).toBe(false);
  });
});

describe('task output buffer', () => {
  it('keeps the newest text within its limit, cut at a line break', () => {
    const buffer = new OutputBuffer(100);
    for (let i = 0; i < 50; i++) buffer.append(`line ${i}\n`);
    expect(buffer.text.length).toBeLessThanOrEqual(100);
    expect(buffer.text.startsWith('line ')).toBe(true);
    expect(buffer.text.endsWith('line 49\n')).toBe(true);
    expect(buffer.seq).toBe(50);
  });
});

describe('a generated platform waiting for its first owner', () => {
  it('is found in a line of output, colours or not, and nothing else is taken for it', () => {
    const token = 'AbC-_0123456789abcdefghijklmnopqrstuvwxyzZ';
    expect(findSetupPath(`  (or open the web app at #/setup/${token})`)).toBe(`#/setup/${token}`);
    expect(findSetupPath(`\u001b[36m#/setup/${token}\u001b[0m`)).toBe(`#/setup/${token}`);
    expect(findSetupPath('open #/setup/short')).toBeNull();
    expect(findSetupPath('GET /setup/abcdefghijklmnopqrstuvwxyz 200')).toBeNull();
    expect(findSetupPath('Local: http://localhost:5173/')).toBeNull();
  });
});
