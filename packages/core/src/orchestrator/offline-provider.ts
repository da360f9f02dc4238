import { CoreError } from '../contracts/errors.js';
import { formatMessage } from '../contracts/messages/system-message.js';
import { explainOffline } from './offline-assistant.js';
import { planFollowUp, planPlatform } from './offline-planner/index.js';
import type { AiCallOptions, AiProvider, AssistAnswer, AssistRequest, PlanAnswer, PlanRequest } from './provider.js';
import { NO_USAGE } from './usage.js';

function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CoreError('CANCELLED', { code: 'ERROR_REQUEST_CANCELLED' });
}

/** The offline planner behind the provider interface: no key, no network, no cost. */
export class OfflineProvider implements AiProvider {
  readonly id = 'offline' as const;
  readonly model = 'offline-planner';

  async plan(request: PlanRequest, options: AiCallOptions = {}): Promise<PlanAnswer> {
    throwIfCancelled(options.signal);
    if (request.base) {
      const { patch, summary } = planFollowUp(request.base, request.prompt);
      options.onDelta?.({ kind: 'message', message: summary.message });
      return { answer: { operations: patch }, usage: NO_USAGE };
    }
    const { blueprint, summary } = planPlatform(request.prompt);
    options.onDelta?.({ kind: 'message', message: summary.message });
    return { answer: blueprint, usage: NO_USAGE };
  }

  async assist(request: AssistRequest, options: AiCallOptions = {}): Promise<AssistAnswer> {
    throwIfCancelled(options.signal);
    const message = explainOffline(request);
    options.onDelta?.({ kind: 'message', message });
    return { text: formatMessage(message, 'en'), message, edits: [], usage: NO_USAGE };
  }
}
