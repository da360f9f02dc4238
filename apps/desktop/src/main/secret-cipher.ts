import type { SecretCipher } from '@webnova/core';
import { safeStorage } from 'electron';

/**
 * Electron's safeStorage as core's SecretCipher: the OS keychain (Keychain, DPAPI, libsecret or
 * kwallet). On Linux without a secret service Electron falls back to a fixed password
 * ("basic_text"), which protects nothing: then core keeps its own encrypted file instead.
 */
export const safeStorageCipher: SecretCipher = {
  isAvailable: async () =>
    safeStorage.isEncryptionAvailable() &&
    (process.platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text'),
  encrypt: async (plain) => safeStorage.encryptString(plain),
  decrypt: async (sealed) => safeStorage.decryptString(sealed),
};
