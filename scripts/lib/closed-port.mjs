import { createServer } from 'node:net';

/**
 * A port on this computer that nothing listens on (one the system just handed out and took back):
 * connecting to it is refused at once. Tests use it for "the server cannot be reached"; the benches, to
 * give a server they start a port of its own.
 */
export async function closedPort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = server.address();
  await new Promise((resolve) => server.close(() => resolve(undefined)));
  if (!address || typeof address === 'string') throw new Error('The system handed out no port.');
  return address.port;
}
