import { Copy, GitBranch, Trash2 } from 'lucide-react';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { IconButton } from '../components/IconButton';
import { useCodeSync } from './code-sync-store';
import { Section } from './Section';
import { formatWhen } from './sync-words';

/** The open repository's branches the server does not have yet: work done offline waits here. */
function WaitingBranches() {
  const { t } = useTranslation();
  const waiting = useCodeSync((s) => s.waiting);
  const origin = useCodeSync((s) => s.origin);
  return (
    <Section title={t('sync.code.waitingTitle')}>
      {origin === null ? (
        <p className="view-hint sync-hint">{t('sync.code.notPublished')}</p>
      ) : waiting.length === 0 ? (
        <p className="view-hint sync-hint">{t('sync.code.nothingWaiting')}</p>
      ) : (
        <ul className="sync-waiting" aria-label={t('sync.code.waitingTitle')}>
          {waiting.map((branch) => (
            <li key={branch.name} className="sync-waiting-branch">
              <GitBranch size={14} aria-hidden="true" />
              <span dir="ltr">{branch.name}</span>
              <span className="sync-waiting-line">
                {branch.upstream ? t('sync.code.commitsAhead', { count: branch.ahead }) : t('sync.code.notOnServer')}
              </span>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

/** Personal access tokens for the git command line: created (shown once, copyable), listed, revoked. */
function AccessTokens() {
  const { t } = useTranslation();
  const tokens = useCodeSync((s) => s.tokens);
  const created = useCodeSync((s) => s.created);
  const error = useCodeSync((s) => s.error);
  const unavailable = useCodeSync((s) => s.tokensUnavailable);
  const busy = useCodeSync((s) => s.busy);
  const [name, setName] = useState('');
  const [scope, setScope] = useState<'read' | 'read-write'>('read-write');
  const [copied, setCopied] = useState(false);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return;
    setCopied(false);
    if (await useCodeSync.getState().createToken(name.trim(), scope)) setName('');
  };

  return (
    <Section title={t('sync.code.tokensTitle')}>
      <p className="view-hint sync-hint">{t('sync.code.tokensHint')}</p>
      {created ? (
        <div className="sync-token-created" role="status">
          <p>{t('sync.code.createdOnce', { name: created.name })}</p>
          <div className="sync-token-secret">
            <code dir="ltr" data-testid="created-token">
              {created.token}
            </code>
            <IconButton
              icon={Copy}
              label={copied ? t('sync.code.copied') : t('sync.code.copy')}
              onClick={() => {
                void navigator.clipboard?.writeText(created.token).then(() => setCopied(true));
              }}
            />
          </div>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => useCodeSync.getState().dismissCreated()}
          >
            {t('sync.code.done')}
          </button>
        </div>
      ) : null}
      <form className="sync-token-form" onSubmit={create}>
        <label className="field-label" htmlFor="sync-token-name">
          {t('sync.code.tokenName')}
        </label>
        <input
          id="sync-token-name"
          className="text-input"
          dir="auto"
          value={name}
          maxLength={100}
          onChange={(event) => setName(event.target.value)}
          autoComplete="off"
        />
        <label className="field-label" htmlFor="sync-token-scope">
          {t('sync.code.scope')}
        </label>
        <select
          id="sync-token-scope"
          className="text-input"
          value={scope}
          onChange={(event) => setScope(event.target.value as 'read' | 'read-write')}
        >
          <option value="read-write">{t('sync.code.scopes.read-write')}</option>
          <option value="read">{t('sync.code.scopes.read')}</option>
        </select>
        <button type="submit" className="button button-primary" disabled={busy || !name.trim()}>
          {t('sync.code.create')}
        </button>
      </form>
      {error ? (
        <p className="field-error" role="alert">
          {error.detail}
        </p>
      ) : null}
      {unavailable ? (
        <p className="view-hint sync-hint">
          {t('sync.code.tokensUnavailable')} <span dir="auto">{unavailable.detail}</span>
        </p>
      ) : tokens === null ? (
        <p className="view-hint sync-hint">{t('common.loading')}</p>
      ) : tokens.length === 0 ? (
        <p className="view-hint sync-hint">{t('sync.code.noTokens')}</p>
      ) : (
        <ul className="sync-tokens" aria-label={t('sync.code.tokensTitle')}>
          {tokens.map((token) => (
            <li key={token.id} className="sync-token">
              <span className="sync-token-head">
                <span dir="auto">{token.name}</span>
                <span className="sync-token-scope">{t(`sync.code.scopes.${token.scope}`)}</span>
              </span>
              <span className="sync-token-line">
                {token.expiresAt
                  ? t('sync.code.expires', { when: formatWhen(token.expiresAt) })
                  : t('sync.code.created', { when: formatWhen(token.createdAt) })}
              </span>
              <IconButton
                icon={Trash2}
                label={t('sync.code.revoke', { name: token.name })}
                disabled={busy}
                onClick={() => void useCodeSync.getState().revokeToken(token.id)}
              />
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

/** The Sync view's code part, signed in. */
export function CodeSyncSections() {
  useEffect(() => {
    void useCodeSync.getState().load();
  }, []);
  return (
    <>
      <WaitingBranches />
      <AccessTokens />
    </>
  );
}
