import { create } from 'zustand';

export type NotificationKind = 'info' | 'warning' | 'error';

/**
 * What a toast says: text as it came (an error's own words), or a function that says it in the window's
 * language each time the toast is drawn, so a toast on screen follows a change of language.
 */
export type Words = string | (() => string);

export const wordsOf = (words: Words): string => (typeof words === 'function' ? words() : words);

export interface Notification {
  id: number;
  kind: NotificationKind;
  message: Words;
  detail?: Words;
}

const LIFETIME_MS: Record<NotificationKind, number> = { info: 5_000, warning: 8_000, error: 12_000 };
const MAX_VISIBLE = 4;

interface NotificationsState {
  items: Notification[];
  notify(kind: NotificationKind, message: Words, detail?: Words): number;
  dismiss(id: number): void;
}

let nextId = 1;

/** Toasts in the corner; each goes away by itself after a while or when closed. */
export const useNotifications = create<NotificationsState>((set, get) => ({
  items: [],
  notify(kind, message, detail) {
    const id = nextId++;
    const item: Notification = detail === undefined ? { id, kind, message } : { id, kind, message, detail };
    set((state) => ({ items: [...state.items, item].slice(-MAX_VISIBLE) }));
    setTimeout(() => get().dismiss(id), LIFETIME_MS[kind]);
    return id;
  },
  dismiss: (id) => set((state) => ({ items: state.items.filter((item) => item.id !== id) })),
}));
