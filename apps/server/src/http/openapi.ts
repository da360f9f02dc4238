import { JsonValue, MessageParam, SystemMessage } from '@webnova/core/contracts';
import { z } from 'zod';
import { Problem } from './problem.js';
import { type AnyRouteSpec, problemStatuses } from './route-spec.js';

type Operation = Record<string, unknown>;

/**
 * Schemas that are published once, under `components.schemas.<id>`, and referred to from every route
 * that uses them. A recursive schema must be here: JSON Schema can only say it with a reference.
 */
const SHARED = z.registry<{ id: string }>();
SHARED.add(JsonValue, { id: 'JsonValue' });
SHARED.add(SystemMessage, { id: 'SystemMessage' });
SHARED.add(MessageParam, { id: 'MessageParam' });

const PROBLEM_REF = { $ref: '#/components/schemas/Problem' };

/** The OpenAPI 3.1 document, filled in by `addRoute` from the very schemas that validate each request. */
export class OpenApiDocument {
  private readonly paths: Record<string, Record<string, Operation>> = {};
  private readonly schemas: Record<string, unknown> = {};

  constructor(private readonly version: string) {
    this.schemas.Problem = this.jsonSchema(Problem, 'output');
  }

  /**
   * zod's JSON Schema for `schema`, as it reads coming in (`input`) or going out (`output`). The shared
   * definitions zod puts under `$defs` move to `components.schemas`: a `#/$defs/…` reference would
   * resolve against the root of this document, where there is none.
   */
  private jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
    const generated = z.toJSONSchema(schema, { io, unrepresentable: 'any', metadata: SHARED });
    const moved = JSON.parse(JSON.stringify(generated).replaceAll('"#/$defs/', '"#/components/schemas/')) as Record<
      string,
      unknown
    >;
    const { $schema: _, $defs, ...rest } = moved;
    for (const [id, definition] of Object.entries(($defs ?? {}) as Record<string, unknown>)) {
      if (id.startsWith('__schema')) throw new Error(`register the recursive schema in ${JSON.stringify(rest)}`);
      const known = this.schemas[id];
      if (known !== undefined && JSON.stringify(known) !== JSON.stringify(definition)) {
        throw new Error(`two different schemas are published as ${id}`);
      }
      this.schemas[id] = definition;
    }
    return rest;
  }

  add(spec: AnyRouteSpec, schemas: Record<'params' | 'query' | 'body', z.ZodType>): void {
    const path = spec.url.replace(/:([A-Za-z]+)/g, '{$1}');
    const parameters: Operation[] = [];
    for (const where of ['params', 'query'] as const) {
      const properties = (this.jsonSchema(schemas[where], 'input').properties ?? {}) as Record<string, unknown>;
      for (const [name, schema] of Object.entries(properties)) {
        parameters.push({ name, in: where === 'params' ? 'path' : 'query', required: where === 'params', schema });
      }
    }
    const { success } = spec;
    const responses: Record<string, unknown> = {
      [success.status]:
        'schema' in success
          ? {
              description: success.description,
              content: {
                [success.contentType ?? 'application/json']: { schema: this.jsonSchema(success.schema, 'output') },
              },
            }
          : { description: success.description },
    };
    if (spec.accepted) {
      responses[202] = {
        description: spec.accepted.description,
        content: { 'application/json': { schema: this.jsonSchema(spec.accepted.schema, 'output') } },
      };
    }
    for (const [status, description] of Object.entries(problemStatuses(spec))) {
      responses[status] = { description, content: { 'application/problem+json': { schema: PROBLEM_REF } } };
    }
    const operation: Operation = { summary: spec.summary, parameters, responses };
    if (spec.body) {
      operation.requestBody = {
        required: true,
        content: { 'application/json': { schema: this.jsonSchema(schemas.body, 'input') } },
      };
    }
    if (spec.signedIn) operation.security = [{ session: [] }];
    if (spec.device) operation.security = [{ device: [] }];
    if (spec.acceptsDevices) operation.security = [{ session: [] }, { device: [] }];
    this.paths[path] = { ...this.paths[path], [spec.method.toLowerCase()]: operation };
  }

  /**
   * An operation `addRoute` does not serve, written out by its route (git's smart HTTP, whose bodies are
   * git's own formats, not JSON): its problems are described as every route's are.
   */
  addOperation(
    method: 'get' | 'post',
    url: string,
    operation: {
      summary: string;
      parameters: unknown[];
      success: Record<string, unknown>;
      problems: Record<number, string>;
    },
  ): void {
    const path = url.replace(/:([A-Za-z]+)/g, '{$1}');
    const responses: Record<string, unknown> = { 200: operation.success };
    for (const [status, description] of Object.entries(operation.problems)) {
      responses[status] = { description, content: { 'application/problem+json': { schema: PROBLEM_REF } } };
    }
    const security = [{ accessToken: [] }, { device: [] }];
    this.paths[path] = {
      ...this.paths[path],
      [method]: { summary: operation.summary, parameters: operation.parameters, responses, security } as Operation,
    };
  }

  toJSON(): OpenApi {
    return {
      openapi: '3.1.0',
      info: { title: 'WebNova governance server', version: this.version },
      paths: this.paths,
      components: {
        schemas: this.schemas,
        securitySchemes: {
          session: { type: 'http', scheme: 'bearer', description: 'The token from POST /auth/login' },
          device: { type: 'http', scheme: 'bearer', description: 'A device credential from POST /devices' },
          accessToken: {
            type: 'http',
            scheme: 'basic',
            description:
              'A personal access token from POST /auth/tokens as the password (any user name), or as a bearer',
          },
        },
      },
    };
  }
}

/** The document's outline; its contents are JSON Schema and OpenAPI objects, checked by the OpenAPI tests. */
export const OpenApi = z
  .object({
    openapi: z.literal('3.1.0'),
    info: z.object({ title: z.string(), version: z.string() }).strict(),
    paths: z.record(
      z.string(),
      z.partialRecord(z.enum(['get', 'post', 'patch', 'delete']), z.record(z.string(), z.unknown())),
    ),
    components: z
      .object({
        schemas: z.record(z.string(), z.unknown()),
        securitySchemes: z.record(z.string(), z.unknown()),
      })
      .strict(),
  })
  .strict();
export type OpenApi = z.infer<typeof OpenApi>;
