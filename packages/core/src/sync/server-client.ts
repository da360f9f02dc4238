import { z } from 'zod';
import type { SystemMessage } from '../contracts/messages/system-message.js';
import {
  DeviceList,
  PullResponse,
  type PushRequest,
  PushResponse,
  RegisteredDevice,
  SYNC_MAX_AUDIT_ENTRIES,
  SYNC_MAX_PULL_EVENTS,
  type SyncCursor,
  TenantAuditPage,
} from '../contracts/sync.js';
import {
  AccessTokenList,
  type CreateAccessToken,
  CreatedAccessToken,
  type CreateServerProject,
  ServerProject,
  ServerProjectList,
} from '../workspace/git/remote/contract.js';

/**
 * What went wrong talking to the governance server, as the sync engine acts on it: `offline` and
 * `busy` are retried with back-off; `unauthorized` and `revoked` stop syncing until the user signs in
 * again; `refused` is the server's answer to this request (a gap, a bad body) and `invalid-answer` a
 * server that does not speak the protocol, both reported.
 */
export type SyncFailureKind = 'offline' | 'busy' | 'unauthorized' | 'revoked' | 'refused' | 'invalid-answer';

export class SyncFailure extends Error {
  constructor(
    readonly kind: SyncFailureKind,
    message: string,
    /** The server's problem code (`SEQ_GAP`, `RATE_LIMITED`…) and its details, when it answered. */
    readonly problem?: { status: number; code: string | null; details: unknown },
    /** Seconds the server asked to wait (`Retry-After`). */
    readonly retryAfter?: number,
  ) {
    super(message);
    this.name = 'SyncFailure';
  }
}

/** The most a server's answer may weigh before it is parsed: a full pull with room to spare. */
const MAX_ANSWER_BYTES = 32 * 1024 * 1024;

/** An RFC 9457 problem as the governance server writes it (`code`, `detail`, `details`). */
const Problem = z.object({
  code: z.string().optional(),
  detail: z.string().optional(),
  title: z.string().optional(),
  details: z.unknown().optional(),
});

const LoginAnswer = z.object({ token: z.string().min(1), user: z.object({ id: z.string(), role: z.string() }) });

/**
 * A server address the user typed, checked before anything is sent to it: http(s) only, no user or
 * password in it, and plain http only to this machine (a password and a device credential never cross
 * a network in the clear). Answers the origin (`https://gov.example.com`), or why not.
 */
export function serverOrigin(address: string): { ok: true; origin: string } | { ok: false; reason: SystemMessage } {
  let url: URL;
  try {
    url = new URL(address.trim());
  } catch {
    return { ok: false, reason: { code: 'SYNC_ADDRESS_NOT_WEB' } };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return { ok: false, reason: { code: 'SYNC_ADDRESS_PROTOCOL' } };
  if (url.username || url.password) return { ok: false, reason: { code: 'SYNC_ADDRESS_CREDENTIALS' } };
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname) || url.hostname.startsWith('127.');
  if (url.protocol === 'http:' && !loopback) return { ok: false, reason: { code: 'SYNC_ADDRESS_PLAIN_HTTP' } };
  return { ok: true, origin: url.origin };
}

export interface SignInRequest {
  email: string;
  password: string;
  totp?: string;
  deviceName: string;
}

/**
 * The governance server's sync endpoints, over HTTP with the platform's fetch. Every answer is size-
 * limited, then parsed with the protocol's schema; nothing here retries (the engine decides) and
 * nothing is logged (a credential or password passes through).
 */
