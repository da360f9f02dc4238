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

/**
 * Where the key came from, or null: decides the provider. A key sent to a base URL goes to whoever
 * answers there, so ANTHROPIC_API_KEY is used only with the address its environment names (or the
 * default), never with one set later in the settings; a key stored for another address is forgotten
 * when the address changes (`Orchestrator.configure`).
 */
export function keySource(
  choice: Pick<ProviderChoice, 'storedKey' | 'env' | 'settings'>,
): 'stored' | 'environment' | null {
  if (choice.storedKey) return 'stored';
  const env = choice.env ?? process.env;
  if (!env.ANTHROPIC_API_KEY) return null;
  const configured = choice.settings.baseUrl;
  return configured === null || configured === (env.ANTHROPIC_BASE_URL || null) ? 'environment' : null;
}

/** Claude when a key is set (stored, or ANTHROPIC_API_KEY for its own address), else the offline planner. */
export function selectProvider(choice: ProviderChoice): AiProvider {
  const env = choice.env ?? process.env;
  const source = keySource(choice);
  const apiKey = source === 'stored' ? choice.storedKey : source === 'environment' ? env.ANTHROPIC_API_KEY : null;
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
