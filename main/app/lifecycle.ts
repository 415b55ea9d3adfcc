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
import {
  loadUpdateConfig,
  machineConfigFolder,
  UPDATE_CONFIG_FILE,
  type UpdateConfig,
} from '../updates/config';
import { installSessionGuards, installWebContentsGuards } from './guards';
import { forwardEvents, registerChannels } from './ipc';
import { installMainCrashHandlers } from './main-crash';
import { APP_PAGE_URL, OUT_OF_SERVICE_URL, isAppPageUrl } from './origin';
import { DisplayAwake, watchPowerEvents } from './power';
import { installAppProtocol, registerAppScheme } from './protocol';
import { watchRenderer, type RecoveryPolicy, type RecoveryTimers } from './renderer-recovery';
import { claimSingleInstance } from './single-instance';
import { isSmokeBuild } from './smoke-build';
import { findDebuggingSwitch, hasKioskSwitch } from './switches';
import {
  electronNetFetcher,
  startShellUpdates,
  type ElectronUpdaterLike,
  type ShellUpdates,
  type ShellUpdatesOptions,
} from './updates';
import { printReceiptInHiddenWindow } from './print';
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
  updates?: ShellUpdateOptions;
}

/** Built-in update options of the shell; tests replace electron-updater and the clock. */
export interface ShellUpdateOptions extends Partial<
  Pick<ShellUpdatesOptions, 'fetcher' | 'publicKeys' | 'now' | 'tickMs'>
> {
  /**
   * The update settings file. By default `update-config.json` in the machine-wide settings folder
   * for a packaged build, and none (updates off) in development.
   */
  configPath?: string | null;
  loadUpdater?: () => Promise<ElectronUpdaterLike>;
}

/** Handles to a started shell, for its tests. */
export interface AppShell {
  /** Settles once the window has loaded its first page, or with the error that stopped it. */
  ready: Promise<void>;
  window(): BrowserWindow | null;
  services(): Services | null;
  updates(): ShellUpdates | null;
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

  const appRoot = options.appRoot ?? app.getAppPath();
  if (app.isPackaged) {
    const found = findDebuggingSwitch(argv);
    if (found !== null && !isSmokeBuild(appRoot)) {
      logger.error('quitting: a packaged Cardlane does not run with debugging switches', {
        switch: found.split('=', 1)[0],
      });
      app.exit(1);
      return null;
    }
    if (found !== null) {
      logger.warn('smoke-test package: debugging switches accepted; never install it in a store', {
        switch: found.split('=', 1)[0],
      });
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
  const displayAwake = new DisplayAwake(powerSaveBlocker);
  let services: Services | null = null;
  let updates: ShellUpdates | null = null;
  let removeChannels: () => void = () => {};
  let stopPowerEvents: () => void = () => {};
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
    updates?.stop();
    updates = null;
    stopPowerEvents();
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
      const start = options.startServices ?? startElectronServices;
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
      try {
        updates = await startUpdates(services, options.updates ?? {});
      } catch (error) {
        // The till works without built-in updates; the updates.* channels then report an error.
        logger.error('built-in updates did not start', { error });
      }
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
      await followSession(services, displayAwake);
      stopPowerEvents = watchPowerEvents(
        powerMonitor,
        laneSleepHooks(() => services),
      );
    }

    const page = services === null ? OUT_OF_SERVICE_URL : APP_PAGE_URL;
    try {
      await window.loadURL(page);
    } catch (error) {
      // A missing or broken renderer bundle: show the page that needs no bundle, not a blank window.
      logger.error('the till page failed to load; showing the out-of-service page', {
        page,
        error,
      });
      await window.loadURL(OUT_OF_SERVICE_URL);
    }
    logger.info('window loaded', { kiosk, packaged: app.isPackaged, services: services !== null });
  });

  return {
    ready,
    window: () => mainWindow,
    services: () => services,
    updates: () => updates,
    displayAwake,
  };
}

/**
 * Starts the real services with the app's Electron adapters: secrets encrypted with
 * `safeStorage` and the settings file through electron-store. They are loaded here rather than at
 * the top, so shell tests with stand-in services never load electron-store, the journal, the
 * gateway or the terminal. The bundle contains them all the same.
 */
async function startElectronServices(options: ServicesOptions): Promise<Services> {
  const [{ startServices }, { ElectronSecretStore }, { createElectronSettingsFile }] =
    await Promise.all([
      import('../services'),
      import('../settings/electron-secret-store'),
      import('../settings/electron-settings-file'),
    ]);
  return startServices({
    ...options,
    secrets: new ElectronSecretStore(options.dataDir),
    settingsFile: createElectronSettingsFile(options.dataDir),
    printReceipt: printReceiptInHiddenWindow,
  });
}

/**
 * Keeps the display awake while an operator is logged in: the session at start-up is read
 * through the router, and every later login or logout arrives as a `session.changed` event.
 */
async function followSession(services: Services, displayAwake: DisplayAwake): Promise<void> {
  services.events.addSink((name, payload) => {
    if (name === 'session.changed') {
      displayAwake.setLoggedIn((payload as { operator: unknown }).operator !== null);
    }
  });
  const status = await services.router.dispatch(
    'session.status',
    {},
    { url: APP_PAGE_URL, isMainFrame: true },
  );
  if (status.ok) {
    displayAwake.setLoggedIn((status.value as { operator: unknown }).operator !== null);
  }
}

/**
 * Closes the lane (and with it the terminal's serial port) before the PC sleeps, unless a payment
 * is open, and starts it again after wake-up. A port left open across sleep often comes back
 * unusable, and the terminal reconnects cleanly on a fresh open.
 */
function laneSleepHooks(current: () => Services | null) {
  return {
    async onSuspend(): Promise<void> {
      const services = current();
      if (services === null) return;
      if (services.hasOpenPayment()) {
        logger.warn('suspend with a payment open; the lane stays open');
        return;
      }
      await services.lane.close();
      logger.info('lane closed for suspend');
    },
    async onResume(): Promise<void> {
      const services = current();
      if (services === null) return;
      await services.lane.ensure();
      logger.info('lane started after resume');
    },
  };
}

/**
 * Reads the machine's update settings and starts built-in updates. A missing file leaves them
 * off; an invalid one leaves them off and the status says why.
 */
async function startUpdates(
  services: Services,
  options: ShellUpdateOptions,
): Promise<ShellUpdates> {
  const configPath =
    options.configPath !== undefined
      ? options.configPath
      : app.isPackaged
        ? path.join(machineConfigFolder(), UPDATE_CONFIG_FILE)
        : null;
  let config: UpdateConfig | null = null;
  let offReason: string | null = null;
  if (configPath !== null) {
    try {
      config = loadUpdateConfig(configPath);
    } catch (error) {
      logger.error('update settings are invalid; built-in updates are off', { error });
      offReason = (error as Error).message;
    }
  }
  return startShellUpdates({
    services,
    currentVersion: app.getVersion(),
    config,
    offReason,
    loadUpdater: options.loadUpdater ?? loadElectronUpdater,
    fetcher: options.fetcher ?? electronNetFetcher,
    ...(options.publicKeys === undefined ? {} : { publicKeys: options.publicKeys }),
    ...(options.now === undefined ? {} : { now: options.now }),
    ...(options.tickMs === undefined ? {} : { tickMs: options.tickMs }),
  });
}

/** Loads electron-updater only when updates are configured; it reads Electron's app at load. */
async function loadElectronUpdater(): Promise<ElectronUpdaterLike> {
  const { autoUpdater } = await import('electron-updater');
  return autoUpdater;
}
