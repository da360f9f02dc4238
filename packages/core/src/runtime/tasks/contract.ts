import { z } from 'zod';
import { featureContract, method } from '../../contracts/api/method.js';

/** A task is a package.json script, or `install`; names are the script names as written. */
const taskName = z.string().min(1).max(200);

/**
 * `exited`: it ended by itself with code 0, or the user stopped it. `crashed`: it ended by itself
 * with another code or a signal, or could not start. `exitCode`/`signal` say which.
 */
export const taskStateSchema = z.enum(['idle', 'running', 'exited', 'crashed']);
export type TaskState = z.infer<typeof taskStateSchema>;

export const taskInfoSchema = z.object({
  name: taskName,
  /** What runs, as a person would type it. */
  command: z.string(),
  state: taskStateSchema,
  exitCode: z.number().int().nullable(),
  signal: z.string().nullable(),
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  /** The dev server's address as the task printed it (or as a port probe found it). */
  url: z.string().nullable(),
  /** The same server through core's preview proxy, which adds the preview's reporter script. */
  previewUrl: z.string().nullable(),
  /**
   * Where a generated platform waits for its first owner (`#/setup/<one-time token>`), as its server
   * printed it, while the task runs: the Run view links the preview there.
   */
  setupPath: z.string().nullable(),
});
export type TaskInfo = z.infer<typeof taskInfoSchema>;

const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]', '0.0.0.0']);

/** Only servers on this machine's loopback can be previewed: the proxy must never reach the internet. */
export const loopbackUrlSchema = z
  .string()
  .max(2000)
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'http:' || url.protocol === 'https:') && loopbackHosts.has(url.hostname);
    } catch {
      return false;
    }
  }, 'Only http(s) addresses on localhost or 127.0.0.1 can be previewed.');

const byName = z.object({ name: taskName }).strict();

/** Where the user's own Node.js and npm are (their PATH), or null: tasks run with them, never WebNova's. */
export const toolchainSchema = z.object({ node: z.string().nullable(), npm: z.string().nullable() });
export type Toolchain = z.infer<typeof toolchainSchema>;

export const tasksMethods = {
  'tasks.list': method(
    z.object({}).strict(),
    z.object({ tasks: z.array(taskInfoSchema), toolchain: toolchainSchema }),
    "The workspace's tasks (`install` and every package.json script) with their state, and the Node.js and npm they run with.",
  ),
  'tasks.start': method(byName, taskInfoSchema, 'Starts a task (a running one is left running).'),
  'tasks.stop': method(byName, taskInfoSchema, 'Stops a task and every process it started (its process group).'),
  'tasks.restart': method(byName, taskInfoSchema, 'Stops a task if it runs, then starts it again.'),
  'tasks.output': method(
    byName,
    z.object({ name: taskName, text: z.string(), seq: z.number().int() }),
    "A task's recent output (bounded), ANSI colours removed; `seq` is the last chunk's number.",
  ),
  'tasks.preview': method(
    z.object({ url: loopbackUrlSchema }).strict(),
    z.object({ url: z.string(), previewUrl: z.string() }),
    'A preview proxy address for a dev server on this machine (for an address typed in the URL bar).',
  ),
} as const;

export const tasksEvents = {
  'tasks.changed': z.object({ task: taskInfoSchema }),
  'tasks.output': z.object({ name: taskName, chunk: z.string(), seq: z.number().int() }),
  'tasks.url': z.object({ name: taskName, url: z.string(), previewUrl: z.string() }),
} as const;

/**
 * What the reporter script inside the previewed page posts to the IDE (`window.parent.postMessage`).
 * The page is someone else's code: the UI parses every message with this schema and drops the rest.
 */
export const previewMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('webnova:ready'),
    href: z.string().max(4000),
    title: z.string().max(500),
    hmr: z.boolean(),
  }),
  z.object({
    type: z.literal('webnova:console'),
    level: z.enum(['error', 'warn']),
    message: z.string().max(4000),
    source: z.string().max(4000).optional(),
    line: z.number().int().nonnegative().optional(),
    column: z.number().int().nonnegative().optional(),
  }),
  z.object({
    type: z.literal('webnova:source'),
    /** `relative/path:line` from the nearest `data-webnova-source` attribute. */
    source: z
      .string()
      .max(1000)
      .regex(/^[^:\0]+:\d+(:\d+)?$/),
  }),
]);
export type PreviewMessage = z.infer<typeof previewMessageSchema>;

/** What the IDE posts to the reporter script. */
export type PreviewCommand =
  | { type: 'webnova:inspect'; on: boolean }
  | { type: 'webnova:history'; step: -1 | 1 }
  | { type: 'webnova:reload' };

/** The tasks feature's part of the API table, registered once in `contracts/api/index.ts`. */
export const tasksContract = featureContract('tasks', tasksMethods, tasksEvents);
