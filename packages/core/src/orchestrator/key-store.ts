import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { Log } from '../settings/json-file.js';

/**
 * The OS keychain as the desktop shell offers it (Electron's safeStorage: Keychain on macOS,
 * DPAPI on Windows, libsecret/kwallet on Linux). Core receives it; it never imports Electron.
 */
export interface SecretCipher {
  /** False where the OS offers no keychain (a headless Linux without a secret service). */
  isAvailable(): boolean;
  encrypt(plain: string): Buffer;
  decrypt(sealed: Buffer): string;
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
const SECRET_FILE = 'install-secret';
const HKDF_INFO = 'webnova ai key v1';

async function writePrivate(path: string, content: string | Buffer): Promise<void> {
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, path);
}

/**
 * The Anthropic API key, kept in the OS keychain through a SecretCipher where there is one, else
 * encrypted with AES-256-GCM under a key derived (HKDF-SHA256) from a per-install secret file
 * readable only by its owner (0600). The key is read only to call the API: it is never logged and
 * never leaves core.
 */
export class KeyStore {
  readonly #dir: string;
  readonly #cipher: SecretCipher | null;
  readonly #log: Log;
  #cached: string | null | undefined;

  constructor(dataDir: string, cipher: SecretCipher | null, log: Log) {
    this.#dir = join(dataDir, 'ai');
    this.#cipher = cipher;
    this.#log = log;
  }

  get storage(): 'os-keychain' | 'encrypted-file' {
    return this.#cipher?.isAvailable() ? 'os-keychain' : 'encrypted-file';
  }

  async get(): Promise<string | null> {
    if (this.#cached === undefined) this.#cached = await this.#read();
    return this.#cached;
  }

  async set(key: string): Promise<void> {
    await mkdir(this.#dir, { recursive: true, mode: 0o700 });
    const stored: StoredKey =
      this.storage === 'os-keychain' && this.#cipher
        ? { scheme: 'os-keychain', data: this.#cipher.encrypt(key).toString('base64') }
        : await this.#seal(key);
    await writePrivate(join(this.#dir, KEY_FILE), JSON.stringify(stored));
    this.#cached = key;
  }

  async clear(): Promise<void> {
    await rm(join(this.#dir, KEY_FILE), { force: true });
    this.#cached = null;
  }

  async #read(): Promise<string | null> {
    let text: string;
    try {
      text = await readFile(join(this.#dir, KEY_FILE), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    try {
      const stored = StoredKey.parse(JSON.parse(text));
      if (stored.scheme === 'os-keychain') {
        if (!this.#cipher?.isAvailable()) {
          this.#log('warn', 'The stored API key is in the OS keychain, which this host cannot reach.');
          return null;
        }
        return this.#cipher.decrypt(Buffer.from(stored.data, 'base64'));
      }
      return await this.#open(stored);
    } catch {
      this.#log('warn', 'The stored API key could not be read; set it again.');
      return null;
    }
  }

  async #secret(): Promise<Buffer> {
    await mkdir(this.#dir, { recursive: true, mode: 0o700 });
    const path = join(this.#dir, SECRET_FILE);
    try {
      await writePrivateExclusive(path, randomBytes(32));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    // Someone widened its permissions: narrow them again before trusting it.
    if (process.platform !== 'win32' && ((await stat(path)).mode & 0o077) !== 0) await chmod(path, 0o600);
    const secret = await readFile(path);
    if (secret.length !== 32) throw new Error('install secret has the wrong length');
    return secret;
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

/** Creates the file only if it does not exist (EEXIST otherwise), owner-only from the first byte. */
async function writePrivateExclusive(path: string, content: Buffer): Promise<void> {
  const handle = await open(path, 'wx', 0o600);
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
}
