import { mergeSettings, type Settings, type SettingsPatch, Settings as SettingsSchema } from '@webnova/core/contracts';
import { create } from 'zustand';
import { storeClient } from '../connection/store-client';
import { reportError } from '../notifications/report';
import { applyAppearance, rememberedLocale, rememberedTheme } from '../theme/apply-appearance';

/** How long the first paint waits for the settings; a later answer is still applied when it comes. */
const FIRST_PAINT_WAIT_MS = 4_000;

const defaultSettings: Settings = SettingsSchema.parse({});

interface SettingsState {
  settings: Settings;
  /** Reads settings before the first render, so the page never flashes the wrong language or theme. */
  load(): Promise<void>;
  update(patch: SettingsPatch): Promise<void>;
  /** Settings core announced (another window, another tab, or this one's own update). */
  changedElsewhere(settings: Settings): void;
  apply(settings: Settings): void;
}

/** The promise's value, or `late` once `ms` have passed (the promise keeps running). */
function orLate<T>(promise: Promise<T>, ms: number): Promise<T | typeof LATE> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve(LATE), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
const LATE = Symbol('late');

/** This window's settings updates: the newest one's number and how many are unanswered. */
const updates = { latest: 0, inFlight: 0 };

/** How these stores reach core: handed the client when the workbench wires its features. */
export const settingsClient = storeClient('settings');

export const useSettings = create<SettingsState>((set, get) => ({
  settings: defaultSettings,
  async load() {
    const reading = settingsClient().call('settings.get', {});
    const updatesBefore = updates.latest;
    try {
      const settings = await orLate(reading, FIRST_PAINT_WAIT_MS);
      if (settings !== LATE) {
        get().apply(settings);
        return;
      }
      // A busy core: paint now in the language and theme last used here, and take the settings when
      // they come, unless the user has changed one meanwhile (then that change's answer says what is current).
      get().apply({ ...get().settings, locale: rememberedLocale(), theme: rememberedTheme() });
      reading.then(
        (late) => {
          if (updates.latest === updatesBefore) get().apply(late);
        },
        (error: unknown) => reportError('actions.loadSettings', error),
      );
    } catch (error) {
      get().apply(get().settings);
      reportError('actions.loadSettings', error);
    }
  },
  async update(patch) {
    const seq = ++updates.latest;
    updates.inFlight += 1;
    get().apply(mergeSettings(get().settings, patch));
    try {
      const saved = await settingsClient().call('settings.update', patch);
      // An earlier answer would undo a later click for a moment: only the last one counts.
      if (seq === updates.latest) get().apply(saved);
    } catch (error) {
      reportError('actions.saveSettings', error);
      try {
        get().apply(await settingsClient().call('settings.get', {}));
      } catch {
        // Not connected: the reconnect reads the settings again.
      }
    } finally {
      updates.inFlight -= 1;
    }
  },
  changedElsewhere(settings) {
    // While this window's own updates are on their way, their answers say what is current.
    if (updates.inFlight === 0) get().apply(settings);
  },
  apply(settings) {
    applyAppearance(settings.locale, settings.theme);
    set({ settings });
  },
}));
