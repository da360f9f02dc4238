import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { connect, type Socket } from 'node:net';

/** The faults a device's link to the server suffers; counted per run. */
export type FaultKind = 'offline' | 'duplicated' | 'reordered' | 'lostAnswer' | 'killed' | 'pokeCut';

export interface FaultHooks {
  /** Draws 0 ≤ x < 1 from the seed's generator for this device. */
  random(): number;
  /** The server's port now. */
  serverPort(): number;
  /** May the server be killed in this push? (the run bounds the kills a seed makes). */
  mayKill(): boolean;
  /** `kill -9`s the server and starts it again on the same database; settles once it serves again. */
  killServer(): Promise<void>;
  fault(kind: FaultKind, detail: string): void;
}

interface Held {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: Buffer;
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/**
 * One device's link to the server: a loopback HTTP proxy that the device's sync engine takes for the
 * server. Driven by the seed's generator it refuses connections (`offline`), forwards a push twice, holds
 * a push back and delivers it after the next request (the device sees its answer lost, resends, and the
 * old copy lands late), drops an answer after the server acted on it, has the server killed while a
 * push is in it, and lets the poke WebSocket through or cuts it. Requests of one device come one at a
 * time (its rounds never overlap and the run awaits each), so a seed draws the same faults each run.
 */
export class FaultProxy {
  /** Refuse every connection (the device is offline). */
  offline = false;
  /** The chance that a request suffers a fault; 0 while healing. */
  chance = 0;
  readonly #hooks: FaultHooks;
  readonly #server: Server;
  readonly #pokes = new Set<Socket>();
  #held: Held | null = null;
  port = 0;

  constructor(hooks: FaultHooks) {
    this.#hooks = hooks;
    this.#server = createServer((req, res) => void this.#handle(req, res));
    this.#server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) =>
      this.#upgrade(req, socket, head),
    );
  }

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    const address = this.#server.address();
    if (!address || typeof address === 'string') throw new Error('the proxy is not on a port');
    this.port = address.port;
  }

  /** Cuts the device's poke sockets (it pulls on its rounds anyway). */
  cutPokes(): void {
    for (const socket of this.#pokes) socket.destroy();
    if (this.#pokes.size > 0) this.#hooks.fault('pokeCut', `${this.#pokes.size} socket(s)`);
    this.#pokes.clear();
  }

  async close(): Promise<void> {
    for (const socket of this.#pokes) socket.destroy();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const sent: Held = {
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      headers: Object.fromEntries(
        Object.entries(req.headers).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
      ),
      body: Buffer.concat(chunks),
    };
    const hooks = this.#hooks;
    const lose = (): void => {
      res.socket?.destroy();
    };
    if (this.offline) {
      hooks.fault('offline', `${sent.method} ${sent.url}`);
      return lose();
    }
    const push = sent.method === 'POST' && sent.url === '/sync/push';
    // Pulls are most of the requests: they lose an answer a third as often, so pushes take most faults.
    const chance = push ? this.chance : this.chance / 3;
    const kind = chance > 0 && hooks.random() < chance ? this.#pick(push) : null;
    try {
      if (kind === 'reordered') {
        // Held back: the device sees no answer and resends; this copy lands after its next request.
        hooks.fault('reordered', sent.url);
        if (this.#held) await this.#deliverHeld();
        this.#held = sent;
        return lose();
      }
      if (kind === 'killed') {
        hooks.fault('killed', 'the server was kill -9ed during a push');
        const forwarded = this.#forward(sent).catch(() => null);
        // Somewhere inside the push: before it reached the server, in its transaction, or after.
        await new Promise((resolve) => setTimeout(resolve, Math.floor(hooks.random() * 30)));
        await hooks.killServer();
        await forwarded;
        return lose();
      }
      const answer = await this.#forward(sent);
      if (kind === 'duplicated') {
        hooks.fault('duplicated', sent.url);
        await this.#forward(sent);
      }
      if (this.#held) await this.#deliverHeld();
      if (kind === 'lostAnswer') {
        hooks.fault('lostAnswer', sent.url);
        return lose();
      }
      res.writeHead(answer.status, answer.headers);
      res.end(answer.body);
    } catch {
      lose();
    }
  }

  #pick(push: boolean): FaultKind {
    const hooks = this.#hooks;
    if (!push) return 'lostAnswer';
    const roll = hooks.random();
    if (roll < 0.15 && hooks.mayKill()) return 'killed';
    if (roll < 0.45) return 'duplicated';
    if (roll < 0.7) return 'reordered';
    return 'lostAnswer';
  }

  async #deliverHeld(): Promise<void> {
    const held = this.#held;
    this.#held = null;
    if (held) await this.#forward(held).catch(() => null);
  }

  #forward(sent: Held): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const outgoing = httpRequest(
        {
          host: '127.0.0.1',
          port: this.#hooks.serverPort(),
          method: sent.method,
          path: sent.url,
          headers: { ...sent.headers, connection: 'close' },
        },
        (answer) => {
          const chunks: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => chunks.push(chunk));
          answer.on('error', reject);
          answer.on('end', () => {
            const headers: Record<string, string> = {};
            for (const name of ['content-type', 'retry-after']) {
              const value = answer.headers[name];
              if (typeof value === 'string') headers[name] = value;
            }
            resolve({ status: answer.statusCode ?? 502, headers, body: Buffer.concat(chunks) });
          });
        },
      );
      outgoing.on('error', reject);
      outgoing.end(sent.body);
    });
  }

  /** The poke WebSocket: piped to the server as raw bytes, or cut (offline, or by chance). */
  #upgrade(req: IncomingMessage, socket: Socket, head: Buffer): void {
    if (this.offline || (this.chance > 0 && this.#hooks.random() < this.chance)) {
      this.#hooks.fault('pokeCut', 'refused on opening');
      socket.destroy();
      return;
    }
    const upstream = connect(this.#hooks.serverPort(), '127.0.0.1', () => {
      const lines = [`${req.method} ${req.url} HTTP/1.1`];
      for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    const end = () => {
      this.#pokes.delete(socket);
      upstream.destroy();
      socket.destroy();
    };
    upstream.on('error', end);
    upstream.on('close', end);
    socket.on('error', end);
    socket.on('close', end);
    this.#pokes.add(socket);
  }
}
