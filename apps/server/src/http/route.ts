import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { checkAnswer } from './answer-check.js';
import type { OpenApiDocument } from './openapi.js';
import type { AnyRouteSpec, RouteSpec } from './route-spec.js';
import { validate } from './validate.js';

const Nothing = z.object({}).strict();
type Nothing = typeof Nothing;

export interface RouteInput<B extends z.ZodType, Q extends z.ZodType, P extends z.ZodType> {
  body: z.output<B>;
  query: z.output<Q>;
  params: z.output<P>;
}

interface Running {
  count: number;
  waiters: Array<() => void>;
}
const running = new WeakMap<FastifyInstance, Running>();
const checked = new WeakSet<FastifyInstance>();

/**
 * Resolves once no handler of `app` is running. A handler whose client hung up keeps running after the
 * HTTP server has closed its socket; closing the database under it would fail its next query.
 */
export function handlersFinished(app: FastifyInstance): Promise<void> {
  const state = running.get(app);
  if (!state || state.count === 0) return Promise.resolve();
  return new Promise((resolve) => state.waiters.push(resolve));
}

/**
 * Tests only: every route added to `app` from now on holds each answer to its declaration (see
 * `checkAnswer`); one that differs is turned into a 500 naming the difference. It parses every answer,
 * so production leaves it off.
 */
export function checkAnswersOf(app: FastifyInstance): void {
  checked.add(app);
}

/**
 * One declaration per route: the same zod schemas validate the request (strict: unknown fields are
 * refused; a route without a body, query or parameters refuses any) and describe it, with its answers,
 * in /openapi.json. A handler returns the body (typed by the success schema) or sends through `reply`.
 */
export function addRoute<
  B extends z.ZodType = Nothing,
  Q extends z.ZodType = Nothing,
  P extends z.ZodType = Nothing,
  R extends z.ZodType = z.ZodType,
>(
  app: FastifyInstance,
  openapi: OpenApiDocument,
  spec: RouteSpec<B, Q, P, R>,
  handler: (
    input: RouteInput<B, Q, P>,
    request: FastifyRequest,
    reply: FastifyReply,
  ) => Promise<z.input<R> | FastifyReply>,
): void {
  const schemas = {
    params: (spec.params ?? Nothing) as z.ZodType,
    query: (spec.query ?? Nothing) as z.ZodType,
    body: (spec.body ?? Nothing) as z.ZodType,
  };
  openapi.add(spec as AnyRouteSpec, schemas);
  let state = running.get(app);
  if (!state) {
    state = { count: 0, waiters: [] };
    running.set(app, state);
  }
  const counted = state;
  app.route({
    method: spec.method,
    url: spec.url,
    ...(checked.has(app)
      ? { onSend: async (_request, reply, payload) => checkAnswer(spec as AnyRouteSpec, reply, payload) }
      : {}),
    handler: async (request, reply) => {
      const input = {
        params: validate(schemas.params, request.params, 'params'),
        query: validate(schemas.query, request.query, 'query'),
        body: validate(schemas.body, request.body, 'body'),
      } as RouteInput<B, Q, P>;
      counted.count++;
      try {
        return await handler(input, request, reply);
      } finally {
        counted.count--;
        if (counted.count === 0) for (const wake of counted.waiters.splice(0)) wake();
      }
    },
  });
}
