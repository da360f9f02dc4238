/**
 * How a client proves it may drive this web host, shared by the host and the renderer (no Node
 * here). The token never travels in a URL the host reads: a WebSocket offers it as a subprotocol
 * (the one header a browser lets a page set on a WebSocket), HTTP calls as a bearer header.
 */
export const API_PATH = '/api';
/** GET with the bearer token: 204 or 401 (the UI asks after a refused socket). POST `{code}`: the token, once. */
export const SESSION_PATH = '/api/session';
/** The subprotocol the host answers with; a client must offer it beside its token. */
export const API_PROTOCOL = 'webnova.v1';
export const TOKEN_PROTOCOL_PREFIX = 'webnova.token.';

/** What a client offers when it opens the API socket. */
export function apiProtocols(token: string): string[] {
  return [API_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${token}`];
}

/**
 * The printed link carries the token in its fragment (`#token=`), the file `--open` loads carries a
 * one-time code (`#code=`): a fragment is never sent to a server, so neither shows in a request line,
 * a log or a Referer.
 */
export const TOKEN_PARAM = 'token';
export const CODE_PARAM = 'code';
