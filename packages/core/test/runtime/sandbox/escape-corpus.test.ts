/**
 * The escape corpus: programs that try to get out of the sandbox, run against every isolating backend
 * this machine has. Each case checks its own effect, and after every case the common evidence: nothing
 * outside the project changed, `.git` is as it was, no file outside leaked into the output, the host's
 * secret never appeared, the loopback listener saw no connection, and the host processes (this test and
 * a sentinel) are alive. Network cases target loopback only.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { homedir, hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type CommandRunner, detectSandbox } from '../../../src/runtime/sandbox/index.js';
import { REFUSED_SYSCALLS_X86_64 } from '../../../src/runtime/sandbox/seccomp.js';
import { defaultDataDir } from '../../../src/settings/data-dir.js';
import { until } from '../../support/until.js';
import { NODE, type RunOptions, type RunOutput, runIn, type Scratch, scratchFor } from './sandbox-fixture.js';

const detection = await detectSandbox();
const isolating: CommandRunner[] = [detection.runners.oci, detection.runners.bubblewrap].filter(
  (runner) => runner !== undefined,
);

// In the test process's own environment: what a careless runner would pass on.
const HOST_SECRET = `host-secret-${process.pid}-${Date.now()}`;
process.env.WEBNOVA_ESCAPE_TEST_SECRET = HOST_SECRET;

const sh = (script: string): [string, ...string[]] => ['/bin/sh', '-c', script];
const node = (code: string): [string, ...string[]] => [NODE, '-e', code];
/** A raw system call with zero arguments from Python's ctypes: prints its return value and errno. */
const syscall = (number: number): [string, ...string[]] => [
  '/usr/bin/python3',
  '-c',
  `import ctypes; libc = ctypes.CDLL(None, use_errno=True); print(libc.syscall(${number}, 0, 0, 0, 0, 0), ctypes.get_errno())`,
];

