/**
 * The cgroup protocol of both hierarchies against a fake cgroup file system (fake-cgroupfs.ts): which
 * files detection and a run write, with which values and in which order, what detection refuses and
 * why, what limitHit reads and how remove kills. The fake enforces nothing: the real limits are the
 * escape corpus's (on this machine's v1 hierarchy; there is no v2 one here).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CoreError } from '../../../src/contracts/errors.js';
import { BubblewrapRunner } from '../../../src/runtime/sandbox/bubblewrap-runner.js';
import { type CgroupSupport, probeCgroups, RunCgroups, V2_LEAF } from '../../../src/runtime/sandbox/cgroups.js';
import { HostRunner } from '../../../src/runtime/sandbox/host-runner.js';
import { type FakeCgroupFs, type FakeOptions, makeFakeCgroupFs } from './fake-cgroupfs.js';

const OWN = '/user.slice/user-1000.slice/webnova.scope';
const own = OWN.slice(1);
const LIMITS = { memoryMb: 256, processes: 64 };

let fakes: FakeCgroupFs[] = [];
let children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children) child.kill('SIGKILL');
  for (const fake of fakes) fake.remove();
  fakes = [];
  children = [];
});

function fake(options: Partial<FakeOptions> = {}): FakeCgroupFs {
  const made = makeFakeCgroupFs({ version: 'v2', own: OWN, ownProcesses: [process.pid, process.ppid], ...options });
  fakes.push(made);
  return made;
}

const probe = (made: FakeCgroupFs, procSelfCgroup = `0::${OWN}\n`) =>
  probeCgroups({ root: made.root, procSelfCgroup, files: made.files });

/** A real process to put into a group, as a run's would be. */
function sleeper(): ChildProcess & { pid: number } {
  const child = spawn('sleep', ['86400'], { stdio: 'ignore' });
  children.push(child);
  if (child.pid === undefined) throw new Error('sleep did not start');
  return child as ChildProcess & { pid: number };
}

/** The one run group made under the delegated group. */
const runGroupOf = (made: FakeCgroupFs) => {
  const group = made.writes.find(([path]) => path.includes('webnova-run-'))?.[0];
  if (!group) throw new Error('no run group was written');
  return group.split('/').slice(0, -1).join('/');
};

describe('cgroup v2 detection', () => {
  it('moves WebNova’s processes into a leaf, then enables memory and pids for the runs', async () => {
    const made = fake();
    const support = await probe(made);
    expect(support).toMatchObject({ version: 'v2', unifiedParent: join(made.root, own) });
    // Each process one write into the leaf, before subtree_control (the fake refuses it while the group holds any).
    expect(made.writes).toEqual([
      [`${own}/${V2_LEAF}/cgroup.procs`, String(process.pid)],
      [`${own}/${V2_LEAF}/cgroup.procs`, String(process.ppid)],
      [`${own}/cgroup.subtree_control`, '+memory +pids'],
    ]);
    expect(made.read(`${own}/cgroup.procs`)).toBe('');
    expect(made.read(`${own}/${V2_LEAF}/cgroup.procs`)).toBe(`${process.pid}\n${process.ppid}`);
    // The probe group was made and removed: only the leaf is left.
    const left = readdirSync(join(made.root, own), { withFileTypes: true }).filter((entry) => entry.isDirectory());
    expect(left.map((entry) => entry.name)).toEqual([V2_LEAF]);
  });

  it('writes nothing when the controllers are already enabled for the children', async () => {
    const made = fake({ ownSubtreeControl: 'memory pids', ownProcesses: [] });
    expect(await probe(made)).toMatchObject({ version: 'v2' });
    expect(made.writes).toEqual([]);
  });

  it('uses the root group as it is, holding processes (exempt from the rule), as in a container', async () => {
    const made = fake({ own: '/', rootSubtreeControl: 'cpu memory' });
    const support = await probe(made, '0::/\n');
    expect(support).toMatchObject({ version: 'v2', unifiedParent: made.root });
    expect(made.writes).toEqual([['cgroup.subtree_control', '+memory +pids']]);
    expect(made.read('cgroup.procs')).toBe(`${process.pid}\n${process.ppid}`);
  });

  it.each([
    ['cpu memory', 'the pids controller'],
    ['cpu pids', 'the memory controller'],
    ['cpu', 'the memory and pids controllers'],
  ])('refuses a group given only %s, saying which is missing and how to delegate', async (controllers, missing) => {
    const made = fake({ ownControllers: controllers });
    const support = await probe(made);
    expect(support.version).toBeNull();
    expect(support.reason).toContain(`is not given ${missing}`);
    expect(support.reason).toContain('systemd-run --user --scope -p Delegate=yes');
    expect(made.writes).toEqual([]);
  });

  it.each([
    [`${own}/${V2_LEAF}`, 'EACCES', 'moving WebNova', 'not delegated'],
    [`${own}/${V2_LEAF}/cgroup.procs`, 'EACCES', 'moving WebNova', 'not delegated'],
    [`${own}/cgroup.subtree_control`, 'EROFS', 'enabling memory and pids', 'mounted read-only'],
  ])('refuses when %s is not writable (%s), saying which step and why', async (path, code, step, why) => {
    const made = fake();
    made.refuse(path, code);
    const support = await probe(made);
    expect(support.version).toBeNull();
    expect(support.reason).toContain(step);
    expect(support.reason).toContain(`(${code})`);
    expect(support.reason).toContain(why);
    expect(support.reason).toContain('Delegate=yes');
  });

  it('refuses when a process stays in the group, which keeps its controllers from the children (EBUSY)', async () => {
    const made = fake();
    // The leaf's cgroup.procs takes nothing: the processes stay, as a process the kernel will not move would.
    made.refuse(`${own}/${V2_LEAF}/cgroup.procs`, 'ESRCH');
    const support = await probe(made);
    expect(support.version).toBeNull();
    expect(support.reason).toContain('enabling memory and pids');
    expect(support.reason).toContain('(EBUSY): a process is still in the group');
  });

  it('refuses without a v2 mount, and uses v1’s controllers on a hybrid machine', async () => {
    const made = fake();
    const none = await probeCgroups({
      root: join(made.root, 'elsewhere'),
      procSelfCgroup: `0::${OWN}\n`,
      files: made.files,
    });
    expect(none).toMatchObject({ version: null });
    expect(none.reason).toContain('no v2 hierarchy mounted');

    const v1 = makeFakeCgroupFs({ version: 'v1' });
    fakes.push(v1);
    const hybrid = await probe(v1, '5:pids:/\n4:memory:/\n0::/\n');
    expect(hybrid).toMatchObject({ version: 'v1' });
  });
});

