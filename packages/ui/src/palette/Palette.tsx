import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { commandTitleKey, useCommands } from '../commands/command-registry';
import { formatShortcut } from '../commands/shortcut';
import { trapTab } from '../components/focusable';
import { useEditors } from '../editor/editors-store';
import { FileIcon } from '../explorer/FileIcon';
import { i18n } from '../i18n/i18n';
import { useWorkspace } from '../workspace/workspace-store';
import { useWorkspaceFiles } from './files-store';
import { COMMAND_PREFIX, isCommandQuery, usePalette } from './palette-store';
import { type CommandPick, type FilePick, rankCommands, rankFiles } from './rank';

type Pick = { kind: 'file'; file: FilePick } | { kind: 'command'; command: CommandPick };

function Highlighted({ text, hits }: { text: string; hits: readonly number[] }) {
  if (hits.length === 0) return <>{text}</>;
  const marked = new Set(hits);
  const pieces: { text: string; hit: boolean }[] = [];
  for (let i = 0; i < text.length; i++) {
    const hit = marked.has(i);
    const last = pieces[pieces.length - 1];
    if (last && last.hit === hit) last.text += text[i];
    else pieces.push({ text: text[i] ?? '', hit });
  }
  return (
    <>
      {pieces.map((piece, index) =>
        piece.hit ? <mark key={index}>{piece.text}</mark> : <span key={index}>{piece.text}</span>,
      )}
    </>
  );
}

/** Command palette and quick open in one: a combobox over a listbox of files or commands. */
export function Palette() {
  const open = usePalette((s) => s.open);
  return open ? <PaletteDialog /> : null;
}

