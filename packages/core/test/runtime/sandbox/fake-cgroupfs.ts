/**
 * A fake cgroup file system in a temp folder, for the protocol cgroups.ts speaks: its files are
 * pre-populated as the kernel has them, and its operations act as the kernel's do where the protocol
 * depends on it. It enforces no limit. What it mimics:
 * - `mkdir` of a group fills it with its interface files (v2: those of the controllers its parent's
 *   `cgroup.subtree_control` enables; v1: those of the hierarchy it is in);
 * - writing a pid to `cgroup.procs` moves that process out of every other group;
 * - `cgroup.subtree_control` refuses (EBUSY) while its group holds processes (not the root: v2's
 *   "no internal processes" rule) and a controller its `cgroup.controllers` lacks (ENOENT);
 * - `cgroup.kill` SIGKILLs the group's processes (real processes the test started);
 * - `rmdir` refuses a group with processes (EBUSY) or child groups (ENOTEMPTY);
 * - writing a file the kernel does not have fails (ENOENT);
 * - a write, mkdir or rmdir of a path given to `refuse` fails with that code (EACCES, EROFS…), reads
 *   still work (the kernel's cgroup files are readable by all): the test runs as root here, whom chmod
 *   does not stop.
 * Every write is logged, in order, with its path relative to the root.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import type { CgroupFiles } from '../../../src/runtime/sandbox/cgroups.js';
import { alive } from '../../support/alive.js';

export interface FakeOptions {
  version: 'v1' | 'v2';
  /** v2: where this process's group is (`/user.slice/webnova.scope`), with the controllers given to it. */
  own?: string;
  ownControllers?: string;
  ownSubtreeControl?: string;
  /** The processes in this process's group (v2) at the start. */
  ownProcesses?: number[];
  /** The root's `cgroup.subtree_control` (`cpu io memory pids`). */
  rootSubtreeControl?: string;
  /** Whether groups have `memory.swap.max` / `memory.memsw.limit_in_bytes` (swap accounting on). */
  swap?: boolean;
  /** Whether v2 groups have `cgroup.kill` (kernel ≥ 5.14). */
  kill?: boolean;
}

export interface FakeCgroupFs {
  root: string;
  files: CgroupFiles;
  /** Every write, in order: the path relative to the root and the text. */
  writes: Array<[string, string]>;
  /** Makes every operation on `path` (relative to the root, or the paths it matches) fail with `code`. */
  refuse(path: string | RegExp, code: string): void;
  /** A file's text (relative to the root). */
  read(path: string): string;
  /** Sets a file's text as the kernel would (relative to the root). */
  set(path: string, text: string): void;
  exists(path: string): boolean;
  remove(): void;
}

const errno = (code: string, path: string) => Object.assign(new Error(`${code}: ${path}`), { code });

