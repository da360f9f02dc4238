import { z } from 'zod';
import { LocalizedText } from './blueprint.js';
import { BlueprintPatch } from './blueprint-patch.js';
import { DecisionReason } from './governance.js';
import { SystemMessage } from './messages/system-message.js';

/** Which model answers: the offline planner (no key, no network) or Claude. */
export const AiProviderId = z.enum(['offline', 'claude']);
export type AiProviderId = z.infer<typeof AiProviderId>;

/** What one call (or a sum of calls) cost: tokens both ways and the price in US dollars. */
export const AiUsage = z.object({
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  costUsd: z.number().nonnegative(),
  /** The model was not in the price table: the cost is an upper estimate (the dearest known price). */
  estimated: z.boolean().default(false),
});
export type AiUsage = z.infer<typeof AiUsage>;

/** The AI settings kept in the data folder (never the key: that is in the key store). */
export const AiSettings = z.object({
  model: z.string().min(1).max(200).default('claude-sonnet-5-5'),
  /** Another Messages-API endpoint (a proxy, a test server); null is Anthropic's, or ANTHROPIC_BASE_URL. */
  baseUrl: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .nullable()
    .default(null),
  maxTokens: z.number().int().min(256).max(64_000).default(16_000),
  timeoutMs: z.number().int().min(1_000).max(600_000).default(180_000),
  maxRetries: z.number().int().min(0).max(8).default(4),
});
export type AiSettings = z.infer<typeof AiSettings>;

export const AiSettingsPatch = z
  .object({
    model: z.string().trim().min(1).max(200),
    baseUrl: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .nullable(),
    maxTokens: z.number().int().min(256).max(64_000),
    timeoutMs: z.number().int().min(1_000).max(600_000),
    maxRetries: z.number().int().min(0).max(8),
  })
  .partial()
  .strict();
export type AiSettingsPatch = z.infer<typeof AiSettingsPatch>;

/** What the renderer may know about the key: whether one is set and where it came from, never the key. */
export const AiStatus = z.object({
  provider: AiProviderId,
  model: z.string(),
  keySet: z.boolean(),
  keySource: z.enum(['stored', 'environment']).nullable(),
  keyStorage: z.enum(['os-keychain', 'encrypted-file']),
  settings: AiSettings,
  /** Everything spent since core started. */
  usage: AiUsage,
});
export type AiStatus = z.infer<typeof AiStatus>;

/**
 * One search/replace edit of a file the user owns: `search` must occur exactly once in the file,
 * and is replaced by `replace`. An empty `search` creates a file that must not exist yet.
 */
export const CodeEdit = z.strictObject({
  path: z.string().min(1).max(1000),
  search: z.string().max(200_000),
  replace: z.string().max(200_000),
});
export type CodeEdit = z.infer<typeof CodeEdit>;

/** A streamed piece of an answer: prose, or the next characters of a tool call's JSON input. */
export const AiDelta = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), text: z.string() }),
  /** Core's own words as a system message (the offline planner's summary, the offline assistant's answer). */
  z.object({ kind: z.literal('message'), message: SystemMessage }),
  z.object({ kind: z.literal('tool'), partialJson: z.string() }),
  z.object({ kind: z.literal('repair'), round: z.number().int().positive(), errors: z.array(z.string()) }),
]);
export type AiDelta = z.infer<typeof AiDelta>;

/** A proposed Blueprint (a new one, or the result of a patch), checked, with what changes. */
export const BlueprintProposal = z.object({
  kind: z.enum(['platform', 'patch']),
  /** The Blueprint as it is now (normalised JSON text), '' when there is none yet. */
  before: z.string(),
  /** The proposed Blueprint, normalised JSON text. */
  after: z.string(),
  patch: BlueprintPatch,
  /** What it does in the catalogues' words, English and Arabic (the CLI's). */
  summary: LocalizedText,
  /** What it does as a system message (`SUMMARY` or `PLATFORM_SUMMARY`): the UI puts it into its language. */
  summaryMessage: SystemMessage,
  /** Repair rounds it took (0: the first answer was valid). */
  repairs: z.number().int().nonnegative(),
  /** Files a dry-run generation produced, null when no template was available to check with. */
  generatedFiles: z.number().int().nonnegative().nullable(),
});
export type BlueprintProposal = z.infer<typeof BlueprintProposal>;

export const AssistMode = z.enum(['chat', 'explain', 'fix']);
export type AssistMode = z.infer<typeof AssistMode>;

/** An applied AI turn, kept as a git commit. */
export const AiCheckpoint = z.object({
  oid: z.string().regex(/^[0-9a-f]{40}$/),
  message: z.string(),
  turnId: z.string().nullable(),
  time: z.number().int(),
});
export type AiCheckpoint = z.infer<typeof AiCheckpoint>;

/** What became of Apply: written (and committed), waiting for approval, or refused by the constitution. */
export const AiApplyResult = z.object({
  status: z.enum(['applied', 'pending', 'forbidden', 'failed']),
  decisionId: z.string().nullable(),
  checkpoint: AiCheckpoint.nullable(),
  files: z.array(z.string()),
  /** Why (governance's reasons: codes and values the UI puts into words). */
  reasons: z.array(DecisionReason),
});
export type AiApplyResult = z.infer<typeof AiApplyResult>;
