import { Readable } from 'node:stream';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { installProblemHandlers } from '../src/http/errors.js';
import { OpenApiDocument } from '../src/http/openapi.js';
import { ServerError } from '../src/http/problem.js';
import { addRoute, checkAnswersOf } from '../src/http/route.js';
import { TestClient } from './support/client.js';

const Thing = z.object({ id: z.number().int(), name: z.string() }).strict();

/** Routes that keep or break their declarations, on an app that checks answers (or not). */
function appWithRoutes(check: boolean): FastifyInstance {
  const app = Fastify({ logger: false });
  installProblemHandlers(app);
  if (check) checkAnswersOf(app);
  const openapi = new OpenApiDocument('0.0.0');
  const thing = {
    method: 'GET',
    signedIn: false,
    success: { status: 200, description: 'A thing', schema: Thing },
  } as const;
  addRoute(app, openapi, { ...thing, url: '/kept', summary: 'Keeps it' } as const, async () => ({ id: 1, name: 'a' }));
  addRoute(
    app,
    openapi,
    { ...thing, url: '/wrong-type', summary: 'Breaks it' } as const,
    async () =>
      // The cast stands in for a handler whose types drifted from what it really sends.
      ({ id: '1', name: 'a' }) as unknown as z.input<typeof Thing>,
  );
  addRoute(
    app,
    openapi,
    { ...thing, url: '/extra-field', summary: 'Leaks a field' } as const,
    async () => ({ id: 1, name: 'a', passwordHash: 'x' }) as z.input<typeof Thing>,
  );
  addRoute(
    app,
    openapi,
    { ...thing, url: '/declared-problem', summary: 'A 404 it declares', problems: { 404: 'missing' } } as const,
    async () => {
      throw new ServerError('NOT_FOUND', 'There is no such thing.');
    },
  );
  addRoute(
    app,
    openapi,
    { ...thing, url: '/undeclared-problem', summary: 'A 409 it does not declare' } as const,
    async () => {
      throw new ServerError('CONFLICT', 'Busy.');
    },
  );
  const lines = {
    method: 'GET',
    signedIn: false,
    success: { status: 200, description: 'Things', schema: Thing, contentType: 'application/x-ndjson' },
  } as const;
  for (const [url, rows] of [
    [
      '/lines-kept',
      [
        { id: 1, name: 'a' },
        { id: 2, name: 'b' },
      ],
    ],
    ['/lines-broken', [{ id: 1, name: 'a' }, { id: 2 }]],
  ] as const) {
    addRoute(app, openapi, { ...lines, url, summary: url }, async (_input, _request, reply) =>
      reply.type('application/x-ndjson').send(Readable.from(rows.map((row) => `${JSON.stringify(row)}\n`))),
    );
  }
  const empty = { method: 'POST', signedIn: false, success: { status: 204, description: 'Done' } } as const;
  addRoute(app, openapi, { ...empty, url: '/empty', summary: 'Empty' }, async (_input, _request, reply) =>
    reply.code(204).send(),
  );
  addRoute(app, openapi, { ...empty, url: '/not-empty', summary: 'Not empty' }, async (_input, _request, reply) =>
    reply.code(200).send({ done: true }),
  );
  return app;
}

describe("holding answers to their route's declaration", () => {
  let app: FastifyInstance;
  const client = new TestClient(() => app);
  afterEach(async () => {
    await app?.close();
  });

  it('lets through answers that keep it, problems it declares included', async () => {
    app = appWithRoutes(true);
    expect(await client.call({ method: 'GET', url: '/kept' })).toMatchObject({ status: 200, body: { id: 1 } });
    expect(await client.call({ method: 'GET', url: '/declared-problem' })).toMatchObject({
      status: 404,
      body: { code: 'NOT_FOUND' },
    });
    expect((await client.call({ method: 'GET', url: '/lines-kept' })).text).toBe(
      '{"id":1,"name":"a"}\n{"id":2,"name":"b"}\n',
    );
    expect((await client.call({ method: 'POST', url: '/empty' })).status).toBe(204);
    // A request the route refuses is a problem every route declares.
    expect((await client.call({ method: 'GET', url: '/kept?x=1' })).status).toBe(400);
  });

  it('fails the test that gets an answer breaking it: a wrong type, an extra field, a status, a line, a body', async () => {
    app = appWithRoutes(true);
    const failures: Array<[string, string, RegExp]> = [
      ['GET', '/wrong-type', /body\.id: Invalid input: expected number/],
      ['GET', '/extra-field', /body: Unrecognized key: "passwordHash"/],
      ['GET', '/undeclared-problem', /the status 409 is not declared/],
      ['GET', '/lines-broken', /line 2\.name: Invalid input/],
      ['POST', '/not-empty', /the status 200 is not declared/],
    ];
    for (const [method, url, why] of failures) {
      await expect(client.call({ method: method as 'GET' | 'POST', url })).rejects.toThrow(why);
    }
  });

  it('checks nothing unless asked: production answers as the handler says', async () => {
    app = appWithRoutes(false);
    expect(await client.call({ method: 'GET', url: '/wrong-type' })).toMatchObject({ status: 200, body: { id: '1' } });
  });
});
