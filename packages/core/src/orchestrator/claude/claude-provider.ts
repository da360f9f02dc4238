import Anthropic, { APIError, APIUserAbortError } from '@anthropic-ai/sdk';
import { serializeBlueprint } from '../../blueprint/index.js';
import { CoreError } from '../../contracts/errors.js';
import type { SystemMessage } from '../../contracts/messages/system-message.js';
import type {
  AiCallOptions,
  AiProvider,
  AssistAnswer,
  AssistRequest,
  PlanAnswer,
  PlanRequest,
  RejectedAnswer,
} from '../provider.js';
import { usageOf } from '../usage.js';
import { DEFAULT_RETRY, errorType, type RetryPolicy, withRetries } from './retry.js';
import { ASSIST_SYSTEM, orchestratorTools, PLAN_SYSTEM, type ToolDefinition } from './tools.js';

export interface ClaudeOptions {
  apiKey: string;
  model: string;
  /** Another Messages-API endpoint (a proxy, a test server); Anthropic's when absent. */
  baseUrl?: string | null;
  maxTokens?: number;
  /** Per attempt, streaming included. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  onRetry?: (retry: number, delayMs: number, error: unknown) => void;
}

type MessageParam = Anthropic.MessageParam;

interface StreamedMessage {
  text: string;
  tool: { id: string; name: string; input: unknown } | null;
  stopReason: string | null;
  usage: ReturnType<typeof usageOf>;
}

function asToolInput(answer: unknown): Record<string, unknown> {
  return answer && typeof answer === 'object' && !Array.isArray(answer)
    ? (answer as Record<string, unknown>)
    : { value: answer ?? null };
}

/** Earlier invalid answers replayed as the model's tool call and an error result listing the problems. */
function repairTurns(rejected: RejectedAnswer[], tool: ToolDefinition): MessageParam[] {
  return rejected.flatMap((entry, index): MessageParam[] => {
    const id = entry.toolUseId ?? `toolu_rejected_${index}`;
    return [
      { role: 'assistant', content: [{ type: 'tool_use', id, name: tool.name, input: asToolInput(entry.answer) }] },
      {
        role: 'user',
        content: [
          {
            type: 'tool_result',
            tool_use_id: id,
            is_error: true,
            content: `The answer was checked and rejected:\n- ${entry.errors.join('\n- ')}\nCall ${tool.name} again with a corrected answer.`,
          },
        ],
      },
    ];
  });
}

/** Claude through the official SDK: tool use with zod-derived schemas, streaming, retries, cost. */
export class ClaudeProvider implements AiProvider {
  readonly id = 'claude' as const;
  readonly model: string;
  readonly #client: Anthropic;
  readonly #options: ClaudeOptions;
  readonly #retry: RetryPolicy;

