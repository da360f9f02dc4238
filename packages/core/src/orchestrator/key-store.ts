import type { Log } from '../settings/json-file.js';
import { SealedSecret, type SecretCipher } from '../settings/sealed-secret.js';

export type { SecretCipher } from '../settings/sealed-secret.js';

/** The Anthropic API key: `<data>/ai/anthropic-key.json`, sealed as every secret of the user's is. */
export class KeyStore extends SealedSecret {
  constructor(dataDir: string, cipher: SecretCipher | null, log: Log) {
    super(
      dataDir,
      { folder: 'ai', file: 'anthropic-key.json', purpose: 'webnova ai key v1', label: 'API key' },
      cipher,
      log,
    );
  }
}
