// The least a server can do for an API call that reads a file: a `ws` server on loopback answering
// each call with the file it names, read from the folder given as its argument. The baseline of the
// web host's start and of the API round trip. Started by `startBareServer` (lib.mjs) with fork();
// sends its port once listening.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { WebSocketServer } from 'ws';

const root = process.argv[2];
const server = new WebSocketServer({ host: '127.0.0.1', port: 0, path: '/api' });
server.on('connection', (socket) =>
  socket.on('message', async (raw) => {
    const { id, params } = JSON.parse(raw.toString());
    const content = await readFile(join(root, params.path), 'utf8');
    socket.send(JSON.stringify({ type: 'result', id, result: { content } }));
  }),
);
server.on('listening', () => process.send({ port: server.address().port }));
