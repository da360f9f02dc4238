import { join } from 'node:path';
import { AiSettings, type AiSettingsPatch } from '../contracts/ai.js';
import { JsonFile, type Log } from '../settings/json-file.js';

/** The AI settings (model, endpoint, limits) in `<data>/ai/settings.json`. */
export class AiSettingsStore {
  readonly #file: JsonFile<typeof AiSettings>;
  #current: AiSettings;

  private constructor(file: JsonFile<typeof AiSettings>, current: AiSettings) {
    this.#file = file;
    this.#current = current;
  }

  static async open(dataDir: string, log: Log): Promise<AiSettingsStore> {
    const file = new JsonFile(join(dataDir, 'ai', 'settings.json'), AiSettings, log);
    return new AiSettingsStore(file, await file.read());
  }

  get(): AiSettings {
    return this.#current;
  }

  async update(patch: AiSettingsPatch): Promise<AiSettings> {
    const next = AiSettings.parse({ ...this.#current, ...patch });
    await this.#file.write(next);
    this.#current = next;
    return next;
  }
}
