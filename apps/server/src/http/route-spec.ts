import type { z } from 'zod';
import type { Access, TenantAccess } from '../auth/permissions.js';
import type { BodyShape } from './json-body.js';

/** The problem statuses a route may answer besides those every route may (see `problemStatuses`). */
export type ProblemStatus = 401 | 403 | 404 | 409 | 422 | 429 | 502 | 503;

/**
 * What a route answers when it goes well. 101 and 204 carry no body; every other success declares its
 * body as a zod schema, which /openapi.json publishes and tests hold each real answer to.
 */
export type Success<R extends z.ZodType> =
  | {
      status: 200 | 201;
      description: string;
      schema: R;
      /** `application/x-ndjson`: `schema` is one line's. Default `application/json`. */
      contentType?: 'application/json' | 'application/x-ndjson';
    }
  | { status: 101 | 204; description: string };

/** The access a route may declare: only a signed-in one; about the tenant only with `:tenantId`. */
type AccessOf<P extends z.ZodType, S extends boolean> = S extends true
  ? z.output<P> extends { tenantId: string }
    ? Access
    : Exclude<Access, TenantAccess>
  : never;

export interface RouteSpec<
  B extends z.ZodType,
  Q extends z.ZodType,
  P extends z.ZodType,
  R extends z.ZodType,
  S extends boolean = boolean,
> {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Fastify's form: `/tenants/:tenantId`. */
  url: string;
  summary: string;
  /**
   * Whether it needs `Authorization: Bearer <token>`. `addRoute` then checks the session before anything
   * else, the body included (401 when it is missing, expired or revoked), and hands the handler the
   * caller's principal; a public route's handler gets none.
   */
  signedIn: S;
  /**
   * A sync route: it needs `Authorization: Bearer <device credential>` rather than a session (then
   * `signedIn` is false). `addRoute` checks the credential before anything else (401 `UNAUTHENTICATED`,
   * or `DEVICE_REVOKED`) and hands the handler the device.
   */
  device?: true;
  /**
   * A signed-in route a device may call too, with its credential instead of a session (what the desktop
   * holds once signed in): the handler gets the device's user as the principal, and the device.
   */
  acceptsDevices?: true;
  /** The largest body this route reads, when it is not the server's 1 MiB (checked before parsing). */
  bodyLimit?: number;
  /** What its body may hold, measured before parsing, when not the server's (`BODY_LIMITS`). */
  bodyShape?: BodyShape;
  /** Who may call it beyond holding a session, checked before the handler runs (see `Access`). */
  access?: AccessOf<P, S>;
  body?: B;
  query?: Q;
  params?: P;
  success: Success<R>;
  /**
   * 202: the request became a decision that waits for approvers (the handler sends it through `reply`).
   * Its body's schema, like the success's, is published and held to in tests.
   */
  accepted?: { description: string; schema: z.ZodType };
  /** Status → when, for the problems particular to this route. */
  problems?: Partial<Record<ProblemStatus, string>>;
}

export type AnyRouteSpec = Omit<RouteSpec<z.ZodType, z.ZodType, z.ZodType, z.ZodType>, 'access'> & { access?: Access };

/** Every problem status a route may answer, with what it means: the route's own and the common ones. */
export function problemStatuses(spec: AnyRouteSpec): Record<number, string> {
  const statuses: Record<number, string> = { 400: 'INVALID_INPUT: a parameter, the query or the body is not valid' };
  if (spec.signedIn) statuses[401] = 'UNAUTHORIZED: no session, or it ended';
  if (spec.acceptsDevices) {
    statuses[401] = 'UNAUTHORIZED: no session, or it ended; UNAUTHENTICATED, DEVICE_REVOKED: a device credential';
  }
  if (spec.device) statuses[401] = 'UNAUTHENTICATED: no device credential, or an unknown one; DEVICE_REVOKED';
  if (spec.body) {
    const limit = spec.bodyLimit ?? 1024 * 1024;
    statuses[413] = `PAYLOAD_TOO_LARGE: a body over ${limit / (1024 * 1024)} MiB`;
  }
  statuses[414] = 'URI_TOO_LONG: the URL, or a part of it, is too long';
  for (const [status, description] of Object.entries(spec.problems ?? {})) {
    if (description !== undefined) statuses[Number(status)] = description;
  }
  statuses[500] = 'INTERNAL: the server failed (the details are in its log)';
  return statuses;
}
