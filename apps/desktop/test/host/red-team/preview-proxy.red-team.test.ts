// The live preview's proxy (core) against DNS rebinding: it rewrites Host to the dev server's own,
// so it must refuse every request that does not name the proxy itself, or a page on another site
// could read the dev server (and reach its HMR socket) through it.
import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PreviewProxies } from '../../../../../packages/core/src/runtime/tasks/preview-proxy.js';
import { rawExchange, statusOf, upgradeRequest } from '../support/raw-peer.js';
import { named, type RedTeamCase } from '../support/red-team.js';

let devServer: Server;
const devSockets = new Set<Socket>();
/** What reached the dev server: the proxy must pass nothing it refused. */
const seen: string[] = [];
let proxies: PreviewProxies;
let proxyPort: number;

beforeAll(async () => {
  devServer = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'content-type': 'text/plain' }).end('dev server page');
  });
  devServer.on('upgrade', (req, socket: Socket) => {
    seen.push(`upgrade ${req.url}`);
    socket.end('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n');
  });
  devServer.on('connection', (socket) => {
    devSockets.add(socket);
    socket.once('close', () => devSockets.delete(socket));
  });
  await new Promise<void>((resolve) => devServer.listen(0, '127.0.0.1', resolve));
  const { port } = devServer.address() as { port: number };
  proxies = new PreviewProxies();
  proxyPort = Number(new URL(await proxies.previewUrl(`http://127.0.0.1:${port}/`)).port);
});

afterAll(async () => {
  await proxies?.closeAll();
  for (const socket of devSockets) socket.destroy();
  await new Promise((resolve) => devServer.close(resolve));
});

const get = (host: string | null, version = '1.1') =>
  rawExchange(
    proxyPort,
    `GET /secret HTTP/${version}\r\n${host === null ? '' : `Host: ${host}\r\n`}Connection: close\r\n\r\n`,
  );

const cases: RedTeamCase<number>[] = [
  {
    attack: 'a rebinding page asks for a file: Host evil.example:<proxy port>',
    expected: '403; the dev server never sees the request',
    async run(port) {
      expect(statusOf(await get(`evil.example:${port}`))).toBe(403);
    },
  },
  {
    attack: 'the proxy address with another port: Host 127.0.0.1:<port+1>',
    expected: '403',
    async run(port) {
      expect(statusOf(await get(`127.0.0.1:${port + 1}`))).toBe(403);
    },
  },
  {
    attack: 'IPv6 and look-alike spellings: [::1], localhost., 127.0.0.1:<port>.evil.example',
    expected: '403 for each (the proxy listens on 127.0.0.1 only)',
    async run(port) {
      for (const host of [`[::1]:${port}`, `localhost.:${port}`, `127.0.0.1:${port}.evil.example`]) {
        expect(statusOf(await get(host))).toBe(403);
      }
    },
  },
  {
    attack: 'no Host at all (HTTP/1.0)',
    expected: '403',
    async run() {
      expect(statusOf((await get(null, '1.0')).replace('HTTP/1.0', 'HTTP/1.1'))).toBe(403);
    },
  },
  {
    attack: 'a rebinding page opens the HMR WebSocket through the proxy: upgrade with Host evil.example:<port>',
    expected: '403; no upgrade reaches the dev server',
    async run(port) {
      expect(
        statusOf(await rawExchange(port, upgradeRequest({ port, path: '/hmr', host: `evil.example:${port}` }))),
      ).toBe(403);
    },
  },
  {
    attack: 'an upgrade with no Host',
    expected: 'refused (Node answers 400 for HTTP/1.1 without Host)',
    async run(port) {
      expect([400, 403]).toContain(
        statusOf(await rawExchange(port, upgradeRequest({ port, path: '/hmr', host: null }))),
      );
    },
  },
];

describe('red team, preview proxy: Host header', () => {
  it.each(named(cases))('%s', async (_name, attack) => {
    seen.length = 0;
    await attack.run(proxyPort);
    expect(seen).toEqual([]);
  });

  it('control: the frame and Vite’s HMR client, which name the proxy itself, are served', async () => {
    seen.length = 0;
    expect(await get(`localhost:${proxyPort}`)).toContain('dev server page');
    expect(await get(`127.0.0.1:${proxyPort}`)).toContain('dev server page');
    expect(statusOf(await rawExchange(proxyPort, upgradeRequest({ port: proxyPort, path: '/hmr' })))).toBe(101);
    expect(seen).toEqual(['GET /secret', 'GET /secret', 'upgrade /hmr']);
  });
});
