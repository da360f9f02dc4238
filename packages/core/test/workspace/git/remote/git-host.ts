import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';

/**
 * A stand-in for the governance server's code-sync routes, as the contract gives them: `/projects`,
 * `/auth/tokens` and git smart HTTP under `/git/<tenant>/<slug>.git`, served by the real `git
 * http-backend` (so the desktop's pushes and fetches meet real git). Every request must carry the
 * credential as a Bearer header; `protectedBranches` pushes are refused 403 when `readOnly`.
 */
export interface GitHost {
  url: string;
  port: number;
  tenantId: string;
  credential: string;
  /** The bare repository of a published project. */
  bare(slug: string): string;
  /** Every request's method and path, in order (the test reads what the desktop asked). */
  requests: { method: string; path: string; authorization: string | undefined }[];
  /** The answer to git requests from now on: 403 (no permission) or normal. */
  forbidGit(forbid: boolean): void;
  close(): Promise<void>;
}

export async function startGitHost(root: string): Promise<GitHost> {
  const tenantId = randomUUID();
  const credential = `device-${randomUUID()}`;
  const projects = new Map<string, Record<string, unknown>>();
  const tokens: Record<string, unknown>[] = [];
  const requests: GitHost['requests'] = [];
  let forbidden = false;
  const repositories = join(root, 'repositories');
  mkdirSync(repositories, { recursive: true });

  const json = (response: ServerResponse, status: number, body?: unknown) => {
    response.writeHead(status, { 'content-type': body === undefined ? 'text/plain' : 'application/json' });
    response.end(body === undefined ? '' : JSON.stringify(body));
  };
  const problem = (response: ServerResponse, status: number, code: string) =>
    json(response, status, { code, title: code, detail: code, status });
  const body = async (request: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
  };

  const server: Server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    requests.push({ method: request.method ?? '', path: url.pathname, authorization: request.headers.authorization });
    if (request.headers.authorization !== `Bearer ${credential}`) return problem(response, 401, 'UNAUTHORIZED');
    if (url.pathname === '/projects' && request.method === 'POST') {
      const input = await body(request);
      if (projects.has(input.id) || [...projects.values()].some((p) => p.slug === input.slug))
        return problem(response, 409, 'CONFLICT');
      execFileSync('git', ['init', '--bare', '-q', '--initial-branch=main', join(repositories, `${input.slug}.git`)]);
      const project = {
        ...input,
        tenantId,
        gitPath: `/git/${tenantId}/${input.slug}.git`,
        protectedBranches: ['main'],
        createdAt: new Date().toISOString(),
        createdBy: randomUUID(),
      };
      projects.set(input.id, project);
      return json(response, 201, project);
    }
    if (url.pathname === '/projects') return json(response, 200, { projects: [...projects.values()] });
    const one = /^\/projects\/([^/]+)$/.exec(url.pathname);
    if (one)
      return projects.has(one[1] ?? '')
        ? json(response, 200, projects.get(one[1] ?? ''))
        : problem(response, 404, 'NOT_FOUND');
    if (url.pathname === '/auth/tokens' && request.method === 'POST') {
      const input = await body(request);
      const token = {
        id: randomUUID(),
        name: input.name,
        scope: input.scope,
        createdAt: new Date().toISOString(),
        expiresAt: null,
      };
      tokens.push(token);
      return json(response, 201, { ...token, token: `wnpat_${randomUUID()}` });
    }
    if (url.pathname === '/auth/tokens') return json(response, 200, { tokens });
    const revoke = /^\/auth\/tokens\/([^/]+)$/.exec(url.pathname);
    if (revoke && request.method === 'DELETE') {
      const at = tokens.findIndex((token) => token.id === revoke[1]);
      if (at < 0) return problem(response, 404, 'NOT_FOUND');
      tokens.splice(at, 1);
      return json(response, 204);
    }
    const git = new RegExp(`^/git/${tenantId}(/[a-z0-9-]+\\.git/.*)$`).exec(url.pathname);
    if (!git) return problem(response, 404, 'NOT_FOUND');
    if (forbidden) return problem(response, 403, 'FORBIDDEN');
    const cgi = spawn('git', ['http-backend'], {
      env: {
        PATH: process.env.PATH,
        GIT_PROJECT_ROOT: repositories,
        GIT_HTTP_EXPORT_ALL: '1',
        REMOTE_USER: 'desktop',
        PATH_INFO: git[1],
        REQUEST_METHOD: request.method,
        QUERY_STRING: url.search.slice(1),
        CONTENT_TYPE: request.headers['content-type'] ?? '',
        HTTP_CONTENT_ENCODING: String(request.headers['content-encoding'] ?? ''),
        GIT_HTTP_MAX_REQUEST_BUFFER: '100M',
      },
    });
    request.pipe(cgi.stdin);
    const out: Buffer[] = [];
    cgi.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    cgi.on('close', () => {
      const all = Buffer.concat(out);
      const split = all.indexOf('\r\n\r\n');
      const head = all.subarray(0, split).toString('latin1');
      const headers: Record<string, string> = {};
      let status = 200;
      for (const line of head.split('\r\n')) {
        const [name, ...rest] = line.split(':');
        const value = rest.join(':').trim();
        if (name?.toLowerCase() === 'status') status = Number.parseInt(value, 10);
        else if (name) headers[name] = value;
      }
      response.writeHead(status, headers);
      response.end(all.subarray(split + 4));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the git host is not listening');
  return {
    url: `http://127.0.0.1:${address.port}`,
    port: address.port,
    tenantId,
    credential,
    bare: (slug) => join(repositories, `${slug}.git`),
    requests,
    forbidGit(forbid) {
      forbidden = forbid;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
