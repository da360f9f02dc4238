import { apiScripts, serverEntrySource } from '../../parts/server-entry.js';
import { pinned } from '../../parts/versions.js';
import type { StackPart } from '../../stack.js';

/** The API on Fastify 5: registers the shared route table; tests use Fastify's inject (no socket). */
export const fastifyApi: StackPart = {
  dependencies: pinned('fastify'),
  devDependencies: {},
  scripts: apiScripts,
  render(model, files) {
    files.add('api/src/app.ts', appSource);
    files.add(
      'api/src/server.ts',
      serverEntrySource(
        model,
        [
          'const app = createApp(database.db);',
          "console.log('API listening on ' + (await app.listen({ port, host })));",
        ],
        'app.close()',
      ),
    );
    files.add('api/test/harness.ts', harnessSource);
  },
};

const appSource = `// The Fastify application: every route of routes/index.ts, errors answered as JSON.
import Fastify, { type FastifyInstance } from 'fastify';
import { errorResponse } from './access/context.js';
import { sessionCookie } from './auth/sessions.js';
import type { Database } from './db/client.js';
import { requestContext, resultToken } from './http.js';
import { routes } from './routes/index.js';

export function createApp(db: Database): FastifyInstance {
  const app = Fastify({ bodyLimit: 1_048_576 });
  for (const route of routes) {
    app.route({
      method: route.method,
      url: route.path,
      handler: async (request, reply) => {
        try {
          const context = await requestContext(db, request.headers);
          const result = await route.handle(context, { params: request.params as Record<string, string>, body: request.body });
          if (route.session === 'start') reply.header('set-cookie', sessionCookie(resultToken(result)));
          if (route.session === 'end') reply.header('set-cookie', sessionCookie(null));
          if (route.status === 204) return reply.code(204).send();
          return reply.code(route.status ?? 200).send(result);
        } catch (error) {
          const { status, body } = errorResponse(error);
          return reply.code(status).send(body);
        }
      },
    });
  }
  app.setNotFoundHandler((_request, reply) => reply.code(404).send({ error: { code: 'NOT_FOUND', message: 'No such route.' } }));
  // Malformed JSON bodies and other errors raised before a route runs.
  app.setErrorHandler((error, _request, reply) => {
    const status = (error as { statusCode?: number }).statusCode;
    if (status !== undefined && status >= 400 && status < 500) {
      return reply.code(status).send({ error: { code: 'INVALID_INPUT', message: 'The request body is not valid JSON or is too large.' } });
    }
    const answer = errorResponse(error);
    return reply.code(answer.status).send(answer.body);
  });
  return app;
}
`;

const harnessSource = `// Drives the Fastify app with inject() over a copy of the migrated test database.
import { createApp } from '../src/app.js';
import { openTestDatabase, type TestApi } from './database.js';

export type { TestApi };

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export async function startTestApi(): Promise<TestApi> {
  const database = await openTestDatabase();
  const app = createApp(database.db);
  await app.ready();
  return {
    db: database.db,
    async request(method, path, options = {}) {
      const headers: Record<string, string> = {};
      if (options.body !== undefined) headers['content-type'] = 'application/json';
      if (options.token) headers.authorization = 'Bearer ' + options.token;
      const response = await app.inject({
        method: method as Method,
        url: path,
        headers,
        ...(options.body !== undefined && { payload: JSON.stringify(options.body) }),
      });
      return { status: response.statusCode, body: response.body ? JSON.parse(response.body) : null };
    },
    async close() {
      await app.close();
      await database.close();
    },
  };
}
`;