/** Processes on the host whose command line holds `text` (the leftovers of a run that should be gone). */
function hostProcessesWith(text: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').includes(text)) found.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

interface Host {
  listener: Server;
  listenerV6: Server;
  abstractListener: Server;
  connections: number;
  port: number;
  portV6: number;
  sentinel: ChildProcess;
}

interface EscapeCase {
  name: string;
  argv: (scratch: Scratch, host: Host) => [string, ...string[]];
  options?: RunOptions;
  /** Plants what the case needs in the project before the run. */
  setup?: (scratch: Scratch) => void;
  /** The run is refused before anything starts. */
  refused?: boolean;
  check?: (run: RunOutput, scratch: Scratch, host: Host) => void;
}

const failed = (run: RunOutput) => expect(run.exitCode).not.toBe(0);
const stoppedBy = (limit: RunOutput['limitHit']) => (run: RunOutput) => expect(run.limitHit).toBe(limit);

const cases: EscapeCase[] = [
  // Reading what is not the project's.
  { name: 'reads /etc/shadow', argv: () => sh('cat /etc/shadow'), check: (run) => failed(run) },
  { name: 'reads /etc/gshadow', argv: () => sh('cat /etc/gshadow'), check: (run) => failed(run) },
  { name: 'lists /etc/ssh (host keys)', argv: () => sh('ls /etc/ssh'), check: (run) => failed(run) },
  { name: "lists the user's ~/.ssh", argv: () => sh(`ls -a ${homedir()}/.ssh`), check: (run) => failed(run) },
  { name: "lists the user's home", argv: () => sh(`ls -a ${homedir()}`), check: (run) => failed(run) },
  {
    name: "lists the IDE's own data folder",
    argv: () => sh(`ls -a '${defaultDataDir()}'`),
    check: (run) => failed(run),
  },
  { name: 'reads a data folder beside the project', argv: (s) => sh(`cat ${s.dataDir}/secret.txt`) },
  { name: 'reads another project', argv: (s) => sh(`cat ${s.otherProject}/secret.txt`), check: (run) => failed(run) },
  { name: 'reads outside through ../', argv: () => sh('cat ../outside/secret.txt'), check: (run) => failed(run) },
  {
    name: 'reads through a symlink planted to a file outside',
    setup: (s) => symlinkSync(join(s.outside, 'secret.txt'), join(s.project, 'link.txt')),
    argv: () => sh('cat link.txt'),
    check: (run) => failed(run),
  },
  {
    name: 'reads /etc/shadow through a planted symlink',
    setup: (s) => symlinkSync('/etc/shadow', join(s.project, 'shadow')),
    argv: () => sh('cat shadow'),
    check: (run) => failed(run),
  },
  {
    name: 'lists a folder outside through a planted symlink',
    setup: (s) => symlinkSync(s.outside, join(s.project, 'out')),
    argv: () => sh('ls out/'),
    check: (run) => failed(run),
  },
  // Writing outside the project, or into .git.
  { name: 'writes a file outside', argv: (s) => sh(`echo x > ${s.outside}/new.txt`), check: (run) => failed(run) },
  {
    name: 'writes outside through a planted symlink',
    setup: (s) => symlinkSync(s.outside, join(s.project, 'out')),
    argv: () => sh('echo x > out/new.txt'),
    check: (run) => failed(run),
  },
  {
    name: 'overwrites a file outside through a planted file symlink',
    setup: (s) => symlinkSync(join(s.outside, 'secret.txt'), join(s.project, 'link.txt')),
    argv: () => sh('echo overwritten > link.txt'),
  },
  { name: 'writes into /usr', argv: () => sh('touch /usr/bin/webnova-escape'), check: (run) => failed(run) },
  {
    name: 'writes /etc/passwd',
    argv: () => sh('echo evil::0:0::/:/bin/sh >> /etc/passwd'),
    check: (run) => failed(run),
  },
  {
    name: 'plants a git hook',
    argv: () => sh('echo "#!/bin/sh" > .git/hooks/pre-commit'),
    check: (run) => failed(run),
  },
  {
    name: 'rewrites .git/config',
    argv: () => sh('echo "[core] fsmonitor = evil" >> .git/config'),
    check: (run) => failed(run),
  },
  { name: 'removes .git', argv: () => sh('rm -rf .git') },
  { name: 'moves .git away', argv: () => sh('mv .git git-moved'), check: (run) => failed(run) },
  {
    name: 'hard-links a system file into the project',
    argv: () => sh('ln /etc/passwd ./passwd-link'),
    check: (run, s) => {
      failed(run);
      expect(existsSync(join(s.project, 'passwd-link'))).toBe(false);
    },
  },
  {
    name: '.git planted as a symlink to a folder outside (refused before running)',
    setup: (s) => {
      renameSync(join(s.project, '.git'), join(s.root, 'git-aside'));
      symlinkSync(s.outside, join(s.project, '.git'));
    },
    argv: () => sh('echo x > .git/new.txt'),
    refused: true,
  },
  // The network: loopback only.
  {
    name: 'connects to PostgreSQL on 127.0.0.1:5432',
    argv: () => node(connectScript('127.0.0.1', 5432)),
    check: (run) => expect(run.stdout).toMatch(/^ERR /),
  },
  {
    name: "connects to the test's own port on 127.0.0.1",
    argv: (_s, host) => node(connectScript('127.0.0.1', host.port)),
    check: (run) => expect(run.stdout).toMatch(/^ERR /),
  },
  {
    name: "connects to the test's own port on ::1",
    argv: (_s, host) => node(connectScript('::1', host.portV6)),
    check: (run) => expect(run.stdout).toMatch(/^ERR /),
  },
  {
    name: "connects to the host's abstract unix socket",
    argv: () => node(connectScript(`\0webnova-escape-${process.pid}`)),
    check: (run) => expect(run.stdout).toMatch(/^ERR /),
  },
  {
    name: 'has no interface but loopback',
    argv: () => sh('cat /proc/net/dev'),
    check: (run) => {
      const interfaces = [...run.stdout.matchAll(/^\s*([^\s:]+):/gm)].map((match) => match[1]);
      expect(interfaces).toEqual(['lo']);
    },
  },
  {
    name: "reaches PostgreSQL's unix socket",
    argv: () => sh('ls /var/run/postgresql /run/postgresql'),
    check: (run) => failed(run),
  },
  // Host processes.
  {
    name: 'sees host processes in /proc',
    argv: () => sh('ls /proc'),
    check: (run, _s, host) => {
      const pids = run.stdout.split(/\s+/).filter((entry) => /^\d+$/.test(entry));
      expect(pids).not.toContain(String(process.pid));
      expect(pids).not.toContain(String(host.sentinel.pid));
      expect(pids.length).toBeLessThan(10);
    },
  },
  { name: 'kills the test process', argv: () => sh(`kill -9 ${process.pid}`), check: (run) => failed(run) },
  { name: 'kills a host process', argv: (_s, host) => sh(`kill -9 ${host.sentinel.pid}`), check: (run) => failed(run) },
  { name: 'kills every process it can (kill -9 -1)', argv: () => sh('kill -9 -1; echo survived') },
  {
    name: "reads the test process's environ",
    argv: () => sh(`cat /proc/${process.pid}/environ`),
    check: (run) => failed(run),
  },
  {
    name: "reads the host's environment secret from its own environment",
    argv: () => sh('env'),
    check: (run) => {
      const names = run.stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => line.split('=')[0]);
      expect(names.sort()).toEqual(['HOME', 'LANG', 'PATH', 'PWD'].sort());
    },
  },
  { name: 'reads /proc/1/environ (the sandbox init)', argv: () => sh('cat /proc/1/environ; echo') },
  {
    name: 'learns host paths from /proc/self/mountinfo',
    argv: () => sh('cat /proc/self/mountinfo'),
    check: (run, s) => {
      expect(run.stdout).not.toContain(s.outside);
      expect(run.stdout).not.toContain(s.dataDir);
      expect(run.stdout).not.toContain(homedir());
    },
  },
  // Privileges, /proc and /sys.
  {
    name: 'runs with no capabilities and no new privileges',
    argv: () => sh('grep -E "^(CapEff|CapPrm|NoNewPrivs)" /proc/self/status; id -u'),
    check: (run) => {
      expect(run.stdout).toMatch(/^CapEff:\s+0+$/m);
      expect(run.stdout).toMatch(/^CapPrm:\s+0+$/m);
      expect(run.stdout).toMatch(/^NoNewPrivs:\s+1$/m);
      expect(run.stdout).toMatch(/^65534$/m);
    },
  },
  {
    name: 'makes a user namespace of its own (root with capabilities inside)',
    argv: () => sh('unshare -r id -u'),
    check: (run) => failed(run),
  },
  {
    name: 'runs under the seccomp filter',
    argv: () => sh('grep -E "^Seccomp" /proc/self/status'),
    check: (run) => expect(run.stdout).toMatch(/^Seccomp:\s+2$/m),
  },
  ...(['keyctl', 'io_uring_setup', 'bpf', 'userfaultfd', 'perf_event_open', 'open_by_handle_at'] as const).map(
    (name): EscapeCase => ({
      name: `calls ${name} (refused by seccomp)`,
      argv: () => syscall(REFUSED_SYSCALLS_X86_64[name] as number),
      check: (run) => expect(run.stdout.trim()).toBe('-1 1'),
    }),
  ),
  {
    name: 'becomes root with su (setuid)',
    argv: () => sh('su -c "id -u" root </dev/null'),
    check: (run) => failed(run),
  },
  { name: 'mounts a file system', argv: () => sh('mount -t tmpfs none /tmp'), check: (run) => failed(run) },
  {
    name: 'writes a cgroup in /sys/fs/cgroup',
    argv: () => sh('mkdir /sys/fs/cgroup/pids/webnova-escape'),
    check: (run) => failed(run),
  },
  { name: 'writes /proc/sysrq-trigger', argv: () => sh('echo h > /proc/sysrq-trigger'), check: (run) => failed(run) },
  {
    name: "changes the host's name",
    argv: () => sh('echo webnova-escaped > /proc/sys/kernel/hostname; cat /proc/sys/kernel/hostname'),
    check: () => expect(hostname()).not.toBe('webnova-escaped'),
  },
  {
    name: 'reads raw memory or disks in /dev',
    argv: () => sh('cat /dev/mem /dev/sda /dev/vda'),
    check: (run) => failed(run),
  },
  // Limits.
  {
    name: 'fork bomb',
    argv: () => sh('f() { f | f; }; f'),
    options: { limits: { processes: 64, wallSeconds: 3 } },
    check: stoppedBy('processes'),
  },
  {
    name: 'forks past the process limit',
    argv: () => sh('i=0; while [ $i -lt 500 ]; do sleep 86411 & i=$((i+1)); done'),
    options: { limits: { processes: 32 } },
    check: (run) => {
      expect(run.limitHit).toBe('processes');
      expect(hostProcessesWith('86411')).toEqual([]);
    },
  },
  {
    name: 'memory hog (Node)',
    argv: () => node('const a = []; for (;;) a.push(Buffer.alloc(16 << 20, 1));'),
    options: { limits: { memoryMb: 128 } },
    check: stoppedBy('memory'),
  },
  {
    name: 'memory hog (a native program)',
    argv: () => sh('head -c 1000000000 /dev/zero | tail -c 900000000 > /dev/null'),
    options: { limits: { memoryMb: 64 } },
    check: stoppedBy('memory'),
  },
  {
    name: 'fills the disk in /tmp',
    argv: () => sh('head -c 10000000 /dev/zero > /tmp/fill'),
    options: { limits: { writtenBytes: 1_000_000 } },
    check: stoppedBy('disk'),
  },
  {
    name: 'fills the disk in the project',
    argv: () => sh('head -c 10000000 /dev/zero > fill.bin'),
    options: { limits: { writtenBytes: 1_000_000 } },
    check: (run, s) => {
      expect(run.limitHit).toBe('disk');
      expect(statSync(join(s.project, 'fill.bin')).size).toBeLessThanOrEqual(1_000_000);
    },
  },
  {
    name: "fills /tmp's tmpfs with files each under the file limit",
    // The tmpfs is full at its size: the write fails (ENOSPC) inside, nothing reaches the host's disk.
    argv: () => sh('i=0; while head -c 400000 /dev/zero > /tmp/f$i; do i=$((i+1)); done; echo files=$i; exit 7'),
    options: { limits: { writtenBytes: 1_000_000 } },
    check: (run) => {
      expect(run.exitCode).toBe(7);
      expect(Number(/files=(\d+)/.exec(run.stdout)?.[1])).toBeLessThanOrEqual(3);
    },
  },
  {
    name: 'CPU spin',
    argv: () => sh('while :; do :; done'),
    options: { limits: { cpuSeconds: 1 } },
    check: stoppedBy('cpu'),
  },
  {
    name: 'sleeps past the wall time',
    argv: () => sh('sleep 86412'),
    options: { limits: { wallSeconds: 1 } },
    check: (run) => {
      expect(run.timedOut).toBe(true);
      expect(run.limitHit).toBe('wall');
      expect(hostProcessesWith('86412')).toEqual([]);
    },
  },
  {
    name: 'leaves a daemon behind in a new session',
    argv: () => sh('setsid sleep 86413 > /dev/null 2>&1 & echo started'),
    check: (run) => {
      expect(run.stdout).toContain('started');
      expect(hostProcessesWith('86413')).toEqual([]);
    },
  },
];

