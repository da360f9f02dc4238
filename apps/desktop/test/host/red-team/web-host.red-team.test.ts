// The web host against a hostile peer on this machine: every case states the attack and the refusal
// expected, runs it with raw sockets against a host in its own process, then checks that the host
// is still alive and still serves its own page. See ../../../../../docs/ARCHITECTURE.md, "The web host".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PROTOCOL, TOKEN_PROTOCOL_PREFIX } from '../../../src/shared/access-protocol.js';
import {
  closeCode,
  frameHeader,
  type HostProcess,
  nextReply,
  openApi,
  rawExchange,
  startHostProcess,
  statusOf,
  upgradeRequest,
} from '../support/raw-peer.js';
import { named, type RedTeamCase } from '../support/red-team.js';

let host: HostProcess;

beforeAll(async () => {
  host = await startHostProcess();
});

afterAll(async () => {
  await host?.stop();
});

const get = (port: number, path: string, headers: string[]) =>
  rawExchange(port, `GET ${path} HTTP/1.1\r\n${[...headers, 'Connection: close'].join('\r\n')}\r\n\r\n`);
const MiB = 1024 * 1024;
const nested = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
/** A WebSocket close frame's status code, as it appears in a raw answer (two big-endian bytes after the header). */
const closeStatus = (code: number) => String.fromCharCode(code >> 8, code & 0xff);

