import { create } from 'zustand';

export interface Problem {
  id: number;
  /** Where it came from: today the previewed page's console. */
  origin: 'preview';
  level: 'error' | 'warn';
  message: string;
  /** A script address and position, as the page reported them. */
  location: string | null;
  count: number;
  time: number;
}

const MAX_PROBLEMS = 500;
let nextId = 1;

interface ProblemsState {
  problems: Problem[];
  report(problem: Omit<Problem, 'id' | 'count' | 'time'>): void;
  clear(): void;
}

/** Problems found while the app runs; the same message repeated counts up instead of flooding the list. */
export const useProblems = create<ProblemsState>((set) => ({
  problems: [],
  report: (problem) =>
    set((s) => {
      const same = s.problems.find(
        (p) => p.message === problem.message && p.level === problem.level && p.location === problem.location,
      );
      if (same)
        return {
          problems: s.problems.map((p) => (p === same ? { ...p, count: p.count + 1, time: Date.now() } : p)),
        };
      const next = [...s.problems, { ...problem, id: nextId++, count: 1, time: Date.now() }];
      return { problems: next.length > MAX_PROBLEMS ? next.slice(-MAX_PROBLEMS) : next };
    }),
  clear: () => set({ problems: [] }),
}));
