// The limit the server's figures are held against: Fastify alone, one route that answers a constant
// JSON body, no hooks, no logger, no database. It listens on the port it is given and says when it is
// up; bench/server-http.bench.mjs loads it with the same client and connections as the real routes.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/bare', async () => ({ status: 'ok' }));
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.stdout.write('listening\n');
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
