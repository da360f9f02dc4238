// The README's promise, "another local user cannot drive the IDE", as a test: `serve-web --open`
// runs with a real (headless) Chromium window as this user, and a second user (`nobody`) looks
// everywhere it can (every process's command line and environment, `ps`, the data folder, the
// terminals' devices) for the token or the one-time code, then tries the API socket and the code
// exchange with whatever it found. It must find nothing and be refused.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiSocket, startWebHostProcess } from '../../../../scripts/lib/web-host-process.mjs';
import { chromiumLaunchOptions } from '../support/chromium';
import { expect, sampleFiles, test, writeProject } from '../support/fixtures';
import { callCore, type RunningHost } from '../support/web-host';

const NOBODY = 65_534;

/**
 * What the second user runs, as plain Node read from stdin (so nothing of it is on a command line).
 * It prints one JSON line: every token-shaped string it could read, what it could not read, and
 * how the host answered its tries.
 */
const snoop = String.raw`
const { readdirSync, readFileSync, statSync } = require('node:fs');
const { execFileSync } = require('node:child_process');
const { connect } = require('node:net');
const { randomBytes } = require('node:crypto');
const [port, dataDir] = JSON.parse(process.argv[2]);
const secretShape = /[A-Za-z0-9_-]{32,64}/g;
const found = new Set();
const denied = [];
const look = (text) => { for (const m of text.matchAll(secretShape)) found.add(m[0]); };
const read = (path) => { try { look(readFileSync(path).toString('latin1')); return true; } catch (e) { denied.push(path + ' ' + e.code); return false; } };
let processes = 0;
for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
  if (read('/proc/' + pid + '/cmdline')) processes += 1;
  read('/proc/' + pid + '/environ');
}
look(execFileSync('ps', ['-eo', 'args', '--no-headers'], { encoding: 'utf8' }));
const walk = (dir) => {
  let names; try { names = readdirSync(dir); } catch (e) { denied.push(dir + ' ' + e.code); return; }
  for (const name of names) {
    const path = dir + '/' + name;
    let info; try { info = statSync(path); } catch { continue; }
    if (info.isDirectory()) walk(path); else if (info.size < 64 * 1024 * 1024) read(path);
  }
};
walk(dataDir);
const ptys = [];
try { for (const name of readdirSync('/dev/pts')) if (/^\d+$/.test(name)) { try { readFileSync('/dev/pts/' + name, { flag: 'r' }); ptys.push(name + ' read'); } catch (e) { ptys.push(name + ' ' + e.code); } } } catch {}
const exchange = (text) => new Promise((resolve) => {
  const socket = connect(port, '127.0.0.1', () => socket.write(text));
  let answer = ''; socket.on('data', (d) => { answer += d; }); socket.on('error', () => {});
  socket.on('close', () => resolve(Number((/^HTTP\/1\.1 (\d+)/.exec(answer) || [])[1] || 0)));
});
const upgrade = (token) => exchange('GET /api HTTP/1.1\r\nHost: 127.0.0.1:' + port + '\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ' + randomBytes(16).toString('base64') + '\r\nSec-WebSocket-Protocol: webnova.v1, webnova.token.' + token + '\r\n\r\n');
const redeem = (code) => { const body = JSON.stringify({ code }); return exchange('POST /api/session HTTP/1.1\r\nHost: 127.0.0.1:' + port + '\r\nContent-Type: application/json\r\nContent-Length: ' + body.length + '\r\nConnection: close\r\n\r\n' + body); };
(async () => {
  const tries = { withoutToken: await upgrade(''), socket: [], exchange: [] };
  for (const candidate of [...found].slice(0, 500)) { tries.socket.push(await upgrade(candidate)); tries.exchange.push(await redeem(candidate)); }
  console.log(JSON.stringify({ uid: process.getuid(), processes, found: [...found], denied, ptys, tries }));
})();
`;

function runAsNobody(port: number, dataDir: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-', JSON.stringify([port, dataDir])], {
      uid: NOBODY,
      gid: NOBODY,
      cwd: '/',
      env: { PATH: '/usr/bin:/bin' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.stderr.on('data', (chunk) => {
      err += chunk;
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`nobody's script: ${err}`))));
    child.stdin.end(snoop);
  });
}

test.describe('another local user', () => {
  test.skip(process.getuid?.() !== 0, 'needs root to run a second user (nobody); skipped as another user');

  test('finds no token anywhere it can read, and cannot open the API socket or a terminal', async () => {
    // Folders others may read, as a home folder's data usually is: only the host's own files must hide the secrets.
    const dir = await realpath(await mkdtemp(join(tmpdir(), 'webnova-second-user-')));
    await chmod(dir, 0o755);
    const dataDir = join(dir, 'data');
    const root = join(dir, 'clinic-booking');
    await writeProject(root, sampleFiles);
    spawnSync('chmod', ['-R', 'a+rX', dir]);
    // The app window, headless (no display here); it receives the same --app flag serve-web gives any browser.
    const browser = join(dir, 'chromium-headless');
    await writeFile(browser, `#!/bin/sh\nexec ${chromiumLaunchOptions.executablePath} --headless=new "$@"\n`, {
      mode: 0o755,
    });
    const started = await startWebHostProcess({
      folder: root,
      dataDir,
      args: ['--port', '0', '--open'],
      env: { WEBNOVA_BROWSER: browser, DISPLAY: ':headless', WEBNOVA_DEBUG: '1' },
    });
    const host: RunningHost = {
      url: started.url,
      dataDir,
      process: started.process,
      stderr: started.stderr,
      stop: started.stop,
    };
    try {
      const port = Number(new URL(started.url).port);
      const openFile = join(dataDir, 'web-host', `open-${port}.html`);
      // The window loaded the file, the page exchanged its code and connected; the file is gone.
      await expect.poll(() => started.stderr().includes('an API client connected')).toBe(true);
      await expect.poll(() => existsSync(openFile)).toBe(false);
      // A terminal is open, as the owner would have one.
      await callCore(host, 'terminal.create', {});
      const token = new URLSearchParams(new URL(started.url).hash.slice(1)).get('token') ?? '';
      expect(apiSocket(started.url).protocols[1]).toContain(token);

      const seen = await runAsNobody(port, dataDir);
      test.info().annotations.push({
        type: 'nobody',
        description: `${seen.processes} command lines read, ${(seen.found as string[]).length} token-shaped strings found, ${(seen.denied as string[]).length} paths denied`,
      });
      expect(seen.uid).toBe(NOBODY);
      expect(seen.processes).toBeGreaterThan(0);
      expect(seen.found).not.toContain(token);
      // WebNova keeps its data folder private (0700) and repairs it on start; the host's own folder is
      // private in any case. Either way the second user is turned away before any file of the host.
      expect(seen.denied).toEqual(
        expect.arrayContaining([expect.stringMatching(new RegExp(`^${dataDir}(/web-host)? EACCES$`))]),
      );
      expect(seen.ptys).not.toContainEqual(expect.stringMatching(/ read$/));
      const tries = seen.tries as { withoutToken: number; socket: number[]; exchange: number[] };
      expect(tries.withoutToken).toBe(401);
      expect(tries.socket.every((status) => status === 401)).toBe(true);
      expect(tries.exchange.every((status) => status === 401)).toBe(true);
    } finally {
      await host.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
