import type { AiSettings } from '../contracts/ai.js';
import { type ClaudeOptions, ClaudeProvider } from './claude/claude-provider.js';
import { OfflineProvider } from './offline-provider.js';
import type { AiProvider } from './provider.js';

export interface ProviderChoice {
  /** The stored key, if any; ANTHROPIC_API_KEY is the fallback. */
  storedKey: string | null;
  settings: AiSettings;
  env?: Record<string, string | undefined>;
  retry?: ClaudeOptions['retry'];
}

/** Where the key came from, or null: decides the provider. */
export function keySource(choice: Pick<ProviderChoice, 'storedKey' | 'env'>): 'stored' | 'environment' | null {
  if (choice.storedKey) return 'stored';
  return (choice.env ?? process.env).ANTHROPIC_API_KEY ? 'environment' : null;
}

/** Claude when a key is set (stored, or ANTHROPIC_API_KEY), else the offline planner. */
export function selectProvider(choice: ProviderChoice): AiProvider {
  const env = choice.env ?? process.env;
  const apiKey = choice.storedKey || env.ANTHROPIC_API_KEY;
  if (!apiKey) return new OfflineProvider();
  return new ClaudeProvider({
    apiKey,
    model: choice.settings.model,
    baseUrl: choice.settings.baseUrl ?? (env.ANTHROPIC_BASE_URL || null),
    maxTokens: choice.settings.maxTokens,
    timeoutMs: choice.settings.timeoutMs,
    retry: { maxRetries: choice.settings.maxRetries, ...choice.retry },
  });
}
