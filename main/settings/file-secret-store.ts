import path from 'node:path';

import { checkSecretName, type SecretStore } from './secret-store';
import { readSecretFile, writeSecretFile, type SecretFile } from './secret-file';

/** File name of the plain secret store in the data folder. */
export const PLAIN_SECRETS_FILE = 'secrets.plain.json';

/**
 * A secret store that is NOT secure: values sit base64-encoded in a mode-0600 file, readable by
 * anyone who can read the user's files. It serves the command line and tests, which cannot use
 * Electron `safeStorage`, and reports `isAvailable() === false` so storing credentials still
 * requires a manager to accept plain storage.
 */
export class FileSecretStore implements SecretStore {
  readonly filePath: string;

  /** `location` is a data folder (the file is `secrets.plain.json` in it) or a `.json` path. */
  constructor(location: string) {
    this.filePath = location.endsWith('.json') ? location : path.join(location, PLAIN_SECRETS_FILE);
  }

  isAvailable(): boolean {
    return false;
  }

  backendName(): string {
    return 'plain file (not encrypted)';
  }

  get(name: string): string | null {
    checkSecretName(name);
    const entry = this.load().entries[name];
    if (entry === undefined) return null;
    return Buffer.from(entry.data, 'base64').toString('utf8');
  }

  set(name: string, value: string): void {
    checkSecretName(name);
    const content = this.load();
    content.entries[name] = {
      encoding: 'plain',
      data: Buffer.from(value, 'utf8').toString('base64'),
    };
    writeSecretFile(this.filePath, content);
  }

  delete(name: string): void {
    checkSecretName(name);
    const content = this.load();
    if (!(name in content.entries)) return;
    delete content.entries[name];
    writeSecretFile(this.filePath, content);
  }

  /**
   * Reads the file on every access: in demo mode the app and the command line share it, so a
   * cached copy written back by one would undo the other's newer entries (the audit head, lockouts).
   */
  private load(): SecretFile {
    return readSecretFile(this.filePath);
  }
}