const beforeAuthentication: RedTeamCase<HostProcess>[] = [
  {
    attack: 'upgrade /api with no token, then a frame header announcing 40 MiB',
    expected: '401 before upgrading; the frame is never parsed',
    async run({ port }) {
      const answer = await rawExchange(port, upgradeRequest({ port }), frameHeader(40 * MiB));
      expect(statusOf(answer)).toBe(401);
    },
  },
  {
    attack: 'upgrade /api with a wrong token and frames in the same packet as the request',
    expected: '401; nothing after the request is read',
    async run({ port }) {
      const request = upgradeRequest({ port, protocols: [API_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${'x'.repeat(43)}`] });
      const answer = await rawExchange(
        port,
        Buffer.concat([Buffer.from(request), frameHeader(40 * MiB), frameHeader(5)]),
      );
      expect(statusOf(answer)).toBe(401);
    },
  },
  {
    attack: 'the right token in the query string (/api?token=…), as URLs used to carry it',
    expected: '401: a URL is not a credential (it lands in histories and logs)',
    async run({ port, token }) {
      expect(statusOf(await rawExchange(port, upgradeRequest({ port, path: `/api?token=${token}` })))).toBe(401);
    },
  },
  {
    attack: 'the right token in a cookie named for this port, and in one named for another port',
    expected: '401: cookies ignore ports, so they carry no credential here',
    async run({ port, token }) {
      const cookie = `webnova-${port}=${token}; webnova-${port + 1}=${token}; token=${token}`;
      expect(statusOf(await rawExchange(port, upgradeRequest({ port, headers: { Cookie: cookie } })))).toBe(401);
    },
  },
  {
    attack: 'two token subprotocols, the right one and a wrong one',
    expected: '401: one offer, one token',
    async run({ port, token }) {
      const protocols = [API_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${token}`, `${TOKEN_PROTOCOL_PREFIX}${'y'.repeat(43)}`];
      expect(statusOf(await rawExchange(port, upgradeRequest({ port, protocols })))).toBe(401);
    },
  },
  {
    attack: 'a bearer header with the right token on the upgrade (not how a browser can send it)',
    expected: '401: the socket reads its token only from the subprotocol',
    async run({ port, token }) {
      const answer = await rawExchange(port, upgradeRequest({ port, headers: { Authorization: `Bearer ${token}` } }));
      expect(statusOf(answer)).toBe(401);
    },
  },
  {
    attack: 'upgrade a path other than /api with the right token',
    expected: '404',
    async run({ port, token }) {
      const protocols = [API_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${token}`];
      expect(statusOf(await rawExchange(port, upgradeRequest({ port, path: '/other', protocols })))).toBe(404);
    },
  },
  {
    attack: 'ask /api/session whether a guessed token is good',
    expected: '401 (and 204 only for the real one)',
    async run({ port, token }) {
      const host = `Host: 127.0.0.1:${port}`;
      expect(statusOf(await get(port, '/api/session', [host, 'Authorization: Bearer guessed-token-0123456789']))).toBe(
        401,
      );
      expect(statusOf(await get(port, '/api/session', [host, `Authorization: Bearer ${token}`]))).toBe(204);
    },
  },
  {
    attack: 'exchange a one-time code the host never minted',
    expected: '401',
    async run({ port }) {
      const body = JSON.stringify({ code: 'never-minted-code-0123456789' });
      const answer = await rawExchange(
        port,
        `POST /api/session HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
      );
      expect(statusOf(answer)).toBe(401);
    },
  },
  {
    attack: 'announce a 10 MiB body to /api/session',
    expected: '413 before a byte of it is read',
    async run({ port }) {
      const answer = await rawExchange(
        port,
        `POST /api/session HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: ${10 * MiB}\r\n\r\n{`,
      );
      expect(statusOf(answer)).toBe(413);
    },
  },
  {
    attack: 'a code exchange that is not JSON, or not the expected shape',
    expected: '400 (415 without a JSON content type)',
    async run({ port }) {
      const post = (type: string, body: string) =>
        rawExchange(
          port,
          `POST /api/session HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: ${type}\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
        );
      expect(statusOf(await post('application/json', '{"code":'))).toBe(400);
      expect(statusOf(await post('application/json', '{"code":"a","more":1}'))).toBe(400);
      expect(statusOf(await post('text/plain', '{"code":"a"}'))).toBe(415);
    },
  },
];

const afterAuthentication: RedTeamCase<HostProcess>[] = [
  {
    attack: 'an authenticated frame header announcing 40 MiB (over the 32 MiB limit)',
    expected: 'the socket is closed with 1009 from the header alone; the host lives',
    async run({ port, token }) {
      const request = upgradeRequest({ port, protocols: [API_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${token}`] });
      const answer = await rawExchange(port, request, frameHeader(40 * MiB));
      expect(statusOf(answer)).toBe(101);
      expect(answer).toContain(closeStatus(1009));
    },
  },
  {
    attack: 'an authenticated frame with reserved bits set and an unknown opcode',
    expected: 'closed with 1002 (protocol error); the host lives',
    async run({ port, token }) {
      const request = upgradeRequest({ port, protocols: [API_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${token}`] });
      const answer = await rawExchange(port, request, frameHeader(3, 0x3, 0x70), Buffer.from('abc'));
      expect(answer).toContain(closeStatus(1002));
    },
  },
  {
    attack: 'params nested 20,000 levels deep (zod would overflow the stack)',
    expected: 'INVALID_INPUT naming the 64-level limit, checked before parsing',
    async run({ port, token }) {
      const ws = await openApi(port, token);
      const message = `{"type":"call","id":"deep","method":"governance.propose","params":{"kind":"file.write","rationale":"r","payload":${nested(20_000)}}}`;
      expect(await nextReply(ws, message)).toMatchObject({ error: { code: 'INVALID_INPUT', details: { limit: 64 } } });
      ws.close();
    },
  },
  {
    attack: 'the whole message nested 100,000 arrays deep',
    expected: 'INVALID_INPUT naming the limit',
    async run({ port, token }) {
      const ws = await openApi(port, token);
      const reply = await nextReply(ws, `${'['.repeat(100_000)}${']'.repeat(100_000)}`);
      expect(reply).toMatchObject({
        type: 'error',
        id: null,
        error: { code: 'INVALID_INPUT', details: { limit: 64 } },
      });
      ws.close();
    },
  },
  {
    attack: 'brackets inside a string, 100,000 of them',
    expected: 'not mistaken for nesting: the call is answered normally',
    async run({ port, token }) {
      const ws = await openApi(port, token);
      const message = JSON.stringify({
        type: 'call',
        id: 's',
        method: 'fs.stat',
        params: { path: '['.repeat(100_000) },
      });
      const reply = await nextReply(ws, message);
      expect(reply).toMatchObject({ id: 's', type: 'error' });
      expect(reply.error).not.toMatchObject({ details: { limit: 64 } });
      ws.close();
    },
  },
  {
    attack: 'text that is not JSON',
    expected: 'INVALID_INPUT; the socket keeps serving',
    async run({ port, token }) {
      const ws = await openApi(port, token);
      expect(await nextReply(ws, '{"type":"call",')).toMatchObject({ error: { code: 'INVALID_INPUT' } });
      expect(
        await nextReply(ws, JSON.stringify({ type: 'call', id: 'ok', method: 'app.info', params: {} })),
      ).toMatchObject({ type: 'result', id: 'ok' });
      ws.close();
    },
  },
  {
    attack: 'a binary frame holding a valid call',
    expected: 'INVALID_INPUT: messages are JSON text',
    async run({ port, token }) {
      const ws = await openApi(port, token);
      const call = Buffer.from(JSON.stringify({ type: 'call', id: 'b', method: 'app.info', params: {} }));
      expect(await nextReply(ws, call, true)).toMatchObject({ error: { code: 'INVALID_INPUT' } });
      ws.close();
    },
  },
  {
    attack: 'a real 33 MiB message from an authenticated client, while another client works',
    expected: 'that socket closes with 1009; the other is untouched',
    async run({ port, token }) {
      const [big, other] = await Promise.all([openApi(port, token), openApi(port, token)]);
      const closed = closeCode(big);
      big.send('x'.repeat(33 * MiB));
      expect(await closed).toBe(1009);
      expect(
        await nextReply(other, JSON.stringify({ type: 'call', id: 'o', method: 'app.info', params: {} })),
      ).toMatchObject({ type: 'result' });
      other.close();
    },
  },
];

const hostHeaders: RedTeamCase<HostProcess>[] = [
  {
    attack: 'DNS rebinding: the page is served under Host evil.example:<port>',
    expected: '403 for the page',
    async run({ port }) {
      expect(statusOf(await get(port, '/', [`Host: evil.example:${port}`]))).toBe(403);
    },
  },
  {
    attack: 'DNS rebinding on the API: Host evil.example:<port> with the right token',
    expected: '403 before the token is looked at',
    async run({ port, token }) {
      const protocols = [API_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${token}`];
      const answer = await rawExchange(port, upgradeRequest({ port, host: `evil.example:${port}`, protocols }));
      expect(statusOf(answer)).toBe(403);
    },
  },
  {
    attack: 'the right address with another port (127.0.0.1:<port+1>, localhost:80)',
    expected: '403',
    async run({ port }) {
      expect(statusOf(await get(port, '/', [`Host: 127.0.0.1:${port + 1}`]))).toBe(403);
      expect(statusOf(await get(port, '/', ['Host: localhost']))).toBe(403);
    },
  },
  {
    attack: 'IPv6 spellings: [::1], [0:0:0:0:0:0:0:1], [::ffff:127.0.0.1] (the host listens on 127.0.0.1)',
    expected: '403 for each',
    async run({ port }) {
      for (const name of ['[::1]', '[0:0:0:0:0:0:0:1]', '[::ffff:127.0.0.1]']) {
        expect(statusOf(await get(port, '/', [`Host: ${name}:${port}`]))).toBe(403);
      }
    },
  },
  {
    attack: 'look-alike names: localhost. (trailing dot), 127.0.0.1:<port>.evil.example, 127.1, 2130706433',
    expected: '403 for each',
    async run({ port }) {
      for (const name of [
        `localhost.:${port}`,
        `127.0.0.1:${port}.evil.example`,
        `127.1:${port}`,
        `2130706433:${port}`,
      ]) {
        expect(statusOf(await get(port, '/', [`Host: ${name}`]))).toBe(403);
      }
    },
  },
  {
    attack: 'no Host header at all (HTTP/1.0, and HTTP/1.1)',
    expected: '403 for HTTP/1.0; 400 for HTTP/1.1 (Node requires Host there)',
    async run({ port }) {
      expect(
        statusOf(await rawExchange(port, 'GET / HTTP/1.0\r\n\r\n').then((a) => a.replace('HTTP/1.0', 'HTTP/1.1'))),
      ).toBe(403);
      expect(statusOf(await rawExchange(port, 'GET / HTTP/1.1\r\nConnection: close\r\n\r\n'))).toBe(400);
    },
  },
  {
    attack: 'an upgrade with no Host header',
    expected: 'refused (400 from Node, or 403)',
    async run({ port, token }) {
      const protocols = [API_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${token}`];
      expect([400, 403]).toContain(statusOf(await rawExchange(port, upgradeRequest({ port, host: null, protocols }))));
    },
  },
  {
    attack: 'two Host headers, the right one first (Node would keep only the first)',
    expected: '403: a request that names two hosts is not ours',
    async run({ port }) {
      expect(statusOf(await get(port, '/', [`Host: 127.0.0.1:${port}`, `Host: evil.example:${port}`]))).toBe(403);
    },
  },
];

const origins: RedTeamCase<HostProcess>[] = [
  {
    attack: 'a page on another site opens the API socket with the right token (Origin http://evil.example)',
    expected: '403',
    async run({ port, token }) {
      const protocols = [API_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${token}`];
      expect(
        statusOf(await rawExchange(port, upgradeRequest({ port, origin: 'http://evil.example', protocols }))),
      ).toBe(403);
    },
  },
  {
    attack: 'the previewed app (another loopback port) opens the API socket: Origin http://127.0.0.1:<other port>',
    expected: '403',
    async run({ port, token }) {
      const protocols = [API_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${token}`];
      const origin = `http://127.0.0.1:${port + 1}`;
      expect(statusOf(await rawExchange(port, upgradeRequest({ port, origin, protocols })))).toBe(403);
    },
  },
  {
    attack: 'a sandboxed frame or file:// page: Origin null; and https:// for the same host',
    expected: '403 for each',
    async run({ port, token }) {
      const protocols = [API_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${token}`];
      for (const origin of ['null', `https://127.0.0.1:${port}`]) {
        expect(statusOf(await rawExchange(port, upgradeRequest({ port, origin, protocols })))).toBe(403);
      }
    },
  },
  {
    attack: 'another site posts a code exchange to /api/session',
    expected: '403',
    async run({ port }) {
      const body = '{"code":"whatever-code-0123456789"}';
      const answer = await rawExchange(
        port,
        `POST /api/session HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: http://evil.example\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
      );
      expect(statusOf(answer)).toBe(403);
    },
  },
];

const malformedHttp: RedTeamCase<HostProcess>[] = [
  {
    attack: 'binary garbage instead of a request line',
    expected: '400, socket closed',
    async run({ port }) {
      expect(statusOf(await rawExchange(port, Buffer.from([0x00, 0xff, 0x13, 0x37, 0x0d, 0x0a, 0x0d, 0x0a])))).toBe(
        400,
      );
    },
  },
  {
    attack: 'a 64 KiB header',
    expected: '431 (the limit is 16 KiB), socket closed',
    async run({ port }) {
      expect(statusOf(await get(port, '/', [`Host: 127.0.0.1:${port}`, `X-Big: ${'a'.repeat(64 * 1024)}`]))).toBe(431);
    },
  },
  {
    attack: 'a request line with spaces and control characters in the target',
    expected: '400',
    async run({ port }) {
      expect(statusOf(await rawExchange(port, `GET /a b\x01c HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`))).toBe(400);
    },
  },
  {
    attack: 'a chunked upgrade request whose chunk size is not hexadecimal',
    expected: '400 or a refusal; never a crash',
    async run({ port }) {
      const answer = await rawExchange(
        port,
        `POST /api/session HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`,
      );
      expect([400, 0]).toContain(statusOf(answer));
    },
  },
  {
    attack: 'slowloris: a request line sent, the headers never finished, while a normal client asks',
    expected: 'the normal client is served; the slow socket gets 408 and is closed',
    async run({ port }) {
      const slow = rawExchange(port, `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Slow: `);
      expect(statusOf(await get(port, '/', [`Host: 127.0.0.1:${port}`]))).toBe(200);
      expect(statusOf(await slow)).toBe(408);
    },
  },
];

describe.each([
  ['before authentication', beforeAuthentication],
  ['after authentication', afterAuthentication],
  ['Host header (DNS rebinding)', hostHeaders],
  ['Origin', origins],
  ['malformed HTTP', malformedHttp],
])('red team, web host: %s', (_group, cases) => {
  it.each(named(cases))('%s', async (_name, attack) => {
    await attack.run(host);
    expect(host.alive()).toBe(true);
    expect(statusOf(await get(host.port, '/', [`Host: 127.0.0.1:${host.port}`]))).toBe(200);
  });
});