export class SyncServerClient {
  constructor(
    readonly origin: string,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  /**
   * Signs in with a password (and TOTP code), registers this device, and ends the short login session:
   * from then on the device's own credential is what syncs.
   */
  async registerDevice(request: SignInRequest, signal?: AbortSignal): Promise<RegisteredDevice> {
    const login = await this.#call(
      'POST',
      '/auth/login',
      LoginAnswer,
      { body: { email: request.email, password: request.password, ...(request.totp ? { totp: request.totp } : {}) } },
      signal,
    );
    try {
      return await this.#call(
        'POST',
        '/devices',
        RegisteredDevice,
        { body: { name: request.deviceName }, bearer: login.token },
        signal,
      );
    } finally {
      // Best effort: a login session left behind ends by itself in 12 hours.
      await this.#call('POST', '/auth/logout', z.unknown(), { bearer: login.token }, signal).catch(() => undefined);
    }
  }

  push(credential: string, request: PushRequest, signal?: AbortSignal): Promise<PushResponse> {
    return this.#call('POST', '/sync/push', PushResponse, { body: request, bearer: credential }, signal);
  }

  /** The devices this device's user may see (an owner: the tenant's), oldest first. */
  devices(credential: string, signal?: AbortSignal): Promise<DeviceList> {
    return this.#call('GET', '/sync/devices', DeviceList, { bearer: credential }, signal);
  }

  pull(
    credential: string,
    after: SyncCursor,
    limit = SYNC_MAX_PULL_EVENTS,
    signal?: AbortSignal,
  ): Promise<PullResponse> {
    return this.#page('/sync/pull', PullResponse, credential, after, limit, signal);
  }

  /** The tenant's audit chain after `after` (a seq), with the count and head hash the tenant records. */
  audit(
    credential: string,
    after: number,
    limit = SYNC_MAX_AUDIT_ENTRIES,
    signal?: AbortSignal,
  ): Promise<TenantAuditPage> {
    return this.#page('/sync/audit', TenantAuditPage, credential, after, limit, signal);
  }

  /** The tenant's projects whose repositories the server hosts (code sync). */
  projects(credential: string, signal?: AbortSignal): Promise<ServerProjectList> {
    return this.#call('GET', '/projects', ServerProjectList, { bearer: credential }, signal);
  }

  project(credential: string, id: string, signal?: AbortSignal): Promise<ServerProject> {
    return this.#call('GET', `/projects/${encodeURIComponent(id)}`, ServerProject, { bearer: credential }, signal);
  }

  /** Creates the project's (empty) repository in the tenant; `refused` with 409 when its id or slug exists. */
  createProject(credential: string, project: CreateServerProject, signal?: AbortSignal): Promise<ServerProject> {
    return this.#call('POST', '/projects', ServerProject, { body: project, bearer: credential }, signal);
  }

  /** A personal access token for the git command line; its secret is in this answer only. */
  createAccessToken(credential: string, token: CreateAccessToken, signal?: AbortSignal): Promise<CreatedAccessToken> {
    return this.#call('POST', '/auth/tokens', CreatedAccessToken, { body: token, bearer: credential }, signal);
  }

  accessTokens(credential: string, signal?: AbortSignal): Promise<AccessTokenList> {
    return this.#call('GET', '/auth/tokens', AccessTokenList, { bearer: credential }, signal);
  }

  async revokeAccessToken(credential: string, id: string, signal?: AbortSignal): Promise<void> {
    await this.#call('DELETE', `/auth/tokens/${encodeURIComponent(id)}`, z.unknown(), { bearer: credential }, signal);
  }

  /** A `GET <path>?after=&limit=` page of something the server keeps in order. */
  #page<T>(path: string, answer: z.ZodType<T>, credential: string, after: number, limit: number, signal?: AbortSignal) {
    const query = new URLSearchParams({ after: String(after), limit: String(limit) });
    return this.#call('GET', `${path}?${query}`, answer, { bearer: credential }, signal);
  }

  async #call<T>(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    answer: z.ZodType<T>,
    options: { body?: unknown; bearer?: string },
    signal?: AbortSignal,
  ): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (options.bearer) headers.authorization = `Bearer ${options.bearer}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await this.fetchImpl(`${this.origin}${path}`, {
        method,
        headers,
        ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
        redirect: 'error',
        ...(signal ? { signal } : {}),
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new SyncFailure('offline', `The server at ${this.origin} cannot be reached.`);
    }
    const text = await readLimited(response, MAX_ANSWER_BYTES);
    if (!response.ok) throw failureOf(response, text);
    let json: unknown;
    try {
      json = text === '' ? {} : JSON.parse(text);
    } catch {
      throw new SyncFailure('invalid-answer', `${method} ${path.split('?')[0]} did not answer JSON.`);
    }
    const parsed = answer.safeParse(json);
    if (!parsed.success) {
      throw new SyncFailure(
        'invalid-answer',
        `${method} ${path.split('?')[0]} answered something the protocol does not allow.`,
      );
    }
    return parsed.data;
  }
}

/** The body as text, refusing one larger than `limit` bytes before it is all read. */
async function readLimited(response: Response, limit: number): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > limit) throw new SyncFailure('invalid-answer', `The server's answer is larger than ${limit} bytes.`);
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new SyncFailure('invalid-answer', `The server's answer is larger than ${limit} bytes.`);
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

function failureOf(response: Response, text: string): SyncFailure {
  let problem: z.infer<typeof Problem> = {};
  try {
    problem = Problem.parse(JSON.parse(text));
  } catch {
    // Not a problem document (a proxy's page): the status says enough.
  }
  const code = problem.code ?? null;
  const message = problem.detail ?? problem.title ?? `The server answered ${response.status}.`;
  const details = { status: response.status, code, details: problem.details };
  const retryAfter = Number(response.headers.get('retry-after') ?? Number.NaN);
  if (response.status === 401)
    return new SyncFailure(code === 'DEVICE_REVOKED' ? 'revoked' : 'unauthorized', message, details);
  if (response.status === 429 || response.status === 503 || response.status >= 500) {
    return new SyncFailure('busy', message, details, Number.isFinite(retryAfter) ? retryAfter : undefined);
  }
  return new SyncFailure('refused', message, details);
}