describe('a run’s cgroup v2 group', () => {
  const delegated = async (options: Partial<FakeOptions> = {}) => {
    const made = fake({ swap: true, kill: true, ...options });
    const support = await probe(made);
    made.writes.length = 0;
    return { made, support };
  };

  it('is made under the delegated group with memory.max, no swap, pids.max, then joined', async () => {
    const { made, support } = await delegated();
    const groups = await RunCgroups.create(support, LIMITS, made.files);
    const group = runGroupOf(made);
    expect(group).toMatch(new RegExp(`^${own}/webnova-run-[0-9a-f-]{36}$`));
    const child = sleeper();
    await groups.join(child.pid);
    expect(made.writes).toEqual([
      [`${group}/memory.max`, String(256 * 1024 * 1024)],
      [`${group}/memory.swap.max`, '0'],
      [`${group}/pids.max`, '64'],
      [`${group}/cgroup.procs`, String(child.pid)],
    ]);
    expect(await groups.members()).toEqual([child.pid]);
    await groups.remove();
  });

  it('leaves memory.swap.max alone where the kernel has none (swap accounting off)', async () => {
    const { made, support } = await delegated({ swap: false });
    await (await RunCgroups.create(support, LIMITS, made.files)).remove();
    expect(made.writes.map(([path]) => path.split('/').at(-1))).toEqual(['memory.max', 'pids.max', 'cgroup.kill']);
  });

  it('names the limit from memory.events and pids.events', async () => {
    const { made, support } = await delegated();
    const groups = await RunCgroups.create(support, LIMITS, made.files);
    const group = runGroupOf(made);
    expect(await groups.limitHit()).toBeNull();
    // memory.events' `max` counts reclaims at the limit, not a kill: only oom_kill names it.
    made.set(`${group}/memory.events`, 'low 0\nhigh 0\nmax 12\noom 0\noom_kill 0\n');
    made.set(`${group}/pids.events`, 'max 3\n');
    expect(await groups.limitHit()).toBe('processes');
    made.set(`${group}/memory.events`, 'low 0\nhigh 0\nmax 12\noom 1\noom_kill 1\n');
    expect(await groups.limitHit()).toBe('memory');
    await groups.remove();
  });

  it.each([
    [true, 'in one write of cgroup.kill, where the kernel has it'],
    [false, 'one by one, where there is no cgroup.kill'],
  ])('kills its processes (cgroup.kill: %s) %s, then is removed', async (kill) => {
    const { made, support } = await delegated({ kill });
    const groups = await RunCgroups.create(support, LIMITS, made.files);
    const group = runGroupOf(made);
    const child = sleeper();
    const exited = once(child, 'exit');
    await groups.join(child.pid);
    await groups.remove();
    // Without cgroup.kill the fake kills nothing: the SIGKILL is then remove()'s own.
    expect(await exited).toEqual([null, 'SIGKILL']);
    // cgroup.kill is written again while a killed process has yet to leave (the kernel takes it as often as given).
    const kills = made.writes.filter(([path]) => path.endsWith('cgroup.kill')).map((write) => write.join(' '));
    expect(new Set(kills)).toEqual(new Set(kill ? [`${group}/cgroup.kill 1`] : []));
    expect(made.exists(group)).toBe(false);
  });

  it('is removed again when a limit cannot be written, with a CoreError naming the group', async () => {
    const { made, support } = await delegated();
    const parent = join(made.root, own);
    made.refuse(/webnova-run-[^/]+\/pids\.max$/, 'EACCES');
    const failure = await RunCgroups.create(support, LIMITS, made.files).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CoreError);
    expect((failure as CoreError).systemMessage).toMatchObject({
      code: 'ERROR_SANDBOX_CGROUP_CREATE',
      params: { reason: 'EACCES', group: expect.stringContaining(`${parent}/webnova-run-`) },
    });
    expect(made.exists(runGroupOf(made))).toBe(false);
  });

  it('is refused with a CoreError where no hierarchy can be used', async () => {
    const none: CgroupSupport = { version: null, reason: 'cgroups are Linux only' };
    const failure = await RunCgroups.create(none, LIMITS).catch((error: unknown) => error);
    expect((failure as CoreError).systemMessage).toEqual({
      code: 'ERROR_SANDBOX_CGROUPS_UNAVAILABLE',
      params: { reason: 'cgroups are Linux only' },
    });
  });
});

