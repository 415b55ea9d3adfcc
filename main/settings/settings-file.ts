import { existsSync } from 'node:fs';
import path from 'node:path';

import Conf from 'conf';

/** File name of the settings file in the data folder (electron-store's and conf's default). */
export const SETTINGS_FILE = 'config.json';

/**
 * Access to the settings file for the store: raw JSON in, raw JSON out. The store parses every read
 * with zod, so this layer never validates and never resets a file it cannot read.
 */
export interface SettingsFile {
  readonly path: string;
  /** The parsed JSON, or undefined when the file does not exist. Throws on broken JSON. */
  read(): unknown;
  write(value: Record<string, unknown>): void;
}

/** Options both conf and electron-store get, so the two read and write the file the same way. */
export const CONF_OPTIONS = {
  configName: 'config',
  // A broken file must stay on disk for the operator to fix; conf would otherwise replace it.
  clearInvalidConfig: false,
  accessPropertiesByDotNotation: false,
  configFileMode: 0o600,
} as const;

/**
 * A settings file read and written through `conf` (or electron-store, which extends it). The
 * instance is created on first use because conf parses the file in its constructor and throws on
 * broken JSON; every later read goes back to the file, so a hand edit is seen at once.
 */
export class ConfSettingsFile implements SettingsFile {
  readonly path: string;
  private instance: Conf<Record<string, unknown>> | null = null;

  constructor(
    dataDir: string,
    private readonly create: (dataDir: string) => Conf<Record<string, unknown>> = createConf,
  ) {
    this.path = path.join(dataDir, SETTINGS_FILE);
    this.dataDir = dataDir;
  }

  private readonly dataDir: string;

  read(): unknown {
    if (!existsSync(this.path)) return undefined;
    // `store` reads and parses the file on every access.
    return { ...this.conf().store };
  }

  write(value: Record<string, unknown>): void {
    this.conf().store = value;
  }

  private conf(): Conf<Record<string, unknown>> {
    this.instance ??= this.create(this.dataDir);
    return this.instance;
  }
}

function createConf(dataDir: string): Conf<Record<string, unknown>> {
  return new Conf<Record<string, unknown>>({
    ...CONF_OPTIONS,
    cwd: dataDir,
    projectName: 'cardlane',
  });
}
