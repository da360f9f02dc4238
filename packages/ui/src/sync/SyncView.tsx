import { Cloud, CloudOff } from 'lucide-react';
import { type ReactNode, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../components/EmptyState';
import { ViewHeader } from '../components/ViewHeader';
import { BlueprintConflicts } from './BlueprintConflicts';
import { useBlueprintConflicts } from './blueprint-conflicts-store';
import { CodeSyncSections } from './CodeSyncSections';
import { Section } from './Section';
import { type SyncDevice, type SyncStatus, useSync } from './sync-store';
import { formatWhen, problemText, syncErrorMessage } from './sync-words';
import './sync.css';

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="sync-row">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** Where an address or an email may break: after `@`, `//` and before a port's `:` (the rest stays whole). */
const BREAKS = /(?<=@|\/\/)|(?=:\d)/;

/** An address or an email: left-to-right, all of it, broken over lines at its natural joints when narrow. */
function Ltr({ text }: { text: string }) {
  const parts = text.split(BREAKS);
  return (
    <span className="sync-ltr" dir="ltr" title={text}>
      {parts.map((part, index) => (
        <span key={index}>
          {index > 0 ? <wbr /> : null}
          {part}
        </span>
      ))}
    </span>
  );
}

/** The devices the server lets this user see: an owner's, every device of the tenant; a member's, their own. */
function Devices({ deviceId, allOfTenant }: { deviceId: string; allOfTenant: boolean }) {
  const { t } = useTranslation();
  const devices = useSync((s) => s.devices);
  const failure = useSync((s) => s.devicesError);
  const title = t(allOfTenant ? 'sync.view.devicesOfTenant' : 'sync.view.yourDevices');
  const line = (device: SyncDevice) =>
    device.revokedAt
      ? t('sync.view.revokedAt', { when: formatWhen(device.revokedAt) })
      : device.lastSeenAt
        ? t('sync.view.lastSeen', { when: formatWhen(device.lastSeenAt) })
        : t('sync.view.notSeen');
  return (
    <Section title={title}>
      {failure ? (
        <p className="view-hint sync-hint" role="status">
          {t('sync.view.devicesFailed')} {syncErrorMessage(failure)}
        </p>
      ) : devices === null ? (
        <p className="view-hint sync-hint">{t('common.loading')}</p>
      ) : (
        <ul className="sync-devices">
          {devices.map((device) => (
            <li key={device.deviceId} className={`sync-device${device.revokedAt ? ' is-revoked' : ''}`}>
              <span className="sync-device-head">
                <span className="sync-device-name" dir="auto">
                  {device.name}
                </span>
                {device.deviceId === deviceId ? (
                  <span className="sync-device-tag">{t('sync.view.thisDeviceTag')}</span>
                ) : null}
              </span>
              {allOfTenant ? <Ltr text={device.userEmail} /> : null}
              <span className="sync-device-line">{line(device)}</span>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

function SignedIn({ status }: { status: SyncStatus & { account: NonNullable<SyncStatus['account']> } }) {
  const { t } = useTranslation();
  const refusals = useSync((s) => s.refusals);
  const syncing = useSync((s) => s.syncing);
  const conflicts = useBlueprintConflicts((s) => s.conflicts.length);
  const { account } = status;
  const when = (at: string | null) => (at ? formatWhen(at) : t('sync.view.never'));
  return (
    <>
      <Section title={t('sync.view.status')}>
        <p className={`sync-state is-${status.state}`}>{t(`sync.state.${status.state}`)}</p>
        <dl className="sync-facts">
          <Row label={t('sync.view.lastPush')}>{when(status.lastPushAt)}</Row>
          <Row label={t('sync.view.lastPull')}>{when(status.lastPullAt)}</Row>
          <Row label={t('sync.view.waiting')}>{t('sync.view.waitingCount', { count: status.waiting })}</Row>
          {problemText(status) ? (
            <Row label={t('sync.view.problem')}>
              <span className="sync-problem" dir="auto">
                {problemText(status)}
              </span>
            </Row>
          ) : null}
        </dl>
        <div className="sync-actions">
          <button
            type="button"
            className="button button-primary"
            disabled={syncing || status.state === 'stopped'}
            aria-busy={syncing}
            onClick={() => void useSync.getState().syncNow()}
          >
            {syncing ? t('sync.view.syncing') : t('sync.view.syncNow')}
          </button>
          <button type="button" className="button button-secondary" onClick={() => void useSync.getState().signOut()}>
            {t('sync.view.signOut')}
          </button>
        </div>
      </Section>
      {conflicts > 0 ? (
        <Section title={t('sync.blueprint.title')}>
          <BlueprintConflicts />
        </Section>
      ) : null}
      <Section title={t('sync.view.account')}>
        <dl className="sync-facts">
          <Row label={t('sync.view.email')}>
            <Ltr text={account.email} />
          </Row>
          <Row label={t('sync.view.role')}>{t(`sync.role.${account.role}`)}</Row>
          <Row label={t('sync.view.server')}>
            <Ltr text={account.server} />
          </Row>
          <Row label={t('sync.view.device')}>
            <span dir="auto">{account.deviceName}</span>
          </Row>
        </dl>
      </Section>
      <CodeSyncSections />
      <Devices deviceId={account.deviceId} allOfTenant={account.role !== 'member'} />
      <Section title={t('sync.view.refusals')}>
        {refusals.length === 0 ? (
          <p className="view-hint sync-hint">{t('sync.view.noRefusals')}</p>
        ) : (
          <ul className="sync-refusals">
            {refusals.map((refusal) => (
              <li key={refusal.seq} className="sync-refusal">
                <span className="sync-refusal-head">
                  <code className="sync-refusal-code" dir="ltr">
                    {refusal.code}
                  </code>
                  <span className="sync-refusal-seq">{t('sync.view.refusalSeq', { seq: refusal.seq })}</span>
                </span>
                <span className="sync-refusal-message" dir="auto">
                  {refusal.message}
                </span>
              </li>
            ))}
          </ul>
        )}
      </Section>
    </>
  );
}

/**
 * The Sync side view: the account and this device, where sync stands (last sent and received, what
 * waits), what the server refused and why, Sync Now and Sign Out. Signed out, it says WebNova works
 * without a server and offers to sign in; stopped, it says plainly that the server no longer accepts
 * this device and that nothing local was lost.
 */
export function SyncView() {
  const { t } = useTranslation();
  const status = useSync((s) => s.status);
  const error = useSync((s) => s.error);

  useEffect(() => {
    void useSync
      .getState()
      .load()
      .then(() => useSync.getState().loadDevices());
    void useBlueprintConflicts.getState().load();
  }, []);

  const account = status?.account ?? null;
  return (
    <div className="view sync-view">
      <ViewHeader title={t('views.sync.title')} />
      <div className="view-body sync-body">
        {error ? (
          <p role="alert" className="field-error sync-error">
            {syncErrorMessage(error)}
            <span className="field-error-detail">{error.detail}</span>
          </p>
        ) : null}
        {!status ? (
          <p className="view-hint sync-hint">{t('common.loading')}</p>
        ) : !account ? (
          <EmptyState icon={Cloud} title={t('sync.view.signedOutTitle')} text={t('sync.view.signedOutText')}>
            <button type="button" className="button button-primary" onClick={() => useSync.getState().openSignIn()}>
              {t('sync.view.signIn')}
            </button>
          </EmptyState>
        ) : (
          <>
            {status.state === 'stopped' ? (
              <div className="sync-stopped" role="status">
                <CloudOff size={16} aria-hidden="true" className="sync-stopped-icon" />
                <div>
                  <p className="sync-stopped-title">{t('sync.view.stoppedTitle')}</p>
                  <p className="sync-stopped-text">{t('sync.view.stoppedText')}</p>
                  <button
                    type="button"
                    className="button button-primary"
                    onClick={() => useSync.getState().openSignIn()}
                  >
                    {t('sync.view.signInAgain')}
                  </button>
                </div>
              </div>
            ) : null}
            <SignedIn status={{ ...status, account }} />
          </>
        )}
      </div>
    </div>
  );
}
