import type { FastifyError, FastifyInstance } from 'fastify';
import { PROBLEM_TYPE, ServerError, toProblem } from './problem.js';

/** Fastify's own refusals (bad JSON, wrong content type, too large) in the server's codes. */
function fromFastify(error: FastifyError): ServerError | null {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ServerError('PAYLOAD_TOO_LARGE', 'The request body is too large.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ServerError('INVALID_INPUT', 'Send the body as application/json.');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ServerError('INVALID_INPUT', 'The request body is not valid JSON.');
    default:
      return typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500
        ? new ServerError('INVALID_INPUT', error.message)
        : null;
  }
}

/** Every failure leaves as application/problem+json; anything unexpected is logged and told as INTERNAL. */
export function installProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const known = error instanceof ServerError ? error : fromFastify(error);
    if (!known) request.log.error({ err: error }, 'request failed');
    const failure = known ?? new ServerError('INTERNAL', 'The server failed to answer; the details are in its log.');
    return reply.code(failure.status).headers(failure.headers).type(PROBLEM_TYPE).send(toProblem(failure));
  });

  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .type(PROBLEM_TYPE)
      .send(
        toProblem(new ServerError('NOT_FOUND', `There is no route ${request.method} ${request.url.split('?')[0]}.`)),
      ),
  );
}
