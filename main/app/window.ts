import { BrowserWindow, type BrowserWindowConstructorOptions, type Input } from 'electron';

import { createLogger } from '../log/logger';

const logger = createLogger('app.window');

export interface WindowOptions {
  /** `app.isPackaged`: DevTools are unavailable in a packaged build. */
  packaged: boolean;
  /** Full screen without a menu, and the reload and DevTools keys do nothing. */
  kiosk: boolean;
  /** Absolute path of the built preload, `out/preload/index.cjs`. */
  preloadPath: string;
}

/** Builds the till's `BrowserWindow` options: a sandboxed, isolated page with no Node access. */
export function buildWindowOptions(options: WindowOptions): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 800,
    minWidth: 800,
    minHeight: 600,
    title: 'Cardlane',
    show: false,
    backgroundColor: '#ffffff',
    autoHideMenuBar: options.kiosk,
    kiosk: options.kiosk,
    fullscreen: options.kiosk,
    webPreferences: {
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: !options.packaged,
      preload: options.preloadPath,
    },
  };
}

/**
 * True for the keys that reload the page or open DevTools: F5, Ctrl+R, Ctrl+Shift+R, F12 and
 * Ctrl+Shift+I/J/C (Cmd on macOS). Kiosk mode swallows them so a cashier cannot reload the
 * till mid-sale or open a console.
 */
export function isBlockedKioskKey(
  input: Pick<Input, 'type' | 'key' | 'control' | 'meta' | 'shift' | 'alt'>,
): boolean {
  if (input.type !== 'keyDown') return false;
  const key = input.key.toLowerCase();
  const command = input.control || input.meta;
  if (key === 'f5' || key === 'f12') return true;
  if (command && key === 'r') return true;
  if (command && input.shift && (key === 'i' || key === 'j' || key === 'c')) return true;
  if (input.alt && input.meta && key === 'i') return true;
  return false;
}

/** Creates the till window. It is shown once its first page is ready to paint. */
export function createMainWindow(options: WindowOptions): BrowserWindow {
  const window = new BrowserWindow(buildWindowOptions(options));
  window.once('ready-to-show', () => window.show());

  if (options.kiosk) {
    window.removeMenu();
    window.webContents.on('before-input-event', (event, input) => {
      if (isBlockedKioskKey(input)) {
        logger.info('kiosk key blocked', { key: input.key });
        event.preventDefault();
      }
    });
  }
  return window;
}

/**
 * Builds the options of the hidden window that prints receipts. Receipt HTML is built by main from
 * journal fields, so the window gets no preload, no JavaScript and no DevTools: even a field that
 * slipped through escaping cannot run.
 */
export function buildPrintWindowOptions(): BrowserWindowConstructorOptions {
  return {
    show: false,
    width: 400,
    height: 600,
    webPreferences: {
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      javascript: false,
      devTools: false,
      spellcheck: false,
      webviewTag: false,
      navigateOnDragDrop: false,
    },
  };
}
