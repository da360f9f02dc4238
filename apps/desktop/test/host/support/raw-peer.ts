import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { apiProtocols } from '../../../src/shared/access-protocol.js';

export interface HostProcess {
  url: string;
  port: number;
  token: string;
  child: ChildProcess;
  /** Whether the process is still running (a crash ends it). */
  alive(): boolean;
  stop(): Promise<void>;
}

const script = fileURLToPath(new URL('./host-process.ts', import.meta.url));

/** Starts `host-process.ts` and waits for the address it prints. */
export async function startHostProcess(): Promise<HostProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const line = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    child.stdout?.on('data', (chunk) => {
      stdout += chunk;
      const end = stdout.indexOf('\n');
      if (end >= 0) resolve(stdout.slice(0, end));
    });
    child.once('exit', (code) => reject(new Error(`host process exited with ${code}: ${stderr}`)));
  });
  const { url, port } = JSON.parse(line) as { url: string; port: number };
  const token = new URLSearchParams(new URL(url).hash.slice(1)).get('token') ?? '';
  return {
    url,
    port,
    token,
    child,
    alive: () => child.exitCode === null && child.signalCode === null,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * Sends raw bytes to a port and collects everything that comes back until the peer closes. Each
 * write is a separate argument so a test can send a request and frames after it.
 */
export function rawExchange(port: number, ...writes: Array<string | Buffer>): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    // A reset is also an answer: the host hung up.
    socket.on('error', () => {});
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
    socket.on('connect', () => {
      for (const data of writes) socket.write(data);
    });
  });
}

/** The status code of a raw HTTP answer, or 0 when the peer closed without one. */
export function statusOf(answer: string): number {
  return Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);
}

/** A WebSocket upgrade request as a browser or a script would write it. */
export function upgradeRequest(options: {
  port: number;
  path?: string;
  host?: string | null;
  origin?: string;
  protocols?: string[];
  headers?: Record<string, string>;
}): string {
  const lines = [`GET ${options.path ?? '/api'} HTTP/1.1`];
  if (options.host !== null) lines.push(`Host: ${options.host ?? `127.0.0.1:${options.port}`}`);
  lines.push('Upgrade: websocket', 'Connection: Upgrade', `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`);
  lines.push('Sec-WebSocket-Version: 13');
  if (options.origin) lines.push(`Origin: ${options.origin}`);
  if (options.protocols) lines.push(`Sec-WebSocket-Protocol: ${options.protocols.join(', ')}`);
  for (const [name, value] of Object.entries(options.headers ?? {})) lines.push(`${name}: ${value}`);
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/** The header of a masked client frame announcing `length` bytes (the payload need not follow). */
export function frameHeader(length: number, opcode = 0x1, firstByteExtra = 0): Buffer {
  const first = 0x80 | firstByteExtra | opcode;
  const mask = randomBytes(4);
  if (length < 126) return Buffer.concat([Buffer.from([first, 0x80 | length]), mask]);
  if (length < 65_536) {
    const header = Buffer.from([first, 0x80 | 126, 0, 0]);
    header.writeUInt16BE(length, 2);
    return Buffer.concat([header, mask]);
  }
  const header = Buffer.alloc(10);
  header[0] = first;
  header[1] = 0x80 | 127;
  header.writeBigUInt64BE(BigInt(length), 2);
  return Buffer.concat([header, mask]);
}

/** Opens the API socket as a client outside the page would, with the token as a subprotocol. */
export function openApi(port: number, token: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api`, apiProtocols(token), { headers });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** The next reply (not an event) on an open API socket, after sending `data` as given. */
export function nextReply(ws: WebSocket, data: string | Buffer, binary = false): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const onMessage = (raw: WebSocket.RawData) => {
      const message = JSON.parse(raw.toString()) as Record<string, unknown>;
      if (message.type === 'event') return;
      ws.off('message', onMessage);
      resolve(message);
    };
    ws.on('message', onMessage);
    ws.send(data, { binary });
  });
}

/** The close code of an API socket, once it closes. */
export function closeCode(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => {
    if (ws.readyState === WebSocket.CLOSED) resolve(1006);
    ws.once('close', (code) => resolve(code));
  });
}
