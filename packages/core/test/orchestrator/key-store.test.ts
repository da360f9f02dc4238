import {
  chmod,
  chown,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AiSettings } from '../../src/contracts/ai.js';
import { KeyStore, keySource, type SecretCipher, selectProvider } from '../../src/orchestrator/index.js';

const KEY = 'sk-ant-api03-secret-value-0123456789';
const logs: string[] = [];
const log = (_level: string, message: string, fields?: Record<string, unknown>) => {
  logs.push(`${message} ${JSON.stringify(fields ?? {})}`);
};
let dataDir: string;
const mode = (info: { mode: number }) => info.mode & 0o777;
const keyPath = () => join(dataDir, 'ai', 'anthropic-key.json');
const secretPath = () => join(dataDir, 'keys', 'install-secret');

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'webnova-keys-'));
  logs.length = 0;
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

/** Stands in for Electron's safeStorage: a reversible transform that is not plain text. */
function fakeKeychain(available = true): SecretCipher & { calls: number } {
  return {
    calls: 0,
    isAvailable: async () => available,
    async encrypt(plain) {
      this.calls += 1;
      return Buffer.from(`kc:${Buffer.from(plain).toString('hex')}`);
    },
    async decrypt(sealed) {
      this.calls += 1;
      return Buffer.from(sealed.toString().slice(3), 'hex').toString();
    },
  };
}

describe('KeyStore without an OS keychain', () => {
  it('encrypts the key with AES-256-GCM under a 0600 per-install secret kept apart from it, and reads it back', async () => {
    const store = new KeyStore(dataDir, null, log);
    expect(await store.storage()).toBe('encrypted-file');
    expect(await store.get()).toBeNull();
    await store.set(KEY);
    const file = await readFile(join(dataDir, 'ai', 'anthropic-key.json'), 'utf8');
    expect(file).not.toContain(KEY);
    expect(JSON.parse(file)).toMatchObject({ scheme: 'aes-256-gcm' });
    expect(await readdir(join(dataDir, 'ai'))).toEqual(['anthropic-key.json']);
    expect(mode(await stat(join(dataDir, 'ai')))).toBe(0o700);
    expect(mode(await stat(join(dataDir, 'keys')))).toBe(0o700);
    expect(mode(await stat(secretPath()))).toBe(0o600);
    expect(mode(await stat(keyPath()))).toBe(0o600);
    expect(await new KeyStore(dataDir, null, log).get()).toBe(KEY);
    expect(logs.join('\n')).not.toContain(KEY);
  });

  it('refuses a tampered file (the GCM tag) and a different install secret, without logging the key', async () => {
    await new KeyStore(dataDir, null, log).set(KEY);
    const path = join(dataDir, 'ai', 'anthropic-key.json');
    const stored = JSON.parse(await readFile(path, 'utf8'));
    const data = Buffer.from(stored.data, 'base64');
    data[0] = (data[0] ?? 0) ^ 1;
    await writeFile(path, JSON.stringify({ ...stored, data: data.toString('base64') }));
    expect(await new KeyStore(dataDir, null, log).get()).toBeNull();
    await new KeyStore(dataDir, null, log).set(KEY);
    await writeFile(secretPath(), Buffer.alloc(32, 7));
    expect(await new KeyStore(dataDir, null, log).get()).toBeNull();
    expect(logs.some((line) => line.includes('could not be read'))).toBe(true);
    expect(logs.join('\n')).not.toContain(KEY);
  });

  it('narrows key files and folders others can read back to owner-only, says so, and forgets the key on clear', async () => {
    const store = new KeyStore(dataDir, null, log);
    await store.set(KEY);
    await chmod(secretPath(), 0o644);
    await chmod(keyPath(), 0o666);
    await chmod(join(dataDir, 'ai'), 0o755);
    await chmod(join(dataDir, 'keys'), 0o755);
    expect(await new KeyStore(dataDir, null, log).get()).toBe(KEY);
    for (const file of [secretPath(), keyPath()]) expect(mode(await stat(file))).toBe(0o600);
    for (const folder of ['ai', 'keys']) expect(mode(await stat(join(dataDir, folder)))).toBe(0o700);
    expect(logs.filter((line) => line.includes('could be read by other users'))).toHaveLength(2);
    expect(logs.join('\n')).not.toContain(KEY);
    await store.clear();
    expect(await store.get()).toBeNull();
    expect(await new KeyStore(dataDir, null, log).get()).toBeNull();
  });

  it('moves an install secret an earlier version kept beside the key into keys/, and still decrypts', async () => {
    await new KeyStore(dataDir, null, log).set(KEY);
    await rename(secretPath(), join(dataDir, 'ai', 'install-secret'));
    await rm(join(dataDir, 'keys'), { recursive: true });
    expect(await new KeyStore(dataDir, null, log).get()).toBe(KEY);
    expect(await readdir(join(dataDir, 'ai'))).toEqual(['anthropic-key.json']);
    expect(mode(await stat(secretPath()))).toBe(0o600);
  });

  it('refuses a key file that is a link, and one another user owns, saying why', async () => {
    await new KeyStore(dataDir, null, log).set(KEY);
    await mkdir(join(dataDir, 'elsewhere'));
    await rename(keyPath(), join(dataDir, 'elsewhere', 'key.json'));
    await symlink(join(dataDir, 'elsewhere', 'key.json'), keyPath());
    expect(await new KeyStore(dataDir, null, log).get()).toBeNull();
    expect(logs.join('\n')).toContain('it is a symbolic link');
    if (process.getuid?.() !== 0) return void console.log('skipped: changing a file’s owner needs root');
    await rm(keyPath());
    await rename(join(dataDir, 'elsewhere', 'key.json'), keyPath());
    await chown(keyPath(), 65534, 65534);
    expect(await new KeyStore(dataDir, null, log).get()).toBeNull();
    expect(logs.join('\n')).toContain('belongs to another user');
  });
});

