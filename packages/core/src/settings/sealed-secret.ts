import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { link, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { CoreError } from '../contracts/index.js';
import type { Log } from './json-file.js';
import { makePrivateFolder, readPrivateFile, repairPrivateFolder, writePrivateFile } from './private-folder.js';

/**
 * The OS keychain as the desktop shell offers it (Electron's safeStorage: Keychain on macOS,
 * DPAPI on Windows, libsecret/kwallet on Linux). Core receives it; it never imports Electron. It is
 * asynchronous because core runs in its own process and asks Electron's main process over a port.
 */
export interface SecretCipher {
  /** False where the OS offers no keychain (a headless Linux without a secret service). */
  isAvailable(): Promise<boolean>;
  encrypt(plain: string): Promise<Buffer>;
  decrypt(sealed: Buffer): Promise<string>;
}

const SealedFile = z.discriminatedUnion('scheme', [
  z.object({ scheme: z.literal('os-keychain'), data: z.base64() }),
  z.object({
    scheme: z.literal('aes-256-gcm'),
    salt: z.base64(),
    iv: z.base64(),
    tag: z.base64(),
    data: z.base64(),
  }),
]);
type SealedFile = z.infer<typeof SealedFile>;

/** The install secret's folder: `keys/`, never beside a ciphertext it unlocks. */
const SECRET_FOLDER = 'keys';
const SECRET_FILE = 'install-secret';

/** Where one secret is kept and what it is called in the log. */
export interface SealedSecretPlace {
  /** Its folder in the data folder (`ai`, `sync`), 0700. */
  readonly folder: string;
  /** Its file there, 0600. */
  readonly file: string;
  /** HKDF's info: a key derived for one secret never opens another. */
  readonly purpose: string;
  /** What the log calls it: "The stored API key could not be read". */
  readonly label: string;
}

function isErrno(error: unknown, code: string): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === code;
}

/**
 * One secret of the user's (the Anthropic API key, a device's sync credential), kept in the OS keychain
 * through a SecretCipher where there is one, else encrypted with AES-256-GCM under a key derived
 * (HKDF-SHA256, the secret's own `purpose` as info) from a per-install secret. The ciphertext is
 * `<data>/<folder>/<file>`; the install secret is `<data>/keys/install-secret`, a folder of its own, so a
 * copy of `ai/` (its settings, attached to a report or synced) never carries both. Both folders are 0700
 * and both files 0600, checked whenever they are read: a file others could read is narrowed and the log
 * says so; a link, a non-file or a file of another user is refused. The secret is never logged and never
 * leaves core.
 */
export class SealedSecret {
  readonly #dir: string;
  readonly #secretDir: string;
  readonly #cipher: SecretCipher | null;
  readonly #log: Log;
  readonly #place: SealedSecretPlace;
  #cached: string | null | undefined;

  constructor(dataDir: string, place: SealedSecretPlace, cipher: SecretCipher | null, log: Log) {
    this.#place = place;
    this.#dir = join(dataDir, place.folder);
    this.#secretDir = join(dataDir, SECRET_FOLDER);
    this.#cipher = cipher;
    this.#log = log;
  }

  async storage(): Promise<'os-keychain' | 'encrypted-file'> {
    return (await this.#cipher?.isAvailable()) ? 'os-keychain' : 'encrypted-file';
  }

  async get(): Promise<string | null> {
    if (this.#cached === undefined) this.#cached = await this.#read();
    return this.#cached;
  }

  async set(key: string): Promise<void> {
    await makePrivateFolder(this.#dir);
    const stored: SealedFile =
      (await this.storage()) === 'os-keychain' && this.#cipher
        ? { scheme: 'os-keychain', data: (await this.#cipher.encrypt(key)).toString('base64') }
        : await this.#seal(key);
    await writePrivateFile(join(this.#dir, this.#place.file), JSON.stringify(stored));
    this.#cached = key;
  }

  async clear(): Promise<void> {
    await rm(join(this.#dir, this.#place.file), { force: true });
    this.#cached = null;
  }

  async #read(): Promise<string | null> {
    try {
      await repairPrivateFolder(this.#dir, this.#log);
      const text = await readPrivateFile(join(this.#dir, this.#place.file), this.#log);
      if (text === null) return null;
      const stored = SealedFile.parse(JSON.parse(text.toString('utf8')));
      if (stored.scheme === 'os-keychain') {
        if (!this.#cipher || !(await this.#cipher.isAvailable())) {
          this.#log('warn', `The stored ${this.#place.label} is in the OS keychain, which this host cannot reach.`);
          return null;
        }
        return await this.#cipher.decrypt(Buffer.from(stored.data, 'base64'));
      }
      return await this.#open(stored);
    } catch (error) {
      // The reason, never the secret: a refused file names itself, a failed decryption says only that.
      const reason = error instanceof CoreError ? error.message : 'it is damaged or does not decrypt';
      this.#log('warn', `The stored ${this.#place.label} could not be read; set it again.`, { reason });
      return null;
    }
  }

  /** The install secret, made on first use; one left in the secret's folder by an earlier version moves to `keys/`. */
  async #secret(): Promise<Buffer> {
    await repairPrivateFolder(this.#secretDir, this.#log);
    await makePrivateFolder(this.#secretDir);
    const path = join(this.#secretDir, SECRET_FILE);
    await this.#moveLegacySecret(path);
    try {
      await writePrivateFile(path, randomBytes(32), { exclusive: true });
    } catch (error) {
      if (!isErrno(error, 'EEXIST')) throw error;
    }
    const secret = await readPrivateFile(path, this.#log);
    if (secret?.length !== 32) throw new Error('install secret has the wrong length');
    return secret;
  }

  /**
   * Moves `ai/install-secret` to `keys/` (a hard link, then the old name removed: never over a
   * secret already in `keys/`, which then wins and the old copy goes).
   */
  async #moveLegacySecret(path: string): Promise<void> {
    const legacy = join(this.#dir, SECRET_FILE);
    try {
      await link(legacy, path);
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return;
      if (!isErrno(error, 'EEXIST')) throw error;
    }
    await rm(legacy, { force: true });
    this.#log('info', `The ${this.#place.label}’s install secret moved out of the folder of what it unlocks.`, {
      path,
    });
  }

  #derive(secret: Buffer, salt: Buffer): Buffer {
    return Buffer.from(hkdfSync('sha256', secret, salt, this.#place.purpose, 32));
  }

  async #seal(key: string): Promise<SealedFile> {
    const salt = randomBytes(16);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#derive(await this.#secret(), salt), iv);
    const data = Buffer.concat([cipher.update(key, 'utf8'), cipher.final()]);
    return {
      scheme: 'aes-256-gcm',
      salt: salt.toString('base64'),
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      data: data.toString('base64'),
    };
  }

  async #open(stored: Extract<SealedFile, { scheme: 'aes-256-gcm' }>): Promise<string> {
    const key = this.#derive(await this.#secret(), Buffer.from(stored.salt, 'base64'));
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(stored.iv, 'base64'));
    decipher.setAuthTag(Buffer.from(stored.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(stored.data, 'base64')), decipher.final()]).toString('utf8');
  }
}
