import { Pencil, Plus, Sparkles, SquareTerminal, Trash2 } from 'lucide-react';
import { type KeyboardEvent, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../components/EmptyState';
import { IconButton } from '../components/IconButton';
import './terminal.css';
import { fixTerminalError, killTerminal, newTerminal, renameTerminal } from './terminal-actions';
import { type TerminalInfo, useTerminals } from './terminal-store';
import { terminalViews } from './terminal-views';

/** The Terminal tab of the bottom panel: the active terminal, and the list of terminals beside it. */
export function TerminalPanel() {
  const { t } = useTranslation();
  const terminals = useTerminals((s) => s.terminals);
  const activeId = useTerminals((s) => s.activeId);
  if (terminals.length === 0 || !activeId) {
    return (
      <EmptyState icon={SquareTerminal} text={t('panel.terminal.empty')}>
        <button type="button" className="button button-primary button-small" onClick={() => void newTerminal()}>
          {t('terminal.new')}
        </button>
      </EmptyState>
    );
  }
  return (
    <div className="terminal-panel">
      <TerminalScreen id={activeId} />
      <TerminalList terminals={terminals} activeId={activeId} />
    </div>
  );
}

/** The box the active terminal's xterm is moved into; it refits whenever the box changes size. */
function TerminalScreen({ id }: { id: string }) {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  const name = useTerminals((s) => s.terminals.find((terminal) => terminal.id === id)?.name ?? '');

  useEffect(() => {
    const container = box.current;
    const view = terminalViews()?.view(id);
    if (!container || !view) return;
    let frame = 0;
    const observer = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => void view.then((v) => v.fit()));
    });
    void view.then(async (v) => {
      await v.show(container);
      observer.observe(container);
    });
    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
    };
  }, [id]);

  return <section ref={box} className="terminal-screen" aria-label={t('terminal.screen', { name })} dir="ltr" />;
}

function TerminalList({ terminals, activeId }: { terminals: TerminalInfo[]; activeId: string }) {
  const { t } = useTranslation();
  const select = useTerminals((s) => s.select);
  const startRename = useTerminals((s) => s.startRename);
  const list = useRef<HTMLDivElement>(null);

  const show = (id: string) => {
    select(id);
    void terminalViews()
      ?.view(id)
      ?.then((v) => v.focus());
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.target instanceof HTMLInputElement) return;
    const step = { ArrowDown: 1, ArrowUp: -1 }[event.key];
    if (event.key === 'F2') {
      event.preventDefault();
      startRename(activeId);
      return;
    }
    if (step === undefined) return;
    event.preventDefault();
    const index = terminals.findIndex((terminal) => terminal.id === activeId);
    const next = terminals[(index + step + terminals.length) % terminals.length];
    if (!next) return;
    select(next.id);
    list.current?.querySelector<HTMLElement>(`[data-terminal-tab="${next.id}"]`)?.focus();
  };

  return (
    <div className="terminal-list">
      <div className="terminal-list-actions">
        <IconButton icon={Plus} label={t('terminal.new')} onClick={() => void newTerminal()} />
        <IconButton icon={Pencil} label={t('terminal.rename')} onClick={() => startRename(activeId)} />
        <IconButton icon={Trash2} label={t('terminal.kill')} onClick={() => void killTerminal(activeId)} />
        <IconButton icon={Sparkles} label={t('ai.ask.fixTerminalAction')} onClick={() => void fixTerminalError()} />
      </div>
      <div
        role="tablist"
        aria-label={t('terminal.list')}
        aria-orientation="vertical"
        className="terminal-tabs"
        ref={list}
        onKeyDown={onKeyDown}
      >
        {terminals.map((terminal) => (
          <TerminalTab
            key={terminal.id}
            terminal={terminal}
            active={terminal.id === activeId}
            onSelect={() => show(terminal.id)}
          />
        ))}
      </div>
    </div>
  );
}

function TerminalTab({
  terminal,
  active,
  onSelect,
}: {
  terminal: TerminalInfo;
  active: boolean;
  onSelect: () => void;
}) {
  const { t } = useTranslation();
  const renaming = useTerminals((s) => s.renamingId === terminal.id);
  const startRename = useTerminals((s) => s.startRename);
  if (renaming) {
    return (
      <input
        className="terminal-rename"
        aria-label={t('terminal.newName')}
        defaultValue={terminal.name}
        maxLength={60}
        // biome-ignore lint/a11y/noAutofocus: the user just asked to rename this terminal.
        autoFocus
        onFocus={(event) => event.currentTarget.select()}
        onBlur={(event) => void renameTerminal(terminal.id, event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') void renameTerminal(terminal.id, event.currentTarget.value);
          if (event.key === 'Escape') startRename(null);
        }}
      />
    );
  }
  const exited = terminal.status === 'exited';
  return (
    <button
      type="button"
      role="tab"
      data-terminal-tab={terminal.id}
      aria-selected={active}
      tabIndex={active ? 0 : -1}
      className={`terminal-tab${active ? ' is-active' : ''}${exited ? ' is-exited' : ''}`}
      onClick={onSelect}
      onDoubleClick={() => startRename(terminal.id)}
    >
      <SquareTerminal size={14} strokeWidth={1.75} aria-hidden="true" />
      <bdi className="terminal-tab-name">{terminal.name}</bdi>
      {exited ? <span className="terminal-tab-status">{t('terminal.exited', { code: terminal.exitCode })}</span> : null}
    </button>
  );
}
