import type { AiUsage } from '../contracts/ai.js';

/** US dollars per million tokens, from Anthropic's model pages (platform.claude.com/docs/en/models). */
interface ModelPrice {
  input: number;
  output: number;
}

/** Longest prefix wins, so dated snapshots ("claude-sonnet-4-5-20250929") find their family. */
const PRICES: ReadonlyArray<readonly [prefix: string, price: ModelPrice]> = [
  ['claude-fable-5-2', { input: 8, output: 40 }],
  ['claude-fable-5', { input: 10, output: 50 }],
  ['claude-mythos-5', { input: 10, output: 50 }],
  ['claude-opus-5-5', { input: 4, output: 20 }],
  ['claude-opus-5', { input: 5, output: 25 }],
  ['claude-opus-4-8', { input: 5, output: 25 }],
  ['claude-opus-4-7', { input: 5, output: 25 }],
  ['claude-opus-4-6', { input: 5, output: 25 }],
  ['claude-opus-4-5', { input: 5, output: 25 }],
  ['claude-opus-4-1', { input: 15, output: 75 }],
  ['claude-opus-4', { input: 15, output: 75 }],
  ['claude-sonnet-5-5', { input: 2, output: 10 }],
  ['claude-sonnet-5', { input: 2, output: 10 }],
  ['claude-sonnet-4', { input: 3, output: 15 }],
  ['claude-3-7-sonnet', { input: 3, output: 15 }],
  ['claude-3-5-sonnet', { input: 3, output: 15 }],
  ['claude-haiku-4-5', { input: 1, output: 5 }],
  ['claude-3-5-haiku', { input: 0.8, output: 4 }],
  ['claude-3-haiku', { input: 0.25, output: 1.25 }],
  ['claude-3-opus', { input: 15, output: 75 }],
];
/** An unknown model is charged the dearest known price, so a budget is never under-counted. */
const DEAREST: ModelPrice = { input: 15, output: 75 };

export function modelPrice(model: string): { price: ModelPrice; known: boolean } {
  let best: (typeof PRICES)[number] | undefined;
  for (const entry of PRICES) {
    if (model.startsWith(entry[0]) && (!best || entry[0].length > best[0].length)) best = entry;
  }
  return best ? { price: best[1], known: true } : { price: DEAREST, known: false };
}

export const NO_USAGE: AiUsage = { inputTokens: 0, outputTokens: 0, costUsd: 0, estimated: false };

/** Tokens as the Messages API reports them; prompt-cache writes cost 1.25× input, reads 0.1×. */
export interface TokenCounts {
  input: number;
  output: number;
  cacheWrite?: number;
  cacheRead?: number;
}

export function usageOf(model: string, tokens: TokenCounts): AiUsage {
  const { price, known } = modelPrice(model);
  const cacheWrite = tokens.cacheWrite ?? 0;
  const cacheRead = tokens.cacheRead ?? 0;
  const inputCost = (tokens.input + cacheWrite * 1.25 + cacheRead * 0.1) * price.input;
  const costUsd = (inputCost + tokens.output * price.output) / 1_000_000;
  return {
    inputTokens: tokens.input + cacheWrite + cacheRead,
    outputTokens: tokens.output,
    costUsd: Math.round(costUsd * 1e8) / 1e8,
    estimated: !known,
  };
}

export function addUsage(a: AiUsage, b: AiUsage): AiUsage {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    costUsd: Math.round((a.costUsd + b.costUsd) * 1e8) / 1e8,
    estimated: a.estimated || b.estimated,
  };
}
