import { z } from 'zod';
import { featureContract, method } from '../../contracts/api/method.js';
import { SystemMessage } from '../../contracts/messages/system-message.js';

const isolation = z.enum(['bubblewrap', 'oci', 'host']);
const limitName = z.enum(['memory', 'cpu', 'wall', 'processes', 'disk']);

export const runLimitsSchema = z.object({
  memoryMb: z.number().int().positive(),
  cpuSeconds: z.number().int().positive(),
  wallSeconds: z.number().int().positive(),
  processes: z.number().int().positive(),
  writtenBytes: z.number().int().positive(),
});

/** A run's id: `file-<n>` for a file the user ran, `decision-<id>` for a command a decision ran. */
const runId = z.string().min(1).max(200);

export const sandboxStatusSchema = z.object({
  /** The backend runs use here, or null: none, and then AI commands each need the owner's host decision. */
  chosen: z.enum(['bubblewrap', 'oci']).nullable(),
  backends: z.array(z.object({ isolation, available: z.boolean(), detail: z.string() })),
  languages: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      /** The file endings it runs (`.py`), lower case. */
      extensions: z.array(z.string()),
      version: z.string().optional(),
      /** Why it cannot run here and how to install it. */
      missing: z.string().optional(),
    }),
  ),
});
export type SandboxStatus = z.infer<typeof sandboxStatusSchema>;

export const sandboxRunEndSchema = z.object({
  exitCode: z.number().int().nullable(),
  signal: z.string().nullable(),
  timedOut: z.boolean(),
  /** The limit that stopped the run, when one did. */
  limitHit: limitName.nullable(),
  isolation,
  durationMs: z.number().nonnegative(),
  /** Why the run could not start at all (no backend, the language missing): its message code and values. */
  error: SystemMessage.optional(),
});
export type SandboxRunEnd = z.infer<typeof sandboxRunEndSchema>;

export const sandboxMethods = {
  'sandbox.status': method(
    z.object({}).strict(),
    sandboxStatusSchema,
    'The sandbox backends found on this machine (and which runs use), and each language with its version or what to install.',
  ),
  'sandbox.runFile': method(
    z
      .object({
        /** Workspace-relative, as the editor names the file. */
        path: z.string().min(1).max(4_096),
        stdin: z.string().max(1_000_000).optional(),
      })
      .strict(),
    z.object({ runId, language: z.string(), isolation, limits: runLimitsSchema }),
    'Runs a file of the workspace in its language’s sandbox; its output comes as `sandbox.output` events and its end as `sandbox.finished`.',
  ),
  'sandbox.cancel': method(
    z.object({ runId }).strict(),
    z.object({ cancelled: z.boolean() }),
    'Stops a run of a file (its whole process tree); false when it had already ended.',
  ),
} as const;

export const sandboxEvents = {
  /** A run began: a file the user ran, or a command a decision ran; `title` names it. */
  'sandbox.started': z.object({
    runId,
    kind: z.enum(['file', 'decision']),
    title: z.string(),
    isolation,
    limits: runLimitsSchema,
  }),
  'sandbox.output': z.object({ runId, stream: z.enum(['stdout', 'stderr']), chunk: z.string() }),
  'sandbox.finished': z.object({ runId, end: sandboxRunEndSchema }),
} as const;

/** The sandbox feature's part of the API table, registered once in `contracts/api/index.ts`. */
export const sandboxContract = featureContract('sandbox', sandboxMethods, sandboxEvents);
