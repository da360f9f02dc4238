import type { FastifyBaseLogger } from 'fastify';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import type { Database } from '../db/database.js';
import type { Listening } from '../db/listener.js';
import { SYNC_CHANNEL } from './log.js';

/**
 * How the server closes a poke socket it will not serve, as the desktop reads them
 * (packages/core/src/sync/poke-socket.ts): 4401 no or an unknown credential, 4403 its user suspended,
 * 4410 the device revoked. A socket closed any other way (1001 while the server stops) is reopened.
 */
export const POKE_CLOSE = { unauthenticated: 4401, suspended: 4403, revoked: 4410, badRequest: 4400 } as const;

/** What a replica hears on the sync channel: a tenant's log grew, a device was revoked, a user suspended. */
const Notification = z.object({ tenantId: z.uuid(), revoked: z.uuid().optional(), suspended: z.uuid().optional() });

interface PokeSocket {
  socket: WebSocket;
  deviceId: string;
  userId: string;
}

/**
 * This process's poke sockets, per tenant, and its one LISTEN connection: whichever replica a push
 * landed on, its commit notifies the channel, and every replica pokes its own sockets of that tenant with
 * the log's position (read after the notification, so never behind it). Reads for one tenant that
 * arrive while one runs are folded into one more.
 */
export class SyncPokes {
  private readonly tenants = new Map<string, Set<PokeSocket>>();
  /** Tenants whose position is being read, and whether another read is owed after it. */
  private readonly reading = new Map<string, boolean>();
  private listening: Listening | null = null;

  constructor(
    private readonly db: Database,
    private readonly log: FastifyBaseLogger,
  ) {}

  async start(): Promise<void> {
    this.listening = await this.db.listen(
      SYNC_CHANNEL,
      {
        notify: (payload) => this.heard(payload),
        reconnected: () => {
          this.log.info('listening for sync notifications again');
          for (const tenantId of this.tenants.keys()) this.pokeTenant(tenantId);
        },
      },
      (error) => this.log.warn({ err: error }, 'the sync notification connection was lost'),
    );
  }

  async stop(): Promise<void> {
    await this.listening?.close();
    this.listening = null;
  }

  /** Adds an authenticated socket and pokes it with the log's position now (it pulls on opening anyway). */
  add(tenantId: string, device: { deviceId: string; userId: string }, socket: WebSocket): void {
    let sockets = this.tenants.get(tenantId);
    if (!sockets) {
      sockets = new Set();
      this.tenants.set(tenantId, sockets);
    }
    const entry = { socket, deviceId: device.deviceId, userId: device.userId };
    sockets.add(entry);
    socket.once('close', () => {
      sockets.delete(entry);
      if (sockets.size === 0 && this.tenants.get(tenantId) === sockets) this.tenants.delete(tenantId);
    });
    this.pokeTenant(tenantId);
  }

  /** Closes every socket (the server stops): 1001, so devices reconnect to another replica. */
  closeAll(): void {
    for (const sockets of this.tenants.values()) {
      for (const { socket } of sockets) socket.close(1001, 'The server is shutting down.');
    }
  }

  count(tenantId: string): number {
    return this.tenants.get(tenantId)?.size ?? 0;
  }

  private heard(payload: string): void {
    let parsed: ReturnType<typeof Notification.safeParse>;
    try {
      parsed = Notification.safeParse(JSON.parse(payload));
    } catch {
      return;
    }
    if (!parsed.success) return;
    const { tenantId, revoked, suspended } = parsed.data;
    if (revoked || suspended) {
      for (const { socket, deviceId, userId } of this.tenants.get(tenantId) ?? []) {
        if (deviceId === revoked) socket.close(POKE_CLOSE.revoked, 'This device was revoked.');
        if (userId === suspended) socket.close(POKE_CLOSE.suspended, 'This device’s user is suspended.');
      }
      return;
    }
    this.pokeTenant(tenantId);
  }

  /** Reads the tenant's position and pokes its sockets, unless none are open here. */
  private pokeTenant(tenantId: string): void {
    if (!this.tenants.has(tenantId)) return;
    if (this.reading.has(tenantId)) {
      this.reading.set(tenantId, true);
      return;
    }
    this.reading.set(tenantId, false);
    void this.db
      .queryOnce<{ position: string | number }>(
        { tenantId },
        'select log_position as position from tenants where id = $1',
        [tenantId],
      )
      .then(([row]) => {
        if (!row) return;
        const text = JSON.stringify({ type: 'poke', position: Number(row.position) });
        for (const { socket } of this.tenants.get(tenantId) ?? []) {
          if (socket.readyState === socket.OPEN) socket.send(text);
        }
      })
      .catch((error) => this.log.warn({ err: error, tenantId }, 'reading the sync position failed'))
      .finally(() => {
        const again = this.reading.get(tenantId);
        this.reading.delete(tenantId);
        if (again) this.pokeTenant(tenantId);
      });
  }
}
