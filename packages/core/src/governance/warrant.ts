import { CoreError } from '../contracts/errors.js';
import type { Decision } from '../contracts/governance.js';

const MINT_KEY = Symbol('warrant mint');
const issued = new WeakSet<Warrant>();
const spent = new WeakSet<Warrant>();
let mintClaimed = false;

/**
 * The capability to carry out one approved Decision, once. Only the decision log mints warrants, and
 * only for a decision it has just marked `executing` (so each approval yields at most one warrant, even
 * across restarts); executors refuse anything else. A warrant is spent by its first use.
 */
export class Warrant {
  readonly decision: Readonly<Decision>;

  constructor(key: symbol, decision: Decision) {
    if (key !== MINT_KEY) throw new CoreError('PERMISSION_DENIED', 'Warrants are minted by the decision log alone.');
    this.decision = Object.freeze(structuredClone(decision));
    Object.freeze(this);
  }
}

/**
 * Hands the one mint to its first caller: the decision log claims it as its module loads. A second
 * claim (anyone else trying to mint) throws, so a forged mint fails loudly rather than silently.
 */
export function claimWarrantMint(): (decision: Decision) => Warrant {
  if (mintClaimed) throw new CoreError('PERMISSION_DENIED', 'Warrants are minted by the decision log alone.');
  mintClaimed = true;
  return (decision) => {
    if (decision.status !== 'executing') {
      throw new CoreError('PERMISSION_DENIED', `Decision ${decision.id} is ${decision.status}, not executing.`);
    }
    const warrant = new Warrant(MINT_KEY, decision);
    issued.add(warrant);
    return warrant;
  };
}

/**
 * Checks a warrant (for an action of `kind`, when given) and spends it: the decision it carries, or `PERMISSION_DENIED`
 * for anything not minted by the decision log, already used, or for another kind of action.
 */
export function spendWarrant(warrant: unknown, kind?: string): Readonly<Decision> {
  if (!(warrant instanceof Warrant) || !issued.has(warrant)) {
    throw new CoreError('PERMISSION_DENIED', 'Only an approved Decision can carry out this action.');
  }
  if (spent.has(warrant)) {
    throw new CoreError('PERMISSION_DENIED', `Decision ${warrant.decision.id} has been carried out already.`);
  }
  if (kind !== undefined && warrant.decision.kind !== kind) {
    throw new CoreError(
      'PERMISSION_DENIED',
      `Decision ${warrant.decision.id} approves ${warrant.decision.kind}, not ${kind}.`,
    );
  }
  spent.add(warrant);
  return warrant.decision;
}
