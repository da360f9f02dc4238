/**
 * The port's own promises, on each runner: stdin fed then closed, the explicit environment only,
 * cancelling kills the run, the wall time, and what the bubblewrap backend refuses before running
 * (the network policies: registry-proxy.test.ts).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer } from 'node:http';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type CommandRunner,
  chooseRunner,
  detectSandbox,
  ociSocketAnswers,
} from '../../../src/runtime/sandbox/index.js';
import { until } from '../../support/until.js';
import { makeScratch, NODE, runIn, type Scratch, scratchFor, startedRun } from './sandbox-fixture.js';

const detection = await detectSandbox();
const runners: CommandRunner[] = [detection.runners.oci, detection.runners.bubblewrap, detection.runners.host].filter(
  (runner) => runner !== undefined,
);

process.env.WEBNOVA_RUNNER_TEST_SECRET = 'never-passed-on';

/** An fd number above those Node marks close-on-exec itself at start-up. */
const INHERITED_FD = 200;

describe.each(runners.map((runner) => [runner.isolation, runner] as const))('the %s runner', (isolation, runner) => {
  let scratch: Scratch;
  beforeEach(() => {
    scratch = scratchFor(runner);
  });
  afterEach(() => scratch.remove());

  it('feeds stdin, then closes it', async () => {
    const run = await runIn(runner, scratch.project, ['/bin/sh', '-c', 'cat; echo done'], { stdin: 'one\ntwo\n' });
    expect(run).toMatchObject({ exitCode: 0, isolation, stdout: 'one\ntwo\ndone\n' });
  });

  it('gives the command only the environment it was given', async () => {
    const run = await runIn(runner, scratch.project, ['/usr/bin/env'], { environment: { ONLY: 'this' } });
    expect(run.stdout).toContain('ONLY=this\n');
    expect(run.stdout).not.toContain('never-passed-on');
  });

  it('kills the run when the caller aborts', async () => {
    const { controller, running } = await startedRun(
      runner,
      scratch.project,
      ['/bin/sh', '-c', 'echo started; exec sleep 86414'],
      'started',
    );
    controller.abort();
    await expect(running).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('stops a run at its wall time and names the limit', async () => {
    const run = await runIn(runner, scratch.project, ['/bin/sh', '-c', 'exec sleep 86415'], {
      limits: { wallSeconds: 1 },
    });
    expect(run).toMatchObject({ timedOut: true, limitHit: 'wall' });
  });

  it('names the CPU limit', async () => {
    const run = await runIn(runner, scratch.project, ['/bin/sh', '-c', 'while :; do :; done'], {
      limits: { cpuSeconds: 1 },
    });
    expect(run.limitHit).toBe('cpu');
  });
});

/**
 * The runners that put the command's processes in the run's own groups (OCI's are in the container's
 * group under them, which its cgroup namespace shows as its root, and are watched by the engine).
 */
const groupedRunners = detection.cgroups.version ? runners.filter((runner) => runner.isolation !== 'oci') : [];

describe.each(groupedRunners.map((runner) => [runner.isolation, runner] as const))(
  'the %s runner with cgroups',
  (_isolation, runner) => {
    let scratch: Scratch;
    beforeEach(() => {
      scratch = makeScratch();
    });
    afterEach(() => scratch.remove());

    it('starts the command inside the run’s cgroups, never before it joined', async () => {
      // The first thing the command does is read where it is: a command let go before joining would be in the parent group.
      const run = await runIn(runner, scratch.project, ['/bin/cat', '/proc/self/cgroup']);
      expect(run.exitCode).toBe(0);
      expect(run.stdout).toMatch(/:memory:\S*webnova-run-[0-9a-f-]+\n/);
      expect(run.stdout).toMatch(/:pids:\S*webnova-run-[0-9a-f-]+\n/);
    });

    it('stops a run whose files add up past its written-bytes limit', async () => {
      // Each file stays under the per-file limit; together they pass the total, and the run waits to be seen.
      const script = 'for i in 1 2 3 4 5 6; do head -c 3000000 /dev/zero > "f$i"; done; echo written; exec sleep 60';
      const run = await runIn(runner, scratch.project, ['/bin/sh', '-c', script], {
        limits: { writtenBytes: 8_000_000, wallSeconds: 120 },
      });
      expect(run.limitHit).toBe('disk');
      expect(run.timedOut).toBe(false);
    });
  },
);

describe.runIf(detection.runners.bubblewrap)('what the bubblewrap runner refuses', () => {
  const runner = detection.runners.bubblewrap as CommandRunner;

  it("keeps a worktree's .git file read-only", async () => {
    const scratch = makeScratch();
    try {
      await rm(join(scratch.project, '.git'), { recursive: true });
      await writeFile(join(scratch.project, '.git'), 'gitdir: /elsewhere/.git/worktrees/one\n');
      const run = await runIn(runner, scratch.project, ['/bin/sh', '-c', 'echo "gitdir: /tmp/evil" > .git']);
      expect(run.exitCode).not.toBe(0);
      expect(await readFile(join(scratch.project, '.git'), 'utf8')).toBe('gitdir: /elsewhere/.git/worktrees/one\n');
    } finally {
      scratch.remove();
    }
  });

  it('refuses a home or system folder as the project, or as a writable path', async () => {
    await expect(runIn(runner, homedir(), ['/bin/true'])).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    await expect(runIn(runner, '/', ['/bin/true'])).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    const scratch = makeScratch();
    try {
      await expect(
        runIn(runner, scratch.project, ['/bin/true'], { policy: { writablePaths: ['/usr'] } }),
      ).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    } finally {
      scratch.remove();
    }
  });
});

describe('choosing a runner', () => {
  it('counts a Docker-compatible socket only when its API answers /_ping', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'webnova-oci-'));
    const answering = createHttpServer((request, response) => {
      response.statusCode = request.url === '/_ping' ? 200 : 404;
      response.end('OK');
    });
    try {
      const socket = join(folder, 'docker.sock');
      await new Promise<void>((resolve) => answering.listen(socket, resolve));
      expect(await ociSocketAnswers(socket)).toBe(true);
      await new Promise((resolve) => answering.close(resolve));
      // A socket file nobody listens on any more (a stopped daemon's).
      await writeFile(join(folder, 'stale.sock'), '');
      expect(await ociSocketAnswers(join(folder, 'stale.sock'))).toBe(false);
      expect(await ociSocketAnswers(join(folder, 'absent.sock'))).toBe(false);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('runs on the host only with an explicit host decision', async () => {
    expect((await chooseRunner({ hostApproved: true })).isolation).toBe('host');
    if (detection.chosen) expect((await chooseRunner({ hostApproved: false })).isolation).toBe(detection.chosen);
    else await expect(chooseRunner({ hostApproved: false })).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
  });
});

describe('fds WebNova inherited', () => {
  it.each(runners.map((runner) => [runner.isolation] as const))(
    'reach no command the %s runner starts (they are /dev/null there)',
    async (isolation) => {
      // A process started with an extra fd (as a launcher or a terminal may leave one open) runs a command.
      const script = [
        `const { detectSandbox } = await import(${JSON.stringify(join(import.meta.dirname, '../../../src/runtime/sandbox/index.ts'))});`,
        `const runner = (await detectSandbox()).runners[${JSON.stringify(isolation)}];`,
        `const result = await runner.run({ argv: ['/bin/sh', '-c', 'readlink /proc/self/fd/${INHERITED_FD} || echo absent'], cwd: ${JSON.stringify(tmpdir())},`,
        "  environment: {}, policy: { network: 'none', writablePaths: [], readOnlyPaths: [], readOnlyGit: true },",
        '  limits: { memoryMb: 256, cpuSeconds: 10, wallSeconds: 60, processes: 64, writtenBytes: 1e6 }, stdout: process.stdout });',
      ].join('\n');
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        stdio: [
          'ignore',
          'pipe',
          'inherit',
          ...Array.from({ length: INHERITED_FD - 3 }, () => 'ignore' as const),
          'pipe',
        ],
      });
      let output = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk;
      });
      const [code] = await once(child, 'close');
      expect(code).toBe(0);
      // The engine starts an OCI run, not WebNova: no fd of WebNova's is there at all.
      expect(output.trim()).toBe(isolation === 'oci' ? 'absent' : '/dev/null');
    },
  );
});
