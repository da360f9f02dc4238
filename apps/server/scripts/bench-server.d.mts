/** Types of bench-server.mjs for the TypeScript tests that start the real server (test/sync-fuzz.test.ts). */
export interface BenchDatabase {
  url: string;
  drop(): Promise<void>;
}
export function createDatabase(prefix?: string): Promise<BenchDatabase>;

export interface BenchServer {
  base: string;
  port: number;
  rootToken: string;
  /** One JSON request; throws on an answer that is not 2xx. */
  // biome-ignore lint/suspicious/noExplicitAny: answers are whatever the route answers, unless typed.
  api<T = any>(method: string, path: string, token?: string, body?: unknown): Promise<T>;
  login(email: string, password: string): Promise<string>;
  person(
    rootToken: string,
    tenantId: string,
    address: string,
    role: 'sovereign' | 'owner' | 'member',
  ): Promise<{ id: string; token: string }>;
  stop(): Promise<void>;
  kill(): Promise<void>;
  restart(): Promise<void>;
}
export function startServer(
  databaseUrl: string,
  options?: { email?: string; password?: string; quiet?: boolean },
): Promise<BenchServer>;
