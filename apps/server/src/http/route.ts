import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requireAccess } from '../auth/permissions.js';
import type { Principal } from '../auth/principal.js';
import { bearerOf, type DevicePrincipal, devicePrincipal, isDeviceCredential } from '../devices/credential.js';
import { checkAnswer } from './answer-check.js';
import { BODY_SHAPE } from './json-body.js';
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

/**
 * What a handler learns of its caller: a signed-in route's principal (and, on one that `acceptsDevices`,
 * the device when a device called); a sync route's device (typed optional, present whenever the route
 * declares `device`); nothing on a public route.
 */
export type Caller<S extends boolean> = S extends true
  ? { principal: Principal; device?: DevicePrincipal }
  : { principal?: never; device?: DevicePrincipal };

/** How an app tells who calls: the session behind the request's token, or a 401 `ServerError`. */
export type Authenticate = (request: FastifyRequest) => Promise<Principal>;
/** How an app tells which device calls a sync route: its credential's device, or a 401 `ServerError`. */
export type AuthenticateDevice = (request: FastifyRequest) => Promise<DevicePrincipal>;

interface Running {
  count: number;
  waiters: Array<() => void>;
}
const running = new WeakMap<FastifyInstance, Running>();
const checked = new WeakSet<FastifyInstance>();
const authenticators = new WeakMap<FastifyInstance, Authenticate>();
const deviceAuthenticators = new WeakMap<FastifyInstance, AuthenticateDevice>();
/** The device of each request to a sync route, from its `onRequest` hook to its handler. */
const devices = new WeakMap<FastifyRequest, DevicePrincipal>();
/** The principal of each request to a signed-in route, from its `onRequest` hook to its handler. */
const principals = new WeakMap<FastifyRequest, Principal>();

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

/** How the signed-in routes added to `app` from now on check their caller (before any other step). */
export function authenticateWith(app: FastifyInstance, authenticate: Authenticate): void {
  authenticators.set(app, authenticate);
}

/** How the sync routes added to `app` from now on check their device credential. */
export function authenticateDevicesWith(app: FastifyInstance, authenticate: AuthenticateDevice): void {
  deviceAuthenticators.set(app, authenticate);
}

/**
 * One declaration per route: the same zod schemas validate the request (strict: unknown fields are
 * refused; a route without a body, query or parameters refuses any) and describe it, with its answers,
 * in /openapi.json. A handler returns the body (typed by the success schema) or sends through `reply`.
 *
 * A signed-in route checks the session in an `onRequest` hook, as the request arrives: without a live
 * one it answers 401 before the body is read, the input checked or the handler run. Its declared
 * `access` is checked once the path is validated (it may name the tenant), still before the handler,
 * which receives the principal with its input; a public route never looks at a token.
 */
export function addRoute<
  B extends z.ZodType = Nothing,
  Q extends z.ZodType = Nothing,
  P extends z.ZodType = Nothing,
  R extends z.ZodType = z.ZodType,
  S extends boolean = boolean,
>(
  app: FastifyInstance,
  openapi: OpenApiDocument,
  spec: RouteSpec<B, Q, P, R, S>,
  handler: (
    input: RouteInput<B, Q, P> & Caller<S>,
    request: FastifyRequest,
    reply: FastifyReply,
  ) => Promise<z.input<R> | FastifyReply>,
): void {
  const authenticate = spec.signedIn ? authenticators.get(app) : undefined;
  if (spec.signedIn && !authenticate) throw new Error(`${spec.url} is signed in: call authenticateWith first`);
  const authenticateDevice = spec.device ? deviceAuthenticators.get(app) : undefined;
  if (spec.device && (spec.signedIn || !authenticateDevice)) {
    throw new Error(`${spec.url} takes a device: not signed in, and call authenticateDevicesWith first`);
  }
  const devicesToo = spec.acceptsDevices ? deviceAuthenticators.get(app) : undefined;
  if (spec.acceptsDevices && (!spec.signedIn || !devicesToo)) {
    throw new Error(`${spec.url} accepts devices: signed in, and call authenticateDevicesWith first`);
  }
  const access = (spec as AnyRouteSpec).access;
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
    ...(spec.bodyLimit ? { bodyLimit: spec.bodyLimit } : {}),
    ...(spec.bodyShape ? { config: { [BODY_SHAPE]: spec.bodyShape } } : {}),
    ...(checked.has(app)
      ? { onSend: async (_request, reply, payload) => checkAnswer(spec as AnyRouteSpec, reply, payload) }
      : {}),
    ...(authenticate
      ? {
          onRequest: async (request: FastifyRequest) => {
            if (devicesToo && isDeviceCredential(bearerOf(request))) {
              const device = await devicesToo(request);
              devices.set(request, device);
              principals.set(request, devicePrincipal(device));
            } else principals.set(request, await authenticate(request));
          },
        }
      : authenticateDevice
        ? {
            onRequest: async (request: FastifyRequest) => {
              devices.set(request, await authenticateDevice(request));
            },
          }
        : {}),
    handler: async (request, reply) => {
      const input = {
        params: validate(schemas.params, request.params, 'params'),
        query: validate(schemas.query, request.query, 'query'),
        body: validate(schemas.body, request.body, 'body'),
      };
      const principal = principals.get(request);
      if (spec.signedIn && !principal) throw new Error(`${spec.url} was reached without its caller's session`);
      if (principal && access) requireAccess(principal, access, (input.params as { tenantId?: string }).tenantId);
      const device = devices.get(request);
      if (spec.device && !device) throw new Error(`${spec.url} was reached without its device`);
      const call = (
        principal ? { ...input, principal, ...(device ? { device } : {}) } : device ? { ...input, device } : input
      ) as RouteInput<B, Q, P> & Caller<S>;
      counted.count++;
      try {
        return await handler(call, request, reply);
      } finally {
        counted.count--;
        if (counted.count === 0) for (const wake of counted.waiters.splice(0)) wake();
      }
    },
  });
}
