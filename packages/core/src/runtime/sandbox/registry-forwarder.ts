/**
 * The forwarder of the `registry` network policy, run inside the sandbox as
 * `node -e <script> <proxy socket> <argv…>` (a string, so that it survives bundling). The sandbox has
 * its own network namespace with only loopback; the forwarder listens on 127.0.0.1 there and copies
 * each connection, byte for byte, to the registry proxy's Unix socket bound in from the host. All the
 * filtering is the proxy's, outside: nothing here is trusted. It then starts the command with the proxy
 * variables set to its port (chosen by the kernel: no clash with a port the command wants), and ends as
 * the command ends: with its exit code, or killed by the same signal.
 */
export const forwarderScript = `
const net = require('node:net');
const { spawn } = require('node:child_process');
const [socketPath, program, ...args] = process.argv.slice(1);
const server = net.createServer((client) => {
  const upstream = net.connect(socketPath);
  const close = () => { client.destroy(); upstream.destroy(); };
  client.pipe(upstream).pipe(client);
  for (const end of [client, upstream]) { end.on('error', close); end.on('close', close); }
});
server.listen(0, '127.0.0.1', () => {
  const proxy = 'http://127.0.0.1:' + server.address().port;
  const env = { ...process.env, NO_PROXY: '', no_proxy: '', NODE_USE_ENV_PROXY: '1' };
  for (const name of ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy', 'npm_config_proxy', 'npm_config_https_proxy']) env[name] = proxy;
  const child = spawn(program, args, { stdio: 'inherit', env });
  child.on('error', (error) => { process.stderr.write(program + ': ' + error.message + '\\n'); process.exit(127); });
  child.on('exit', (code, signal) => {
    if (signal) { process.removeAllListeners(signal); process.kill(process.pid, signal); }
    process.exit(code === null ? 128 : code);
  });
});
`;
