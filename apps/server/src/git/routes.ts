import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { appendAuditEntries, userActor } from '../audit/chain.js';
import type { Database } from '../db/database.js';
import { UUID } from '../db/database.js';
import type { OpenApiDocument } from '../http/openapi.js';
import { ServerError } from '../http/problem.js';
import { type ProjectRow, projectBySlug } from '../projects/project.js';
import { authenticateGitCaller, type GitCaller } from './caller.js';
import type { GitRunner } from './git-process.js';
import { FLUSH, PktError, type PushHead, parsePushHead, pktLine, refusalReport } from './pkt-line.js';
import type { PushLocks } from './push-lock.js';
import { judgeRefUpdates, type RefUpdatePolicy } from './ref-policy.js';
import type { Repositories } from './repositories.js';

export const DEFAULT_MAX_PUSH_BYTES = 512 * 1024 * 1024;

/** How git's smart HTTP is served (WEBNOVA_GIT_* in config.ts). */
export interface GitHostingLimits {
  /** The largest request body of a push or a fetch, as sent and once unzipped. */
  maxPushBytes: number;
  /** Believe `X-Forwarded-Proto` from a TLS proxy in front (src/git/transport.ts). */
  trustForwardedProto: boolean;
  /** How long an exchange may go without a byte either way. */
  idleTimeoutMs: number;
  /** How long an exchange may take at most. */
  totalTimeoutMs: number;
}

export const DEFAULT_GIT_LIMITS: GitHostingLimits = {
  maxPushBytes: DEFAULT_MAX_PUSH_BYTES,
  trustForwardedProto: false,
  idleTimeoutMs: 60_000,
  totalTimeoutMs: 30 * 60_000,
};

/** At most this many refs in one push, and this many bytes of their commands before the pack. */
const MAX_PUSH_COMMANDS = 1000;
const MAX_PUSH_HEAD_BYTES = 1024 * 1024;
/** receive-pack's answer (its report and progress) is held until the push is audited: it is small. */
const MAX_PUSH_ANSWER_BYTES = 16 * 1024 * 1024;

type Service = 'git-upload-pack' | 'git-receive-pack';
const SERVICES: readonly Service[] = ['git-upload-pack', 'git-receive-pack'];
const REPOSITORY = /^([a-z0-9][a-z0-9-]{0,62})\.git$/;

interface GitParams {
  tenantId: string;
  repository: string;
}

function projectNotFound(): ServerError {
  return new ServerError('NOT_FOUND', 'There is no such repository.');
}

function tooLarge(limit: number): ServerError {
  return new ServerError('PAYLOAD_TOO_LARGE', `A git request is at most ${limit} bytes.`, { limit });
}

/** `source`'s chunks, refusing (PAYLOAD_TOO_LARGE) once they add up to more than `limit` bytes. */
async function* atMost(source: AsyncIterable<Buffer>, limit: number): AsyncGenerator<Buffer> {
  let total = 0;
  for await (const chunk of source) {
    total += chunk.length;
    if (total > limit) throw tooLarge(limit);
    yield chunk;
  }
}

/**
 * The request's body as it arrives, unzipped when git sent it gzipped (large fetch negotiations), both
 * sides held to `limit`. Not buffered. When reading stops early the request is not destroyed, so the
 * answer (413) still reaches the client; Node discards the rest of the body.
 */
function requestBody(request: FastifyRequest, limit: number): AsyncIterable<Buffer> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  const raw = atMost(request.raw.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>, limit);
  const encoding = (request.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding === 'identity') return raw;
  if (encoding !== 'gzip' && encoding !== 'x-gzip') {
    throw new ServerError('INVALID_INPUT', 'A git request body is sent plain or gzipped.');
  }
  const gunzip = createGunzip();
  pipeline(raw, gunzip).catch((error: unknown) => gunzip.destroy(error as Error));
  return (async function* unzipped() {
    try {
      yield* atMost(gunzip as AsyncIterable<Buffer>, limit);
    } catch (error) {
      if (error instanceof ServerError) throw error;
      throw new ServerError('INVALID_INPUT', 'The gzipped request body is not valid gzip.');
    }
  })();
}

/** What git answered on its standard output, and how it ended. */
interface Exchanged {
  output: Buffer[];
  exitCode: number | null;
  stderr: string;
}

