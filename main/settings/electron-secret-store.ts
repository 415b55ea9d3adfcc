import path from 'node:path';

import { safeStorage } from 'electron';

import { createLogger } from '../log/logger';
import { checkSecretName, type SecretStore } from './secret-store';
import {
  ENCRYPTED_SECRETS_FILE,
  readSecretFile,
  writeSecretFile,
  type SecretFile,
} from './secret-file';

/** File name of the encrypted secret store in the data folder. */
export { ENCRYPTED_SECRETS_FILE };

const logger = createLogger('settings.secrets');

/**
 * Linux backends that `safeStorage` reports when it has no OS keyring: `basic_text` encrypts with
 * a key hard-coded in Chromium, so it protects nothing (Electron `safeStorage` documentation).
 */
const INSECURE_LINUX_BACKENDS = new Set(['basic_text', 'unknown']);

/**
 * The app's secret store: each value is encrypted with Electron `safeStorage` and kept as base64
 * in `secrets.json` in the data folder. Where `safeStorage` has no secure backend, values are kept
 * plain (marked so in the file) because the PIN pepper and HMAC keys are needed either way;
 * gateway credentials are refused in that case until a manager accepts plain storage.
 * Construct it only after Electron's `ready` event, when `safeStorage` can be used.
 */
export class ElectronSecretStore implements SecretStore {
  readonly filePath: string;
  private content: SecretFile | null = null;
  private readonly cache = new Map<string, string>();

  constructor(dataDir: string) {
    this.filePath = path.join(dataDir, ENCRYPTED_SECRETS_FILE);
  }

  isAvailable(): boolean {
    if (!safeStorage.isEncryptionAvailable()) return false;
    if (process.platform === 'linux') {
      return !INSECURE_LINUX_BACKENDS.has(safeStorage.getSelectedStorageBackend());
    }
    return true;
  }

  backendName(): string {
    if (process.platform === 'linux') {
      return `safeStorage (${safeStorage.getSelectedStorageBackend()})`;
    }
    return `safeStorage (${process.platform})`;
  }

  get(name: string): string | null {
    checkSecretName(name);
    const cached = this.cache.get(name);
    if (cached !== undefined) return cached;

    const entry = this.load().entries[name];
    if (entry === undefined) return null;
    const data = Buffer.from(entry.data, 'base64');
    let value: string;
    if (entry.encoding === 'plain') {
      value = data.toString('utf8');
    } else {
      try {
        value = safeStorage.decryptString(data);
      } catch (error) {
        // A value encrypted under another OS user or keyring cannot be read; treat it as absent
        // and say so, rather than failing every caller.
        logger.error('secret cannot be decrypted', { name, error });
        return null;
      }
    }
    this.cache.set(name, value);
    return value;
  }

  set(name: string, value: string): void {
    checkSecretName(name);
    const content = this.load();
    const encrypted = safeStorage.isEncryptionAvailable();
    const data = encrypted ? safeStorage.encryptString(value) : Buffer.from(value, 'utf8');
    content.entries[name] = {
      encoding: encrypted ? 'safeStorage' : 'plain',
      data: data.toString('base64'),
    };
    writeSecretFile(this.filePath, content);
    this.cache.set(name, value);
  }

  delete(name: string): void {
    checkSecretName(name);
    const content = this.load();
    this.cache.delete(name);
    if (!(name in content.entries)) return;
    delete content.entries[name];
    writeSecretFile(this.filePath, content);
  }

  private load(): SecretFile {
    this.content ??= readSecretFile(this.filePath);
    return this.content;
  }
}