describe('KeyStore with the OS keychain', () => {
  it('seals the key with the keychain cipher and needs it to read the key back', async () => {
    const keychain = fakeKeychain();
    const store = new KeyStore(dataDir, keychain, log);
    expect(await store.storage()).toBe('os-keychain');
    await store.set(KEY);
    expect(keychain.calls).toBe(1);
    const file = await readFile(join(dataDir, 'ai', 'anthropic-key.json'), 'utf8');
    expect(JSON.parse(file)).toMatchObject({ scheme: 'os-keychain' });
    expect(file).not.toContain(KEY);
    expect(await new KeyStore(dataDir, keychain, log).get()).toBe(KEY);
    expect(await new KeyStore(dataDir, null, log).get()).toBeNull();
  });

  it('falls back to the encrypted file when the keychain is unavailable', async () => {
    const store = new KeyStore(dataDir, fakeKeychain(false), log);
    expect(await store.storage()).toBe('encrypted-file');
    await store.set(KEY);
    expect(await new KeyStore(dataDir, null, log).get()).toBe(KEY);
  });
});

describe('provider selection', () => {
  const settings = AiSettings.parse({});
  it('is Claude with a stored key or ANTHROPIC_API_KEY, else the offline planner', () => {
    expect(selectProvider({ storedKey: null, settings, env: {} }).id).toBe('offline');
    expect(keySource({ storedKey: null, settings, env: {} })).toBeNull();
    expect(selectProvider({ storedKey: KEY, settings, env: {} }).id).toBe('claude');
    expect(keySource({ storedKey: KEY, settings, env: {} })).toBe('stored');
    const fromEnv = selectProvider({ storedKey: null, settings, env: { ANTHROPIC_API_KEY: KEY } });
    expect(fromEnv.id).toBe('claude');
    expect(fromEnv.model).toBe(settings.model);
    expect(keySource({ storedKey: null, settings, env: { ANTHROPIC_API_KEY: KEY } })).toBe('environment');
  });

  it("never sends the environment's key to an address set later in the settings", () => {
    const env = { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: 'https://proxy.example.org' };
    const elsewhere = { ...settings, baseUrl: 'https://attacker.example.net' };
    expect(keySource({ storedKey: null, settings: elsewhere, env })).toBeNull();
    expect(selectProvider({ storedKey: null, settings: elsewhere, env }).id).toBe('offline');
    const same = { ...settings, baseUrl: 'https://proxy.example.org' };
    expect(keySource({ storedKey: null, settings: same, env })).toBe('environment');
    expect(keySource({ storedKey: null, settings, env })).toBe('environment');
  });
});
