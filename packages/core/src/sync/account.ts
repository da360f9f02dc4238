import { join } from 'node:path';
import { z } from 'zod';
import type { Log } from '../settings/json-file.js';
import { JsonFile } from '../settings/json-file.js';
import { SealedSecret, type SecretCipher } from '../settings/sealed-secret.js';
import { SyncAccount } from './contract.js';

const AccountFile = z.object({ account: SyncAccount.nullable().default(null) });

/**
 * The signed-in account of this device: `<data>/sync/account.json` (0600) and the device credential,
 * sealed like the AI key (the OS keychain, else AES-256-GCM under the install secret) in
 * `<data>/sync/device-credential.json`. The credential never leaves core: the renderer sees the account.
 */
export class AccountStore {
  readonly #file: JsonFile<typeof AccountFile>;
  readonly #credential: SealedSecret;

  constructor(dataDir: string, cipher: SecretCipher | null, log: Log) {
    this.#file = new JsonFile(join(dataDir, 'sync', 'account.json'), AccountFile, log);
    this.#credential = new SealedSecret(
      dataDir,
      {
        folder: 'sync',
        file: 'device-credential.json',
        purpose: 'webnova sync device credential v1',
        label: 'sync credential',
      },
      cipher,
      log,
    );
  }

  /** The account and its credential, or null when signed out (or the credential cannot be opened). */
  async read(): Promise<{ account: SyncAccount; credential: string } | null> {
    const { account } = await this.#file.read();
    if (!account) return null;
    const credential = await this.#credential.get();
    return credential ? { account, credential } : null;
  }

  async account(): Promise<SyncAccount | null> {
    return (await this.#file.read()).account;
  }

  /** The credential first: an account on disk always has its credential beside it. */
  async save(account: SyncAccount, credential: string): Promise<void> {
    await this.#credential.set(credential);
    await this.#file.write({ account });
  }

  /** Forgets the account and its credential; the store's records stay. */
  async clear(): Promise<void> {
    await this.#file.write({ account: null });
    await this.#credential.clear();
  }
}
