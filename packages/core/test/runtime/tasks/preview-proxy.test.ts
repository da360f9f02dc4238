import { createServer, request, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { PREVIEW_FRAME_ANCESTORS, PreviewProxies } from '../../../src/runtime/tasks/preview-proxy.js';
import { injectReporter, REPORTER_PATH, reporterScript } from '../../../src/runtime/tasks/reporter-script.js';

let servers: Server[] = [];
let proxies: PreviewProxies;
const sockets = new Set<Socket>();

async function stopDevServers(): Promise<void> {
  for (const socket of sockets) socket.destroy();
  sockets.clear();
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  servers = [];
}

afterEach(async () => {
  await proxies?.closeAll();
  await stopDevServers();
});

async function devServer(): Promise<string> {
  const server = createServer((req, res) => {
    if (req.url === '/') {
      res.writeHead(200, { 'content-type': 'text/html', 'x-frame-options': 'DENY' });
      res.end(`<!doctype html><html><head><title>t</title></head><body>host=${req.headers.host}</body></html>`);
    } else if (req.url === '/old') {
      res.writeHead(302, { location: `http://${req.headers.host}/` });
      res.end();
    } else {
      res.writeHead(200, {
        'content-type': 'text/javascript',
        'content-security-policy': "default-src 'self'; frame-ancestors 'none'",
      });
      res.end('export const x = 1;');
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('upgrade', (_req, socket: Socket) => {
    socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n');
    socket.on('data', (data) => socket.write(`echo:${data}`));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

async function get(url: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { headers, redirect: 'manual' });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

describe('preview proxy', () => {
  it('adds the reporter to pages and lets them be framed', async () => {
    const origin = await devServer();
    proxies = new PreviewProxies();
    const previewUrl = await proxies.previewUrl(`${origin}/`);
    expect(previewUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(previewUrl).not.toBe(`${origin}/`);
    const page = await get(previewUrl, { accept: 'text/html' });
    expect(page.text).toContain(`<head><script src="${REPORTER_PATH}"></script><title>`);
    expect(page.text).toContain(`host=${new URL(origin).host}`);
    expect(page.headers.get('x-frame-options')).toBeNull();
    expect(page.headers.get('content-security-policy')).toBe(PREVIEW_FRAME_ANCESTORS);
    const script = await get(new URL(REPORTER_PATH, previewUrl).href);
    expect(script.text).toContain('webnova:console');
  });

  it('passes other files through, lets only the IDE frame them, and rewrites redirects', async () => {
    const origin = await devServer();
    proxies = new PreviewProxies();
    const previewUrl = await proxies.previewUrl(`${origin}/`);
    const module = await get(new URL('/src/main.js', previewUrl).href);
    expect(module.text).toBe('export const x = 1;');
    expect(module.headers.get('content-security-policy')).toBe(`default-src 'self'; ${PREVIEW_FRAME_ANCESTORS}`);
    const redirect = await get(new URL('/old', previewUrl).href);
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toBe(new URL('/', previewUrl).href);
    expect(await proxies.previewUrl(`${origin}/other?q=1`)).toBe(new URL('/other?q=1', previewUrl).href);
  });

  it('pipes WebSocket upgrades (hot reloading) both ways', async () => {
    const origin = await devServer();
    proxies = new PreviewProxies();
    const previewUrl = new URL(await proxies.previewUrl(`${origin}/`));
    const socket = await new Promise<Socket>((resolve, reject) => {
      const req = request({
        host: previewUrl.hostname,
        port: previewUrl.port,
        path: '/?token=x',
        headers: { connection: 'Upgrade', upgrade: 'websocket' },
      });
      req.on('upgrade', (_res, upgraded) => resolve(upgraded));
      req.on('error', reject);
      req.end();
    });
    const answer = new Promise<string>((resolve) => socket.once('data', (data) => resolve(String(data))));
    socket.write('ping');
    expect(await answer).toBe('echo:ping');
    socket.destroy();
  });

  it('answers 502 when the dev server is gone', async () => {
    const origin = await devServer();
    proxies = new PreviewProxies();
    const previewUrl = await proxies.previewUrl(`${origin}/`);
    await stopDevServers();
    const page = await get(previewUrl);
    expect(page.status).toBe(502);
  });

  it('injects into pages without a head', () => {
    expect(injectReporter('<html><body>x</body></html>')).toBe(
      `<html><script src="${REPORTER_PATH}"></script><body>x</body></html>`,
    );
    expect(injectReporter('hello')).toBe(`<script src="${REPORTER_PATH}"></script>hello`);
  });
});

describe('the reporter in a page framed by someone else', () => {
  it('stays silent and leaves the console alone when the parent is not the IDE', () => {
    for (const ancestor of ['https://evil.example', 'http://127.0.0.1.evil.example:80', 'null', '']) {
      const posted: unknown[] = [];
      const fakeConsole = { error: () => {}, warn: () => {} };
      const originalError = fakeConsole.error;
      const parent = { postMessage: (message: unknown) => posted.push(message) };
      const window = { parent, addEventListener: () => posted.push('listened') };
      const location = { ancestorOrigins: ancestor ? [ancestor] : [] };
      new Function('window', 'location', 'console', reporterScript)(window, location, fakeConsole);
      expect(posted, ancestor).toEqual([]);
      expect(fakeConsole.error, ancestor).toBe(originalError);
    }
  });
});
