import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { PROBLEM_TYPE, ServerError, toProblem } from './problem.js';

/** The longest URL (path and query) the server reads; checked before routing goes any further. */
export const MAX_URL_LENGTH = 4096;

/**
 * Fastify's own refusals (bad JSON, wrong content type, too large, a bad or too long URL) in the
 * server's codes. Their messages are not passed on: several repeat what the client sent (a path, a
 * content type), and an answer never echoes the request.
 */
function fromFastify(error: FastifyError): ServerError | null {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ServerError('PAYLOAD_TOO_LARGE', 'The request body is too large.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ServerError('INVALID_INPUT', 'Send the body as application/json.');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ServerError('INVALID_INPUT', 'The request body is not valid JSON.');
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new ServerError('URI_TOO_LONG', 'A part of the URL is too long.');
    case 'FST_ERR_BAD_URL':
      return new ServerError('INVALID_INPUT', 'The URL is not valid: a part of it is not well encoded.');
    default:
      return typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500
        ? new ServerError('INVALID_INPUT', `The request is not valid (${error.code}).`)
        : null;
  }
}

function sendProblem(request: FastifyRequest, reply: FastifyReply, error: unknown): FastifyReply {
  const known = error instanceof ServerError ? error : fromFastify(error as FastifyError);
  if (!known) request.log.error({ err: error }, 'request failed');
  const failure = known ?? new ServerError('INTERNAL', 'The server failed to answer; the details are in its log.');
  return reply.code(failure.status).headers(failure.headers).type(PROBLEM_TYPE).send(toProblem(failure));
}

interface SocketProblem {
  status: number;
  title: string;
  detail: string;
}
const BAD_HTTP: SocketProblem = { status: 400, title: 'Bad Request', detail: 'The request is not valid HTTP.' };
const SOCKET_PROBLEMS: Record<string, SocketProblem> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    title: 'Request Header Fields Too Large',
    detail: 'The request line or its headers are too large.',
  },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, title: 'Request Timeout', detail: 'The request took too long to arrive.' },
};

/**
 * Options for Fastify's constructor: refusals that happen before any route is found (a parameter past
 * Fastify's length, a badly encoded URL) and those Node makes before Fastify sees a request (headers
 * too large, not HTTP) answer as problems too.
 */
export const problemServerOptions: Pick<FastifyServerOptions, 'frameworkErrors' | 'clientErrorHandler'> = {
  frameworkErrors: (error, request, reply) => sendProblem(request, reply, error),
  clientErrorHandler(error: NodeJS.ErrnoException, socket: Socket) {
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const { status, title, detail } = SOCKET_PROBLEMS[error.code ?? ''] ?? BAD_HTTP;
    const body = JSON.stringify({
      type: 'urn:webnova:problem:invalid-input',
      title,
      status,
      code: 'INVALID_INPUT',
      detail,
    });
    socket.end(
      `HTTP/1.1 ${status} ${title}\r\nContent-Type: ${PROBLEM_TYPE}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  },
};

/** Every failure leaves as application/problem+json; anything unexpected is logged and told as INTERNAL. */
export function installProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => sendProblem(request, reply, error));

  // Before the body is read and before anything looks at the query: a URL past the limit goes no further.
  app.addHook('onRequest', async (request) => {
    if (request.url.length > MAX_URL_LENGTH) {
      throw new ServerError('URI_TOO_LONG', `The URL is longer than ${MAX_URL_LENGTH} characters.`);
    }
  });

  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .type(PROBLEM_TYPE)
      .send(toProblem(new ServerError('NOT_FOUND', `There is no route ${request.method} for this path.`))),
  );
}
