import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

export const SECRET_KEY_BYTES = 32;

/** The server key's accepted spellings: 64 hex digits, or base64 / base64url (43 characters, `=` optional). */
export const SECRET_KEY_FORMAT = '32 bytes as 64 hex digits or as base64 (e.g. `openssl rand -base64 32`)';

/** 32 bytes from their hex or base64 spelling; null for anything else (a wrong length included). */
export function parseSecretKey(text: string): Buffer | null {
  const value = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, 'hex');
  if (!/^[A-Za-z0-9+/_-]{43}=?$/.test(value)) return null;
  // Node's base64 decoder also takes the URL-safe alphabet.
  const key = Buffer.from(value, 'base64');
  return key.length === SECRET_KEY_BYTES ? key : null;
}

/** Sealed values start with it; the version names the format, so a later one can come beside it. */
const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A sealed value's parts: `v1:<key id>:<iv>:<ciphertext>:<tag>` (base64url). */
function parts(sealed: string): { keyId: string; iv: Buffer; ciphertext: Buffer; tag: Buffer } | null {
  const [version, keyId, iv, ciphertext, tag, ...rest] = sealed.split(':');
  if (version !== VERSION || !keyId || !iv || ciphertext === undefined || !tag || rest.length > 0) return null;
  const decoded = {
    keyId,
    iv: Buffer.from(iv, 'base64url'),
    ciphertext: Buffer.from(ciphertext, 'base64url'),
    tag: Buffer.from(tag, 'base64url'),
  };
  return decoded.iv.length === IV_BYTES && decoded.tag.length === TAG_BYTES ? decoded : null;
}

/** Whether `value` is in the sealed format (of whichever key). */
export function isSealed(value: string): boolean {
  return value.startsWith(`${VERSION}:`);
}

/** The id of the key `value` was sealed with, or null when it is not sealed. */
export function sealedKeyId(value: string): string | null {
  return parts(value)?.keyId ?? null;
}

/**
 * AES-256-GCM under the server's key. Each value gets a fresh 96-bit IV, and is bound to a `context`
 * (authenticated, not stored): a value copied into another user's row does not open there. The stored
 * form names the key by a short id, so a server can tell a value sealed under another key from a
 * tampered one, and keys can rotate later.
 */
export class SecretBox {
  readonly keyId: string;

  constructor(private readonly key: Buffer) {
    if (key.length !== SECRET_KEY_BYTES) throw new Error(`a secret key is ${SECRET_KEY_BYTES} bytes`);
    // A one-way id: it tells keys apart and says nothing usable about the key.
    this.keyId = createHash('sha256').update('webnova-secret-key-id\0').update(key).digest('hex').slice(0, 16);
  }

  seal(plaintext: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const encoded = [iv, ciphertext, cipher.getAuthTag()].map((part) => part.toString('base64url'));
    return [VERSION, this.keyId, ...encoded].join(':');
  }

  /** The plaintext; throws when `sealed` is malformed, from another key, tampered with, or for another context. */
  open(sealed: string, context: string): string {
    const decoded = parts(sealed);
    if (!decoded) throw new Error('not a sealed value');
    if (decoded.keyId !== this.keyId) {
      throw new Error(`sealed under the key ${decoded.keyId}, not this server's key ${this.keyId}`);
    }
    const decipher = createDecipheriv('aes-256-gcm', this.key, decoded.iv);
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(decoded.tag);
    return Buffer.concat([decipher.update(decoded.ciphertext), decipher.final()]).toString('utf8');
  }
}
