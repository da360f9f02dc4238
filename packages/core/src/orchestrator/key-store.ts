import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { link, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { CoreError } from '../contracts/index.js';
import type { Log } from '../settings/json-file.js';
import {
  makePrivateFolder,
  readPrivateFile,
  repairPrivateFolder,
  writePrivateFile,
} from '../settings/private-folder.js';

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

const StoredKey = z.discriminatedUnion('scheme', [
  z.object({ scheme: z.literal('os-keychain'), data: z.base64() }),
  z.object({
    scheme: z.literal('aes-256-gcm'),
    salt: z.base64(),
    iv: z.base64(),
    tag: z.base64(),
    data: z.base64(),
  }),
]);
type StoredKey = z.infer<typeof StoredKey>;

const KEY_FILE = 'anthropic-key.json';
/** The install secret's folder: `keys/` beside `ai/`, never beside the ciphertext it unlocks. */
const SECRET_FOLDER = 'keys';
const SECRET_FILE = 'install-secret';
const HKDF_INFO = 'webnova ai key v1';

function isErrno(error: unknown, code: string): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === code;
}

/**
 * The Anthropic API key, kept in the OS keychain through a SecretCipher where there is one, else
 * encrypted with AES-256-GCM under a key derived (HKDF-SHA256) from a per-install secret. The
 * ciphertext is `<data>/ai/anthropic-key.json`; the secret is `<data>/keys/install-secret`, a folder
 * of its own, so a copy of `ai/` (its settings, attached to a report or synced) never carries both.
 * Both folders are 0700 and both files 0600, checked whenever they are read: a file others could read
 * is narrowed and the log says so; a link, a non-file or a file of another user is refused. The key is
 * read only to call the API: it is never logged and never leaves core.
 */
export class KeyStore {
  readonly #dir: string;
  readonly #secretDir: string;
  readonly #cipher: SecretCipher | null;
  readonly #log: Log;
  #cached: string | null | undefined;

  constructor(dataDir: string, cipher: SecretCipher | null, log: Log) {
    this.#dir = join(dataDir, 'ai');
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
    const stored: StoredKey =
      (await this.storage()) === 'os-keychain' && this.#cipher
        ? { scheme: 'os-keychain', data: (await this.#cipher.encrypt(key)).toString('base64') }
        : await this.#seal(key);
    await writePrivateFile(join(this.#dir, KEY_FILE), JSON.stringify(stored));
    this.#cached = key;
  }

  async clear(): Promise<void> {
    await rm(join(this.#dir, KEY_FILE), { force: true });
    this.#cached = null;
  }

  async #read(): Promise<string | null> {
    try {
      await repairPrivateFolder(this.#dir, this.#log);
      const text = await readPrivateFile(join(this.#dir, KEY_FILE), this.#log);
      if (text === null) return null;
      const stored = StoredKey.parse(JSON.parse(text.toString('utf8')));
      if (stored.scheme === 'os-keychain') {
        if (!this.#cipher || !(await this.#cipher.isAvailable())) {
          this.#log('warn', 'The stored API key is in the OS keychain, which this host cannot reach.');
          return null;
        }
        return await this.#cipher.decrypt(Buffer.from(stored.data, 'base64'));
      }
      return await this.#open(stored);
    } catch (error) {
      // The reason, never the key: a refused file names itself, a failed decryption says only that.
      const reason = error instanceof CoreError ? error.message : 'it is damaged or does not decrypt';
      this.#log('warn', 'The stored API key could not be read; set it again.', { reason });
      return null;
    }
  }

  /** The install secret, made on first use; one left in `ai/` by an earlier version moves to `keys/`. */
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
    this.#log('info', 'The AI key’s install secret moved out of the folder of the key it unlocks.', { path });
  }

  #derive(secret: Buffer, salt: Buffer): Buffer {
    return Buffer.from(hkdfSync('sha256', secret, salt, HKDF_INFO, 32));
  }

  async #seal(key: string): Promise<StoredKey> {
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

  async #open(stored: Extract<StoredKey, { scheme: 'aes-256-gcm' }>): Promise<string> {
    const key = this.#derive(await this.#secret(), Buffer.from(stored.salt, 'base64'));
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(stored.iv, 'base64'));
    decipher.setAuthTag(Buffer.from(stored.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(stored.data, 'base64')), decipher.final()]).toString('utf8');
  }
}
