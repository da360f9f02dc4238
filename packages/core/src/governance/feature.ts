import { defineCoreFeature } from '../api/feature.js';
import { constitutionJsonSchema } from '../contracts/constitution.js';
import { CoreError } from '../contracts/errors.js';
import { endOfFailure, endOfResult } from '../runtime/sandbox/run-end.js';
import { governanceContract } from './contract.js';
import { Governance } from './governance.js';

/** Proposals made over the API come from an agent outside core; they get no more trust than the AI. */
const API_AGENT = { kind: 'ai', id: 'api-agent' } as const;

/**
 * Governance over the API. The store opens in the background on first use (the window never waits for
 * it); each method waits for it. Who approves, rejects or changes the rules and controls is the call's
 * actor, as its transport authenticated it (on this computer, the launch token or the app's window make
 * the caller the local owner); proposals over the API come from an agent.
 */
export const governanceFeature = defineCoreFeature(governanceContract, (context) => {
  const governance = Governance.start({
    dataDir: context.dataDir,
    log: context.log,
    currentProject: () => context.workspace()?.root ?? null,
    onChange: (change) => context.bus.emit('governance.changed', change),
    // A decided command streams to the same Output channel as a file run in the sandbox.
    commandEvents: {
      started: ({ decisionId, command, isolation, limits }) =>
        context.bus.emit('sandbox.started', {
          runId: `decision-${decisionId}`,
          kind: 'decision',
          title: command,
          isolation,
          limits,
        }),
      output: (decisionId, stream, chunk) =>
        context.bus.emit('sandbox.output', { runId: `decision-${decisionId}`, stream, chunk }),
      finished: (decisionId, result) =>
        context.bus.emit('sandbox.finished', { runId: `decision-${decisionId}`, end: endOfResult(result) }),
      stopped: (decisionId, isolation, why) =>
        context.bus.emit('sandbox.finished', { runId: `decision-${decisionId}`, end: endOfFailure(isolation, why) }),
    },
  });
  // An approved decision of another device's waits for its project: opening it is what runs it.
  const unsubscribe = context.bus.subscribe((name) => {
    if (name === 'workspace.changed') void governance.projectOpened();
  });
  const project = (given?: string) => {
    const root = given ?? context.workspace()?.root;
    if (!root) throw new CoreError('NO_WORKSPACE', { code: 'ERROR_NO_FOLDER_OPEN' });
    return root;
  };
  return {
    exposes: governance,
    handlers: {
      'governance.overview': async () => {
        // Asking is what opens the store; the answer does not wait for it.
        void governance.ready;
        return { pendingCount: governance.pendingCount(), ready: governance.isReady };
      },
      'governance.list': async (filter) => ({ decisions: await governance.list(filter) }),
      'governance.get': async ({ id }) => governance.details(id),
      'governance.refusals': async ({ limit }) => ({ refusals: await governance.refusals(limit) }),
      'governance.approve': async ({ id, comment }, { actor }) => governance.approve(id, comment, actor),
      'governance.reject': async ({ id, comment }, { actor }) => governance.reject(id, comment, actor),
      'governance.propose': async ({ kind, payload, rationale, risk }) => {
        const { secret: _never, ...outcome } = await governance.propose({ kind, payload, risk }, rationale, {
          actor: API_AGENT,
          project: project(),
        });
        return outcome;
      },
      'governance.constitution': async () => ({
        constitution: await governance.constitution(),
        jsonSchema: constitutionJsonSchema(),
        owner: governance.owner,
      }),
      'governance.updateConstitution': async (draft, { actor }) => governance.updateConstitution(draft, actor),
      'governance.controls': async () => governance.controls(),
      'governance.setKillSwitch': async ({ engaged }, { actor }) => governance.setKillSwitch(engaged, actor),
      'governance.setBudget': async (budget, { actor }) => governance.setBudget(budget, actor),
      'governance.setProjectAi': async ({ enabled, project: given }, { actor }) =>
        governance.setProjectAi(project(given), enabled, actor),
      'governance.auditVerify': async () => governance.verifyAudit(),
    },
    close: () => {
      unsubscribe();
      return governance.close();
    },
  };
});
