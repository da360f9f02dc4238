/**
 * The OCI backend's own promises, on the engine `scripts/oci-sandbox-up.sh` brings up: what is bound and
 * how, the user, the limits named, cancel killing the container, and no container left behind. Where no
 * engine with the image answers, these tests say so and skip (see describe.skipIf below).
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { containerUser, detectSandbox, type OciRunner } from '../../../src/runtime/sandbox/index.js';
import { NODE, NODE_TOOLCHAIN, PROJECT_OWNER, runIn, type Scratch, scratchFor, startedRun } from './sandbox-fixture.js';

const detection = await detectSandbox();
const oci = detection.runners.oci;
const ociStatus = detection.backends.find((backend) => backend.isolation === 'oci');

/** The engine's containers, running or not, that bind `project` (one test's own: other files run beside). */
async function containersOf(runner: OciRunner, project: string): Promise<string[]> {
  const docker = (runner as unknown as { docker: import('dockerode') }).docker;
  const all = await docker.listContainers({ all: true });
  return all.filter((one) => one.Mounts.some((mount) => mount.Destination === project)).map((one) => one.Id);
}

describe('the OCI backend', () => {
  it('is found, or says what is missing', () => {
    expect(ociStatus?.detail).toBeTruthy();
    if (!oci)
      console.info(`OCI tests skipped: ${ociStatus?.detail} (bring it up with: bash scripts/oci-sandbox-up.sh)`);
    // Chosen, unless WebNova runs as root where bubblewrap is (a container could not write a root-owned project).
    else expect(detection.chosen).toBe(process.getuid?.() === 0 && detection.runners.bubblewrap ? 'bubblewrap' : 'oci');
  });
});

