/**
 * The sandbox a command decision runs under, compiled from the constitution's rules that matched it.
 * The runner receives exactly this (limits, network, writable folders), the Inbox shows it before
 * anyone approves, and it travels with the decision, so what runs is what was approved.
 */
import type { CheckedConstitution, GovernanceReason } from '../contracts/constitution.js';
import type { SandboxProfile } from '../contracts/governance.js';
import type { SystemMessage } from '../contracts/messages/system-message.js';

type Rule = CheckedConstitution['rules'][number];

/**
 * Limits for a command no rule adjusted: room for an install or a build, not for a runaway. They are
 * larger than a user's own file run gets (a one-off program), since a package install writes and forks.
 */
export const DEFAULT_COMMAND_LIMITS: SandboxProfile['limits'] = {
  memoryMb: 1024,
  cpuSeconds: 300,
  wallSeconds: 600,
  processes: 512,
  writtenMb: 1024,
};

/** How narrowly a rule picks its actions: one for each condition it sets (a kind other than `*` included). */
function narrowness(rule: Rule): number {
  const conditions = [rule.actors, rule.risk, rule.paths, rule.commands, rule.dependencies, rule.environments];
  return conditions.filter((condition) => condition !== undefined).length + (rule.kind === '*' ? 0 : 1);
}

/**
 * Starts from the safe profile (sandboxed, no network, only the project writable) and applies each
 * matched rule's setting from the broadest rule to the narrowest, a narrower rule's value replacing a
 * broader one's (between equally narrow rules, the later in the constitution wins): a rule about
 * `npm install` adjusts one about every command wherever either stands. Writable folders add up. A
 * proposal that asks for the host (`host`) runs there only as a decision of the owner.
 */
export function compileSandboxProfile(matched: readonly Rule[], askedForHost: boolean): SandboxProfile {
  const profile: SandboxProfile = {
    run: 'required',
    network: 'none',
    writablePaths: [],
    limits: { ...DEFAULT_COMMAND_LIMITS },
    rules: [],
  };
  const setting = matched.filter((rule) => rule.sandbox !== undefined);
  // A stable sort: equally narrow rules keep their constitution order.
  for (const rule of setting.sort((a, b) => narrowness(a) - narrowness(b))) {
    if (!rule.sandbox) continue;
    const setting = typeof rule.sandbox === 'string' ? { run: rule.sandbox } : rule.sandbox;
    if (setting.run) profile.run = setting.run;
    if (setting.network) profile.network = setting.network;
    for (const path of setting.writablePaths ?? []) {
      if (!profile.writablePaths.includes(path)) profile.writablePaths.push(path);
    }
    profile.limits = { ...profile.limits, ...setting.limits };
    profile.rules.push(rule.id);
  }
  if (askedForHost) profile.run = 'host';
  // The host has no network policy: what runs there reaches whatever this computer reaches.
  if (profile.run === 'host') profile.network = 'host';
  return profile;
}

/**
 * What in a profile only the owner may grant, as reasons: running on the host (no isolation at all) and
 * the host's network (every service on this machine and beyond). Empty for a profile anyone may approve.
 */
export function ownerOnlyReasons(profile: SandboxProfile): GovernanceReason[] {
  const reasons: GovernanceReason[] = [];
  if (profile.run === 'host') reasons.push({ code: 'SANDBOX_HOST_NEEDS_OWNER' });
  else if (profile.network === 'host') reasons.push({ code: 'SANDBOX_HOST_NETWORK_NEEDS_OWNER' });
  return reasons;
}

/** The profile as one line for the Inbox and the CLI: where it runs, its network, what it writes, its limits. */
export function sandboxProfileMessage(profile: SandboxProfile): SystemMessage {
  const network = { code: `SANDBOX_NETWORK_${profile.network.toUpperCase()}` };
  if (profile.run === 'host') return { code: 'SANDBOX_PROFILE_HOST', params: { network } };
  const writes = profile.writablePaths.length
    ? { code: 'SANDBOX_WRITES_ONLY', params: { paths: profile.writablePaths.join(', ') } }
    : { code: 'SANDBOX_WRITES_PROJECT' };
  return { code: 'SANDBOX_PROFILE_SANDBOXED', params: { network, writes, ...profile.limits } };
}
