import { join } from 'node:path';
import { Settings, type SettingsPatch } from '../contracts/index.js';
import { JsonFile, type Log } from './json-file.js';

/** The user's settings, kept in `settings.json` in the data folder. */
export class SettingsStore {
  readonly #file: JsonFile<typeof Settings>;
  #current: Settings;

  private constructor(file: JsonFile<typeof Settings>, current: Settings) {
    this.#file = file;
    this.#current = current;
  }

  static async open(dataDir: string, log: Log): Promise<SettingsStore> {
    const file = new JsonFile(join(dataDir, 'settings.json'), Settings, log);
    return new SettingsStore(file, await file.read());
  }

  get(): Settings {
    return this.#current;
  }

  async update(patch: SettingsPatch): Promise<Settings> {
    const next = Settings.parse({ ...this.#current, ...patch, editor: { ...this.#current.editor, ...patch.editor } });
    await this.#file.write(next);
    this.#current = next;
    return next;
  }
}