describe.skipIf(!oci)('the OCI runner (skipped without an engine and image: bash scripts/oci-sandbox-up.sh)', () => {
  const runner = oci as OciRunner;
  let scratch: Scratch;
  beforeEach(() => {
    scratch = scratchFor(runner);
  });
  afterEach(() => scratch.remove());

  it('runs as the project owner, not root, in the project, with no network and a read-only root', async () => {
    const run = await runIn(runner, scratch.project, [
      '/bin/sh',
      '-c',
      'id -u; id -g; pwd; cat /proc/net/dev | tail -n +3 | cut -d: -f1; touch /etc/x 2>&1 || echo ro-root',
    ]);
    expect(run.exitCode).toBe(0);
    const [uid, gid, cwd, ...rest] = run.stdout.trim().split('\n');
    expect([uid, gid]).toEqual([String(PROJECT_OWNER), String(PROJECT_OWNER)]);
    expect(cwd).toBe(scratch.project);
    expect(rest.map((line) => line.trim()).filter((line) => line && !line.includes('/etc/x'))).toEqual([
      'lo',
      'ro-root',
    ]);
  });

  it('takes a non-root owner as the user, nobody for a root-owned project, and refuses one nobody cannot enter', async () => {
    expect(await containerUser(scratch.project)).toBe(`${PROJECT_OWNER}:${PROJECT_OWNER}`);
    if (process.getuid?.() !== 0) return;
    const rootOwned = join(scratch.root, 'root-owned');
    mkdirSync(rootOwned, { mode: 0o755 });
    chmodSync(rootOwned, 0o755);
    expect(await containerUser(rootOwned)).toBe('65534:65534');
    chmodSync(rootOwned, 0o700);
    await expect(runIn(runner, rootOwned, ['/bin/true'], { policy: { readOnlyGit: false } })).rejects.toMatchObject({
      code: 'PERMISSION_DENIED',
      systemMessage: { code: 'ERROR_SANDBOX_OCI_ROOT_PROJECT' },
    });
  });

  it('binds the project read-write, its .git read-only, the toolchain read-only', async () => {
    const run = await runIn(runner, scratch.project, [
      '/bin/sh',
      '-c',
      `echo written > new.txt && echo project-rw; echo x > .git/x 2>/dev/null || echo git-ro; touch ${NODE_TOOLCHAIN}/x 2>/dev/null || echo node-ro; ${NODE} -e "console.log('node ' + process.version)"`,
    ]);
    expect(run.stdout.split('\n')).toEqual(['project-rw', 'git-ro', 'node-ro', `node ${process.version}`, '']);
    expect(readFileSync(join(scratch.project, 'new.txt'), 'utf8')).toBe('written\n');
    expect(existsSync(join(scratch.project, '.git', 'x'))).toBe(false);
  });

  it('refuses a .git that is a symlink, before anything runs', async () => {
    renameSync(join(scratch.project, '.git'), join(scratch.root, 'git-aside'));
    symlinkSync(scratch.outside, join(scratch.project, '.git'));
    await expect(runIn(runner, scratch.project, ['/bin/true'])).rejects.toMatchObject({
      code: 'PERMISSION_DENIED',
      systemMessage: { code: 'ERROR_SANDBOX_GIT_LINK' },
    });
  });

  it('binds the policy’s writable and read-only folders', async () => {
    writeFileSync(join(scratch.dataDir, 'readable.txt'), 'readable\n');
    const run = await runIn(
      runner,
      scratch.project,
      [
        '/bin/sh',
        '-c',
        `cat ${scratch.dataDir}/readable.txt; echo w > ${scratch.otherProject}/w.txt && echo other-rw; touch ${scratch.dataDir}/y 2>/dev/null || echo data-ro`,
      ],
      {
        policy: { readOnlyPaths: [NODE_TOOLCHAIN, scratch.dataDir], writablePaths: [scratch.otherProject] },
      },
    );
    // The writable folder belongs to root here: nobody may not write it, and the engine does not change that.
    expect(run.stdout).toContain('readable\n');
    expect(run.stdout).toContain('data-ro\n');
  });

  it('refuses a network other than none, with the reason', async () => {
    await expect(runIn(runner, scratch.project, ['/bin/true'], { policy: { network: 'host' } })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      systemMessage: { code: 'ERROR_SANDBOX_OCI_NETWORK' },
    });
  });

  it('names each limit it enforces', async () => {
    expect(Object.values(runner.mechanisms).every((mechanism) => mechanism !== null)).toBe(true);
    const memory = await runIn(
      runner,
      scratch.project,
      [NODE, '-e', 'const a = []; for (;;) a.push(Buffer.alloc(16 << 20, 1));'],
      {
        limits: { memoryMb: 96 },
      },
    );
    expect(memory.limitHit).toBe('memory');
    const cpu = await runIn(runner, scratch.project, ['/bin/sh', '-c', 'while :; do :; done'], {
      limits: { cpuSeconds: 1 },
    });
    expect(cpu).toMatchObject({ limitHit: 'cpu', signal: 'SIGXCPU' });
    const disk = await runIn(runner, scratch.project, ['/bin/sh', '-c', 'head -c 2000000 /dev/zero > big'], {
      limits: { writtenBytes: 100_000 },
    });
    expect(disk).toMatchObject({ limitHit: 'disk' });
  });

  it('kills the container when the caller aborts, and leaves none behind', async () => {
    const { controller, running } = await startedRun(
      runner,
      scratch.project,
      ['/bin/sh', '-c', 'echo started; exec sleep 86416'],
      'started',
    );
    expect(await containersOf(runner, scratch.project)).toHaveLength(1);
    controller.abort();
    await expect(running).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(await containersOf(runner, scratch.project)).toEqual([]);
  });

  it('removes the container after a normal run and after a refused start', async () => {
    await runIn(runner, scratch.project, ['/bin/sh', '-c', 'exit 4']);
    // A program the image does not have: the container cannot start its command.
    const missing = await runIn(runner, scratch.project, ['/no/such/program']).catch((error: unknown) => error);
    expect(missing).toBeDefined();
    expect(await containersOf(runner, scratch.project)).toEqual([]);
  });
});
