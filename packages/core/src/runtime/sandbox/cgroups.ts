/**
 * Memory and process limits through cgroups, the one kernel mechanism that bounds a whole process tree
 * (rlimits are per process, and RLIMIT_NPROC counts every process of the user on the host, so it is no
 * bound for a sandbox). What is built: cgroup v1's `memory` and `pids` controllers, written directly when
 * this process may create child groups (as root, or in a delegated v1 tree). Machines on the unified v2
 * hierarchy need a delegated subtree (`systemd-run --user --scope -p MemoryMax=…` or a writable child of
 * this process's own group): not built yet, so there `detectCgroups` says so and the limits are not set.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rmdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

const CGROUP_ROOT = '/sys/fs/cgroup';

export interface CgroupSupport {
  /** `v1` when both controllers could be used, else null and why not. */
  version: 'v1' | null;
  reason: string;
  memoryParent?: string;
  pidsParent?: string;
}

/** The path of this process's own group in a v1 controller's hierarchy (`4:memory:/a/b` gives `/a/b`). */
function ownGroup(procCgroup: string, controller: string): string | undefined {
  for (const line of procCgroup.split('\n')) {
    const [, controllers, path] = line.split(':');
    if (controllers?.split(',').includes(controller)) return path;
  }
  return undefined;
}

/** Whether a child group can be created (and removed) under `parent`: the proof the limits can be set. */
async function canCreateChild(parent: string): Promise<boolean> {
  const probe = join(parent, `webnova-probe-${randomUUID()}`);
  try {
    await mkdir(probe);
    await rmdir(probe);
    return true;
  } catch {
    return false;
  }
}

let detected: Promise<CgroupSupport> | undefined;

/** What this machine allows, found once per process. */
export function detectCgroups(): Promise<CgroupSupport> {
  detected ??= (async (): Promise<CgroupSupport> => {
    if (process.platform !== 'linux') return { version: null, reason: 'cgroups are Linux only' };
    const procCgroup = await readFile('/proc/self/cgroup', 'utf8').catch(() => '');
    const memory = ownGroup(procCgroup, 'memory');
    const pids = ownGroup(procCgroup, 'pids');
    if (memory === undefined || pids === undefined) {
      return {
        version: null,
        reason: 'no cgroup v1 memory and pids controllers (a cgroup v2 machine needs delegation, not built yet)',
      };
    }
    // Nested under this process's own groups, so a limit set above WebNova still holds for its runs.
    const memoryParent = join(CGROUP_ROOT, 'memory', memory);
    const pidsParent = join(CGROUP_ROOT, 'pids', pids);
    if (!(await canCreateChild(memoryParent)) || !(await canCreateChild(pidsParent))) {
      return { version: null, reason: `cannot create cgroups under ${memoryParent} and ${pidsParent}` };
    }
    return { version: 'v1', reason: 'cgroup v1 memory and pids controllers, writable', memoryParent, pidsParent };
  })();
  return detected;
}

/** One run's pair of groups: created with their limits before the run's processes join them. */
export class RunCgroups {
  private constructor(
    private readonly memoryGroup: string,
    private readonly pidsGroup: string,
  ) {}

  static async create(support: CgroupSupport, limits: { memoryMb: number; processes: number }): Promise<RunCgroups> {
    if (!support.memoryParent || !support.pidsParent) throw new Error(support.reason);
    const name = `webnova-run-${randomUUID()}`;
    const groups = new RunCgroups(join(support.memoryParent, name), join(support.pidsParent, name));
    await mkdir(groups.memoryGroup);
    await mkdir(groups.pidsGroup);
    try {
      const bytes = String(limits.memoryMb * 1024 * 1024);
      await writeFile(join(groups.memoryGroup, 'memory.limit_in_bytes'), bytes);
      // Memory plus swap, so a run cannot go past its limit by swapping (absent when swap accounting is off).
      await writeFile(join(groups.memoryGroup, 'memory.memsw.limit_in_bytes'), bytes).catch(() => undefined);
      await writeFile(join(groups.pidsGroup, 'pids.max'), String(limits.processes));
    } catch (error) {
      await groups.remove();
      throw error;
    }
    return groups;
  }

