/**
 * The seccomp filter bubblewrap loads (`--seccomp FD`) before the command runs: a classic BPF program
 * refusing (EPERM) the system calls a sandboxed build or program has no use for and that widen the
 * kernel surface it can attack: kernel keyrings, BPF, perf, userfaultfd, io_uring, modules, kexec, the
 * new mount API, clocks, swap, reboot, file handles. Everything else is allowed: the namespaces, the
 * dropped capabilities and no-new-privileges do the confining; this takes away attack surface.
 *
 * x86-64 only for now: the numbers differ per architecture, and only x86-64 could be tested here. A
 * process of another architecture (an x32 or i386 call on x86-64) is killed, as Docker's default does.
 */

// struct seccomp_data: the system call number at offset 0, the architecture at offset 4.
const AUDIT_ARCH_X86_64 = 0xc000003e;
const X32_SYSCALL_BIT = 0x40000000;
const EPERM = 1;

// BPF instruction classes and modes (linux/bpf_common.h) and seccomp's return values.
const LOAD_WORD_ABSOLUTE = 0x20; // BPF_LD | BPF_W | BPF_ABS
const JUMP_IF_EQUAL = 0x15; // BPF_JMP | BPF_JEQ | BPF_K
const JUMP_IF_AT_LEAST = 0x35; // BPF_JMP | BPF_JGE | BPF_K
const RETURN = 0x06; // BPF_RET | BPF_K
const KILL_PROCESS = 0x80000000;
const ALLOW = 0x7fff0000;
const ERRNO = 0x00050000;

/** The refused system calls by their x86-64 numbers (arch/x86/entry/syscalls/syscall_64.tbl). */
export const REFUSED_SYSCALLS_X86_64: Readonly<Record<string, number>> = {
  syslog: 103,
  uselib: 134,
  vhangup: 153,
  pivot_root: 155,
  adjtimex: 159,
  acct: 163,
  settimeofday: 164,
  mount: 165,
  umount2: 166,
  swapon: 167,
  swapoff: 168,
  reboot: 169,
  iopl: 172,
  ioperm: 173,
  init_module: 175,
  delete_module: 176,
  quotactl: 179,
  nfsservctl: 180,
  lookup_dcookie: 212,
  clock_settime: 227,
  kexec_load: 246,
  add_key: 248,
  request_key: 249,
  keyctl: 250,
  perf_event_open: 298,
  name_to_handle_at: 303,
  open_by_handle_at: 304,
  clock_adjtime: 305,
  finit_module: 313,
  kexec_file_load: 320,
  bpf: 321,
  userfaultfd: 323,
  io_uring_setup: 425,
  io_uring_enter: 426,
  io_uring_register: 427,
  open_tree: 428,
  move_mount: 429,
  fsopen: 430,
  fsconfig: 431,
  fsmount: 432,
  fspick: 433,
  mount_setattr: 442,
};

/** Whether this machine gets the filter (x86-64 Linux). */
export const SECCOMP_AVAILABLE = process.platform === 'linux' && process.arch === 'x64';

/** The compiled filter: `struct sock_filter` entries (u16 code, u8 jt, u8 jf, u32 k), little-endian. */
export function seccompFilter(): Buffer {
  const numbers = Object.values(REFUSED_SYSCALLS_X86_64);
  const program: Array<[number, number, number, number]> = [];
  program.push([LOAD_WORD_ABSOLUTE, 0, 0, 4]);
  program.push([JUMP_IF_EQUAL, 1, 0, AUDIT_ARCH_X86_64]);
  program.push([RETURN, 0, 0, KILL_PROCESS]);
  program.push([LOAD_WORD_ABSOLUTE, 0, 0, 0]);
  // The refusal is the last instruction, the allow the one before it: each test jumps to the refusal.
  const refuseAt = program.length + 1 + numbers.length + 1;
  program.push([JUMP_IF_AT_LEAST, refuseAt - (program.length + 1), 0, X32_SYSCALL_BIT]);
  for (const number of numbers) program.push([JUMP_IF_EQUAL, refuseAt - (program.length + 1), 0, number]);
  program.push([RETURN, 0, 0, ALLOW]);
  program.push([RETURN, 0, 0, ERRNO | EPERM]);
  const buffer = Buffer.alloc(program.length * 8);
  program.forEach(([code, jumpIfTrue, jumpIfFalse, value], index) => {
    buffer.writeUInt16LE(code, index * 8);
    buffer.writeUInt8(jumpIfTrue, index * 8 + 2);
    buffer.writeUInt8(jumpIfFalse, index * 8 + 3);
    buffer.writeUInt32LE(value >>> 0, index * 8 + 4);
  });
  return buffer;
}

/** Podman's default profile (containers-common), the base of the OCI backend's own. */
export const ENGINE_DEFAULT_PROFILE = '/usr/share/containers/seccomp.json';

// Namespace flags of clone(2) (CLONE_NEWNS, NEWCGROUP, NEWUTS, NEWIPC, NEWUSER, NEWPID, NEWNET), as Docker's profile masks them.
const CLONE_NAMESPACE_FLAGS = 0x7e020000;
const ENOSYS = 38;

interface SeccompRule {
  names: string[];
  action: string;
  errnoRet?: number;
  args?: Array<{ index: number; value: number; valueTwo: number; op: string }>;
  [key: string]: unknown;
}

/**
 * The OCI backend's seccomp profile: the engine's default (an allowlist) less what this module refuses
 * (EPERM, as bubblewrap's filter), less user namespaces: `unshare` refused, `clone` allowed only without
 * namespace flags, and `clone3` (whose flags sit behind a pointer a filter cannot read) answered ENOSYS so
 * the C library falls back to `clone`. Docker's profile does the same for a container without
 * CAP_SYS_ADMIN; podman's allows them all. Undefined when the default profile is not on this machine.
 */
export async function ociSeccompProfile(defaultProfile = ENGINE_DEFAULT_PROFILE): Promise<string | undefined> {
  const { readFile } = await import('node:fs/promises');
  const text = await readFile(defaultProfile, 'utf8').catch(() => undefined);
  if (!text) return undefined;
  const profile = JSON.parse(text) as { syscalls: SeccompRule[] } & Record<string, unknown>;
  const refused = new Set([...Object.keys(REFUSED_SYSCALLS_X86_64), 'unshare']);
  const taken = new Set([...refused, 'clone', 'clone3']);
  const syscalls = profile.syscalls
    .map((rule) =>
      rule.action === 'SCMP_ACT_ALLOW' ? { ...rule, names: rule.names.filter((name) => !taken.has(name)) } : rule,
    )
    .filter((rule) => rule.names.length > 0 && !rule.names.some((name) => taken.has(name)));
  syscalls.push(
    { names: [...refused], action: 'SCMP_ACT_ERRNO', errnoRet: EPERM },
    { names: ['clone3'], action: 'SCMP_ACT_ERRNO', errnoRet: ENOSYS },
    {
      names: ['clone'],
      action: 'SCMP_ACT_ALLOW',
      args: [{ index: 0, value: CLONE_NAMESPACE_FLAGS, valueTwo: 0, op: 'SCMP_CMP_MASKED_EQ' }],
    },
  );
  return JSON.stringify({ ...profile, syscalls });
}
