import { z } from 'zod';
import {
  AiApplyResult,
  AiCheckpoint,
  AiDelta,
  AiProviderId,
  AiSettingsPatch,
  AiStatus,
  AiUsage,
  AssistMode,
  BlueprintProposal,
  CodeEdit,
} from '../contracts/ai.js';
import { featureContract, method } from '../contracts/api/method.js';
import { SystemMessage } from '../contracts/messages/system-message.js';

const none = z.object({}).strict();
/** Chosen by the caller, so it can cancel a turn and match its streamed deltas before the answer. */
const TurnId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, - and _ (at most 64)');
const Oid = z.string().regex(/^[0-9a-f]{40}$/);

/** The AI orchestrator's part of the API table: planning, the copilot, the key, checkpoints. */
/** A model turn: up to three attempts with repairs, each with its own timeout, streamed meanwhile. */
const MODEL_TURN_MS = 10 * 60_000;
/** Applying may carry a decision out at once, a command included (its own limit is ten minutes). */
const CARRY_OUT_MS = 15 * 60_000;

export const aiMethods = {
  'ai.status': method(none, AiStatus, 'Which provider answers, whether a key is set (never the key), settings, spend.'),
  'ai.configure': method(AiSettingsPatch, AiStatus, 'Change the model, the API base URL, limits.'),
  'ai.setKey': method(
    z.object({ key: z.string().trim().min(8).max(500) }).strict(),
    AiStatus,
    'Store the Anthropic API key (OS keychain where available, else encrypted in the data folder).',
  ),
  'ai.clearKey': method(none, AiStatus, 'Forget the stored API key.'),
  'ai.plan': method(
    z.object({ turnId: TurnId, prompt: z.string().trim().min(1).max(10_000) }).strict(),
    z.object({
      turnId: z.string(),
      provider: AiProviderId,
      model: z.string(),
      proposal: BlueprintProposal,
      usage: AiUsage,
    }),
    "A Blueprint for the request, or a patch of the workspace's Blueprint; checked, streamed as ai.delta.",
    { timeoutMs: MODEL_TURN_MS, streams: 'ai.delta' },
  ),
  'ai.assist': method(
    z
      .object({
        turnId: TurnId,
        mode: AssistMode,
        message: z.string().max(20_000).default(''),
        path: z.string().min(1).max(1000).optional(),
        selection: z.string().max(100_000).optional(),
        errorText: z.string().max(50_000).optional(),
      })
      .strict(),
    z.object({
      turnId: z.string(),
      provider: AiProviderId,
      model: z.string(),
      text: z.string(),
      /** The answer as a system message when core wrote it (offline): the UI shows it in its language. */
      message: SystemMessage.optional(),
      edits: z.array(CodeEdit),
      repairs: z.number().int().nonnegative(),
      usage: AiUsage,
    }),
    'Chat, explain or fix code: an answer and search/replace edits checked against the files.',
    { timeoutMs: MODEL_TURN_MS, streams: 'ai.delta' },
  ),
  'ai.cancel': method(z.object({ turnId: TurnId }).strict(), z.object({ cancelled: z.boolean() }), 'Stop a turn.'),
  'ai.apply': method(
    z.object({ turnId: TurnId }).strict(),
    AiApplyResult,
    "Apply a turn's proposal through governance: a Decision, applied at once only where the constitution allows.",
    { timeoutMs: CARRY_OUT_MS },
  ),
  'ai.checkpoints': method(
    none,
    z.object({ checkpoints: z.array(AiCheckpoint) }),
    'The commits of applied AI turns, newest first.',
  ),
  'ai.restore': method(
    z.object({ oid: Oid }).strict(),
    z.object({ restored: AiCheckpoint, files: z.array(z.string()) }),
    'Put the workspace back as it was at a checkpoint (itself recorded as a new commit).',
  ),
} as const;

export const aiEvents = {
  'ai.delta': z.object({ turnId: z.string(), delta: AiDelta }),
  'ai.usage': z.object({
    turnId: z.string(),
    provider: AiProviderId,
    model: z.string(),
    usage: AiUsage,
    total: AiUsage,
  }),
  'ai.status': AiStatus,
  /** A turn's proposal was carried out (at once, or later when its Decision was approved), or failed. */
  'ai.applied': z.object({ turnId: z.string(), result: AiApplyResult }),
} as const;

/** The ai feature's part of the API table, registered once in `contracts/api/index.ts`. */
export const aiContract = featureContract('ai', aiMethods, aiEvents);
