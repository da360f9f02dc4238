import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TaskInfo } from '../../../src/runtime/tasks/contract.js';
import { PreviewProxies } from '../../../src/runtime/tasks/preview-proxy.js';
import { TaskRunner } from '../../../src/runtime/tasks/task-runner.js';
import { alive } from '../../support/alive.js';
import { until as waitUntil } from '../../support/until.js';

let root: string;
let runner: TaskRunner;
let previews: PreviewProxies;
let changes: TaskInfo[];
let output: string;
let urls: Array<{ name: string; url: string; previewUrl: string }>;

async function project(scripts: Record<string, string>, files: Record<string, string> = {}): Promise<void> {
  await writeFile(join(root, 'package.json'), JSON.stringify({ name: 'p', private: true, scripts }));
  for (const [name, content] of Object.entries(files)) await writeFile(join(root, name), content);
}

/** Until `check` holds, showing the output so far if the test times out meanwhile. */
const until = <T>(check: () => T | Promise<T>) => waitUntil(check, { show: () => output });

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'webnova-tasks-'));
  changes = [];
  output = '';
  urls = [];
  previews = new PreviewProxies();
  runner = new TaskRunner({
    root,
    cacheDir: join(root, '.cache'),
    previews,
    events: {
      changed: (task) => changes.push(task),
      output: (_name, chunk) => {
        output += chunk;
      },
      url: (name, url, previewUrl) => urls.push({ name, url, previewUrl }),
    },
  });
});

afterEach(async () => {
  await runner.close();
  await previews.closeAll();
  await rm(root, { recursive: true, force: true });
});

const lastState = (name: string) => changes.filter((task) => task.name === name).at(-1);

