import { chown, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webnova } from './run-cli.js';

/** The backend runs use here: OCI when its engine answers with the image (scripts/oci-sandbox-up.sh), else bubblewrap. */
async function chosenBackend(): Promise<string> {
  return JSON.parse((await webnova('sandbox', 'status', '--json')).stdout).chosen;
}

describe('webnova sandbox', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'webnova-cli-sandbox-'));
    // A user's folder: the OCI sandbox runs as the folder's owner, and as nobody for root's (which it may not enter).
    if (process.getuid?.() === 0 && (await chosenBackend()) === 'oci') await chown(folder, 65534, 65534);
  });
  afterAll(() => rm(folder, { recursive: true, force: true }));

  it('status --json lists the backends, how limits are enforced, and the languages', async () => {
    const { code, stdout } = await webnova('sandbox', 'status', '--json');
    expect(code).toBe(0);
    const status = JSON.parse(stdout);
    expect(status.backends.map((backend: { isolation: string }) => backend.isolation)).toEqual([
      'oci',
      'bubblewrap',
      'host',
    ]);
    const oci = status.backends.find((backend: { isolation: string }) => backend.isolation === 'oci');
    const bubblewrap = status.backends.find((backend: { isolation: string }) => backend.isolation === 'bubblewrap');
    // OCI when it answers, but not for WebNova running as root where bubblewrap is (see sandbox.ts).
    const asRootWithBubblewrap = process.getuid?.() === 0 && bubblewrap.available;
    if (process.platform === 'linux')
      expect(status.chosen).toBe(oci.available && !asRootWithBubblewrap ? 'oci' : 'bubblewrap');
    expect(status.languages.find((language: { id: string }) => language.id === 'node')).toMatchObject({
      program: expect.any(String),
    });
  });

  it('status says it in words', async () => {
    const { code, stdout } = await webnova('sandbox', 'status');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Sandbox: /);
    expect(stdout).toContain('Languages:');
  });

  it('run --code --json prints the result and exits with the program code', async () => {
    const { code, stdout } = await webnova(
      'sandbox',
      'run',
      '--lang',
      'node',
      '--code',
      'console.log(6 * 7); process.exit(5)',
      '--json',
    );
    expect(code).toBe(5);
    expect(JSON.parse(stdout)).toMatchObject({
      exitCode: 5,
      stdout: '42\n',
      stderr: '',
      timedOut: false,
      limitHit: null,
      isolation: await chosenBackend(),
      durationMs: expect.any(Number),
    });
  });

  it('run --file takes the language from the extension and streams the output', async () => {
    const file = join(folder, 'hello.sh');
    await writeFile(file, 'echo "hello from a file"\n');
    const { code, stdout, stderr } = await webnova('sandbox', 'run', '--file', file);
    expect(code).toBe(0);
    expect(stdout).toContain('hello from a file');
    expect(stderr).toContain(`Bash in ${await chosenBackend()}: exit 0`);
  });

  it('--memory and --timeout set the limits, and the one hit is named', async () => {
    const hog = await webnova(
      'sandbox',
      'run',
      '--lang',
      'node',
      '--memory',
      '64',
      '--code',
      'const a = []; for (;;) a.push(Buffer.alloc(1 << 24, 1));',
    );
    expect(hog.code).not.toBe(0);
    expect(hog.stderr).toContain('stopped: memory limit 64 MB');
    const sleeper = await webnova(
      'sandbox',
      'run',
      '--lang',
      'bash',
      '--timeout',
      '1',
      '--code',
      'exec sleep 86416',
      '--json',
    );
    expect(JSON.parse(sleeper.stdout)).toMatchObject({ timedOut: true, limitHit: 'wall' });
  });

  it('image build says what it needs when no engine answers, or builds (or finds) the image', async () => {
    const status = JSON.parse((await webnova('sandbox', 'status', '--json')).stdout);
    const oci = status.backends.find((backend: { isolation: string }) => backend.isolation === 'oci');
    if (oci.available) {
      const { code, stdout } = await webnova('sandbox', 'image', 'build');
      expect(code).toBe(0);
      expect(stdout).toMatch(/webnova-sandbox:\d+ is there already/);
    } else {
      expect(oci.detail).toMatch(/oci-sandbox-up\.sh|image build/);
    }
  });

  it('refuses what it cannot run, with exit code 2', async () => {
    expect((await webnova('sandbox', 'run', '--lang', 'cobol', '--code', 'x')).code).toBe(2);
    expect((await webnova('sandbox', 'run', '--lang', 'node')).code).toBe(2);
    expect((await webnova('sandbox', 'run', '--lang', 'node', '--code', 'x', '--memory', '-1')).code).toBe(2);
    expect((await webnova('sandbox', 'frobnicate')).code).toBe(2);
    const missing = await webnova('sandbox', 'run', '--file', join(folder, 'nowhere.py'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('does not exist');
  });
});