/**
 * Feeds `input` to `child` and reads its answer, under the limits: idle and total timeouts, and the
 * client hanging up, each kill git. A failure of the input (too large, bad gzip, timeout) is thrown before
 * any answer was sent, git killed: a receive-pack that never read its whole pack moves no ref (its objects
 * wait in a quarantine git drops). `stream`: the answer goes to the client as git writes it (fetches);
 * otherwise it is collected, up to MAX_PUSH_ANSWER_BYTES (pushes, answered once audited).
 */
async function exchange(
  child: ChildProcessWithoutNullStreams,
  input: AsyncIterable<Buffer>,
  reply: FastifyReply,
  limits: GitHostingLimits,
  stream: { contentType: string } | null,
): Promise<Exchanged> {
  let failure: ServerError | null = null;
  let stop: () => void = () => {};
  /** Settles when git is killed or exits: feeding it stops, whatever the client is doing. */
  const stopped = new Promise<{ done: true; value: undefined }>((resolve) => {
    stop = () => resolve({ done: true, value: undefined });
  });
  const kill = (reason: ServerError | null) => {
    failure ??= reason;
    stop();
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  const total = setTimeout(
    () => kill(new ServerError('TIMEOUT', 'The git exchange took too long.')),
    limits.totalTimeoutMs,
  );
  let idle: NodeJS.Timeout | undefined;
  const active = () => {
    clearTimeout(idle);
    idle = setTimeout(
      () => kill(new ServerError('TIMEOUT', 'The git exchange stalled: nothing came either way.')),
      limits.idleTimeoutMs,
    );
  };
  active();
  const hungUp = () => {
    if (!reply.raw.writableFinished) kill(null);
  };
  reply.raw.on('close', hungUp);
  const exited = new Promise<number | null>((resolve) =>
    child.once('close', (code) => {
      stop();
      resolve(code);
    }),
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    if (stderr.length < 64 * 1024) stderr += chunk.toString('utf8');
  });
  const output: Buffer[] = [];
  let outputBytes = 0;
  let streaming = false;
  const early: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => {
    active();
    if (stream) {
      if (streaming) reply.raw.write(chunk);
      else early.push(chunk);
      return;
    }
    outputBytes += chunk.length;
    if (outputBytes > MAX_PUSH_ANSWER_BYTES) kill(null);
    else output.push(chunk);
  });
  // git writes while it reads (a fetch's acknowledgements); its input never waits on its output. A write
  // to a git that died fails with EPIPE: `close` then stops the feeding.
  child.stdin.on('error', () => {});
  try {
    try {
      const chunks = input[Symbol.asyncIterator]();
      for (;;) {
        const pending = chunks.next();
        // Left behind when git stops first: its end (the socket closing after the answer) is not a failure.
        pending.catch(() => {});
        const next = await Promise.race([pending, stopped]);
        if (next.done) break;
        active();
        if (!child.stdin.write(next.value)) {
          const drained = once(child.stdin, 'drain');
          drained.catch(() => {});
          await Promise.race([drained, stopped]);
        }
      }
      child.stdin.end();
    } catch (error) {
      if (error instanceof ServerError) kill(error);
      else if (!failure) kill(null);
    }
    if (failure) throw failure;
    if (stream) {
      // Headers go now that the request is read whole: what fails after this ends the answer short.
      reply.hijack();
      reply.raw.writeHead(200, { 'content-type': stream.contentType, 'cache-control': 'no-cache' });
      for (const chunk of early.splice(0)) reply.raw.write(chunk);
      streaming = true;
    }
    const exitCode = await exited;
    if (failure) throw failure;
    if (stream) reply.raw.end();
    return { output, exitCode, stderr };
  } catch (error) {
    kill(null);
    if (streaming) {
      reply.raw.destroy();
      return { output, exitCode: null, stderr };
    }
    throw error;
  } finally {
    clearTimeout(total);
    clearTimeout(idle);
    reply.raw.off('close', hungUp);
  }
}

/** The ref updates a push made, as read before and after it (under the push lock). */
function changedRefs(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>) {
  const zero = '0'.repeat(40);
  const changes: { ref: string; old: string; new: string }[] = [];
  for (const ref of new Set([...before.keys(), ...after.keys()])) {
    const old = before.get(ref) ?? zero;
    const now = after.get(ref) ?? zero;
    if (old !== now) changes.push({ ref, old, new: now });
  }
  return changes.sort((a, b) => a.ref.localeCompare(b.ref));
}