function connectScript(host: string, port?: number): string {
  const target = port === undefined ? `{ path: ${JSON.stringify(host)} }` : `{ host: '${host}', port: ${port} }`;
  return `require('net').connect(${target}).on('connect', () => { console.log('CONNECTED'); process.exit(0); }).on('error', (e) => { console.log('ERR ' + e.code); process.exit(1); });`;
}

describe('the sandbox backends', () => {
  it('finds bubblewrap on Linux (CI installs it: .ci/run)', () => {
    if (process.platform !== 'linux') return;
    const bubblewrap = detection.backends.find((backend) => backend.isolation === 'bubblewrap');
    expect(bubblewrap, JSON.stringify(detection.backends)).toMatchObject({ available: true });
  });

  it('has at least 40 escape cases', () => {
    expect(cases.length + 1).toBeGreaterThanOrEqual(40);
  });
});

describe.each(isolating.map((runner) => [runner.isolation, runner] as const))('escape corpus: %s', (_name, runner) => {
  let scratch: Scratch;
  const host = { connections: 0 } as Host;

  beforeAll(async () => {
    const listen = (server: Server, address: string | { path: string }) =>
      new Promise<void>((resolve) => {
        server.on('connection', (socket) => {
          host.connections++;
          socket.destroy();
        });
        if (typeof address === 'string') server.listen(0, address, resolve);
        else server.listen(address.path, resolve);
      });
    host.listener = createServer();
    host.listenerV6 = createServer();
    host.abstractListener = createServer();
    await listen(host.listener, '127.0.0.1');
    await listen(host.listenerV6, '::1');
    await listen(host.abstractListener, { path: `\0webnova-escape-${process.pid}` });
    host.port = (host.listener.address() as { port: number }).port;
    host.portV6 = (host.listenerV6.address() as { port: number }).port;
    host.sentinel = spawn(NODE, ['-e', 'setInterval(() => {}, 1 << 30)'], { stdio: 'ignore' });
  });

  afterAll(async () => {
    host.sentinel.kill('SIGKILL');
    await Promise.all(
      [host.listener, host.listenerV6, host.abstractListener].map(
        (server) => new Promise((resolve) => server.close(resolve)),
      ),
    );
  });

  afterEach(() => {
    try {
      // The host is untouched: nothing new outside, the files there as they were, .git as it was (and
      // still there, unless the case planted a symlink in its place).
      expect(readdirSync(scratch.outside)).toEqual(['secret.txt']);
      expect(readFileSync(join(scratch.outside, 'secret.txt'), 'utf8')).toBe(`${scratch.marker}\n`);
      if (!lstatSync(join(scratch.project, '.git'), { throwIfNoEntry: false })?.isSymbolicLink()) {
        expect(readFileSync(join(scratch.project, '.git', 'config'), 'utf8')).toBe('[core]\n\tbare = false\n');
        expect(readdirSync(join(scratch.project, '.git', 'hooks'))).toEqual([]);
      }
      expect(existsSync('/usr/bin/webnova-escape')).toBe(false);
      expect(existsSync('/sys/fs/cgroup/pids/webnova-escape')).toBe(false);
      // The IDE's side is alive and was not reached.
      expect(host.connections).toBe(0);
      expect(() => process.kill(host.sentinel.pid as number, 0)).not.toThrow();
      expect(host.sentinel.exitCode).toBeNull();
    } finally {
      scratch.remove();
    }
  });

  it.each(cases.map((one) => [one.name, one] as const))('%s', async (_caseName, one) => {
    scratch = scratchFor(runner);
    one.setup?.(scratch);
    const argv = one.argv(scratch, host);
    if (one.refused) {
      await expect(runIn(runner, scratch.project, argv, one.options)).rejects.toMatchObject({
        code: 'PERMISSION_DENIED',
      });
      return;
    }
    const run = await runIn(runner, scratch.project, argv, one.options);
    expect(run.isolation).toBe(runner.isolation);
    expect(`${run.stdout}${run.stderr}`).not.toContain(scratch.marker);
    expect(`${run.stdout}${run.stderr}`).not.toContain(HOST_SECRET);
    one.check?.(run, scratch, host);
  });

  it('a symlink swapped in during a run reaches nothing outside', async () => {
    scratch = scratchFor(runner);
    writeFileSync(join(scratch.project, 'data.txt'), 'inside\n');
    // The program says it is ready, waits for the host's swap, then reads and writes through the name.
    const program = [
      "const fs = require('fs');",
      "fs.writeFileSync('ready', '');",
      "const wait = () => fs.existsSync('go') ? go() : setTimeout(wait, 10);",
      'const go = () => {',
      "  let text = ''; try { text = fs.readFileSync('data.txt', 'utf8'); } catch (e) { text = 'ERR ' + e.code; }",
      "  try { fs.writeFileSync('data.txt', 'overwritten'); } catch (e) { console.log('WERR ' + e.code); }",
      "  console.log('READ ' + text);",
      '};',
      'wait();',
    ].join('\n');
    const running = runIn(runner, scratch.project, node(program));
    await until(() => existsSync(join(scratch.project, 'ready')));
    await rm(join(scratch.project, 'data.txt'));
    symlinkSync(join(scratch.outside, 'secret.txt'), join(scratch.project, 'data.txt'));
    writeFileSync(join(scratch.project, 'go'), '');
    const run = await running;
    expect(run.stdout).toContain('READ ');
    expect(`${run.stdout}${run.stderr}`).not.toContain(scratch.marker);
  });
});
