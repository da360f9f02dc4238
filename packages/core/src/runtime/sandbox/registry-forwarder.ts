/**
 * The forwarder of the `registry` network policy, run inside the sandbox as
 * `node -e <script> <proxy socket> <host cache or -> <sandbox cache> <argv…>` (a string, so that it survives bundling). The sandbox has
 * its own network namespace with only loopback; the forwarder listens on 127.0.0.1 there and copies
 * each connection, byte for byte, to the registry proxy's Unix socket bound in from the host. All the
 * filtering is the proxy's, outside: nothing here is trusted. It then starts the command with the proxy
 * variables set to its port (chosen by the kernel: no clash with a port the command wants), and ends as
 * the command ends: with its exit code, or killed by the same signal.
 *
 * Before that it makes npm's cache for the run: the host's `_cacache`, bound read-only, cannot be npm's
 * cache itself (npm writes its temporary files and index entries there, and fails on a read-only one),
 * and bubblewrap 0.8 has no overlays. So the cache in the sandbox's home is a copy-on-write view made
 * by hand: the index (small, appended to) copied, each content file (written once, never in place,
 * checked against its hash on every read) a symbolic link to the read-only original. What npm adds lands
 * in the sandbox's tmpfs and is gone with the run; the host's cache is never written.
 */
export const forwarderScript = `
const net = require('node:net');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const [socketPath, cacheFrom, cacheTo, program, ...args] = process.argv.slice(1);
const walk = (from, to, onFile) => {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const [source, target] = [path.join(from, entry.name), path.join(to, entry.name)];
    if (entry.isDirectory()) walk(source, target, onFile);
    else if (entry.isFile()) onFile(source, target);
  }
};
if (cacheFrom !== '-') {
  try {
    if (fs.existsSync(path.join(cacheFrom, 'index-v5'))) walk(path.join(cacheFrom, 'index-v5'), path.join(cacheTo, 'index-v5'), fs.copyFileSync);
    if (fs.existsSync(path.join(cacheFrom, 'content-v2'))) walk(path.join(cacheFrom, 'content-v2'), path.join(cacheTo, 'content-v2'), fs.symlinkSync);
  } catch (error) {
    // A cache larger than the sandbox's home is used in part: npm downloads the rest.
    process.stderr.write('webnova: the npm cache is used in part: ' + error.message + '\\n');
  }
}
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
