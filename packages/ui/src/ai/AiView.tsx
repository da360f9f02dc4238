import { History, KeyRound, Send, Sparkles, Square } from 'lucide-react';
import { type FormEvent, type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../components/EmptyState';
import { IconButton } from '../components/IconButton';
import { ViewHeader } from '../components/ViewHeader';
import { useEditors } from '../editor/editors-store';
import { useWorkspace } from '../workspace/workspace-store';
import { AiSettingsForm } from './AiSettingsForm';
import { AiTurnView } from './AiTurnView';
import { type AiMode, useAi } from './ai-store';
import './ai.css';

const MODES: readonly AiMode[] = ['plan', 'explain', 'fix', 'chat'];

function Checkpoints() {
  const { t } = useTranslation();
  const checkpoints = useAi((s) => s.checkpoints);
  if (checkpoints.length === 0) return null;
  return (
    <section className="ai-checkpoints" aria-label={t('ai.checkpoints.title')}>
      <h3 className="ai-section-title">
        <History size={14} aria-hidden="true" /> {t('ai.checkpoints.title')}
      </h3>
      <ul>
        {checkpoints.map((checkpoint) => (
          <li key={checkpoint.oid} className="ai-checkpoint">
            <span className="ai-checkpoint-message" dir="auto" title={checkpoint.message}>
              {checkpoint.message}
            </span>
            <code dir="ltr">{checkpoint.oid.slice(0, 7)}</code>
            <button
              type="button"
              className="button button-secondary button-small"
              aria-label={t('ai.checkpoints.restoreNamed', { commit: checkpoint.oid.slice(0, 7) })}
              onClick={() => void useAi.getState().restore(checkpoint.oid)}
            >
              {t('ai.checkpoints.restore')}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The AI side view: describe a platform or ask about code, see the proposal and its diff, Apply. */
export function AiView() {
  const { t } = useTranslation();
  const status = useAi((s) => s.status);
  const turns = useAi((s) => s.turns);
  const mode = useAi((s) => s.mode);
  const settingsOpen = useAi((s) => s.settingsOpen);
  const workspace = useWorkspace((s) => s.workspace);
  const activePath = useEditors((s) => s.active);
  const [prompt, setPrompt] = useState('');
  const log = useRef<HTMLDivElement>(null);
  const running = turns.some((turn) => turn.state === 'running');

  useEffect(() => {
    if (!useAi.getState().status) void useAi.getState().load();
  }, []);
  useEffect(() => {
    log.current?.scrollTo({ top: log.current.scrollHeight });
  }, [turns]);

  const send = (event?: FormEvent) => {
    event?.preventDefault();
    if (!prompt.trim() || running) return;
    void useAi.getState().send(prompt, activePath && mode !== 'plan' ? { path: activePath } : {});
    setPrompt('');
  };
  const onKey = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) send();
  };

  const provider = !status
    ? ''
    : status.provider === 'claude'
      ? t('ai.provider.claude', { model: status.model })
      : t('ai.provider.offline');

  return (
    <div className="view ai-view">
      <ViewHeader title={t('views.ai.title')}>
        <IconButton
          icon={KeyRound}
          label={t('ai.settings.title')}
          pressed={settingsOpen}
          onClick={() => useAi.getState().toggleSettings()}
        />
      </ViewHeader>
      <p className="ai-provider" data-testid="ai-provider">
        <Sparkles size={14} aria-hidden="true" /> <span dir="auto">{provider}</span>
      </p>
      {settingsOpen ? <AiSettingsForm /> : null}
      <div ref={log} className="ai-conversation" role="log" aria-label={t('ai.conversation')} aria-live="polite">
        {turns.length === 0 ? (
          <EmptyState icon={Sparkles} text={t(workspace ? 'ai.empty' : 'ai.emptyNoFolder')} />
        ) : (
          turns.map((turn) => <AiTurnView key={turn.id} turn={turn} />)
        )}
        <Checkpoints />
      </div>
      <form className="ai-composer" onSubmit={send}>
        <fieldset className="ai-modes" aria-label={t('ai.mode.label')}>
          {MODES.map((each) => (
            <button
              key={each}
              type="button"
              className="ai-mode"
              aria-pressed={mode === each}
              onClick={() => useAi.getState().setMode(each)}
            >
              {t(`ai.mode.${each}`)}
            </button>
          ))}
        </fieldset>
        <label className="field-label" htmlFor="ai-prompt">
          {t(`ai.prompt.${mode}`)}
        </label>
        <textarea
          id="ai-prompt"
          className="text-input ai-prompt-input"
          dir="auto"
          rows={3}
          value={prompt}
          placeholder={t('ai.prompt.placeholder')}
          onChange={(event) => setPrompt(event.target.value)}
          onKeyDown={onKey}
        />
        <div className="ai-row">
          {running ? (
            <button type="button" className="button button-secondary" onClick={() => void useAi.getState().cancel()}>
              <Square size={14} aria-hidden="true" /> {t('ai.stop')}
            </button>
          ) : (
            <button type="submit" className="button button-primary" disabled={!prompt.trim()}>
              <Send size={14} aria-hidden="true" /> {t('ai.send')}
            </button>
          )}
        </div>
      </form>
    </div>
  );
}