describe('task runner', () => {
  it('lists install and the scripts in order; a broken package.json has only install', async () => {
    await project({ dev: 'vite', build: 'vite build', test: 'vitest' });
    expect((await runner.list()).map((task) => [task.name, task.command, task.state])).toEqual([
      ['install', 'npm install', 'idle'],
      ['dev', 'vite', 'idle'],
      ['build', 'vite build', 'idle'],
      ['test', 'vitest', 'idle'],
    ]);
    await writeFile(join(root, 'package.json'), '{ not json');
    expect((await runner.list()).map((task) => task.name)).toEqual(['install']);
  });

  it('runs a script to its end: exited with code 0, output kept', async () => {
    await project({ hello: 'node -e "console.log(\'hello from the task\')"' });
    expect((await runner.start('hello')).state).toBe('running');
    const ended = await until(() => (lastState('hello')?.state === 'exited' ? lastState('hello') : null));
    expect(ended.exitCode).toBe(0);
    expect((await runner.output('hello')).text).toContain('hello from the task');
    expect(output).toContain('hello from the task');
  });

  it("runs a task in the user's environment without WebNova's own secrets", async () => {
    vi.stubEnv('ANTHROPIC_API_KEY', 'sk-ant-held-by-webnova');
    vi.stubEnv('WEBNOVA_SECRET_KEY', 'held-by-webnova');
    vi.stubEnv('USERS_OWN_TOKEN', 'kept');
    try {
      await project({
        env: 'node -e "console.log([process.env.ANTHROPIC_API_KEY, process.env.WEBNOVA_SECRET_KEY, process.env.USERS_OWN_TOKEN].join(\'|\'))"',
      });
      await runner.start('env');
      await until(() => lastState('env')?.state === 'exited');
      expect((await runner.output('env')).text).toContain('||kept');
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('says how to get Node.js when the user has no npm on their PATH', async () => {
    vi.stubEnv('PATH', join(root, 'no-such-folder'));
    try {
      await project({ dev: 'vite' });
      await runner.start('dev');
      await until(() => lastState('dev')?.state === 'crashed');
      expect((await runner.output('dev')).text).toMatch(/npm was not found on your PATH.*Node\.js 22 or newer/);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('says crashed, with the code, when a script fails', async () => {
    await project({ fail: 'node -e "process.exit(3)"' });
    await runner.start('fail');
    const ended = await until(() => (lastState('fail')?.state === 'crashed' ? lastState('fail') : null));
    expect(ended.exitCode).toBe(3);
  });

  it('refuses an unknown task', async () => {
    await project({});
    await expect(runner.start('nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('stop ends the whole process tree, grandchildren too', async () => {
    // npm → sh → node parent → node grandchild; the grandchild writes its pid and sleeps.
    await project(
      { tree: 'node parent.cjs' },
      {
        'parent.cjs':
          "const { spawn } = require('node:child_process');\n" +
          "const child = spawn(process.execPath, ['-e', \"require('node:fs').writeFileSync('grandchild.pid', String(process.pid)); setInterval(() => {}, 1000)\"], { stdio: 'inherit' });\n" +
          "console.log('parent', process.pid, 'started', child.pid);\nsetInterval(() => {}, 1000);\n",
      },
    );
    await runner.start('tree');
    const pidFile = join(root, 'grandchild.pid');
    const pid = await until(async () => Number(await readFile(pidFile, 'utf8').catch(() => '0')));
    expect(alive(pid)).toBe(true);
    const stopped = await runner.stop('tree');
    expect(stopped.state).toBe('exited');
    await until(() => !alive(pid));
    expect(alive(pid)).toBe(false);
  });

  it('never signals the group of a task that ended with its group empty: the number may belong to someone else now', async () => {
    await project({ hello: 'node -e "console.log(1)"' });
    await runner.start('hello');
    await until(() => lastState('hello')?.state === 'exited');
    const kill = vi.spyOn(process, 'kill');
    try {
      await runner.stop('hello');
      await runner.close();
      expect(kill).not.toHaveBeenCalled();
    } finally {
      kill.mockRestore();
    }
  });

  it('still ends what an ended task left running in the background, on stop', async () => {
    await project(
      { daemon: 'node starter.cjs' },
      {
        'starter.cjs':
          "const { spawn } = require('node:child_process');\n" +
          "const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });\n" +
          "require('node:fs').writeFileSync('daemon.pid', String(child.pid));\nchild.unref();\n",
      },
    );
    await runner.start('daemon');
    await until(() => lastState('daemon')?.state === 'exited');
    const pid = Number(await readFile(join(root, 'daemon.pid'), 'utf8'));
    expect(alive(pid)).toBe(true);
    await runner.stop('daemon');
    await until(() => !alive(pid));
    expect(alive(pid)).toBe(false);
  });

  it('finds the dev server address in the output and offers it through the preview proxy', async () => {
    await project(
      { dev: 'node server.cjs' },
      {
        'server.cjs':
          "const http = require('node:http');\n" +
          "const server = http.createServer((req, res) => { res.setHeader('content-type', 'text/html'); res.end('<html><head></head><body>app</body></html>'); });\n" +
          "server.listen(0, '127.0.0.1', () => console.log('\\u001b[32mServer running at http://127.0.0.1:' + server.address().port + '/\\u001b[0m'));\n",
      },
    );
    await runner.start('dev');
    const found = await until(() => urls[0]);
    expect(found.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(found.previewUrl).not.toBe(found.url);
    const page = await (await fetch(found.previewUrl, { headers: { accept: 'text/html' } })).text();
    expect(page).toContain('/__webnova/reporter.js');
    expect(page).toContain('app');
    expect(lastState('dev')).toMatchObject({ state: 'running', url: found.url, previewUrl: found.previewUrl });
    await runner.stop('dev');
    expect(lastState('dev')).toMatchObject({ state: 'exited', url: null });
  });

  it('picks up where a generated platform waits for its first owner, until the task ends', async () => {
    const token = 'Xy_9-abcdefghijklmnopqrstuvwxyz0123456789AB';
    // The token comes as an argument, as the generated server prints the one it made.
    await project(
      { dev: `node setup.cjs ${token}` },
      {
        'setup.cjs':
          "console.log('No account yet. Create the first owner in the web app with the one-time setup token ' + process.argv[2]);\n" +
          "console.log('  (or open the web app at \\u001b[36m#/setup/' + process.argv[2] + '\\u001b[0m)');\n" +
          'setInterval(() => {}, 1000);\n',
      },
    );
    await runner.start('dev');
    await until(() => lastState('dev')?.setupPath);
    expect(lastState('dev')?.setupPath).toBe(`#/setup/${token}`);
    await runner.stop('dev');
    expect(lastState('dev')).toMatchObject({ state: 'exited', setupPath: null });
  });

  it('probes a port the output only names', async () => {
    await project(
      { start: 'node server.cjs' },
      {
        'server.cjs':
          "const server = require('node:http').createServer((req, res) => res.end('ok'));\n" +
          "server.listen(0, () => console.log('Example app listening on port ' + server.address().port));\n",
      },
    );
    await runner.start('start');
    const found = await until(() => urls[0]);
    expect(found.url).toMatch(/^http:\/\/localhost:\d+\/$/);
  });

  it('keeps probing a named port that listens only long after it was named, as on a loaded machine', async () => {
    await project(
      { start: 'node server.cjs' },
      {
        // Names a free port, then listens on it 5 s later (the probing used to give up after about 3 s).
        'server.cjs':
          "const net = require('node:net');\n" +
          'const free = net.createServer().listen(0, () => {\n' +
          '  const port = free.address().port;\n' +
          '  free.close(() => {\n' +
          "    console.log('Server will be listening on port ' + port);\n" +
          "    setTimeout(() => require('node:http').createServer((req, res) => res.end('ok')).listen(port), 5000);\n" +
          '  });\n' +
          '});\n',
      },
    );
    await runner.start('start');
    const found = await until(() => urls[0]);
    expect(found.url).toMatch(/^http:\/\/localhost:\d+\/$/);
  });
});
