import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import { PROBLEM_TYPE, Problem, ServerError, toProblem } from './problem.js';
import { type AnyRouteSpec, problemStatuses } from './route-spec.js';

/** What tests look for in a 500 caused by an answer that broke its route's declaration. */
export const ANSWER_MISMATCH = 'answerMismatch';

async function payloadText(payload: unknown): Promise<string> {
  if (payload === null || payload === undefined) return '';
  if (typeof payload === 'string') return payload;
  if (Buffer.isBuffer(payload)) return payload.toString('utf8');
  if (payload instanceof Readable) return text(payload);
  throw new Error(`an answer of an unexpected kind: ${typeof payload}`);
}

function issuesOf(schema: z.ZodType, json: string, where: string): string[] {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return [`${where}: not JSON`];
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) => `${[where, ...issue.path.map(String)].join('.')}: ${issue.message}`);
}

/**
 * Holds one answer to its route's declaration: the success status with a body its schema accepts (each
 * line, for JSON lines; none for 101 and 204), a 202 with its `accepted` body, or a declared problem
 * status with a `Problem` body. The
 * answer is read whole, streams included, and handed on as text. A mismatch replaces the answer by a
 * 500 problem with `details.answerMismatch`, which the test client turns into a failing test. (It is
 * answered here rather than thrown: an error thrown while a problem is being sent would bypass the
 * server's problem handler.)
 */
export async function checkAnswer(spec: AnyRouteSpec, reply: FastifyReply, payload: unknown): Promise<string> {
  const status = reply.statusCode;
  const body = await payloadText(payload);
  const { success } = spec;
  let issues: string[];
  if (status === success.status) {
    if (!('schema' in success)) issues = body === '' ? [] : [`a ${status} answer must have no body`];
    else if (success.contentType === 'application/x-ndjson') {
      const lines = body.split('\n');
      if (lines.pop() !== '') issues = ['JSON lines must end with a newline'];
      else issues = lines.flatMap((line, index) => issuesOf(success.schema, line, `line ${index + 1}`));
    } else issues = issuesOf(success.schema, body, 'body');
  } else if (status === 202 && spec.accepted) {
    issues = issuesOf(spec.accepted.schema, body, 'body');
  } else if (status >= 400 && status in problemStatuses(spec)) {
    issues = issuesOf(Problem, body, 'problem');
  } else {
    issues = [`the status ${status} is not declared`];
  }
  if (issues.length === 0) return body;
  const mismatch = new ServerError(
    'INTERNAL',
    `The ${status} answer to ${spec.method} ${spec.url} does not match what the route declares.`,
    { [ANSWER_MISMATCH]: issues },
  );
  reply.code(mismatch.status).type(PROBLEM_TYPE);
  return JSON.stringify(toProblem(mismatch));
}
