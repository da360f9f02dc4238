import { apiScripts, serverEntrySource } from '../../parts/server-entry.js';
import { pinned } from '../../parts/versions.js';
import type { StackPart } from '../../stack.js';

/** The API on Express 5: registers the shared route table, JSON in and out, cookies for the web app. */
export const expressApi: StackPart = {
  dependencies: pinned('express'),
  devDependencies: pinned('@types/express'),
  scripts: apiScripts,
  render(model, files) {
    files.add('api/src/app.ts', appSource);
    files.add(
      'api/src/server.ts',
      serverEntrySource(
        model,
        [
          'const server = createApp(database.db).listen(port, host, () => {',
          "  console.log('API listening on http://' + host + ':' + port);",
          '});',
        ],
        'server.close()',
      ),
    );
    files.add('api/test/harness.ts', harnessSource);
  },
};

const appSource = `// The Express application: every route of routes/index.ts, errors answered as JSON.
import express, { type NextFunction, type Request, type Response } from 'express';
import { errorResponse } from './access/context.js';
import { sessionCookie } from './auth/sessions.js';
import type { Database } from './db/client.js';
import { requestContext, resultToken } from './http.js';
import { routes } from './routes/index.js';

export function createApp(db: Database): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '1mb' }));
  for (const route of routes) {
    const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
    app[method](route.path, async (request: Request, response: Response) => {
      try {
        const context = await requestContext(db, request.headers);
        const result = await route.handle(context, { params: request.params as Record<string, string>, body: request.body });
        if (route.session === 'start') response.setHeader('Set-Cookie', sessionCookie(resultToken(result)));
        if (route.session === 'end') response.setHeader('Set-Cookie', sessionCookie(null));
        if (route.status === 204) response.status(204).end();
        else response.status(route.status ?? 200).json(result);
      } catch (error) {
        const { status, body } = errorResponse(error);
        response.status(status).json(body);
      }
    });
  }
  app.use('/api', (_request: Request, response: Response) => {
    response.status(404).json({ error: { code: 'NOT_FOUND', message: 'No such route.' } });
  });
  // Malformed JSON bodies and other errors raised before a route runs.
  app.use((error: unknown, _request: Request, response: Response, _next: NextFunction) => {
    const status = (error as { status?: number }).status;
    if (status === 400 || status === 413) {
      response.status(status).json({ error: { code: 'INVALID_INPUT', message: 'The request body is not valid JSON or is too large.' } });
      return;
    }
    const answer = errorResponse(error);
    response.status(answer.status).json(answer.body);
  });
  return app;
}
`;

const harnessSource = `// Runs the Express app on a free port over a copy of the migrated test database.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { createApp } from '../src/app.js';
import { openTestDatabase, type TestApi } from './database.js';

export type { TestApi };

export async function startTestApi(): Promise<TestApi> {
  const database = await openTestDatabase();
  const server = createApp(database.db).listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    db: database.db,
    async request(method, path, options = {}) {
      const headers: Record<string, string> = {};
      if (options.body !== undefined) headers['content-type'] = 'application/json';
      if (options.token) headers.authorization = 'Bearer ' + options.token;
      const response = await fetch('http://127.0.0.1:' + port + path, {
        method,
        headers,
        ...(options.body !== undefined && { body: JSON.stringify(options.body) }),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : null };
    },
    async close() {
      server.close();
      await database.close();
    },
  };
}
`;
