import { defineCoreFeature } from '../api/feature.js';
import { defaultTemplateName, getTemplate } from '../codegen/index.js';
import { governanceFeature } from '../governance/feature.js';
import { aiContract } from './contract.js';
import { type DryRunGeneration, Orchestrator } from './index.js';

/** Every proposed Blueprint must also generate with the default template. */
const dryRun: DryRunGeneration = (blueprint) => getTemplate(defaultTemplateName).render(blueprint).length;

/** The AI orchestrator over the API: planning, the copilot, the key (never sent out), Apply, checkpoints. */
export const aiFeature = defineCoreFeature(aiContract, (context) => {
  const orchestrator = Orchestrator.open({
    dataDir: context.dataDir,
    log: context.log,
    emit: (event, payload) => context.bus.emit(event, payload),
    workspace: () => context.workspace(),
    governance: context.use(governanceFeature),
    cipher: context.cipher,
    dryRun,
  });
  const stopFollowing = context.bus.subscribe((event, payload) => {
    const decisionId = event === 'governance.changed' ? (payload as { decisionId?: string }).decisionId : undefined;
    if (!decisionId) return;
    void orchestrator
      .then((o) => o.decisionChanged(decisionId))
      .catch((error) => context.log('warn', 'An applied AI turn could not be checkpointed', { error: String(error) }));
  });
  return {
    handlers: {
      'ai.status': async () => (await orchestrator).status(),
      'ai.configure': async (patch) => (await orchestrator).configure(patch),
      'ai.setKey': async ({ key }) => (await orchestrator).setKey(key),
      'ai.clearKey': async () => (await orchestrator).clearKey(),
      'ai.plan': async ({ turnId, prompt }) => (await orchestrator).plan(turnId, prompt),
      'ai.assist': async (input) => (await orchestrator).assist(input),
      'ai.cancel': async ({ turnId }) => ({ cancelled: (await orchestrator).cancel(turnId) }),
      'ai.apply': async ({ turnId }) => (await orchestrator).apply(turnId),
      'ai.checkpoints': async () => ({ checkpoints: await (await orchestrator).checkpoints() }),
      'ai.restore': async ({ oid }) => (await orchestrator).restore(oid),
    },
    close: async () => {
      stopFollowing();
      (await orchestrator).close();
    },
  };
});
