import { z } from 'zod';
import type { RouteSpec } from './route.js';

type Operation = Record<string, unknown>;

const ProblemSchema = {
  type: 'object',
  required: ['type', 'title', 'status', 'code', 'detail'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    code: { type: 'string' },
    detail: { type: 'string' },
    details: {},
  },
};

function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return rest;
}

/** The OpenAPI 3.1 document, filled in by `addRoute` from the very schemas that validate each request. */
export class OpenApiDocument {
  private readonly paths: Record<string, Record<string, Operation>> = {};

  constructor(private readonly version: string) {}

  add(spec: RouteSpec<z.ZodType, z.ZodType, z.ZodType>, schemas: Record<'params' | 'query' | 'body', z.ZodType>): void {
    const path = spec.url.replace(/:([A-Za-z]+)/g, '{$1}');
    const parameters: Operation[] = [];
    for (const where of ['params', 'query'] as const) {
      const properties = (jsonSchema(schemas[where]).properties ?? {}) as Record<string, unknown>;
      for (const [name, schema] of Object.entries(properties)) {
        parameters.push({ name, in: where === 'params' ? 'path' : 'query', required: where === 'params', schema });
      }
    }
    const responses: Record<string, unknown> = {};
    for (const [status, description] of Object.entries(spec.responses)) responses[status] = { description };
    responses.default = {
      description: 'A problem (RFC 9457) with a stable `code`',
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    };
    const operation: Operation = { summary: spec.summary, parameters, responses };
    if (spec.body) {
      operation.requestBody = { required: true, content: { 'application/json': { schema: jsonSchema(schemas.body) } } };
    }
    if (spec.signedIn) operation.security = [{ session: [] }];
    this.paths[path] = { ...this.paths[path], [spec.method.toLowerCase()]: operation };
  }

  toJSON(): Record<string, unknown> {
    return {
      openapi: '3.1.0',
      info: { title: 'WebNova governance server', version: this.version },
      paths: this.paths,
      components: {
        schemas: { Problem: ProblemSchema },
        securitySchemes: {
          session: { type: 'http', scheme: 'bearer', description: 'The token from POST /auth/login' },
        },
      },
    };
  }
}
