/**
 * The core's SecretStore on Electron's safeStorage (DPAPI, Keychain, libsecret/kwallet). When
 * encryption is unavailable or Linux fell back to 'basic_text', nothing is written to disk: the
 * token lives in memory and the user signs in at each start.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { safeStorage } from 'electron';
import { z } from 'zod';
import type { Logger } from '../core/logging/logger.js';
import { createMemorySecretStore, type SecretStore } from '../core/session/secret-store.js';
import { writeJsonAtomic } from '../desktop/json-file.js';

const Stored = z.record(z.string(), z.string());

export function safeStorageUsable(): boolean {
  if (!safeStorage.isEncryptionAvailable()) return false;
  if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') return false;
  return true;
}

export function createSafeSecretStore(dataDir: string, log: Logger): SecretStore {
  if (!safeStorageUsable()) {
    log.warn('no OS encryption for secrets: tokens are kept in memory only (sign in at each start)');
    return createMemorySecretStore();
  }
  const file = join(dataDir, 'secrets.json');
  const read = (): Record<string, string> => {
    if (!existsSync(file)) return {};
    const parsed = Stored.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : {};
  };
  return {
    async get(key) {
      const value = read()[key];
      if (!value) return null;
      try {
        return safeStorage.decryptString(Buffer.from(value, 'base64'));
      } catch {
        log.warn('stored secret could not be decrypted; dropped');
        return null;
      }
    },
    async set(key, value) {
      writeJsonAtomic(file, { ...read(), [key]: safeStorage.encryptString(value).toString('base64') });
    },
    async delete(key) {
      const all = read();
      delete all[key];
      writeJsonAtomic(file, all);
    },
  };
}
