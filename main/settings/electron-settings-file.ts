import ElectronStore from 'electron-store';

import { CONF_OPTIONS, ConfSettingsFile } from './settings-file';

/**
 * Creates the app's settings file access through electron-store: the same `config.json` in the data folder that
 * the command line reads through conf.
 */
export function createElectronSettingsFile(dataDir: string): ConfSettingsFile {
  return new ConfSettingsFile(
    dataDir,
    (cwd) => new ElectronStore<Record<string, unknown>>({ ...CONF_OPTIONS, name: 'config', cwd }),
  );
}
