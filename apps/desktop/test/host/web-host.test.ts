import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Core, createCore } from '@webnova/core';
import type { ReplyMessage, ServerMessage } from '@webnova/core/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startWebHost, type WebHost } from '../../src/host/web-host.js';
import { apiProtocols } from '../../src/shared/access-protocol.js';

const token = 'test-token-0123456789';
let dir: string;
let core: Core;
let host: WebHost;
let base: string;

function connect(given = token, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api`, apiProtocols(given), { headers });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

function call(ws: WebSocket, message: unknown): Promise<ReplyMessage> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const reply = JSON.parse(data.toString()) as ServerMessage;
      if (reply.type === 'event') return;
      ws.off('message', onMessage);
      resolve(reply);
    };
    ws.on('message', onMessage);
    ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'webnova-host-'));
  const root = join(dir, 'project');
  const renderer = join(dir, 'renderer');
  await mkdir(join(root, 'src'), { recursive: true });
  await mkdir(renderer, { recursive: true });
  await writeFile(join(root, 'src', 'hello.ts'), 'export const hello = 1;\n');
  await writeFile(join(dir, 'secret.txt'), 'outside the workspace');
  await symlink(join(dir, 'secret.txt'), join(root, 'escape.txt'));
  await writeFile(join(renderer, 'index.html'), '<!doctype html><title>WebNova</title>');
  core = await createCore({ dataDir: join(dir, 'data'), host: 'web', version: '0.0.0-test' });
  await core.openWorkspace(root);
  host = await startWebHost({ core, rendererDir: renderer, host: '127.0.0.1', port: 0, token });
  base = `http://127.0.0.1:${host.port}`;
});

afterAll(async () => {
  await host?.close();
  await core?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('web host over HTTP', () => {
  it('serves the renderer with a strict Content-Security-Policy', async () => {
    const response = await fetch(`${base}/`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>WebNova</title>');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('refuses paths outside the renderer folder and other methods', async () => {
    expect((await fetch(`${base}/..%2Fsecret.txt`)).status).toBe(404);
    expect((await fetch(`${base}/%2e%2e/%2e%2e/etc/passwd`)).status).toBe(404);
    expect((await fetch(`${base}/`, { method: 'POST' })).status).toBe(405);
  });
});

describe('web host API over WebSocket', () => {
  it('answers a call with the same request id', async () => {
    const ws = await connect();
    const reply = await call(ws, { type: 'call', id: 'r1', method: 'fs.read', params: { path: 'src/hello.ts' } });
    expect(reply).toMatchObject({ type: 'result', id: 'r1', result: { content: 'export const hello = 1;\n' } });
    ws.close();
  });

  it('refuses a connection without the right token with 401, before upgrading', async () => {
    for (const given of ['', 'wrong', `${token}x`]) await expect(connect(given)).rejects.toThrow(/401/);
  });

  it('refuses a browser connection from another origin', async () => {
    await expect(connect(token, { Origin: 'http://evil.example' })).rejects.toThrow(/403/);
  });

  it('prints a URL with the token only in its fragment, which no request carries', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/#token=${token}`);
  });

  it('answers bad input with typed errors and keeps serving', async () => {
    const ws = await connect();
    expect(await call(ws, 'not json')).toMatchObject({ type: 'error', id: null, error: { code: 'INVALID_INPUT' } });
    expect(await call(ws, { type: 'call', id: 'r2', method: 'no.such', params: {} })).toMatchObject({
      id: 'r2',
      error: { code: 'UNKNOWN_METHOD' },
    });
    expect(await call(ws, { type: 'call', id: 'r3', method: 'fs.read', params: { path: 42 } })).toMatchObject({
      id: 'r3',
      error: { code: 'INVALID_INPUT', details: [{ path: 'path' }] },
    });
    expect(
      await call(ws, { type: 'call', id: 'r4', method: 'fs.read', params: { path: '../secret.txt' } }),
    ).toMatchObject({ id: 'r4', error: { code: 'PATH_OUTSIDE_WORKSPACE' } });
    expect(await call(ws, { type: 'call', id: 'r5', method: 'fs.read', params: { path: 'escape.txt' } })).toMatchObject(
      {
        id: 'r5',
        error: { code: 'PATH_OUTSIDE_WORKSPACE' },
      },
    );
    expect(await call(ws, { type: 'call', id: 'r6', method: 'app.info', params: {} })).toMatchObject({
      id: 'r6',
      result: { host: 'web', version: '0.0.0-test' },
    });
    ws.close();
  });

  it('streams file changes to connected clients', async () => {
    const ws = await connect();
    const changed = new Promise<unknown>((resolve) => {
      ws.on('message', (data) => {
        const message = JSON.parse(data.toString()) as ServerMessage;
        if (message.type === 'event' && message.event === 'fs.changed') resolve(message.payload);
      });
    });
    await writeFile(join(dir, 'project', 'src', 'new.ts'), 'export {};\n');
    expect(await changed).toMatchObject({
      changes: expect.arrayContaining([expect.objectContaining({ path: 'src/new.ts' })]),
    });
    ws.close();
  });
});
