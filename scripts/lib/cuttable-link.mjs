import { connect, createServer } from 'node:net';

/**
 * Between a device and a local server: a TCP relay on a port of its own that a test can cut (every open
 * connection dropped, the poke socket among them; new ones closed at once: the server cannot be
 * reached) and restore. The server tests and the two-host e2e take a device offline with it.
 */
export async function cuttableLink(targetPort) {
  let cut = false;
  const open = new Set();
  const relay = createServer((incoming) => {
    if (cut) {
      incoming.destroy();
      return;
    }
    const outgoing = connect(targetPort, '127.0.0.1');
    for (const socket of [incoming, outgoing]) {
      open.add(socket);
      socket.on('close', () => open.delete(socket));
      socket.on('error', () => {
        incoming.destroy();
        outgoing.destroy();
      });
    }
    incoming.pipe(outgoing).pipe(incoming);
  });
  await new Promise((resolve) => relay.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = relay.address();
  if (!address || typeof address === 'string') throw new Error('the link is not listening on a port');
  return {
    port: address.port,
    address: `http://127.0.0.1:${address.port}`,
    cut() {
      cut = true;
      for (const socket of open) socket.destroy();
    },
    restore() {
      cut = false;
    },
    close() {
      for (const socket of open) socket.destroy();
      return new Promise((resolve) => relay.close(() => resolve(undefined)));
    },
  };
}