describe('cgroup v1 against the fake', () => {
  it('makes one group a controller with its limits, joins both, reads memory.oom_control', async () => {
    const made = makeFakeCgroupFs({ version: 'v1', swap: true });
    fakes.push(made);
    const support = await probe(made, '7:pids:/\n4:memory:/\n');
    expect(support).toMatchObject({ version: 'v1' });
    const groups = await RunCgroups.create(support, LIMITS, made.files);
    const name = runGroupOf(made).split('/').at(-1) ?? '';
    const child = sleeper();
    await groups.join(child.pid);
    const bytes = String(256 * 1024 * 1024);
    expect(made.writes).toEqual([
      [`memory/${name}/memory.limit_in_bytes`, bytes],
      [`memory/${name}/memory.memsw.limit_in_bytes`, bytes],
      [`pids/${name}/pids.max`, '64'],
      [`memory/${name}/cgroup.procs`, String(child.pid)],
      [`pids/${name}/cgroup.procs`, String(child.pid)],
    ]);
    made.set(`memory/${name}/memory.oom_control`, 'oom_kill_disable 0\nunder_oom 0\noom_kill 2\n');
    expect(await groups.limitHit()).toBe('memory');
    const exited = once(child, 'exit');
    await groups.remove();
    expect(await exited).toEqual([null, 'SIGKILL']);
    expect(made.exists(`memory/${name}`) || made.exists(`pids/${name}`)).toBe(false);
  });
});

describe('the runners’ mechanisms', () => {
  it.each([
    ['v2', { version: 'v2', reason: '', unifiedParent: '/x' }, 'cgroup v2 memory.max', 'cgroup v2 pids.max'],
    [
      'v1',
      { version: 'v1', reason: '', memoryParent: '/m', pidsParent: '/p' },
      'cgroup v1 memory.limit_in_bytes',
      'cgroup v1 pids.max',
    ],
  ] as const)('name the %s files', (_, support, memory, processes) => {
    const bubblewrap = new BubblewrapRunner({ bwrap: 'bwrap', prlimit: 'prlimit' }, support);
    expect(bubblewrap.mechanisms).toMatchObject({ memory, processes });
    const host = new HostRunner(undefined, support);
    expect(host.mechanisms.memory).toBe(`${memory}, joined before the command starts`);
    expect(host.mechanisms.processes).toBe(`${processes}, joined before the command starts`);
  });

  it('say not enforced (null) without cgroups', () => {
    const bubblewrap = new BubblewrapRunner({ bwrap: 'bwrap', prlimit: 'prlimit' }, { version: null, reason: 'none' });
    expect(bubblewrap.mechanisms).toMatchObject({ memory: null, processes: null });
  });
});