export function makeFakeCgroupFs(options: FakeOptions): FakeCgroupFs {
  const root = mkdtempSync(join(tmpdir(), 'webnova-fake-cgroup-'));
  const refused: Array<[string | RegExp, string]> = [];
  const writes: Array<[string, string]> = [];
  const at = (path: string) => join(root, path);
  const put = (path: string, text: string) => writeFileSync(at(path), text);
  const words = (path: string) => readFileSync(at(path), 'utf8').split(/\s+/).filter(Boolean);
  /** The live processes of a group: an exited process leaves its group, as in the kernel. */
  const procs = (group: string) => words(join(group, 'cgroup.procs')).map(Number).filter(alive);

  /** The interface files of a new group, as the kernel makes them. */
  function populate(group: string): void {
    put(join(group, 'cgroup.procs'), '');
    const hierarchy = group.split('/')[0] ?? '';
    const v2Controllers = options.version === 'v2' ? words(join(dirname(group), 'cgroup.subtree_control')) : [];
    if (options.version === 'v2') {
      put(join(group, 'cgroup.controllers'), v2Controllers.join(' '));
      put(join(group, 'cgroup.subtree_control'), '');
      if (options.kill) put(join(group, 'cgroup.kill'), '');
    }
    if (v2Controllers.includes('memory')) {
      put(join(group, 'memory.max'), 'max\n');
      put(join(group, 'memory.events'), 'low 0\nhigh 0\nmax 0\noom 0\noom_kill 0\n');
      if (options.swap) put(join(group, 'memory.swap.max'), 'max\n');
    }
    if (hierarchy === 'memory') {
      put(join(group, 'memory.limit_in_bytes'), '9223372036854771712\n');
      put(join(group, 'memory.oom_control'), 'oom_kill_disable 0\nunder_oom 0\noom_kill 0\n');
      if (options.swap) put(join(group, 'memory.memsw.limit_in_bytes'), '9223372036854771712\n');
    }
    if (v2Controllers.includes('pids') || hierarchy === 'pids') {
      put(join(group, 'pids.max'), 'max\n');
      put(join(group, 'pids.events'), 'max 0\n');
    }
  }

  /** Every group's folder, relative to the root. */
  function groups(folder = ''): string[] {
    return readdirSync(at(folder), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .flatMap((entry) => [join(folder, entry.name), ...groups(join(folder, entry.name))]);
  }

  function check(path: string, refusable = true): string {
    const rel = relative(root, path);
    if (!refusable) return rel;
    const refusal = refused.find(([path]) => (typeof path === 'string' ? path === rel : path.test(rel)));
    if (refusal) throw errno(refusal[1], rel);
    return rel;
  }

  function write(rel: string, text: string): void {
    if (!existsSync(at(rel))) throw errno('ENOENT', rel);
    const group = dirname(rel);
    switch (basename(rel)) {
      case 'cgroup.procs': {
        const pid = Number(text.trim());
        if (!alive(pid)) throw errno('ESRCH', rel);
        // A process is in one group per hierarchy: v1 has one a controller, v2 one in all.
        const hierarchy = options.version === 'v1' ? (rel.split('/')[0] ?? '') : '';
        for (const other of ['', ...groups()]) {
          if (!other.startsWith(hierarchy)) continue;
          if (existsSync(at(join(other, 'cgroup.procs'))))
            put(
              join(other, 'cgroup.procs'),
              procs(other)
                .filter((member) => member !== pid)
                .join('\n'),
            );
        }
        put(rel, [...procs(group), pid].join('\n'));
        return;
      }
      case 'cgroup.subtree_control': {
        if (group !== '.' && procs(group).length > 0) throw errno('EBUSY', rel);
        const given = words(join(group, 'cgroup.controllers'));
        const enabled = new Set(words(rel));
        for (const change of text.split(/\s+/).filter(Boolean)) {
          if (!given.includes(change.slice(1))) throw errno('ENOENT', rel);
          if (change.startsWith('+')) enabled.add(change.slice(1));
          else enabled.delete(change.slice(1));
        }
        put(rel, [...enabled].join(' '));
        return;
      }
      case 'cgroup.kill':
        for (const pid of procs(group)) process.kill(pid, 'SIGKILL');
        return;
      default:
        put(rel, text);
    }
  }

  if (options.version === 'v2') {
    const own = (options.own ?? '/').slice(1);
    put('cgroup.controllers', 'cpuset cpu io memory hugetlb pids rdma misc');
    put('cgroup.subtree_control', options.rootSubtreeControl ?? 'cpu io memory pids');
    put('cgroup.procs', (own ? [] : (options.ownProcesses ?? [])).join('\n'));
    if (own) {
      mkdirSync(at(own), { recursive: true });
      put(join(own, 'cgroup.controllers'), options.ownControllers ?? 'memory pids');
      put(join(own, 'cgroup.subtree_control'), options.ownSubtreeControl ?? '');
      put(join(own, 'cgroup.procs'), (options.ownProcesses ?? []).join('\n'));
      put(join(own, 'memory.max'), 'max\n');
      put(join(own, 'pids.max'), 'max\n');
    }
  } else {
    for (const hierarchy of ['memory', 'pids']) {
      mkdirSync(at(hierarchy));
      populate(hierarchy);
    }
  }

  const files: CgroupFiles = {
    read: async (path) => {
      const rel = check(path, false);
      if (basename(rel) === 'cgroup.procs') return procs(dirname(rel)).join('\n');
      return readFileSync(at(rel), 'utf8');
    },
    write: async (path, text) => {
      const rel = check(path);
      writes.push([rel, text]);
      write(rel, text);
    },
    mkdir: async (path) => {
      const rel = check(path);
      if (existsSync(at(rel))) throw errno('EEXIST', rel);
      mkdirSync(at(rel));
      populate(rel);
    },
    rmdir: async (path) => {
      const rel = check(path);
      if (!existsSync(at(rel))) throw errno('ENOENT', rel);
      if (procs(rel).length > 0) throw errno('EBUSY', rel);
      if (groups(rel).length > 0) throw errno('ENOTEMPTY', rel);
      rmSync(at(rel), { recursive: true });
    },
    exists: async (path) => existsSync(path),
  };

  return {
    root,
    files,
    writes,
    refuse: (path, code) => {
      refused.push([path, code]);
    },
    read: (path) => readFileSync(at(path), 'utf8'),
    set: put,
    exists: (path) => existsSync(at(path)),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}
