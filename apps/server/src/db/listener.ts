import pg from 'pg';

/** What a listener tells its owner. */
export interface ListenHandlers {
  /** A notification's payload on the channel. */
  notify(payload: string): void;
  /**
   * The connection was lost and is listening again: notifications sent meanwhile are gone, so whoever
   * relied on them catches up (pokes every socket with the log's position now).
   */
  reconnected(): void;
}

export interface Listening {
  close(): Promise<void>;
}

/** After a lost connection the listener tries again after 100 ms, 200 ms, … up to 5 s. */
const RETRY_FIRST_MS = 100;
const RETRY_MAX_MS = 5_000;

/**
 * `LISTEN channel` on a dedicated PostgreSQL connection (a pooled one would be handed to other work and
 * lose it), reconnecting with back-off whenever it is lost (a restart, a terminated backend, a network
 * cut) and telling its owner it is back. The first connection must succeed (the caller is starting);
 * later ones are retried until `close`.
 */
export async function listenOnPostgres(
  connectionString: string,
  channel: string,
  handlers: ListenHandlers,
  onError: (error: unknown) => void = () => undefined,
): Promise<Listening> {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`not a channel name: ${channel}`);
  let client: pg.Client | null = null;
  let closed = false;
  let failures = 0;
  let timer: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString });
    let lost = false;
    const onLost = (error?: unknown) => {
      if (lost) return;
      lost = true;
      if (error) onError(error);
      next.removeAllListeners('notification');
      void next.end().catch(() => undefined);
      if (client === next) client = null;
      if (!closed) schedule();
    };
    next.on('error', onLost);
    next.on('end', () => onLost());
    next.on('notification', (message) => {
      if (message.channel === channel) handlers.notify(message.payload ?? '');
    });
    try {
      await next.connect();
      await next.query(`listen ${channel}`);
    } catch (error) {
      onLost(error);
      throw error;
    }
    if (closed) {
      await next.end().catch(() => undefined);
      return;
    }
    client = next;
  };

  const schedule = () => {
    if (timer) return;
    const delay = Math.min(RETRY_FIRST_MS * 2 ** failures, RETRY_MAX_MS);
    failures += 1;
    timer = setTimeout(() => {
      timer = undefined;
      connect().then(
        () => {
          failures = 0;
          if (!closed) handlers.reconnected();
        },
        // connect scheduled the next try itself.
        () => undefined,
      );
    }, delay);
    timer.unref();
  };

  // The first connection: a failure is the caller's, not retried.
  closed = false;
  const first = new Promise<void>((resolve, reject) => {
    connect().then(resolve, (error) => {
      closed = true;
      clearTimeout(timer);
      timer = undefined;
      reject(error);
    });
  });
  await first;

  return {
    async close() {
      closed = true;
      clearTimeout(timer);
      timer = undefined;
      const current = client;
      client = null;
      await current?.end().catch(() => undefined);
    },
  };
}
