import type { App, BrowserWindow } from 'electron';

import { createLogger } from '../log/logger';

const logger = createLogger('app.instance');

/**
 * Takes the single-instance lock. Two instances would fight over the terminal's serial port, so
 * a second launch only brings the first one's window to the front. Returns false in the second
 * instance, which must quit without opening anything.
 */
export function claimSingleInstance(
  target: App,
  currentWindow: () => BrowserWindow | null,
): boolean {
  if (!target.requestSingleInstanceLock()) {
    logger.info('another Cardlane is running; focusing it and quitting');
    return false;
  }
  target.on('second-instance', () => {
    const window = currentWindow();
    if (window === null || window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  });
  return true;
}
