import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Core } from '@webnova/core';
import { createApiSocket } from './api-socket.js';
import { createStaticHandler } from './static-files.js';

export interface WebHostOptions {
  core: Core;
  rendererDir: string;
  host: string;
  port: number;
  /** Fixed only by tests; a random one per launch otherwise. */
  token?: string;
}

export interface WebHost {
  /** The address to open, token included. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** The web host: the built renderer over HTTP and core's API over WebSocket, on one port. */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const serveStatic = createStaticHandler(options.rendererDir);
  const api = createApiSocket(options.core, token);
  const server = createServer((req, res) => {
    serveStatic(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  server.on('upgrade', api.handleUpgrade);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${shownHost}:${port}/?token=${token}`,
    port,
    async close() {
      await api.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
