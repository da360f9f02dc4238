import type { SandboxRunEnd } from '@webnova/core/contracts';
import { Square } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { IconButton } from '../components/IconButton';
import { tMessage } from '../i18n/i18n';
import { logText } from '../run/task-log';
import { type RunLimitsView, type SandboxRunView, useSandbox } from './sandbox-store';

type Translate = (key: string, values?: Record<string, unknown>) => string;

const MB = 1024 * 1024;

export function limitsText(limits: RunLimitsView, t: Translate): string {
  return t('sandbox.limits', {
    memory: limits.memoryMb,
    cpu: limits.cpuSeconds,
    wall: limits.wallSeconds,
    processes: limits.processes,
    written: Math.round(limits.writtenBytes / MB),
  });
}

/** How long a run took, in the reader's numbers: "48 ms", "1.2 s". */
function durationText(ms: number, t: Translate): string {
  return ms < 1000
    ? t('sandbox.ms', { value: Math.round(ms) })
    : t('sandbox.seconds', { value: (ms / 1000).toFixed(1) });
}

/** How a run ended: the limit that stopped it first ("stopped: memory limit 512 MB"), else its exit. */
export function endText(end: SandboxRunEnd, limits: RunLimitsView, t: Translate): string {
  if (end.error) return t('sandbox.end.notStarted', { reason: tMessage(end.error) });
  const took = durationText(end.durationMs, t);
  const limit = end.limitHit ?? (end.timedOut ? 'wall' : null);
  if (limit) {
    const value = {
      memory: limits.memoryMb,
      cpu: limits.cpuSeconds,
      wall: limits.wallSeconds,
      processes: limits.processes,
      disk: Math.round(limits.writtenBytes / MB),
    }[limit];
    return t('sandbox.end.stopped', { limit: t(`sandbox.limit.${limit}`, { value }), took });
  }
  if (end.exitCode === null) return t('sandbox.end.signal', { signal: end.signal ?? '?', took });
  return t('sandbox.end.exited', { code: end.exitCode, took });
}

function RunEntry({ run }: { run: SandboxRunView }) {
  const { t } = useTranslation();
  const text = logText(run.log);
  const failed = run.end !== null && (run.end.exitCode !== 0 || run.end.error !== undefined);
  return (
    <section className="sandbox-run" aria-label={run.title}>
      <div className="sandbox-run-head">
        <span className="sandbox-run-title" dir="auto">
          {t(run.kind === 'file' ? 'sandbox.head.file' : 'sandbox.head.decision', { title: run.title })}
        </span>
        <span className="sandbox-run-where">
          {t('sandbox.head.where', {
            isolation: t(`sandbox.isolation.${run.isolation}`),
            limits: limitsText(run.limits, t),
          })}
        </span>
      </div>
      {text.length > 0 ? <pre className="sandbox-run-output">{text}</pre> : null}
      {run.end === null ? (
        <div className="sandbox-run-end is-running" role="status">
          <span>{t('sandbox.end.running')}</span>
          {run.kind === 'file' ? (
            <IconButton
              icon={Square}
              label={t('sandbox.actions.stopRun', { title: run.title })}
              onClick={() => void useSandbox.getState().cancel(run.runId)}
            />
          ) : null}
        </div>
      ) : (
        <div className={`sandbox-run-end${failed ? ' is-failed' : ''}`} role="status">
          {endText(run.end, run.limits, t)}
        </div>
      )}
    </section>
  );
}

/** What this machine has: the backend runs use (or how to get one), and each language or what to install. */
function SandboxStatusNote() {
  const { t } = useTranslation();
  const status = useSandbox((s) => s.status);
  if (!status) return <p className="output-empty">{t('sandbox.empty')}</p>;
  const ready = status.languages.filter((language) => !language.missing);
  const missing = status.languages.filter((language) => language.missing);
  return (
    <div className="output-empty sandbox-status">
      <p>
        {status.chosen
          ? t('sandbox.status.backend', { backend: t(`sandbox.isolation.${status.chosen}`) })
          : t('sandbox.status.noBackend')}
      </p>
      {status.chosen ? null : (
        <ul dir="ltr">
          {status.backends
            .filter((backend) => backend.isolation !== 'host')
            .map((backend) => (
              <li key={backend.isolation}>{`${backend.isolation}: ${backend.detail}`}</li>
            ))}
        </ul>
      )}
      <p>
        {t('sandbox.status.languages', {
          languages: ready.map((language) => `${language.label} ${language.version ?? ''}`.trim()).join(' · '),
        })}
      </p>
      {missing.length ? (
        <>
          <p>{t('sandbox.status.missing')}</p>
          <ul dir="ltr">
            {missing.map((language) => (
              <li key={language.id}>{`${language.label}: ${language.missing}`}</li>
            ))}
          </ul>
        </>
      ) : null}
      <p>{t('sandbox.empty')}</p>
    </div>
  );
}

/** The Sandbox channel of the Output panel: each run with where it ran, its limits, its output and its end. */
export function SandboxLog() {
  const { t } = useTranslation();
  const runs = useSandbox((s) => s.runs);
  return (
    <div
      className="output sandbox-log"
      role="log"
      aria-label={t('sandbox.channel')}
      dir="ltr"
      // biome-ignore lint/a11y/noNoninteractiveTabindex: the log scrolls, so keyboard users must be able to reach it.
      tabIndex={0}
    >
      {runs.length === 0 ? <SandboxStatusNote /> : null}
      {runs.map((run) => (
        <RunEntry key={run.runId} run={run} />
      ))}
    </div>
  );
}
