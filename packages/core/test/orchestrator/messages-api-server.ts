import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// biome-ignore lint/suspicious/noExplicitAny: recorded frames are folded loosely, as JSON.
type Loose = any;
/**
 * A local HTTP server that speaks the Anthropic Messages API (`POST /v1/messages`), JSON and SSE,
 * for testing the Claude adapter without the network. Answers come from a script of replies (or a
 * responder function); every request is recorded with its headers, body and arrival time.
 * Node built-ins only, so Vitest, Playwright and the benches can all start it.
 */

/** One SSE frame as the API sends it: `event: <name>` and `data: <json>`. */
export interface SseFrame {
  event: string;
  data: unknown;
}

export type Reply =
  /** A streamed answer (the request must ask for `stream: true`, else it is folded into one JSON message). */
  | { kind: 'stream'; frames: SseFrame[]; frameDelayMs?: number; headers?: Record<string, string> }
  /** An HTTP error with the API's error body. */
  | { kind: 'error'; status: number; type: string; message: string; headers?: Record<string, string> }
  /** Accepts the request and never answers (timeouts, cancellation). */
  | { kind: 'hang' };

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
  at: number;
}

export type Responder = (request: RecordedRequest, index: number) => Reply;

export interface MessagesApiServer {
  url: string;
  requests: RecordedRequest[];
  /** Replies still to be given, in order; when empty the responder (if any) answers. */
  queue: Reply[];
  close(): Promise<void>;
}

const fixturesDir = new URL('./fixtures/messages-api/', import.meta.url);

/** A recorded exchange from `fixtures/messages-api/<name>.json`. */
export function fixture(name: string): { frames: SseFrame[] } {
  return JSON.parse(readFileSync(new URL(`${name}.json`, fixturesDir), 'utf8')) as { frames: SseFrame[] };
}

export function streamReply(name: string, frameDelayMs = 0): Reply {
  return { kind: 'stream', frames: fixture(name).frames, frameDelayMs };
}

/** A frame sequence from scratch: one tool_use block whose JSON arrives in pieces of `chunk` characters. */
export function toolUseFrames(
  tool: string,
  input: unknown,
  options: { chunk?: number; text?: string; model?: string; inputTokens?: number; outputTokens?: number } = {},
): SseFrame[] {
  const json = JSON.stringify(input);
  const chunk = options.chunk ?? 64;
  const frames: SseFrame[] = [
    {
      event: 'message_start',
      data: {
        type: 'message_start',
        message: {
          id: 'msg_local_0001',
          type: 'message',
          role: 'assistant',
          model: options.model ?? 'claude-sonnet-5-5',
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { input_tokens: options.inputTokens ?? 1000, output_tokens: 1 },
        },
      },
    },
  ];
  let index = 0;
  if (options.text) {
    frames.push(
      {
        event: 'content_block_start',
        data: { type: 'content_block_start', index, content_block: { type: 'text', text: '' } },
      },
      ...splitText(options.text, 12).map((text) => ({
        event: 'content_block_delta',
        data: { type: 'content_block_delta', index, delta: { type: 'text_delta', text } },
      })),
      { event: 'content_block_stop', data: { type: 'content_block_stop', index } },
    );
    index += 1;
  }
  frames.push(
    {
      event: 'content_block_start',
      data: {
        type: 'content_block_start',
        index,
        content_block: { type: 'tool_use', id: `toolu_local_${index}`, name: tool, input: {} },
      },
    },
    { event: 'ping', data: { type: 'ping' } },
    ...splitText(json, chunk).map((partial_json) => ({
      event: 'content_block_delta',
      data: { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json } },
    })),
    { event: 'content_block_stop', data: { type: 'content_block_stop', index } },
    {
      event: 'message_delta',
      data: {
        type: 'message_delta',
        delta: { stop_reason: 'tool_use', stop_sequence: null },
        usage: { output_tokens: options.outputTokens ?? Math.ceil(json.length / 4) },
      },
    },
    { event: 'message_stop', data: { type: 'message_stop' } },
  );
  return frames;
}

