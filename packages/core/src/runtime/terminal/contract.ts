import { z } from 'zod';
import { featureContract, method } from '../../contracts/api/method.js';

export const TerminalId = z.string().regex(/^[a-z0-9-]{1,64}$/, 'A terminal id is a short lowercase token');
const Cols = z.number().int().min(2).max(1000);
const Rows = z.number().int().min(1).max(500);
const TerminalName = z.string().trim().min(1).max(60);

export const TerminalInfo = z.object({
  id: TerminalId,
  name: z.string(),
  shell: z.string(),
  cwd: z.string(),
  pid: z.number().int(),
  cols: z.number().int(),
  rows: z.number().int(),
  status: z.enum(['running', 'exited']),
  /** Set once the shell has exited. */
  exitCode: z.number().int().nullable(),
});
export type TerminalInfo = z.infer<typeof TerminalInfo>;

const byId = z.object({ id: TerminalId }).strict();
const done = z.object({});

/**
 * The terminal part of the API table. Output is the `terminal.data` stream; every chunk carries its
 * `offset` in the terminal's output, so a client that re-attaches can drop what its scrollback already
 * holds. Flow control: a client acknowledges the characters it has rendered with `terminal.ack`; core
 * pauses the shell while too many sent characters are unacknowledged.
 */
export const terminalMethods = {
  'terminal.create': method(
    z.object({ cols: Cols.default(80), rows: Rows.default(24), name: TerminalName.optional() }).strict(),
    TerminalInfo,
    "Start the user's shell in the workspace folder (the home folder when none is open).",
  ),
  'terminal.list': method(
    z.object({}).strict(),
    z.object({ terminals: z.array(TerminalInfo) }),
    'The terminals of this session, oldest first, exited ones included until they are closed.',
  ),
  'terminal.attach': method(
    byId,
    z.object({ terminal: TerminalInfo, scrollback: z.string(), end: z.number().int() }),
    'The recent output of a terminal (bounded) and the offset it ends at; resets the unacknowledged count.',
  ),
  'terminal.write': method(
    z.object({ id: TerminalId, data: z.string().max(1_048_576) }).strict(),
    done,
    'Type into a terminal (keys, pasted text).',
  ),
  'terminal.resize': method(
    z.object({ id: TerminalId, cols: Cols, rows: Rows }).strict(),
    done,
    'Set the size of a terminal in characters.',
  ),
  'terminal.rename': method(
    z.object({ id: TerminalId, name: TerminalName }).strict(),
    TerminalInfo,
    'Give a terminal another name.',
  ),
  'terminal.kill': method(byId, done, 'End the shell (and what runs in it) and close the terminal.'),
  'terminal.ack': method(
    z
      .object({
        id: TerminalId,
        chars: z
          .number()
          .int()
          .min(1)
          .max(1 << 30),
      })
      .strict(),
    done,
    'Acknowledge characters of terminal.data the client has rendered.',
  ),
} as const;

export const terminalEvents = {
  'terminal.data': z.object({ id: TerminalId, offset: z.number().int(), data: z.string() }),
  'terminal.exited': z.object({ id: TerminalId, exitCode: z.number().int(), signal: z.number().int().nullable() }),
  'terminal.changed': z.object({ terminals: z.array(TerminalInfo) }),
} as const;

/** The terminal feature's part of the API table, registered once in `contracts/api/index.ts`. */
export const terminalContract = featureContract('terminal', terminalMethods, terminalEvents);
