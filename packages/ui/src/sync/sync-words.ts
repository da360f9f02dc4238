import { i18n, t, tMessage } from '../i18n/i18n';
import type { SyncFailure, SyncStatus } from './sync-store';

/** Why signing in failed, in the window's language: wrong password, no server, revoked, a bad address. */
export function signInErrorMessage(failure: SyncFailure): string {
  const key = `sync.signIn.errors.${failure.code}`;
  return i18n.exists(key) ? t(key) : t('sync.signIn.errors.other');
}

/** Any other failure of a sync call: sync's own words for the server's codes, else the shared ones. */
export function syncErrorMessage(failure: SyncFailure): string {
  const keys = failure.local ? [`errors.${failure.code}`] : [`sync.errors.${failure.code}`, `errors.${failure.code}`];
  for (const key of keys) if (i18n.exists(key)) return t(key);
  return t('errors.INTERNAL');
}

/** A moment as the user's language writes it, short: the time alone today, else the day and time. */
export function formatWhen(at: string, now = new Date()): string {
  const when = new Date(at);
  const today = when.toDateString() === now.toDateString();
  return when.toLocaleString(
    i18n.language,
    today
      ? { hour: 'numeric', minute: '2-digit' }
      : {
          month: 'short',
          day: 'numeric',
          hour: 'numeric',
          minute: '2-digit',
          ...(when.getFullYear() === now.getFullYear() ? {} : { year: 'numeric' }),
        },
  );
}

/** The later of the last push and the last pull. */
export function lastSyncAt(status: SyncStatus): string | null {
  const times = [status.lastPushAt, status.lastPullAt].filter((at): at is string => at !== null);
  return times.length === 0 ? null : times.reduce((a, b) => (Date.parse(a) >= Date.parse(b) ? a : b));
}

/** The status bar's short text for a state. */
export function statusText(status: SyncStatus | null): string {
  if (!status) return t('sync.status.loading');
  if (status.state === 'offline') return t('sync.status.offline', { count: status.waiting });
  if (status.state === 'conflict') return t('sync.status.conflict', { count: status.refused });
  return t(`sync.status.${status.state}`);
}

/** The status bar item's tooltip: who and where, and when it last synced. */
export function statusTooltip(status: SyncStatus | null): string {
  const account = status?.account;
  if (!status || !account) return t('sync.status.tooltipSignedOut');
  const last = lastSyncAt(status);
  const lines = [
    t('sync.status.tooltipAccount', { email: account.email, server: account.server }),
    t(`sync.state.${status.state}`),
    last ? t('sync.status.tooltipLastSync', { at: formatWhen(last) }) : t('sync.status.tooltipNever'),
  ];
  const problem = problemText(status);
  if (problem) lines.push(problem);
  return lines.join('\n');
}

/** Why sync is offline or stopped, in the window's language when core said it as a message. */
export function problemText(status: SyncStatus): string | null {
  return status.problemMessage ? tMessage(status.problemMessage) : status.problem;
}