function splitText(text: string, size: number): string[] {
  const pieces: string[] = [];
  for (let at = 0; at < text.length; at += size) pieces.push(text.slice(at, at + size));
  return pieces;
}

/** The message a stream adds up to, for a client that asked for JSON. */
function foldFrames(frames: SseFrame[]): Record<string, unknown> {
  let message: Record<string, unknown> = {};
  const blocks: Record<string, unknown>[] = [];
  const partial = new Map<number, string>();
  for (const { data } of frames) {
    const event = data as Record<string, Loose>;
    if (event.type === 'message_start') message = { ...event.message };
    else if (event.type === 'content_block_start') blocks[event.index] = { ...event.content_block };
    else if (event.type === 'content_block_delta') {
      const block = blocks[event.index] as Record<string, Loose>;
      if (event.delta.type === 'text_delta') block.text = `${block.text}${event.delta.text}`;
      else partial.set(event.index, `${partial.get(event.index) ?? ''}${event.delta.partial_json}`);
    } else if (event.type === 'message_delta') {
      message.stop_reason = event.delta.stop_reason;
      message.usage = { ...(message.usage as object), ...event.usage };
    }
  }
  for (const [index, json] of partial) (blocks[index] as Record<string, unknown>).input = JSON.parse(json);
  return { ...message, content: blocks };
}

function sendError(res: ServerResponse, reply: Extract<Reply, { kind: 'error' }>): void {
  res.writeHead(reply.status, { 'content-type': 'application/json', 'request-id': 'req_local', ...reply.headers });
  res.end(
    JSON.stringify({ type: 'error', error: { type: reply.type, message: reply.message }, request_id: 'req_local' }),
  );
}

async function sendStream(res: ServerResponse, reply: Extract<Reply, { kind: 'stream' }>): Promise<void> {
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    'request-id': 'req_local',
    ...reply.headers,
  });
  for (const frame of reply.frames) {
    if (res.destroyed) return;
    res.write(`event: ${frame.event}\ndata: ${JSON.stringify(frame.data)}\n\n`);
    if (reply.frameDelayMs) await new Promise((resolve) => setTimeout(resolve, reply.frameDelayMs));
  }
  res.end();
}

/** Starts the server on a free loopback port. */
export async function startMessagesApiServer(responder?: Responder): Promise<MessagesApiServer> {
  const requests: RecordedRequest[] = [];
  const queue: Reply[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: {},
        at: performance.now(),
      };
      try {
        recorded.body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      } catch {
        sendError(res, { kind: 'error', status: 400, type: 'invalid_request_error', message: 'Body is not JSON.' });
        return;
      }
      requests.push(recorded);
      if (recorded.method !== 'POST' || !recorded.path.startsWith('/v1/messages')) {
        sendError(res, { kind: 'error', status: 404, type: 'not_found_error', message: `No route ${recorded.path}` });
        return;
      }
      if (!recorded.headers['x-api-key'] && !recorded.headers.authorization) {
        sendError(res, {
          kind: 'error',
          status: 401,
          type: 'authentication_error',
          message: 'x-api-key header is required',
        });
        return;
      }
      const reply = queue.shift() ?? responder?.(recorded, requests.length - 1);
      if (!reply) {
        sendError(res, {
          kind: 'error',
          status: 500,
          type: 'api_error',
          message: 'The test server has no reply left.',
        });
        return;
      }
      if (reply.kind === 'hang') return;
      if (reply.kind === 'error') return sendError(res, reply);
      if (recorded.body.stream === true) return void sendStream(res, reply);
      res.writeHead(200, { 'content-type': 'application/json', 'request-id': 'req_local' });
      res.end(JSON.stringify(foldFrames(reply.frames)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    queue,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Answers each request with the recorded fixture for the tool it asks for (e2e and benches). */
export function fixtureResponder(request: RecordedRequest): Reply {
  const choice = request.body.tool_choice as { name?: string } | undefined;
  if (choice?.name === 'propose_blueprint') return streamReply('plan-clinic', 2);
  if (choice?.name === 'propose_blueprint_patch') return streamReply('patch-invoices', 2);
  return streamReply('assist-explain', 2);
}
