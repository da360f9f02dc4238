import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isSealed, parseSecretKey, SecretBox, sealedKeyId } from '../src/auth/secret-box.js';
import { KEY_FILE_NAME, loadOrCreateKeyFile } from '../src/auth/secret-key-file.js';

describe('sealing secrets with AES-256-GCM under the server key', () => {
  const box = new SecretBox(randomBytes(32));
  const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

  it('seals to a versioned value that names its key and hides the secret', () => {
    const sealed = box.seal(secret, 'user-1');
    expect(sealed).toMatch(/^v1:[0-9a-f]{16}:[\w-]{16}:[\w-]+:[\w-]{22}$/);
    expect(sealed).not.toContain(secret);
    expect(isSealed(sealed)).toBe(true);
    expect(isSealed(secret)).toBe(false);
    expect(sealedKeyId(sealed)).toBe(box.keyId);
    expect(box.open(sealed, 'user-1')).toBe(secret);
    // A fresh IV each time: the same secret never seals to the same text.
    expect(box.seal(secret, 'user-1')).not.toBe(sealed);
  });

  it('refuses another context, another key, and any change', () => {
    const sealed = box.seal(secret, 'user-1');
    expect(() => box.open(sealed, 'user-2')).toThrow();
    const other = new SecretBox(randomBytes(32));
    expect(other.keyId).not.toBe(box.keyId);
    expect(() => other.open(sealed, 'user-1')).toThrow(/sealed under the key/);
    const [version, keyId, iv, ciphertext, tag] = sealed.split(':') as [string, string, string, string, string];
    const flipped = (text: string) => {
      const bytes = Buffer.from(text, 'base64url');
      bytes[0] = (bytes[0] as number) ^ 1;
      return bytes.toString('base64url');
    };
    for (const tampered of [
      [version, keyId, flipped(iv), ciphertext, tag],
      [version, keyId, iv, flipped(ciphertext), tag],
      [version, keyId, iv, ciphertext, flipped(tag)],
    ]) {
      expect(() => box.open(tampered.join(':'), 'user-1')).toThrow();
    }
    expect(() => box.open(secret, 'user-1')).toThrow(/not a sealed value/);
  });

  it('reads a key only as 32 bytes', () => {
    const key = randomBytes(32);
    expect(parseSecretKey(key.toString('hex'))).toEqual(key);
    expect(parseSecretKey(`${key.toString('base64')}\n`)).toEqual(key);
    expect(parseSecretKey(key.toString('base64url'))).toEqual(key);
    expect(parseSecretKey(randomBytes(31).toString('base64'))).toBeNull();
    expect(parseSecretKey(randomBytes(33).toString('hex'))).toBeNull();
    expect(() => new SecretBox(randomBytes(16))).toThrow(/32 bytes/);
  });
});

describe('the key file of an embedded-PGlite installation', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'webnova-server-key-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('is made on first start, readable by its owner only, and read again after', async () => {
    const first = await loadOrCreateKeyFile(dataDir);
    expect(first).toMatchObject({ created: true, path: join(dataDir, KEY_FILE_NAME) });
    expect((await stat(first.path)).mode & 0o777).toBe(0o600);
    expect(parseSecretKey(await readFile(first.path, 'utf8'))).toEqual(first.key);
    const again = await loadOrCreateKeyFile(dataDir);
    expect(again).toEqual({ ...first, created: false });
    // No draft is left behind.
    expect(await readdir(dataDir)).toEqual([KEY_FILE_NAME]);
  });

  it('stops the start when others may read it, or it holds no key', async () => {
    const { path } = await loadOrCreateKeyFile(dataDir);
    await chmod(path, 0o644);
    await expect(loadOrCreateKeyFile(dataDir)).rejects.toThrow(/may be read by others \(mode 644\): chmod 600 it/);
    await writeFile(path, 'not a key\n', { mode: 0o600 });
    await chmod(path, 0o600);
    await expect(loadOrCreateKeyFile(dataDir)).rejects.toThrow(/does not hold a key: it must be 32 bytes/);
  });
});