/**
 * Git's smart HTTP protocol for each project's repository (`/git/<tenant id>/<slug>.git/…`): the ref
 * advertisement, fetches (`git-upload-pack`) and pushes (`git-receive-pack`), served by the real git
 * (`--stateless-rpc`, argv, minimal environment, hooks off). Callers authenticate with an access token
 * (Basic password or Bearer) or a device credential (Bearer); anything of another tenant looks missing.
 * A push reads its ref commands first, then under the repository's push lock judges them (ref names,
 * whether they still apply, `policy`) and either answers git's own refusal report or hands the whole
 * request to receive-pack, reads the refs after and records each change in the tenant's audit chain.
 */
export function registerGitRoutes(
  app: FastifyInstance,
  openapi: OpenApiDocument,
  db: Database,
  hosting: {
    git: GitRunner;
    repositories: Repositories;
    locks: PushLocks;
    limits: GitHostingLimits;
    policy: RefUpdatePolicy;
  },
): void {
  const { git, repositories, locks, limits, policy } = hosting;

  /** The caller, and the project it may reach for `service`; 401, 403 or 404 otherwise. */
  async function resolve(
    request: FastifyRequest,
    service: Service,
  ): Promise<{ caller: GitCaller; project: ProjectRow; path: string }> {
    const caller = await authenticateGitCaller(db, request, limits.trustForwardedProto);
    const { tenantId: rawTenant, repository } = request.params as GitParams;
    const tenantId = rawTenant.toLowerCase();
    const slug = REPOSITORY.exec(repository)?.[1];
    if (!UUID.test(tenantId) || !slug || caller.tenantId !== tenantId) throw projectNotFound();
    const project = await db.transaction({ tenantId }, (tx) => projectBySlug(tx, tenantId, slug));
    if (!project) throw projectNotFound();
    if (service === 'git-receive-pack' && caller.scope === 'read') {
      throw new ServerError('PERMISSION_DENIED', 'This access token may only read: make a read-write one to push.');
    }
    return { caller, project, path: repositories.pathOf(project.tenant_id, project.id) };
  }

  app.register(async (scope) => {
    // git's request bodies are git's formats, read as streams by the handlers below.
    scope.addContentTypeParser(
      ['application/x-git-upload-pack-request', 'application/x-git-receive-pack-request'],
      (_request, _payload, done) => done(null),
    );
    // An answer given before the body was read to its end (413, a bad push head) closes the connection:
    // Node does not discard the rest of a body a handler started reading, and the next request on this
    // keep-alive connection would wait behind it.
    scope.addHook('onSend', async (request, reply) => {
      if (!request.raw.complete) reply.header('connection', 'close');
    });

    scope.get('/git/:tenantId/:repository/info/refs', async (request, reply) => {
      const service = (request.query as { service?: string }).service as Service;
      if (!SERVICES.includes(service)) {
        throw new ServerError('INVALID_INPUT', 'Ask for ?service=git-upload-pack or ?service=git-receive-pack.');
      }
      const { path } = await resolve(request, service);
      const advertisement = await git.bytes([service.slice(4), '--stateless-rpc', '--advertise-refs', path]);
      return reply
        .type(`application/x-${service}-advertisement`)
        .header('cache-control', 'no-cache')
        .send(Buffer.concat([pktLine(`# service=${service}\n`), FLUSH, advertisement]));
    });

    scope.post('/git/:tenantId/:repository/git-upload-pack', async (request, reply) => {
      const { path } = await resolve(request, 'git-upload-pack');
      const input = requestBody(request, limits.maxPushBytes);
      const child = await git.start(['upload-pack', '--stateless-rpc', path]);
      const { exitCode, stderr } = await exchange(child, input, reply, limits, {
        contentType: 'application/x-git-upload-pack-result',
      });
      if (exitCode !== 0) request.log.warn({ exitCode, stderr }, 'git upload-pack failed');
      return reply;
    });

    scope.post('/git/:tenantId/:repository/git-receive-pack', async (request, reply) => {
      const { caller, project, path } = await resolve(request, 'git-receive-pack');
      const body = requestBody(request, limits.maxPushBytes)[Symbol.asyncIterator]();
      let head = Buffer.alloc(0);
      let commands: PushHead | null = null;
      try {
        while (!commands) {
          const next = await body.next();
          if (next.done) throw new ServerError('INVALID_INPUT', 'The push ended before its ref commands did.');
          head = Buffer.concat([head, next.value]);
          commands = parsePushHead(head, MAX_PUSH_COMMANDS);
          if (!commands && head.length > MAX_PUSH_HEAD_BYTES) {
            throw new ServerError('INVALID_INPUT', 'The push’s ref commands are too long.');
          }
        }
      } catch (error) {
        if (error instanceof PktError) throw new ServerError('INVALID_INPUT', `Not a git push: ${error.message}.`);
        throw error;
      }
      const pushed = commands;
      const rest = (async function* fromHead() {
        yield head;
        for (;;) {
          const next = await body.next();
          if (next.done) return;
          yield next.value;
        }
      })();
      const answer = await locks.run(project.tenant_id, project.id, async () => {
        const before = await repositories.refs(path);
        const context = {
          pusher: { userId: caller.userId, role: caller.role },
          project: { createdBy: project.created_by, protectedBranches: project.protected_branches },
          current: before,
        };
        const refused = judgeRefUpdates(pushed.commands, context, policy);
        if (refused.size > 0) {
          // The pack is read to its end (held to the limit) and dropped, so the client hears the report.
          for await (const _ of rest);
          request.log.info({ project: project.id, refused: Object.fromEntries(refused) }, 'git push refused');
          return refusalReport(pushed, refused, 'atomic push: another ref of this push was refused');
        }
        const child = await git.start(['receive-pack', '--stateless-rpc', path]);
        const { output, exitCode, stderr } = await exchange(child, rest, reply, limits, null);
        if (exitCode !== 0) request.log.warn({ exitCode, stderr }, 'git receive-pack failed');
        const after = await repositories.refs(path);
        await repositories.keepHeadOnABranch(path, after);
        const changes = changedRefs(before, after);
        if (changes.length > 0) {
          await db.transaction({ tenantId: project.tenant_id }, (tx) =>
            appendAuditEntries(
              tx,
              project.tenant_id,
              changes.map((change) => ({
                actor: userActor(caller.userId),
                action: 'git.pushed',
                subject: `project:${project.id}`,
                data: {
                  project: project.slug,
                  ref: change.ref,
                  old: change.old,
                  new: change.new,
                  device: caller.deviceId ?? null,
                  accessToken: caller.tokenId ?? null,
                },
              })),
            ),
          );
        }
        return Buffer.concat(output);
      });
      return reply.type('application/x-git-receive-pack-result').header('cache-control', 'no-cache').send(answer);
    });
  });

  const parameters = [
    { name: 'tenantId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
    { name: 'repository', in: 'path', required: true, schema: { type: 'string', pattern: REPOSITORY.source } },
  ];
  const problems = {
    400: 'INVALID_INPUT: not a git request (the service, the ref commands, the gzip)',
    401: 'UNAUTHORIZED, UNAUTHENTICATED, DEVICE_REVOKED: no, a wrong, revoked or expired token or credential (WWW-Authenticate: Basic)',
    403: 'TLS_REQUIRED: an access token over plain HTTP from another machine; PERMISSION_DENIED: a read token pushing',
    404: 'NOT_FOUND: no such tenant or repository, or another tenant’s',
    408: 'TIMEOUT: the exchange stalled or took too long',
    413: 'PAYLOAD_TOO_LARGE: the request body is over the limit (WEBNOVA_GIT_MAX_PUSH_BYTES)',
    500: 'INTERNAL: the server failed (the details are in its log)',
  };
  const binary = (type: string) => ({ description: `git's ${type}`, content: { [type]: {} } });
  openapi.addOperation('get', '/git/:tenantId/:repository/info/refs', {
    summary: "git smart HTTP: the repository's refs and capabilities (?service=git-upload-pack|git-receive-pack)",
    parameters: [...parameters, { name: 'service', in: 'query', required: true, schema: { enum: [...SERVICES] } }],
    success: binary('application/x-git-upload-pack-advertisement'),
    problems,
  });
  openapi.addOperation('post', '/git/:tenantId/:repository/git-upload-pack', {
    summary: 'git smart HTTP: fetch and clone',
    parameters,
    success: binary('application/x-git-upload-pack-result'),
    problems,
  });
  openapi.addOperation('post', '/git/:tenantId/:repository/git-receive-pack', {
    summary: 'git smart HTTP: push. Refused refs (protected branch, bad name, moved on) come back in git’s report',
    parameters,
    success: binary('application/x-git-receive-pack-result'),
    problems,
  });
}
