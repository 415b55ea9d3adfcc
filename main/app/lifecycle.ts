import path from 'node:path';

import {
  app,
  crashReporter,
  ipcMain,
  Menu,
  powerMonitor,
  powerSaveBlocker,
  session,
  type BrowserWindow,
} from 'electron';

import { configureLogging, createLogger } from '../log/logger';
import type { Services, ServicesOptions } from '../services';
import { installSessionGuards, installWebContentsGuards } from './guards';
import { forwardEvents, registerChannels } from './ipc';
import { installMainCrashHandlers } from './main-crash';
import { APP_PAGE_URL, OUT_OF_SERVICE_URL, isAppPageUrl } from './origin';
import { DisplayAwake, watchPowerEvents } from './power';
import { installAppProtocol, registerAppScheme } from './protocol';
import { watchRenderer, type RecoveryPolicy, type RecoveryTimers } from './renderer-recovery';
import { claimSingleInstance } from './single-instance';
import { findDebuggingSwitch, hasKioskSwitch } from './switches';
import { createMainWindow } from './window';

const logger = createLogger('app');

export interface StartAppOptions {
  /** The process arguments; `process.argv` in the app. */
  argv?: readonly string[];
  /** Starts main's services; the real ones in the app, a stand-in in shell tests. */
  startServices?: (options: ServicesOptions) => Promise<Services>;
  /** Folder holding `out/`; `app.getAppPath()` in the app. */
  appRoot?: string;
  /** Also write log lines to stderr; on by default in development. */
  logToConsole?: boolean;
  /** Log uncaught errors in main and relaunch; tests that run inside a shared process turn it off. */
  handleUncaughtErrors?: boolean;
  recoveryPolicy?: Partial<RecoveryPolicy>;
  recoveryTimers?: RecoveryTimers;
}

/** What a started shell exposes to its tests. */
export interface AppShell {
  /** Settles once the window has loaded its first page, or with the error that stopped it. */
  ready: Promise<void>;
  window(): BrowserWindow | null;
  services(): Services | null;
  displayAwake: DisplayAwake;
}

/**
 * Starts the Electron app: the checks and registrations Electron accepts only before `ready`
 * (debugging switches, single-instance lock, the `app:` scheme, sandbox, crash reporter), then on
 * `ready` the protocol, the guards, main's services, the IPC channels and the till window.
 * Returns null when this process must not run: a packaged build started with a debugging switch,
 * or a second instance.
 */
export function startApp(options: StartAppOptions = {}): AppShell | null {
  const argv = options.argv ?? process.argv;
  const dataDir = app.getPath('userData');
  const logToConsole = options.logToConsole ?? !app.isPackaged;
  configureLogging({ directory: path.join(dataDir, 'logs'), console: logToConsole });

  if (app.isPackaged) {
    const found = findDebuggingSwitch(argv);
    if (found !== null) {
      logger.error('quitting: a packaged Cardlane does not run with debugging switches', {
        switch: found.split('=', 1)[0],
      });
      app.exit(1);
      return null;
    }
  }

  let mainWindow: BrowserWindow | null = null;
  if (!claimSingleInstance(app, () => mainWindow)) {
    app.quit();
    return null;
  }

  // Crash dumps stay on this PC; they may hold card data from memory, so none is uploaded.
  crashReporter.start({ uploadToServer: false });
  registerAppScheme();
  app.enableSandbox();
  installWebContentsGuards(app);
  if (options.handleUncaughtErrors ?? true) {
    installMainCrashHandlers({ app, argv });
  }

  const kiosk = hasKioskSwitch(argv);
  const appRoot = options.appRoot ?? app.getAppPath();
  const displayAwake = new DisplayAwake(powerSaveBlocker);
  let services: Services | null = null;
  let removeChannels: () => void = () => {};
  let quitting = false;

  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', () => {
    quitting = true;
  });
  app.on('will-quit', (event) => {
    if (services === null) return;
    // Electron would end the process right after this event, so the quit waits for the journal
    // and the serial port to close and is then requested again.
    event.preventDefault();
    const closing = services;
    services = null;
    displayAwake.stop();
    removeChannels();
    closing
      .close()
      .catch((error: unknown) => logger.error('services did not close cleanly', { error }))
      .finally(() => {
        logger.info('services closed; quitting');
        app.quit();
      });
  });

  const ready = app.whenReady().then(async () => {
    if (app.isPackaged || kiosk) {
      // The default menu carries Reload and Toggle DevTools; a till needs neither.
      Menu.setApplicationMenu(null);
    }
    installAppProtocol(path.join(appRoot, 'out', 'renderer'));
    installSessionGuards(session.defaultSession);

    try {
      // Loaded here rather than at the top so shell tests with a stand-in never load the journal,
      // gateway and terminal modules; the bundle still contains them.
      const start = options.startServices ?? (await import('../services')).startServices;
      services = await start({
        dataDir,
        appVersion: app.getVersion(),
        isTrustedSender: isAppPageUrl,
        logToConsole,
      });
    } catch (error) {
      logger.error('services failed to start; showing the out-of-service page', { error });
      services = null;
    }
    if (services !== null && quitting) {
      // The quit was requested while the services were starting; close them and stop here.
      await services.close();
      services = null;
      return;
    }
    if (services !== null) {
      removeChannels = registerChannels(ipcMain, services.router);
    }

    const window = createMainWindow({
      packaged: app.isPackaged,
      kiosk,
      preloadPath: path.join(appRoot, 'out', 'preload', 'index.cjs'),
    });
    mainWindow = window;
    const recovery = watchRenderer(window.webContents, {
      policy: options.recoveryPolicy,
      timers: options.recoveryTimers,
    });
    const stopEvents =
      services === null ? () => {} : forwardEvents(services.events, window.webContents);
    window.on('closed', () => {
      stopEvents();
      recovery.dispose();
      mainWindow = null;
    });

    if (services !== null) {
      await syncDisplayAwake(services, displayAwake);
    }
    watchPowerEvents(powerMonitor, {
      // TODO: close the terminal's serial port on suspend and reopen it on resume once the
      // services expose that; until then a port left open across sleep may need a reconnect.
      onSuspend: () => {},
      onResume: () => {},
    });

    await window.loadURL(services === null ? OUT_OF_SERVICE_URL : APP_PAGE_URL);
    logger.info('window loaded', { kiosk, packaged: app.isPackaged, services: services !== null });
  });

  return {
    ready,
    window: () => mainWindow,
    services: () => services,
    displayAwake,
  };
}

/**
 * Keeps the display awake when an operator is logged in at start-up (the built-in demo cashier
 * always is).
 */
async function syncDisplayAwake(services: Services, displayAwake: DisplayAwake): Promise<void> {
  // TODO: follow logins and logouts once the services announce session changes; today the
  // state is read once at start-up, so a logout does not let the display sleep.
  const status = await services.router.dispatch(
    'session.status',
    {},
    { url: APP_PAGE_URL, isMainFrame: true },
  );
  if (status.ok) {
    const operator = (status.value as { operator: unknown }).operator;
    displayAwake.setLoggedIn(operator !== null);
  }
}
