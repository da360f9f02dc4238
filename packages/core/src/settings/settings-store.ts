import { join } from 'node:path';
import { mergeSettings, Settings, type SettingsPatch } from '../contracts/index.js';
import { secureDataFolder } from './data-dir.js';
import { JsonFile, type Log } from './json-file.js';

/** The user's settings, kept in `settings.json` in the data folder. */
export class SettingsStore {
  readonly #file: JsonFile<typeof Settings>;
  #current: Settings;
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(file: JsonFile<typeof Settings>, current: Settings) {
    this.#file = file;
    this.#current = current;
  }

  /**
   * Opens the settings. Core opens them first thing when it starts, so this is also where the data
   * folder is made (and repaired to be) private to its owner.
   */
  static async open(dataDir: string, log: Log): Promise<SettingsStore> {
    await secureDataFolder(dataDir, log);
    const file = new JsonFile(join(dataDir, 'settings.json'), Settings, log);
    return new SettingsStore(file, await file.read());
  }

  get(): Settings {
    return this.#current;
  }

  /**
   * Updates apply one after another: two patches sent together (the language, then the theme, a click
   * apart) each build on the other's result, so neither is lost.
   */
  update(patch: SettingsPatch): Promise<Settings> {
    const updated = this.#queue.then(async () => {
      const next = Settings.parse(mergeSettings(this.#current, patch));
      await this.#file.write(next);
      this.#current = next;
      return next;
    });
    this.#queue = updated.catch(() => undefined);
    return updated;
  }
}
