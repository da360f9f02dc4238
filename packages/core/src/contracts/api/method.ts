import type { z } from 'zod';

/** How long a caller waits for an answer unless a method's row says otherwise. */
export const DEFAULT_CALL_TIMEOUT_MS = 60_000;

export interface MethodSpec<I extends z.ZodType, O extends z.ZodType> {
  readonly input: I;
  readonly output: O;
  readonly summary: string;
  /**
   * How long the answer may take. Core aborts the call's signal and answers `TIMEOUT` then; the UI's
   * client stops waiting then too (and asks core to cancel). Each transport uses this one figure.
   */
  readonly timeoutMs: number;
  /** The event on which the call's progress streams while it runs (e.g. `ai.delta`), keyed by its input. */
  readonly streams?: string;
}

export interface MethodOptions {
  timeoutMs?: number;
  streams?: string;
}

/** One row of the API table: what a method takes, what it answers, what it does, how long it may take. */
export function method<I extends z.ZodType, O extends z.ZodType>(
  input: I,
  output: O,
  summary: string,
  options: MethodOptions = {},
): MethodSpec<I, O> {
  return {
    input,
    output,
    summary,
    timeoutMs: options.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS,
    ...(options.streams ? { streams: options.streams } : {}),
  };
}

// biome-ignore lint/suspicious/noExplicitAny: a row of any input and output schema
export type AnyMethodSpec = MethodSpec<any, any>;

/**
 * One feature's part of the API table: its methods and the event streams it emits. It lives in the
 * feature's own folder (`<feature>/contract.ts`, a contracts-layer file: zod only, shipped to the
 * renderer) and is registered once in `contracts/api/index.ts`.
 */
export interface FeatureContract<
  Name extends string = string,
  Methods extends Record<string, AnyMethodSpec> = Record<string, AnyMethodSpec>,
  Events extends Record<string, z.ZodType> = Record<string, z.ZodType>,
> {
  readonly name: Name;
  readonly methods: Methods;
  readonly events: Events;
}

export function featureContract<
  Name extends string,
  Methods extends Record<string, AnyMethodSpec>,
  Events extends Record<string, z.ZodType>,
>(name: Name, methods: Methods, events: Events): FeatureContract<Name, Methods, Events> {
  return { name, methods, events };
}
