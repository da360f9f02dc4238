import { type Settings, type SettingsPatch, Settings as SettingsSchema } from '@webnova/core/contracts';
import { create } from 'zustand';
import { core } from '../connection/core-connection';
import { reportError } from '../notifications/report';
import { applyAppearance } from '../theme/apply-appearance';

const LOAD_TIMEOUT_MS = 4_000;

const defaultSettings: Settings = SettingsSchema.parse({});

interface SettingsState {
  settings: Settings;
  /** Reads settings before the first render, so the page never flashes the wrong language or theme. */
  load(): Promise<void>;
  update(patch: SettingsPatch): Promise<void>;
  /** Settings changed elsewhere (another window, another tab). */
  apply(settings: Settings): void;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
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

function merge(settings: Settings, patch: SettingsPatch): Settings {
  return {
    locale: patch.locale ?? settings.locale,
    theme: patch.theme ?? settings.theme,
    editor: { ...settings.editor, ...patch.editor },
  };
}

export const useSettings = create<SettingsState>((set, get) => ({
  settings: defaultSettings,
  async load() {
    try {
      get().apply(await withTimeout(core().call('settings.get', {}), LOAD_TIMEOUT_MS));
    } catch (error) {
      get().apply(get().settings);
      reportError('actions.loadSettings', error);
    }
  },
  async update(patch) {
    const before = get().settings;
    get().apply(merge(before, patch));
    try {
      get().apply(await core().call('settings.update', patch));
    } catch (error) {
      get().apply(before);
      reportError('actions.saveSettings', error);
    }
  },
  apply(settings) {
    applyAppearance(settings.locale, settings.theme);
    set({ settings });
  },
}));
