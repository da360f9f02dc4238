import { PassThrough } from 'node:stream';
import { parseArgs } from 'node:util';
import {
  answeringOciSocket,
  type CommandResult,
  chooseRunner,
  DEFAULT_LIMITS,
  detectLanguages,
  detectSandbox,
  ensureSandboxImage,
  LANGUAGE_IDS,
  type LanguageId,
  languageOfFile,
  ociClient,
  type RunLimits,
  runUserCode,
  runUserFile,
  SANDBOX_IMAGE,
  SANDBOX_PATH,
} from '@webnova/core';
import { CoreError, isCoreError } from '@webnova/core/contracts';
import { CliError } from './json-file.js';

export const sandboxUsage = `  sandbox status [--json]
      The sandbox backends found here (and how each limit is enforced) and the languages available.
  sandbox image build
      Build the OCI sandbox's image (${SANDBOX_IMAGE}: Debian with python3, made with debootstrap from this
      machine's apt mirror, as root) on the Docker-compatible API found (DOCKER_HOST, Docker's or podman's
      socket), unless it is there already. bash scripts/oci-sandbox-up.sh also sets up podman.
  sandbox run [--lang LANG] (--file F | --code TEXT) [--timeout S] [--memory MB] [--json]
      Run one program in the sandbox (no network, its folder writable, stdin closed) and exit with its
      code. LANG: ${LANGUAGE_IDS.join(', ')} (from F's extension when omitted). --json prints
      {exitCode, stdout, stderr, timedOut, limitHit, isolation, durationMs}.
`;

async function status(json: boolean): Promise<number> {
  const detection = await detectSandbox();
  const languages = await detectLanguages(SANDBOX_PATH);
  if (json) {
    console.log(
      JSON.stringify({
        chosen: detection.chosen,
        backends: detection.backends,
        cgroups: { version: detection.cgroups.version, detail: detection.cgroups.reason },
        languages,
      }),
    );
    return 0;
  }
  const lines = [`Sandbox: ${detection.chosen ?? 'none (a run needs the owner’s explicit host decision)'}`];
  for (const backend of detection.backends) {
    lines.push(`  ${backend.isolation}: ${backend.available ? 'available' : 'unavailable'} (${backend.detail})`);
    for (const [limit, mechanism] of Object.entries(backend.mechanisms ?? {})) {
      lines.push(`      ${limit}: ${mechanism ?? 'not enforced here'}`);
    }
  }
  lines.push('Languages:');
  for (const language of languages) {
    lines.push(
      `  ${language.id}: ${language.missing ? `missing: ${language.missing}` : `${language.version ?? ''} ${language.program}`}`,
    );
  }
  console.log(lines.join('\n'));
  return 0;
}

function positiveNumber(option: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0)
    throw new CliError(`webnova sandbox run: ${option} must be a positive number`, 2);
  return value;
}

/** What a limit that stopped a run is called, with its value. */
function describeLimit(result: CommandResult, limits: RunLimits): string {
  switch (result.limitHit) {
    case 'memory':
      return `memory limit ${limits.memoryMb} MB`;
    case 'cpu':
      return `CPU time limit ${limits.cpuSeconds} s`;
    case 'wall':
      return `time limit ${limits.wallSeconds} s`;
    case 'processes':
      return `process limit ${limits.processes}`;
    case 'disk':
      return `file size limit ${limits.writtenBytes} bytes`;
    default:
      return '';
  }
}

async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      lang: { type: 'string' },
      file: { type: 'string' },
      code: { type: 'string' },
      timeout: { type: 'string' },
      memory: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    allowPositionals: true,
  });
  if (positionals.length) throw new CliError(`webnova sandbox run: unexpected argument "${positionals[0]}"`, 2);
  if ((values.file === undefined) === (values.code === undefined)) {
    throw new CliError('webnova sandbox run: give one of --file F or --code TEXT', 2);
  }
  const id = (values.lang ?? (values.file ? languageOfFile(values.file) : undefined)) as LanguageId | undefined;
  if (!id || !LANGUAGE_IDS.includes(id)) {
    throw new CliError(`webnova sandbox run: --lang is one of ${LANGUAGE_IDS.join(', ')}`, 2);
  }
  const wallSeconds = positiveNumber('--timeout', values.timeout) ?? DEFAULT_LIMITS.wallSeconds;
  const limits: RunLimits = {
    ...DEFAULT_LIMITS,
    wallSeconds,
    // CPU time can never usefully exceed the wall time of a single-threaded run; it stays the default otherwise.
    cpuSeconds: Math.min(DEFAULT_LIMITS.cpuSeconds, Math.ceil(wallSeconds)),
    memoryMb: positiveNumber('--memory', values.memory) ?? DEFAULT_LIMITS.memoryMb,
  };
  const language = (await detectLanguages(SANDBOX_PATH)).find((one) => one.id === id);
  if (!language) throw new CliError(`webnova sandbox run: unknown language ${id}`, 2);

  // The CLI never runs on the host: without a backend the run is refused (the owner decides host runs in the IDE).
  const runner = await chooseRunner({ hostApproved: false });
  let stdout = '';
  let stderr = '';
  const streams = values.json
    ? { stdout: new PassThrough(), stderr: new PassThrough() }
    : { stdout: process.stdout, stderr: process.stderr };
  if (values.json) {
    streams.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    streams.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
  }
  const request = { runner, language, limits, ...streams };
  const result = values.file ? await runUserFile(request, values.file) : await runUserCode(request, values.code ?? '');
  const { exitCode, timedOut, limitHit, isolation, durationMs } = result;
  if (values.json) {
    console.log(JSON.stringify({ exitCode, stdout, stderr, timedOut, limitHit, isolation, durationMs }));
  } else {
    const stopped = limitHit ? `, stopped: ${describeLimit(result, limits)}` : '';
    console.error(`[${language.label} in ${isolation}: exit ${exitCode ?? result.signal}, ${durationMs} ms${stopped}]`);
  }
  // A run ended by a signal exits as shells report it: 128 + the signal's number (bubblewrap already does).
  return exitCode ?? 128;
}

/** Builds the OCI image on the engine found, saying each step on stderr. */
async function buildImage(): Promise<number> {
  const socket = await answeringOciSocket();
  if (!socket) throw new CoreError('NOT_FOUND', { code: 'ERROR_SANDBOX_OCI_NO_SOCKET', params: {} });
  const docker = await ociClient(socket);
  const { image, built } = await ensureSandboxImage({ docker, log: (line) => console.error(line) });
  console.log(`${image} ${built ? 'built' : 'is there already'} on ${socket}`);
  return 0;
}

/** `webnova sandbox status|run|image build`. */
export async function sandboxCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  try {
    if (sub === 'status') {
      const { values } = parseArgs({ args: rest, options: { json: { type: 'boolean', default: false } } });
      return await status(values.json);
    }
    if (sub === 'run') return await run(rest);
    if (sub === 'image' && rest[0] === 'build' && rest.length === 1) return await buildImage();
  } catch (error) {
    // Refusals from core (no backend, a path it will not bind, a language not installed) are the user's to act on.
    if (isCoreError(error)) throw new CliError(`webnova sandbox ${sub}: ${error.message}`, 2);
    throw error;
  }
  throw new CliError(`usage:\n${sandboxUsage}`, 2);
}
