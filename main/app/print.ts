import { BrowserWindow } from 'electron';

import type { RenderedReceipt } from '../../common/contract';
import { createLogger } from '../log/logger';
import { buildPrintWindowOptions } from './window';

const logger = createLogger('app.print');

/**
 * Prints a receipt on the system's default printer from a hidden window that has no preload and no
 * JavaScript. The HTML comes from main's receipt renderer, which escapes every field; it is loaded
 * as a data URL so the window never touches the app's own pages or the network.
 */
export async function printReceiptInHiddenWindow(
  receipt: Pick<RenderedReceipt, 'html'>,
): Promise<void> {
  const window = new BrowserWindow(buildPrintWindowOptions());
  try {
    await window.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(receipt.html)}`);
    await new Promise<void>((resolve, reject) => {
      window.webContents.print({ silent: true, printBackground: false }, (success, reason) => {
        if (success) {
          resolve();
        } else {
          reject(new Error(`The receipt did not print: ${reason}.`));
        }
      });
    });
    logger.info('receipt printed');
  } finally {
    if (!window.isDestroyed()) window.destroy();
  }
}
