import type { TextSearchResult } from '@webnova/core/contracts';
import { create } from 'zustand';
import { storeClient } from '../connection/store-client';
import { describeError, type ErrorDescription } from '../i18n/describe-error';
import { splitGlobs } from './highlight';

export type SearchFlag = 'matchCase' | 'wholeWord' | 'isRegex';

interface SearchState {
  query: string;
  matchCase: boolean;
  wholeWord: boolean;
  isRegex: boolean;
  include: string;
  exclude: string;
  result: TextSearchResult | null;
  searching: boolean;
  error: ErrorDescription | null;
  collapsed: Record<string, boolean>;
  setQuery(query: string): void;
  toggleFlag(flag: SearchFlag): void;
  setInclude(include: string): void;
  setExclude(exclude: string): void;
  toggleFile(path: string): void;
  run(): Promise<void>;
  reset(): void;
}

let generation = 0;

/** How these stores reach core: handed the client when the workbench wires its features. */
export const searchClient = storeClient('Search');

/** The Search view: the query, its options, and the last answer from `search.text`. */
export const useSearch = create<SearchState>((set, get) => ({
  query: '',
  matchCase: false,
  wholeWord: false,
  isRegex: false,
  include: '',
  exclude: '',
  result: null,
  searching: false,
  error: null,
  collapsed: {},
  setQuery: (query) => set({ query }),
  toggleFlag: (flag) => set((s) => ({ [flag]: !s[flag] }) as Pick<SearchState, SearchFlag>),
  setInclude: (include) => set({ include }),
  setExclude: (exclude) => set({ exclude }),
  toggleFile: (path) => set((s) => ({ collapsed: { ...s.collapsed, [path]: !s.collapsed[path] } })),
  async run() {
    const { query, matchCase, wholeWord, isRegex, include, exclude } = get();
    const mine = ++generation;
    if (query.trim() === '') {
      set({ result: null, error: null, searching: false });
      return;
    }
    set({ searching: true, error: null });
    try {
      const result = await searchClient().call('search.text', {
        query,
        matchCase,
        wholeWord,
        isRegex,
        include: splitGlobs(include),
        exclude: splitGlobs(exclude),
      });
      if (mine === generation) set({ result, searching: false, collapsed: {} });
    } catch (error) {
      if (mine === generation) set({ result: null, searching: false, error: describeError(error) });
    }
  },
  reset() {
    generation++;
    set({ result: null, searching: false, error: null, collapsed: {} });
  },
}));
