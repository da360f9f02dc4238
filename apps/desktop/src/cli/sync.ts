import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { createCore, defaultDataDir } from '@webnova/core';
import type { MethodInput, MethodName, MethodOutput, ReplyMessage } from '@webnova/core/contracts';
import { webnovaVersion } from '../shared/version.js';
import { CliError } from './json-file.js';

export const syncUsage = `  login --server URL --email EMAIL [--device NAME] [--totp CODE] [--data-dir DIR]
      Sign this computer in to a governance server and register it as a device. The password is
      asked for (not echoed), or read from stdin when it is not a terminal; never an argument.
  logout [--data-dir DIR]
      Stop syncing and forget the device's credential; every local record stays.
  sync status|push|pull [--data-dir DIR] [--json]
      Where sync stands; push what waits; pull what is new. Exits 1 when the server refused events
      or cannot be reached. Stop the app using DIR first (its store has one writer).
`;

/** A core for one command, on the data folder the app uses (or --data-dir). */
export async function withCore<T>(dataDir: string, run: (call: Caller) => Promise<T>): Promise<T> {
  const core = await createCore({ dataDir, host: 'web', version: webnovaVersion });
  let id = 0;
  const call: Caller = async (method, input) => {
    id += 1;
    const reply: ReplyMessage = await core.dispatch({ type: 'call', id: `cli-${id}`, method, params: input });
    if (reply.type === 'error') throw new CliError(`webnova: ${reply.error.message}`, 1);
    return reply.result as never;
  };
  try {
    return await run(call);
  } finally {
    await core.close();
  }
}

export type Caller = <M extends MethodName>(method: M, input: MethodInput<M>) => Promise<MethodOutput<M>>;

/** The password: asked at a terminal without echo, else the first line of stdin. */
async function readPassword(): Promise<string> {
  const input = process.stdin;
  if (!input.isTTY) {
    const lines = createInterface({ input });
    for await (const line of lines) return line;
    throw new CliError('webnova login: no password on stdin', 2);
  }
  process.stderr.write('Password: ');
  input.setRawMode(true);
  input.resume();
  let typed = '';
  try {
    for await (const chunk of input) {
      for (const char of String(chunk)) {
        if (char === '\r' || char === '\n') return typed;
        if (char === '\u0003') throw new CliError('', 130);
        if (char === '\u007f') typed = typed.slice(0, -1);
        else typed += char;
      }
    }
    return typed;
  } finally {
    input.setRawMode(false);
    input.pause();
    process.stderr.write('\n');
  }
}

function describe(status: MethodOutput<'sync.status'>): string {
  if (!status.account) return 'Not signed in to a governance server.';
  const { account } = status;
  const lines = [
    `${status.state}: ${account.email} (${account.role}) on ${account.server}, device "${account.deviceName}"`,
    `waiting to push: ${status.waiting}; refused by the server: ${status.refused}; pulled up to ${status.cursor}`,
  ];
  if (status.problem) lines.push(status.problem);
  return lines.join('\n');
}

async function login(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      server: { type: 'string' },
      email: { type: 'string' },
      device: { type: 'string' },
      totp: { type: 'string' },
      'data-dir': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    allowPositionals: true,
  });
  if (positionals.length) throw new CliError(`webnova login: unexpected argument "${positionals[0]}"`, 2);
  if (!values.server || !values.email) throw new CliError(`usage:\n${syncUsage}`, 2);
  const password = await readPassword();
  const dataDir = values['data-dir'] ? resolve(values['data-dir']) : defaultDataDir();
  const status = await withCore(dataDir, (call) =>
    call('sync.signIn', {
      server: values.server as string,
      email: values.email as string,
      password,
      deviceName: values.device ?? `${hostname()} (CLI)`,
      ...(values.totp ? { totp: values.totp } : {}),
    }),
  );
  console.log(values.json ? JSON.stringify(status) : describe(status));
  return 0;
}

async function logout(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { 'data-dir': { type: 'string' } } });
  const dataDir = values['data-dir'] ? resolve(values['data-dir']) : defaultDataDir();
  await withCore(dataDir, (call) => call('sync.signOut', {}));
  console.log('Signed out. Every local record stays on this computer.');
  return 0;
}

async function sync(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'status' && sub !== 'push' && sub !== 'pull') throw new CliError(`usage:\n${syncUsage}`, 2);
  const { values } = parseArgs({
    args: rest,
    options: { 'data-dir': { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  const dataDir = values['data-dir'] ? resolve(values['data-dir']) : defaultDataDir();
  const status = await withCore(dataDir, async (call) => {
    const now = await call('sync.status', {});
    if (sub === 'status' || !now.account) return now;
    return call('sync.now', { only: sub });
  });
  console.log(values.json ? JSON.stringify(status) : describe(status));
  if (sub !== 'status' && !status.account) return 1;
  return status.state === 'offline' || status.state === 'stopped' || status.refused > 0 ? 1 : 0;
}

/** `webnova login`, `webnova logout`, `webnova sync status|push|pull`. */
export function syncCommand(command: 'login' | 'logout' | 'sync', argv: string[]): Promise<number> {
  if (command === 'login') return login(argv);
  if (command === 'logout') return logout(argv);
  return sync(argv);
}