  /**
   * Which limit the groups' peaks reached (`memory.max_usage_in_bytes` at `memory.limit_in_bytes`,
   * `pids.peak` at `pids.max`). For processes nested in an engine's container group: cgroup v1 counts an
   * OOM kill and a refused fork only in the group of the process concerned (the container's, gone once
   * it ends), and `memory.failcnt` is not kept on recent kernels; the peaks here are what is left.
   */
  async peaksAtLimits(): Promise<{ memory: boolean; processes: boolean }> {
    const read = (group: string, file: string) =>
      readFile(join(group, file), 'utf8').then(
        (text) => Number(text.trim()),
        () => Number.NaN,
      );
    const [memoryLimit, memoryPeak, pidsLimit, pidsPeak] = await Promise.all([
      read(this.memoryGroup, 'memory.limit_in_bytes'),
      read(this.memoryGroup, 'memory.max_usage_in_bytes'),
      read(this.pidsGroup, 'pids.max'),
      read(this.pidsGroup, 'pids.peak'),
    ]);
    return { memory: memoryPeak >= memoryLimit, processes: pidsPeak >= pidsLimit };
  }

  /**
   * The groups' path below the hierarchies' root, when it is the same in both: what an engine takes as a
   * container's cgroup parent (its own group is then made inside, and counted in these).
   */
  enginePath(): string | undefined {
    const memory = relative(join(CGROUP_ROOT, 'memory'), this.memoryGroup);
    const pids = relative(join(CGROUP_ROOT, 'pids'), this.pidsGroup);
    return memory === pids ? `/${memory}` : undefined;
  }

  /** Moves a process into both groups; its later children are born inside. */
  async join(pid: number): Promise<void> {
    await writeFile(join(this.memoryGroup, 'cgroup.procs'), String(pid));
    await writeFile(join(this.pidsGroup, 'cgroup.procs'), String(pid));
  }

  /** The processes still in the run's groups. */
  async members(): Promise<number[]> {
    const text = await readFile(join(this.pidsGroup, 'cgroup.procs'), 'utf8').catch(() => '');
    return text
      .split('\n')
      .filter(Boolean)
      .map((pid) => Number(pid));
  }

  /** Which of the two limits the kernel enforced during the run, if any. */
  async limitHit(): Promise<'memory' | 'processes' | null> {
    const oom = await readFile(join(this.memoryGroup, 'memory.oom_control'), 'utf8').catch(() => '');
    if (/^oom_kill [1-9]/m.test(oom)) return 'memory';
    const events = await readFile(join(this.pidsGroup, 'pids.events'), 'utf8').catch(() => '');
    if (/^max [1-9]/m.test(events)) return 'processes';
    return null;
  }

  /** Empty groups an engine left inside (its container's, already emptied). */
  private async removeNested(group: string): Promise<void> {
    const entries = await readdir(group, { withFileTypes: true }).catch(() => []);
    for (const entry of entries.filter((one) => one.isDirectory())) {
      await this.removeNested(join(group, entry.name));
      await rmdir(join(group, entry.name)).catch(() => undefined);
    }
  }

  /**
   * Kills whatever is left in the groups (a daemon that left the process group, a fork bomb still
   * forking), again until they are empty, then removes them. A killed process leaves its group a moment
   * after the signal, longer on a loaded machine: the groups are looked at every 20 ms, for at most
   * 10 s, after which an empty group may be left behind (named webnova-run-*), never a process.
   */
  async remove(): Promise<void> {
    const groups = [this.memoryGroup, this.pidsGroup];
    for (let attempt = 0; attempt < 500 && groups.length > 0; attempt++) {
      const members = await this.members();
      for (const pid of members) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      for (const group of [...groups]) {
        await this.removeNested(group);
        try {
          await rmdir(group);
          groups.splice(groups.indexOf(group), 1);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOENT') groups.splice(groups.indexOf(group), 1);
        }
      }
      if (groups.length > 0) await new Promise((resolve) => setTimeout(resolve, 20));
    }
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
  if (!support.version) return support;
  return { ...support, memoryParent: join(CGROUP_ROOT, 'memory'), pidsParent: join(CGROUP_ROOT, 'pids') };
}
