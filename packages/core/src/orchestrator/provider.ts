import type { AiDelta, AiProviderId, AiUsage, AssistMode } from '../contracts/ai.js';
import type { Blueprint } from '../contracts/blueprint.js';
import type { SystemMessage } from '../contracts/messages/system-message.js';

/** How a caller follows and stops one call: streamed pieces of the answer, and cancellation. */
export interface AiCallOptions {
  signal?: AbortSignal;
  onDelta?: (delta: AiDelta) => void;
}

/**
 * An earlier answer that failed the checks, sent back so the model can repair it. `toolUseId`
 * ties it to the model's own tool call (Claude needs it to answer with a tool_result).
 */
export interface RejectedAnswer {
  toolUseId?: string;
  answer: unknown;
  errors: string[];
}

export interface PlanRequest {
  prompt: string;
  /** The Blueprint to change; null asks for a new platform. */
  base: Blueprint | null;
  rejected: RejectedAnswer[];
}

export interface FileContext {
  path: string;
  content: string;
}

/** A line of a workspace file, as an error names it. */
export interface ErrorPlace {
  path: string;
  line: number;
  column?: number;
}

export interface AssistRequest {
  mode: AssistMode;
  message: string;
  file: FileContext | null;
  selection?: string;
  errorText?: string;
  /** The workspace file and line the error text points at, when it names one. */
  errorAt?: ErrorPlace;
  rejected: RejectedAnswer[];
}

/** What a provider answered. Nothing in `answer` or `edits` is trusted: the caller checks it. */
export interface PlanAnswer {
  /** A whole Blueprint (no base) or a Blueprint patch (with a base), as the model wrote it. */
  answer: unknown;
  toolUseId?: string;
  usage: AiUsage;
}

export interface AssistAnswer {
  /** The answer in words: the model's own, or core's in English. */
  text: string;
  /** The answer as a system message, when core wrote it rather than a model (the offline assistant). */
  message?: SystemMessage;
  /** Search/replace edits as the model wrote them; [] when it proposed none. */
  edits: unknown;
  toolUseId?: string;
  usage: AiUsage;
}

/** One interface for every model that can plan platforms and help with code. */
export interface AiProvider {
  readonly id: AiProviderId;
  readonly model: string;
  plan(request: PlanRequest, options?: AiCallOptions): Promise<PlanAnswer>;
  assist(request: AssistRequest, options?: AiCallOptions): Promise<AssistAnswer>;
}
