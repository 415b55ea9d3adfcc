import os from 'node:os';
import path from 'node:path';

export const PRODUCT_NAME = 'Cardlane';

/**
 * Computes the data folder the same way Electron's `app.getPath('userData')` does for the product
 * name Cardlane, so the command line and the app share one folder without loading Electron:
 * `%APPDATA%\Cardlane` on Windows, `~/Library/Application Support/Cardlane` on macOS and
 * `$XDG_CONFIG_HOME/Cardlane` (default `~/.config/Cardlane`) elsewhere.
 */
export function defaultDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = os.homedir(),
): string {
  if (platform === 'win32') {
    const appData = env.APPDATA ?? path.win32.join(home, 'AppData', 'Roaming');
    return path.win32.join(appData, PRODUCT_NAME);
  }
  if (platform === 'darwin') {
    return path.posix.join(home, 'Library', 'Application Support', PRODUCT_NAME);
  }
  const configHome =
    env.XDG_CONFIG_HOME !== undefined && path.isAbsolute(env.XDG_CONFIG_HOME)
      ? env.XDG_CONFIG_HOME
      : path.posix.join(home, '.config');
  return path.posix.join(configHome, PRODUCT_NAME);
}
