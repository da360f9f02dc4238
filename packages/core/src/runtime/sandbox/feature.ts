/**
 * "Run File in Sandbox" over the API: a workspace file runs in its language's sandbox, its output
 * streams as events, and it ends with its exit code, duration and the limit that stopped it. The same
 * events carry the commands decisions run (governance emits them), so one Output channel shows both.
 */
import { Writable } from 'node:stream';
import type { EventBus } from '../../api/event-bus.js';
import { defineCoreFeature } from '../../api/feature.js';
import { CoreError, untranslatedError } from '../../contracts/errors.js';
import { DEFAULT_LIMITS, type RunLimits } from './command-runner.js';
import { type SandboxRunEnd, sandboxContract } from './contract.js';
import { detectLanguages, forgetLanguages, LANGUAGES, languageOfFile } from './languages.js';
import { endOfFailure, endOfResult } from './run-end.js';
import { runUserFile } from './run-user-code.js';
import { chooseRunner, detectSandbox, SANDBOX_PATH } from './sandbox.js';

/** A writable that passes each chunk of a run's stream on as an event. */
function streamTo(bus: EventBus, runId: string, stream: 'stdout' | 'stderr'): Writable {
  return new Writable({
    decodeStrings: false,
    write(chunk: Buffer | string, _encoding, done) {
      bus.emit('sandbox.output', { runId, stream, chunk: typeof chunk === 'string' ? chunk : chunk.toString('utf8') });
      done();
    },
  });
}

/** Every file ending some language of the sandbox runs, each asked of `languageOfFile` for its language. */
const FILE_ENDINGS = [...new Set([...Object.values(LANGUAGES).map((spec) => spec.extension), '.mjs', '.cjs'])];

export const sandboxFeature = defineCoreFeature(sandboxContract, (context) => {
  const running = new Map<string, AbortController>();
  let runs = 0;

  return {
    handlers: {
      'sandbox.status': async () => {
        forgetLanguages();
        const [found, languages] = await Promise.all([detectSandbox(), detectLanguages(SANDBOX_PATH)]);
        return {
          chosen: found.chosen,
          backends: found.backends.map(({ isolation, available, detail }) => ({ isolation, available, detail })),
          languages: languages.map(({ id, label, version, missing }) => ({
            id,
            label,
            extensions: FILE_ENDINGS.filter((ending) => languageOfFile(`file${ending}`) === id),
            ...(version ? { version } : {}),
            ...(missing ? { missing } : {}),
          })),
        };
      },
      'sandbox.runFile': async ({ path, stdin }) => {
        const workspace = context.current();
        const file = (await workspace.resolve(path)).real;
        const id = languageOfFile(file);
        if (!id) {
          throw new CoreError('INVALID_INPUT', {
            code: 'ERROR_SANDBOX_NO_LANGUAGE_FOR_FILE',
            params: {
              path,
              languages: Object.values(LANGUAGES)
                .map((spec) => spec.extension)
                .join(' '),
            },
          });
        }
        const language = (await detectLanguages(SANDBOX_PATH)).find((one) => one.id === id);
        if (!language || language.missing) {
          throw new CoreError('NOT_FOUND', {
            code: 'ERROR_SANDBOX_LANGUAGE_MISSING',
            params: { language: LANGUAGES[id].label, hint: language?.missing ?? LANGUAGES[id].install },
          });
        }
        // A user's own file never goes to the host: without a sandbox the run is refused, saying how to get one.
        const runner = await chooseRunner({ hostApproved: false });
        const { memoryMb, wallSeconds } = context.settings.get().sandbox;
        const limits: RunLimits = {
          ...DEFAULT_LIMITS,
          memoryMb,
          wallSeconds,
          cpuSeconds: Math.min(DEFAULT_LIMITS.cpuSeconds, wallSeconds),
        };
        const runId = `file-${++runs}`;
        const controller = new AbortController();
        running.set(runId, controller);
        context.bus.emit('sandbox.started', { runId, kind: 'file', title: path, isolation: runner.isolation, limits });
        void runUserFile(
          {
            runner,
            language,
            limits,
            ...(stdin === undefined ? {} : { stdin }),
            stdout: streamTo(context.bus, runId, 'stdout'),
            stderr: streamTo(context.bus, runId, 'stderr'),
            signal: controller.signal,
          },
          file,
        )
          .then(
            (result) => endOfResult(result),
            (error: unknown) =>
              endOfFailure(
                runner.isolation,
                error instanceof CoreError ? error.systemMessage : untranslatedError(String(error)),
              ),
          )
          .then((end) => {
            running.delete(runId);
            context.bus.emit('sandbox.finished', { runId, end });
          });
        return { runId, language: language.label, isolation: runner.isolation, limits };
      },
      'sandbox.cancel': async ({ runId }) => {
        const controller = running.get(runId);
        controller?.abort();
        return { cancelled: controller !== undefined };
      },
    },
    close() {
      for (const controller of running.values()) controller.abort();
      running.clear();
    },
  };
});