function PaletteDialog() {
  const { t } = useTranslation();
  const { query, setQuery, hide } = usePalette();
  const commands = useCommands((s) => s.commands);
  const files = useWorkspaceFiles((s) => s.files);
  const truncated = useWorkspaceFiles((s) => s.truncated);
  const history = useEditors((s) => s.history);
  const hasWorkspace = useWorkspace((s) => s.workspace !== null);
  const [selected, setSelected] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const dialog = useRef<HTMLDivElement>(null);
  const listId = useId();
  const titleId = useId();
  const commandMode = isCommandQuery(query) || !hasWorkspace;

  useEffect(() => {
    if (!commandMode && files === null) void useWorkspaceFiles.getState().ensure();
  }, [commandMode, files]);

  useEffect(() => {
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    input.current?.focus();
    return () => {
      if (before?.isConnected) before.focus();
    };
  }, []);

  const picks: Pick[] = useMemo(() => {
    if (commandMode) {
      const english = i18n.getFixedT('en');
      const choices = Object.values(commands)
        .filter((command) => !command.enabled || command.enabled())
        .map((command) => {
          const binding = command.keybindings?.[0];
          return {
            id: command.id,
            title: t(commandTitleKey(command.id)),
            englishTitle: english(commandTitleKey(command.id)),
            keybinding: binding ? formatShortcut(binding) : undefined,
          };
        });
      const text = isCommandQuery(query) ? query.slice(COMMAND_PREFIX.length) : query;
      return rankCommands(text, choices).map((command) => ({ kind: 'command', command }));
    }
    return rankFiles(query, files ?? [], history).map((file) => ({ kind: 'file', file }));
  }, [commandMode, commands, files, history, query, t]);

  // A new query starts again from the best match.
  useEffect(() => setSelected(0), [query]);

  const choose = (pick: Pick | undefined) => {
    if (!pick) return;
    hide();
    if (pick.kind === 'file') void useEditors.getState().open(pick.file.path);
    else void useCommands.getState().run(pick.command.id);
  };

  const optionId = (index: number) => `${listId}-${index}`;
  const move = (index: number) => {
    const next = Math.max(0, Math.min(picks.length - 1, index));
    setSelected(next);
    document.getElementById(optionId(next))?.scrollIntoView({ block: 'nearest' });
  };

  const emptyText = commandMode
    ? t('palette.noCommands')
    : files === null
      ? t('common.loading')
      : query.trim() === ''
        ? t('palette.noFiles')
        : t('palette.noMatchingFiles');

  return createPortal(
    // biome-ignore lint/a11y/noStaticElementInteractions: a click outside closes the palette; Escape does the same from the keyboard.
    <div
      className="palette-backdrop"
      onMouseDown={(event) => {
        if (event.target === event.currentTarget) hide();
      }}
    >
      <div
        ref={dialog}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        data-palette=""
        className="palette"
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            event.preventDefault();
            event.stopPropagation();
            hide();
          } else if (dialog.current) {
            trapTab(event, dialog.current);
          }
        }}
      >
        <h2 id={titleId} className="visually-hidden">
          {commandMode ? t('palette.commandsTitle') : t('palette.filesTitle')}
        </h2>
        <input
          ref={input}
          role="combobox"
          aria-expanded="true"
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={picks.length > 0 ? optionId(selected) : undefined}
          aria-label={commandMode ? t('palette.commandsPlaceholder') : t('palette.filesPlaceholder')}
          placeholder={commandMode ? t('palette.commandsPlaceholder') : t('palette.filesPlaceholder')}
          className="palette-input"
          value={query}
          spellCheck={false}
          autoComplete="off"
          dir="auto"
          onChange={(event) => setQuery(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'ArrowDown') {
              event.preventDefault();
              move(selected + 1 >= picks.length ? 0 : selected + 1);
            } else if (event.key === 'ArrowUp') {
              event.preventDefault();
              move(selected - 1 < 0 ? picks.length - 1 : selected - 1);
            } else if (event.key === 'PageDown') {
              event.preventDefault();
              move(selected + 10);
            } else if (event.key === 'PageUp') {
              event.preventDefault();
              move(selected - 10);
            } else if (event.key === 'Enter') {
              event.preventDefault();
              choose(picks[selected]);
            }
          }}
        />
        <div
          id={listId}
          role="listbox"
          aria-label={commandMode ? t('palette.commandsTitle') : t('palette.filesTitle')}
          className="palette-list"
        >
          {picks.map((pick, index) => (
            // biome-ignore lint/a11y/useKeyWithClickEvents: the combobox input handles the keys for its listbox.
            <div
              key={pick.kind === 'file' ? pick.file.path : pick.command.id}
              id={optionId(index)}
              role="option"
              aria-selected={index === selected}
              tabIndex={-1}
              className={`palette-option${index === selected ? ' is-selected' : ''}`}
              onMouseMove={() => index !== selected && setSelected(index)}
              onClick={() => choose(pick)}
            >
              {pick.kind === 'file' ? (
                <>
                  <FileIcon path={pick.file.path} />
                  <span className="palette-label" dir="auto">
                    <Highlighted text={pick.file.name} hits={pick.file.nameHits} />
                  </span>
                  <span className="palette-detail" dir="ltr">
                    <Highlighted text={pick.file.folder} hits={pick.file.folderHits} />
                  </span>
                  {index === 0 && query.trim() === '' && history.includes(pick.file.path) ? (
                    <span className="palette-tag">{t('palette.recentlyOpened')}</span>
                  ) : null}
                </>
              ) : (
                <>
                  <span className="palette-label">
                    <Highlighted text={pick.command.title} hits={pick.command.titleHits} />
                  </span>
                  {pick.command.keybinding ? <kbd className="palette-kbd">{pick.command.keybinding}</kbd> : null}
                </>
              )}
            </div>
          ))}
          {picks.length === 0 ? <div className="palette-empty">{emptyText}</div> : null}
        </div>
        {!commandMode && truncated ? <p className="palette-footnote">{t('palette.truncated')}</p> : null}
      </div>
    </div>,
    document.body,
  );
}
