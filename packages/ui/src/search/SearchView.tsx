import { CaseSensitive, ChevronRight, Regex, WholeWord } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { IconButton } from '../components/IconButton';
import { ViewHeader } from '../components/ViewHeader';
import { useEditors } from '../editor/editors-store';
import { FileIcon } from '../explorer/FileIcon';
import { useLayout } from '../workbench/layout-store';
import { baseName, parentOf } from '../workspace/paths';
import { useWorkspace } from '../workspace/workspace-store';
import { splitMatch } from './highlight';
import { type SearchFlag, useSearch } from './search-store';

const SEARCH_DELAY_MS = 350;

const flags: { flag: SearchFlag; icon: typeof CaseSensitive; label: string }[] = [
  { flag: 'matchCase', icon: CaseSensitive, label: 'search.matchCase' },
  { flag: 'wholeWord', icon: WholeWord, label: 'search.wholeWord' },
  { flag: 'isRegex', icon: Regex, label: 'search.regex' },
];

/** Find in files: the query and its options, then matches grouped by file. */
export function SearchView() {
  const { t } = useTranslation();
  const search = useSearch(useShallow((s) => s));
  const workspace = useWorkspace((s) => s.workspace);
  const focusRequest = useLayout((s) => s.focusRequest);
  const input = useRef<HTMLInputElement>(null);
  const [showFilters, setShowFilters] = useState(false);

  useEffect(() => {
    if (focusRequest?.target === 'search') {
      input.current?.focus();
      input.current?.select();
    }
  }, [focusRequest]);

  // Search as the user types, a moment after they stop.
  useEffect(() => {
    if (!workspace) return;
    const timer = setTimeout(() => void useSearch.getState().run(), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [search.query, search.matchCase, search.wholeWord, search.isRegex, search.include, search.exclude, workspace]);

  if (!workspace) {
    return (
      <div className="view">
        <ViewHeader title={t('views.search.title')} />
        <p className="view-text">{t('search.noFolder')}</p>
      </div>
    );
  }

  const result = search.result;
  return (
    <div className="view">
      <ViewHeader title={t('views.search.title')} />
      <search className="search-form">
        <div className="search-box">
          <input
            ref={input}
            className="text-input"
            value={search.query}
            placeholder={t('search.placeholder')}
            aria-label={t('search.query')}
            spellCheck={false}
            dir="auto"
            onChange={(event) => search.setQuery(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter') void search.run();
            }}
          />
          <div className="search-flags">
            {flags.map(({ flag, icon, label }) => (
              <IconButton
                key={flag}
                icon={icon}
                label={t(label)}
                pressed={search[flag]}
                className="toggle-button"
                onClick={() => search.toggleFlag(flag)}
              />
            ))}
          </div>
        </div>
        <button
          type="button"
          className="link-button search-filters-toggle"
          aria-expanded={showFilters}
          onClick={() => setShowFilters((shown) => !shown)}
        >
          {t('search.filters')}
        </button>
        {showFilters ? (
          <>
            <label className="field-label" htmlFor="search-include">
              {t('search.include')}
            </label>
            <input
              id="search-include"
              className="text-input"
              dir="ltr"
              value={search.include}
              placeholder={t('search.includePlaceholder')}
              onChange={(event) => search.setInclude(event.target.value)}
            />
            <label className="field-label" htmlFor="search-exclude">
              {t('search.exclude')}
            </label>
            <input
              id="search-exclude"
              className="text-input"
              dir="ltr"
              value={search.exclude}
              placeholder={t('search.excludePlaceholder')}
              onChange={(event) => search.setExclude(event.target.value)}
            />
          </>
        ) : null}
      </search>
      <div className="view-body search-results" aria-busy={search.searching}>
        <p className="search-summary" role="status">
          {search.searching
            ? t('search.searching')
            : search.error
              ? null
              : result
                ? result.matchCount === 0
                  ? t('search.noResults')
                  : t('search.summary', {
                      count: result.matchCount,
                      files: t('search.fileCount', { count: result.files.length }),
                    })
                : null}
          {result?.truncated ? ` ${t('search.truncated')}` : null}
        </p>
        {search.error ? (
          <p role="alert" className="field-error">
            {search.error.message}
            <span className="field-error-detail">{search.error.detail}</span>
          </p>
        ) : null}
        {result ? (
          <ul className="result-files" aria-label={t('search.resultsLabel')}>
            {result.files.map((file) => {
              const open = !search.collapsed[file.path];
              return (
                <li key={file.path} className="result-file">
                  <button
                    type="button"
                    className="result-file-header"
                    aria-expanded={open}
                    title={file.path}
                    onClick={() => search.toggleFile(file.path)}
                  >
                    <ChevronRight size={16} aria-hidden="true" className={`chevron${open ? ' is-open' : ''}`} />
                    <FileIcon path={file.path} />
                    <span className="result-file-name" dir="auto">
                      {baseName(file.path)}
                    </span>
                    <span className="result-file-folder" dir="ltr">
                      {parentOf(file.path)}
                    </span>
                    <span className="badge">{file.matches.length}</span>
                  </button>
                  {open ? (
                    <ul className="result-matches">
                      {file.matches.map((match) => {
                        const parts = splitMatch(match.preview, match.previewColumn, match.length);
                        return (
                          <li key={`${match.line}:${match.column}`}>
                            <button
                              type="button"
                              className="result-match"
                              aria-label={t('search.matchLabel', {
                                line: match.line,
                                text: match.preview.trim(),
                              })}
                              onClick={() =>
                                void useEditors
                                  .getState()
                                  .open(file.path, { line: match.line, column: match.column, length: match.length })
                              }
                            >
                              <span className="result-preview" dir="ltr">
                                {parts.before}
                                <mark>{parts.match}</mark>
                                {parts.after}
                              </span>
                              <span className="result-line">{match.line}</span>
                            </button>
                          </li>
                        );
                      })}
                    </ul>
                  ) : null}
                </li>
              );
            })}
          </ul>
        ) : null}
      </div>
    </div>
  );
}