  constructor(options: ClaudeOptions) {
    this.model = options.model;
    this.#options = options;
    this.#retry = { maxRetries: 4, ...DEFAULT_RETRY, ...options.retry };
    this.#client = new Anthropic({
      apiKey: options.apiKey,
      // Sent as x-api-key too: the header the Messages API documents, and what proxies expect.
      defaultHeaders: { 'x-api-key': options.apiKey },
      baseURL: options.baseUrl ?? undefined,
      maxRetries: 0, // retried here, so 529s and errors inside a stream follow one policy
      timeout: options.timeoutMs ?? 180_000,
      logLevel: 'off',
    });
  }

  async plan(request: PlanRequest, options: AiCallOptions = {}): Promise<PlanAnswer> {
    const tools = orchestratorTools();
    const tool = request.base ? tools.patch : tools.blueprint;
    const ask = request.base
      ? `The current Blueprint (normalised):\n\`\`\`json\n${serializeBlueprint(request.base)}\`\`\`\n\nChange it as asked: ${request.prompt}`
      : `Design the Blueprint for this platform: ${request.prompt}`;
    const messages: MessageParam[] = [{ role: 'user', content: ask }, ...repairTurns(request.rejected, tool)];
    const message = await this.#call(PLAN_SYSTEM, messages, tool, { type: 'tool', name: tool.name }, options);
    return { answer: this.#toolInput(message, tool), toolUseId: message.tool?.id, usage: message.usage };
  }

  async assist(request: AssistRequest, options: AiCallOptions = {}): Promise<AssistAnswer> {
    const tool = orchestratorTools().edits;
    const parts: string[] = [`Task: ${request.mode}.`];
    if (request.file) parts.push(`File ${request.file.path}:\n\`\`\`\n${request.file.content}\n\`\`\``);
    if (request.selection) parts.push(`Selected code:\n\`\`\`\n${request.selection}\n\`\`\``);
    if (request.errorText) parts.push(`Error output:\n\`\`\`\n${request.errorText}\n\`\`\``);
    if (request.errorAt) {
      const { path, line, column } = request.errorAt;
      parts.push(`The error points at ${path} line ${line}${column ? `, column ${column}` : ''}.`);
    }
    if (request.message) parts.push(request.message);
    const messages: MessageParam[] = [
      { role: 'user', content: parts.join('\n\n') },
      ...repairTurns(request.rejected, tool),
    ];
    const message = await this.#call(ASSIST_SYSTEM, messages, tool, { type: 'auto' }, options);
    const edits = message.tool ? this.#toolInput(message, tool) : [];
    return { text: message.text, edits, toolUseId: message.tool?.id, usage: message.usage };
  }

  #toolInput(message: StreamedMessage, tool: ToolDefinition): unknown {
    if (message.tool?.name === tool.name) return message.tool.input;
    const why = message.stopReason === 'max_tokens' ? 'the answer was cut off at max_tokens' : 'no tool call';
    return { error: `Expected a ${tool.name} tool call (${why}).` };
  }

  async #call(
    system: string,
    messages: MessageParam[],
    tool: ToolDefinition,
    toolChoice: Anthropic.ToolChoice,
    options: AiCallOptions,
  ): Promise<StreamedMessage> {
    const body: Anthropic.MessageCreateParamsNonStreaming = {
      model: this.model,
      max_tokens: this.#options.maxTokens ?? 16_000,
      system,
      messages,
      tools: [tool as Anthropic.Tool],
      tool_choice: toolChoice,
    };
    try {
      return await withRetries(() => this.#stream(body, options), this.#retry, options.signal, this.#options.onRetry);
    } catch (error) {
      throw this.#describe(error, options.signal);
    }
  }

  async #stream(body: Anthropic.MessageCreateParamsNonStreaming, options: AiCallOptions): Promise<StreamedMessage> {
    const timeoutMs = this.#options.timeoutMs ?? 180_000;
    const timer = AbortSignal.timeout(timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timer]) : timer;
    const stream = this.#client.messages.stream(body, { signal });
    try {
      for await (const event of stream) {
        if (event.type !== 'content_block_delta') continue;
        if (event.delta.type === 'text_delta') options.onDelta?.({ kind: 'text', text: event.delta.text });
        else if (event.delta.type === 'input_json_delta')
          options.onDelta?.({ kind: 'tool', partialJson: event.delta.partial_json });
      }
      const final = await stream.finalMessage();
      const text = final.content
        .filter((block): block is Anthropic.TextBlock => block.type === 'text')
        .map((block) => block.text)
        .join('');
      const toolUse = final.content.find((block): block is Anthropic.ToolUseBlock => block.type === 'tool_use');
      const { usage } = final;
      return {
        text,
        tool: toolUse ? { id: toolUse.id, name: toolUse.name, input: toolUse.input } : null,
        stopReason: final.stop_reason,
        usage: usageOf(this.model, {
          input: usage.input_tokens,
          output: usage.output_tokens,
          cacheWrite: usage.cache_creation_input_tokens ?? 0,
          cacheRead: usage.cache_read_input_tokens ?? 0,
        }),
      };
    } catch (error) {
      if (timer.aborted && !options.signal?.aborted) {
        throw new CoreError('TIMEOUT', {
          code: 'ERROR_CLAUDE_TIMEOUT',
          params: { seconds: Math.round(timeoutMs / 1000) },
        });
      }
      throw error;
    }
  }

  /** An SDK failure as a CoreError a person can act on; the key never appears in it. */
  #describe(error: unknown, signal: AbortSignal | undefined): unknown {
    if (error instanceof CoreError) return error;
    if (signal?.aborted || error instanceof APIUserAbortError) {
      return new CoreError('CANCELLED', { code: 'ERROR_REQUEST_CANCELLED' });
    }
    if (!(error instanceof APIError)) return error;
    const type = errorType(error);
    const details = { status: error.status ?? null, type: type ?? null, requestId: error.requestID ?? null };
    const status = error.status;
    const tries = this.#retry.maxRetries + 1;
    const reason: SystemMessage =
      status === 401
        ? { code: 'ERROR_CLAUDE_KEY_REFUSED' }
        : status === 403
          ? { code: 'ERROR_CLAUDE_MODEL_FORBIDDEN' }
          : status === 400
            ? { code: 'ERROR_CLAUDE_REJECTED', params: { detail: apiMessage(error) } }
            : status === 404
              ? { code: 'ERROR_CLAUDE_NOT_FOUND', params: { model: this.model } }
              : status === 429 || type === 'rate_limit_error'
                ? { code: 'ERROR_CLAUDE_RATE_LIMITED', params: { count: tries } }
                : status === 529 || type === 'overloaded_error'
                  ? { code: 'ERROR_CLAUDE_OVERLOADED', params: { count: tries } }
                  : status === undefined
                    ? { code: 'ERROR_CLAUDE_UNREACHABLE', params: { detail: apiMessage(error) } }
                    : { code: 'ERROR_CLAUDE_FAILED', params: { status, detail: apiMessage(error) } };
    return new CoreError('AI_UNAVAILABLE', { code: 'ERROR_CLAUDE', params: { reason } }, details);
  }
}

function apiMessage(error: APIError): string {
  const body = error.error as { error?: { message?: unknown } } | undefined;
  const message = body?.error?.message;
  return typeof message === 'string' ? message.slice(0, 300) : error.message.slice(0, 300);
}
