import { create } from 'zustand';

export interface PromptButton {
  id: string;
  label: string;
  kind?: 'primary' | 'secondary' | 'danger';
}

export interface Prompt {
  title: string;
  message: string;
  detail?: string;
  buttons: PromptButton[];
  /** The answer when the user presses Escape or closes the dialog. */
  cancelId: string;
}

interface PendingPrompt extends Prompt {
  /** Tells one question from the next, so each gets a fresh dialog (and focus). */
  id: number;
  resolve(choice: string): void;
}

interface PromptState {
  current: PendingPrompt | null;
  queue: PendingPrompt[];
  ask(prompt: Prompt): Promise<string>;
  answer(choice: string): void;
}

let promptSeq = 0;

/** Modal questions (save changes? delete?) asked one at a time; `ask` resolves with a button id. */
export const usePrompts = create<PromptState>((set, get) => ({
  current: null,
  queue: [],
  ask(prompt) {
    return new Promise<string>((resolve) => {
      const pending = { ...prompt, id: ++promptSeq, resolve };
      if (get().current) set((s) => ({ queue: [...s.queue, pending] }));
      else set({ current: pending });
    });
  },
  answer(choice) {
    const { current, queue } = get();
    if (!current) return;
    const [next = null, ...rest] = queue;
    set({ current: next, queue: rest });
    current.resolve(choice);
  },
}));
