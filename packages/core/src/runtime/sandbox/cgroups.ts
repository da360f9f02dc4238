/**
 * Memory and process limits through cgroups, the one kernel mechanism that bounds a whole process tree
 * (rlimits are per process, and RLIMIT_NPROC counts every process of the user on the host, so it is no
 * bound for a sandbox). Two hierarchies, one `RunCgroups` for the runners:
 * - cgroup v1: the `memory` and `pids` controllers, a group in each, written directly when this process
 *   may create child groups (as root, or in a delegated v1 tree).
 * - cgroup v2 (the unified hierarchy): one group per run with `memory.max` and `pids.max`, under this
 *   process's own group when that group is delegated to it (writable, with `memory` and `pids` given).
 *   A user gets one by starting WebNova with `systemd-run --user --scope -p Delegate=yes …`, or from a
 *   service with `Delegate=yes`.
 * Elsewhere `detectCgroups` says why not and the limits are not set (the runners' `mechanisms` say so).
 * The root, the `/proc/self/cgroup` text and the file operations can be given, so both hierarchies can be
 * tested against a fake cgroup file system in a temp folder.
 */
import { randomUUID } from 'node:crypto';
import { access, mkdir, readdir, readFile, rmdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { CoreError } from '../../contracts/errors.js';

/** Where the kernel's cgroup file systems are mounted. */
const CGROUP_ROOT = '/sys/fs/cgroup';

/** What WebNova reads and writes in a cgroup file system: the kernel's through Node, or a test's fake. */
export interface CgroupFiles {
  read(path: string): Promise<string>;
  write(path: string, text: string): Promise<void>;
  mkdir(path: string): Promise<void>;
  rmdir(path: string): Promise<void>;
  exists(path: string): Promise<boolean>;
}

export const kernelCgroupFiles: CgroupFiles = {
  read: (path) => readFile(path, 'utf8'),
  write: (path, text) => writeFile(path, text),
  mkdir: async (path) => {
    await mkdir(path);
  },
  rmdir: (path) => rmdir(path),
  exists: (path) =>
    access(path).then(
      () => true,
      () => false,
    ),
};

export interface CgroupHost {
  /** Where the cgroup file systems are mounted (`/sys/fs/cgroup`). */
  root?: string;
  /** This process's `/proc/self/cgroup` (read when not given). */
  procSelfCgroup?: string;
  files?: CgroupFiles;
}

export interface CgroupSupport {
  /** The hierarchy whose controllers can be used, else null and why not. */
  version: 'v1' | 'v2' | null;
  reason: string;
  /** v1: the groups the runs' groups are made in, one a controller. */
  memoryParent?: string;
  pidsParent?: string;
  /** v2: the delegated group the runs' groups are made in. */
  unifiedParent?: string;
}

/** How a user gets a delegated v2 subtree for WebNova; part of every v2 refusal. */
const DELEGATION_HINT =
  'start WebNova in a delegated group (systemd-run --user --scope -p Delegate=yes <webnova>, or a service with Delegate=yes)';

/** The leaf WebNova's own processes move into on v2, so their group may give controllers to the runs. */
export const V2_LEAF = 'webnova-ide';

const RUN_PREFIX = 'webnova-run-';

/** What a refusal while setting up the v2 subtree means, where it is not "not delegated" (EACCES, EPERM). */
const REFUSALS: Record<string, string> = {
  EBUSY: 'a process is still in the group, which keeps its controllers from its children',
  EROFS: 'the cgroup file system is mounted read-only (as in a container without a writable /sys/fs/cgroup)',
};

const words = (text: string) => text.split(/\s+/).filter(Boolean);
const errorCode = (error: unknown) => (error as NodeJS.ErrnoException).code ?? String(error);

/** The path of this process's own group in a v1 controller's hierarchy (`4:memory:/a/b` gives `/a/b`). */
function ownGroup(procCgroup: string, controller: string): string | undefined {
  for (const line of procCgroup.split('\n')) {
    const [hierarchy, controllers, path] = line.split(':');
    if (hierarchy !== '0' && controllers?.split(',').includes(controller)) return path;
  }
  return undefined;
}

/** The path of this process's group in the unified (v2) hierarchy: its `0::/path` line. */
function unifiedGroup(procCgroup: string): string | undefined {
  return /^0::(\/.*)$/m.exec(procCgroup)?.[1];
}

/** Whether a child group can be created (and removed) under `parent`: the proof the limits can be set. */
async function canCreateChild(files: CgroupFiles, parent: string): Promise<boolean> {
  const probe = join(parent, `webnova-probe-${randomUUID()}`);
  try {
    await files.mkdir(probe);
    await files.rmdir(probe);
    return true;
  } catch {
    return false;
  }
}

async function probeV1(files: CgroupFiles, root: string, memory: string, pids: string): Promise<CgroupSupport> {
  // Nested under this process's own groups, so a limit set above WebNova still holds for its runs.
  const memoryParent = join(root, 'memory', memory);
  const pidsParent = join(root, 'pids', pids);
  if (!(await canCreateChild(files, memoryParent)) || !(await canCreateChild(files, pidsParent))) {
    return { version: null, reason: `cannot create cgroups under ${memoryParent} and ${pidsParent}` };
  }
  return { version: 'v1', reason: 'cgroup v1 memory and pids controllers, writable', memoryParent, pidsParent };
}

/**
 * Moves every process of `own` into its leaf `webnova-ide`. cgroup v2's "no internal processes" rule: a
 * group (other than the root) that holds processes cannot enable controllers for its children, so
 * WebNova has to leave its own group before that group can give `memory` and `pids` to the runs'.
 * A process forked while the list is being moved lands in `own` after it was read: read again, a few
 * times; one still left makes the `subtree_control` write fail (EBUSY), which detection reports.
 */
async function moveIntoLeaf(files: CgroupFiles, own: string): Promise<void> {
  const leaf = join(own, V2_LEAF);
  await files.mkdir(leaf).catch((error: unknown) => {
    if (errorCode(error) !== 'EEXIST') throw error;
  });
  for (let round = 0; round < 5; round++) {
    const pids = words(await files.read(join(own, 'cgroup.procs')));
    if (pids.length === 0) return;
    // One pid a write: the kernel moves one process per write of `cgroup.procs`.
    for (const pid of pids) {
      await files.write(join(leaf, 'cgroup.procs'), pid).catch((error: unknown) => {
        if (errorCode(error) !== 'ESRCH') throw error; // it ended meanwhile
      });
    }
  }
}

async function probeV2(files: CgroupFiles, root: string, path: string): Promise<CgroupSupport> {
  const refuse = (why: string): CgroupSupport => ({ version: null, reason: `cgroup v2: ${why}; ${DELEGATION_HINT}` });
  if (!(await files.exists(join(root, 'cgroup.controllers')))) return refuse(`no v2 hierarchy mounted at ${root}`);
  const own = join(root, ...path.split('/')); // no trailing slash for the root group
  const given = words(await files.read(join(own, 'cgroup.controllers')).catch(() => ''));
  const missing = ['memory', 'pids'].filter((controller) => !given.includes(controller));
  if (missing.length > 0) {
    return refuse(
      `${own} is not given the ${missing.join(' and ')} controller${missing.length > 1 ? 's' : ''} (cgroup.controllers: ${given.join(' ') || 'none'})`,
    );
  }
  let step = `reading ${join(own, 'cgroup.subtree_control')}`;
  try {
    const enabled = words(await files.read(join(own, 'cgroup.subtree_control')));
    // Already enabled: an earlier WebNova did the move, or the group is the root (as in a container).
    if (!enabled.includes('memory') || !enabled.includes('pids')) {
      step = `moving WebNova's processes from ${own} into ${join(own, V2_LEAF)}`;
      // The root group is exempt from the rule (and holds kernel threads, which cannot move).
      if (path !== '/') await moveIntoLeaf(files, own);
      step = `enabling memory and pids in ${join(own, 'cgroup.subtree_control')}`;
      await files.write(join(own, 'cgroup.subtree_control'), '+memory +pids');
    }
    step = `creating a group under ${own}`;
    const probe = join(own, `webnova-probe-${randomUUID()}`);
    await files.mkdir(probe);
    const limitable = (await files.exists(join(probe, 'memory.max'))) && (await files.exists(join(probe, 'pids.max')));
    await files.rmdir(probe);
    if (!limitable) return refuse(`a group under ${own} has no memory.max and pids.max`);
  } catch (error) {
    const code = errorCode(error);
    return refuse(`${step} was refused (${code}): ${REFUSALS[code] ?? `${own} is not delegated to WebNova`}`);
  }
  return { version: 'v2', reason: `cgroup v2 memory and pids controllers, delegated at ${own}`, unifiedParent: own };
}

/** What the cgroups at `host` allow (v1 where its controllers are, else v2). Tests give a fake host. */
export async function probeCgroups(host: CgroupHost = {}): Promise<CgroupSupport> {
  const files = host.files ?? kernelCgroupFiles;
  const root = host.root ?? CGROUP_ROOT;
  const procCgroup = host.procSelfCgroup ?? (await readFile('/proc/self/cgroup', 'utf8').catch(() => ''));
  const memory = ownGroup(procCgroup, 'memory');
  const pids = ownGroup(procCgroup, 'pids');
  // A hybrid machine has both a `0::` line and the v1 controllers: its controllers are v1's.
  if (memory !== undefined && pids !== undefined) return probeV1(files, root, memory, pids);
  const unified = unifiedGroup(procCgroup);
  if (unified !== undefined) return probeV2(files, root, unified);
  return { version: null, reason: 'no cgroup v1 memory and pids controllers and no cgroup v2 hierarchy' };
}

let detected: Promise<CgroupSupport> | undefined;

/** What this machine allows, found once per process. */
export function detectCgroups(): Promise<CgroupSupport> {
  detected ??=
    process.platform === 'linux'
      ? probeCgroups()
      : Promise.resolve({ version: null, reason: 'cgroups are Linux only' });
  return detected;
}

/** The files that set the two limits, as the runners' `mechanisms` name them; null where none are set. */
export function cgroupMechanisms(support: CgroupSupport): { memory: string; processes: string } | null {
  if (support.version === 'v1') return { memory: 'cgroup v1 memory.limit_in_bytes', processes: 'cgroup v1 pids.max' };
  if (support.version === 'v2') return { memory: 'cgroup v2 memory.max', processes: 'cgroup v2 pids.max' };
  return null;
}

/** A limit file and its value; an optional one is written only where the kernel has it. */
interface Setting {
  file: string;
  value: string;
  optional?: boolean;
}

/** One run's groups (v1: one per controller, v2: one): created with their limits before the run's processes join them. */
export class RunCgroups {
  private constructor(
    private readonly files: CgroupFiles,
    private readonly version: 'v1' | 'v2',
    /** The groups; the last one's `cgroup.procs` lists the run's processes. */
    private readonly groups: string[],
    private readonly events: { memory: string; processes: string },
  ) {}

  static async create(
    support: CgroupSupport,
    limits: { memoryMb: number; processes: number },
    files: CgroupFiles = kernelCgroupFiles,
  ): Promise<RunCgroups> {
    const name = `${RUN_PREFIX}${randomUUID()}`;
    const bytes = String(limits.memoryMb * 1024 * 1024);
    const processes = String(limits.processes);
    if (support.version === 'v2' && support.unifiedParent) {
      const group = join(support.unifiedParent, name);
      const run = new RunCgroups(files, 'v2', [group], {
        memory: join(group, 'memory.events'),
        processes: join(group, 'pids.events'),
      });
      return run.make([
        { file: join(group, 'memory.max'), value: bytes },
        // No swap at all, so a run cannot go past its limit by swapping (absent when swap accounting is off).
        { file: join(group, 'memory.swap.max'), value: '0', optional: true },
        { file: join(group, 'pids.max'), value: processes },
      ]);
    }
    if (support.version === 'v1' && support.memoryParent && support.pidsParent) {
      const memoryGroup = join(support.memoryParent, name);
      const pidsGroup = join(support.pidsParent, name);
      const run = new RunCgroups(files, 'v1', [memoryGroup, pidsGroup], {
        memory: join(memoryGroup, 'memory.oom_control'),
        processes: join(pidsGroup, 'pids.events'),
      });
      return run.make([
        { file: join(memoryGroup, 'memory.limit_in_bytes'), value: bytes },
        // Memory plus swap, so a run cannot go past its limit by swapping (absent when swap accounting is off).
        { file: join(memoryGroup, 'memory.memsw.limit_in_bytes'), value: bytes, optional: true },
        { file: join(pidsGroup, 'pids.max'), value: processes },
      ]);
    }
    throw new CoreError('INTERNAL', { code: 'ERROR_SANDBOX_CGROUPS_UNAVAILABLE', params: { reason: support.reason } });
  }

  /** Makes the groups and writes their limits; on a refusal removes what was made. */
  private async make(settings: Setting[]): Promise<RunCgroups> {
    const made: string[] = [];
    try {
      for (const group of this.groups) {
        await this.files.mkdir(group);
        made.push(group);
      }
      for (const { file, value, optional } of settings) {
        if (optional && !(await this.files.exists(file))) continue;
        await this.files.write(file, value);
      }
    } catch (error) {
      await this.removeGroups(made);
      throw new CoreError('IO_ERROR', {
        code: 'ERROR_SANDBOX_CGROUP_CREATE',
        params: { group: this.groups.at(-1) ?? '', reason: errorCode(error) },
      });
    }
    return this;
  }

  /**
   * Which limit the groups' peaks reached (v1: `memory.max_usage_in_bytes` at `memory.limit_in_bytes`,
   * `pids.peak` at `pids.max`; v2: `memory.peak` at `memory.max`). For processes nested in an engine's
   * container group: cgroup v1 counts an OOM kill and a refused fork only in the group of the process
   * concerned (the container's, gone once it ends), and `memory.failcnt` is not kept on recent kernels;
   * the peaks here are what is left.
   */
  async peaksAtLimits(): Promise<{ memory: boolean; processes: boolean }> {
    const [memoryGroup = '', pidsGroup = memoryGroup] = this.groups;
    const read = (group: string, file: string) =>
      this.files.read(join(group, file)).then(
        (text) => Number(text.trim()),
        () => Number.NaN,
      );
    const [memoryLimitFile, memoryPeakFile] =
      this.version === 'v1' ? ['memory.limit_in_bytes', 'memory.max_usage_in_bytes'] : ['memory.max', 'memory.peak'];
    const [memoryLimit, memoryPeak, pidsLimit, pidsPeak] = await Promise.all([
      read(memoryGroup, memoryLimitFile),
      read(memoryGroup, memoryPeakFile),
      read(pidsGroup, 'pids.max'),
      read(pidsGroup, 'pids.peak'),
    ]);
    return { memory: memoryPeak >= memoryLimit, processes: pidsPeak >= pidsLimit };
  }

  /**
   * The groups' path below the hierarchies' root, when it is the same in both: what an engine takes as a
   * container's cgroup parent (its own group is then made inside, and counted in these).
   */
  enginePath(): string | undefined {
    const [memoryGroup = '', pidsGroup = memoryGroup] = this.groups;
    if (this.version === 'v2') return `/${relative(CGROUP_ROOT, memoryGroup)}`;
    const memory = relative(join(CGROUP_ROOT, 'memory'), memoryGroup);
    const pids = relative(join(CGROUP_ROOT, 'pids'), pidsGroup);
    return memory === pids ? `/${memory}` : undefined;
  }

  /** Moves a process into the run's groups; its later children are born inside. */
  async join(pid: number): Promise<void> {
    for (const group of this.groups) await this.files.write(join(group, 'cgroup.procs'), String(pid));
  }

  /** The processes still in the run's groups. */
  async members(): Promise<number[]> {
    const text = await this.files.read(join(this.groups.at(-1) ?? '', 'cgroup.procs')).catch(() => '');
    return words(text).map((pid) => Number(pid));
  }

  /** Which of the two limits the kernel enforced during the run, if any (v1 and v2 count them alike). */
  async limitHit(): Promise<'memory' | 'processes' | null> {
    const memory = await this.files.read(this.events.memory).catch(() => '');
    if (/^oom_kill [1-9]/m.test(memory)) return 'memory';
    const processes = await this.files.read(this.events.processes).catch(() => '');
    if (/^max [1-9]/m.test(processes)) return 'processes';
    return null;
  }

  /** Kills every process in the groups: v2's `cgroup.kill` (kernel ≥ 5.14) in one write, else one by one. */
  private async killMembers(): Promise<void> {
    const kill = join(this.groups[0] ?? '', 'cgroup.kill');
    if (this.version === 'v2' && (await this.files.exists(kill))) {
      // The kernel kills the whole group, a fork bomb's children born during the kill included.
      await this.files.write(kill, '1').catch(() => undefined);
      return;
    }
    for (const pid of await this.members()) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }

  /**
   * Kills whatever is left in the groups (a daemon that left the process group, a fork bomb still
   * forking), again until they are empty, then removes them. A killed process leaves its group a moment
   * after the signal, longer on a loaded machine: the groups are looked at every 20 ms, for at most
   * 10 s, after which an empty group may be left behind (named webnova-run-*), never a process.
   */
  remove(): Promise<void> {
    return this.removeGroups(this.groups);
  }

  private async removeGroups(groups: string[]): Promise<void> {
    const pending = [...groups];
    for (let attempt = 0; attempt < 500 && pending.length > 0; attempt++) {
      await this.killMembers();
      for (const group of [...pending]) {
        await removeNested(group);
        try {
          await this.files.rmdir(group);
          pending.splice(pending.indexOf(group), 1);
        } catch (error) {
          if (errorCode(error) === 'ENOENT') pending.splice(pending.indexOf(group), 1);
        }
      }
      if (pending.length > 0) await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

/** Empty groups an engine left inside a run's group (its container's, already emptied). */
async function removeNested(group: string): Promise<void> {
  const entries = await readdir(group, { withFileTypes: true }).catch(() => []);
  for (const entry of entries.filter((one) => one.isDirectory())) {
    await removeNested(join(group, entry.name));
    await rmdir(join(group, entry.name)).catch(() => undefined);
  }
}

/**
 * Removes the groups an engine made at `path` in the other hierarchies (cpu, blkio, …) for a container
 * whose parent was a run's group: empty once the container is removed, and left behind otherwise.
 */
export async function removeEngineGroups(path: string): Promise<void> {
  const hierarchies = await readdir(CGROUP_ROOT).catch(() => []);
  for (const hierarchy of hierarchies) {
    const group = join(CGROUP_ROOT, hierarchy, path);
    const nested = await readdir(group, { withFileTypes: true }).catch(() => []);
    for (const entry of nested.filter((one) => one.isDirectory()))
      await rmdir(join(group, entry.name)).catch(() => undefined);
    await rmdir(group).catch(() => undefined);
  }
}

/**
 * The same support with the groups made at the hierarchies' roots: for a container engine's cgroup
 * parent, which must be one path in every hierarchy (this process's own groups may differ between
 * them), and where the engine puts its containers anyway (not below WebNova's own groups).
 */
export function atHierarchyRoots(support: CgroupSupport): CgroupSupport {
  if (support.version === 'v1') {
    return { ...support, memoryParent: join(CGROUP_ROOT, 'memory'), pidsParent: join(CGROUP_ROOT, 'pids') };
  }
  if (support.version === 'v2') return { ...support, unifiedParent: CGROUP_ROOT };
  return support;
}
