/** A database with a random name on the local PostgreSQL; `drop()` removes it. */
export function createDatabase(prefix?: string): Promise<{ url: string; drop(): Promise<void> }>;

export interface RunningServer {
  /** `http://127.0.0.1:<port>` */
  base: string;
  port: number;
  /** One JSON request; throws on an answer that is not 2xx. */
  api<T = unknown>(method: string, path: string, token?: string, body?: unknown): Promise<T>;
  login(email: string, password: string): Promise<string>;
  rootToken: string;
  /** Invites, approves (an approver role), accepts and logs in; the password is `<email> bench passphrase`. */
  person(rootToken: string, tenantId: string, address: string, role: string): Promise<{ id: string; token: string }>;
  stop(): Promise<void>;
}

/** `webnova-server bootstrap`, then `serve` in a child process on a free port; resolves once /readyz answers. */
export function startServer(
  databaseUrl: string,
  options?: { email?: string; password?: string; echo?: boolean },
): Promise<RunningServer>;

export function startBareRoute(options?: {
  script?: string;
  env?: Record<string, string>;
}): Promise<{ url: string; origin: string; stop(): Promise<void> }>;
