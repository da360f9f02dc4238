import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAi } from './ai-store';

/** The key (write-only: the panel only learns whether one is set), the model and the endpoint. */
export function AiSettingsForm() {
  const { t } = useTranslation();
  const status = useAi((s) => s.status);
  const [key, setKey] = useState('');
  const [model, setModel] = useState(status?.settings.model ?? '');
  const [baseUrl, setBaseUrl] = useState(status?.settings.baseUrl ?? '');

  const saveKey = async (event: FormEvent) => {
    event.preventDefault();
    if (await useAi.getState().setKey(key)) setKey('');
  };
  const saveSettings = async (event: FormEvent) => {
    event.preventDefault();
    await useAi.getState().configure({ model: model.trim(), baseUrl: baseUrl.trim() ? baseUrl.trim() : null });
  };

  const keyLine = !status?.keySet
    ? t('ai.settings.noKey')
    : status.keySource === 'environment'
      ? t('ai.settings.keyFromEnvironment')
      : t(status.keyStorage === 'os-keychain' ? 'ai.settings.keyInKeychain' : 'ai.settings.keyInFile');

  return (
    <section className="ai-settings" aria-label={t('ai.settings.title')}>
      <form onSubmit={(event) => void saveKey(event)}>
        <p className="ai-settings-key-state" role="status">
          {keyLine}
        </p>
        <label className="field-label" htmlFor="ai-key">
          {t('ai.settings.key')}
        </label>
        <input
          id="ai-key"
          className="text-input"
          type="password"
          autoComplete="off"
          spellCheck={false}
          dir="ltr"
          value={key}
          onChange={(event) => setKey(event.target.value)}
        />
        <div className="ai-row">
          <button type="submit" className="button button-primary button-small" disabled={key.trim().length < 8}>
            {t('ai.settings.saveKey')}
          </button>
          {status?.keySource === 'stored' ? (
            <button
              type="button"
              className="button button-secondary button-small"
              onClick={() => void useAi.getState().clearKey()}
            >
              {t('ai.settings.removeKey')}
            </button>
          ) : null}
        </div>
      </form>
      <form onSubmit={(event) => void saveSettings(event)}>
        <label className="field-label" htmlFor="ai-model">
          {t('ai.settings.model')}
        </label>
        <input
          id="ai-model"
          className="text-input"
          dir="ltr"
          value={model}
          onChange={(event) => setModel(event.target.value)}
        />
        <label className="field-label" htmlFor="ai-base-url">
          {t('ai.settings.baseUrl')}
        </label>
        <input
          id="ai-base-url"
          className="text-input"
          dir="ltr"
          placeholder="https://api.anthropic.com"
          value={baseUrl}
          onChange={(event) => setBaseUrl(event.target.value)}
        />
        <div className="ai-row">
          <button type="submit" className="button button-secondary button-small" disabled={!model.trim()}>
            {t('ai.settings.save')}
          </button>
        </div>
      </form>
    </section>
  );
}
