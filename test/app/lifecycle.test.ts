import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import {
  CHANNEL_NAMES,
  IPC_EVENT_CHANNEL,
  IPC_PREFIX,
  type SessionStatus,
} from '../../common/contract';
import type { Services, ServicesOptions } from '../../main/services';

type Fake = typeof import('../fakes/electron');
type Lifecycle = typeof import('../../main/app/lifecycle');

let electron: Fake;
let lifecycle: Lifecycle;
let userData: string;

// Each test gets fresh module state: a new fake Electron (app, windows, handlers) and a new shell.
beforeEach(async () => {
  vi.resetModules();
  electron = await import('../fakes/electron');
  lifecycle = await import('../../main/app/lifecycle');
  userData = mkdtempSync(path.join(os.tmpdir(), 'cardlane-shell-'));
  electron.app.setPath('userData', userData);
});

afterEach(async () => {
  const { closeLogging } = await import('../../main/log/logger');
  closeLogging();
  rmSync(userData, { recursive: true, force: true });
});

/**
 * Services for shell tests: the real router and event bus with a session.status handler, so the
 * shell's wiring is exercised without the journal, gateway and terminal.
 */
async function standInServices(options: ServicesOptions, operatorLoggedIn = true) {
  const { IpcRouter } = await import('../../main/ipc/router');
  const { EventBus } = await import('../../main/ipc/events');
  const operator = operatorLoggedIn
    ? ({ id: 1, name: 'Demo cashier', role: 'cashier' } as const)
    : null;
  const router = new IpcRouter({
    isTrustedSender: options.isTrustedSender,
    currentOperator: () => operator,
  });
  const status: SessionStatus = {
    operator,
    laneId: 'lane1',
    environment: 'demo',
    setupRequired: false,
    settingsError: null,
    appVersion: options.appVersion,
    maxSaleMinor: 1_000_000,
    timeZone: 'America/New_York',
  };
  router.handle('session.status', () => status);
  const record = { closed: 0, options, laneClosed: 0, laneStarted: 0, paymentOpen: false };
  const services = {
    router,
    events: new EventBus(),
    lane: {
      close: async () => {
        record.laneClosed += 1;
      },
      ensure: async () => {
        record.laneStarted += 1;
        return {};
      },
    },
    hasOpenPayment: () => record.paymentOpen,
    close: async () => {
      record.closed += 1;
    },
  } as unknown as Services;
  return { services, record };
}

function start(argv: string[], extra: Partial<Parameters<Lifecycle['startApp']>[0]> = {}) {
  let record: Awaited<ReturnType<typeof standInServices>>['record'] | null = null;
  const shell = lifecycle.startApp({
    argv,
    appRoot: '/opt/cardlane',
    handleUncaughtErrors: false,
    logToConsole: false,
    startServices: async (options) => {
      const built = await standInServices(options);
      record = built.record;
      return built.services;
    },
    ...extra,
  });
  return { shell, record: () => record };
}

describe('packaged start', () => {
  it.each([
    '--remote-debugging-port=9222',
    '--inspect',
    '--inspect-brk=9229',
    '--remote-debugging-pipe',
  ])('quits with %s', (flag) => {
    electron.app.isPackaged = true;
    const { shell } = start(['/opt/Cardlane/cardlane', flag]);
    expect(shell).toBeNull();
    expect(electron.app.exitCode).toBe(1);
    expect(electron.protocol.privileged).toEqual([]);
    expect(electron.app.listenerCount('will-quit')).toBe(0);
  });

  it('starts without debugging switches', () => {
    electron.app.isPackaged = true;
    const { shell } = start(['/opt/Cardlane/cardlane']);
    expect(shell).not.toBeNull();
    expect(electron.app.exitCode).toBeNull();
  });

  it('accepts Playwright switches in a smoke-test package', () => {
    electron.app.isPackaged = true;
    writeFileSync(
      path.join(userData, 'package.json'),
      JSON.stringify({ name: 'cardlane', cardlaneSmokeBuild: true }),
    );
    const { shell } = start(
      ['/opt/Cardlane/cardlane', '--inspect=0', '--remote-debugging-port=0'],
      { appRoot: userData },
    );
    expect(shell).not.toBeNull();
    expect(electron.app.exitCode).toBeNull();
  });

  it('quits when the smoke-test mark is not true', () => {
    electron.app.isPackaged = true;
    writeFileSync(
      path.join(userData, 'package.json'),
      JSON.stringify({ name: 'cardlane', cardlaneSmokeBuild: 'yes' }),
    );
    const { shell } = start(['/opt/Cardlane/cardlane', '--inspect=0'], { appRoot: userData });
    expect(shell).toBeNull();
    expect(electron.app.exitCode).toBe(1);
  });

  it('accepts --inspect in development', () => {
    const { shell } = start(['electron', '.', '--inspect']);
    expect(shell).not.toBeNull();
    expect(electron.app.exitCode).toBeNull();
  });

  it('turns DevTools and the menu off', async () => {
    electron.app.isPackaged = true;
    const { shell } = start(['/opt/Cardlane/cardlane']);
    electron.app.fireReady();
    await shell?.ready;
    const window = electron.BrowserWindow.getAllWindows()[0];
    const preferences = window?.options.webPreferences as Record<string, unknown>;
    expect(preferences.devTools).toBe(false);
    expect(electron.Menu.applicationMenu).toBeNull();
  });
});

describe('before ready', () => {
  it('registers the app scheme, the sandbox and local-only crash dumps', () => {
    start(['electron', '.']);
    expect(electron.protocol.privileged).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
    expect(electron.app.sandboxEnabled).toBe(true);
    expect(electron.crashReporter.started).toMatchObject({ uploadToServer: false });
    expect(electron.BrowserWindow.getAllWindows()).toEqual([]);
  });
});

describe('single instance', () => {
  it('quits the second instance', () => {
    electron.app.singleInstanceLock = false;
    const { shell } = start(['electron', '.']);
    expect(shell).toBeNull();
    expect(electron.app.quitCalled).toBe(true);
    expect(electron.protocol.privileged).toEqual([]);
  });

  it('focuses the window on a second launch', async () => {
    const { shell } = start(['electron', '.']);
    electron.app.fireReady();
    await shell?.ready;
    const window = electron.BrowserWindow.getAllWindows()[0];
    if (window === undefined) throw new Error('no window');
    window.minimized = true;
    window.focused = false;

    electron.app.emit('second-instance', {}, ['electron', '.'], '/');
    expect(window.minimized).toBe(false);
    expect(window.focused).toBe(true);
  });
});

describe('ready', () => {
  it('opens the app page and registers every channel', async () => {
    const { shell, record } = start(['electron', '.']);
    electron.app.fireReady();
    await shell?.ready;

    const windows = electron.BrowserWindow.getAllWindows();
    expect(windows).toHaveLength(1);
    expect(windows[0]?.webContents.getURL()).toBe('app://cardlane/index.html');
    expect(windows[0]?.shown).toBe(true);
    const preferences = windows[0]?.options.webPreferences as Record<string, unknown>;
    expect(preferences.preload).toBe(path.join('/opt/cardlane', 'out', 'preload', 'index.cjs'));
    expect(preferences.sandbox).toBe(true);
    expect(preferences.devTools).toBe(true);

    for (const name of CHANNEL_NAMES) {
      expect(electron.ipcMain.handlers.has(IPC_PREFIX + name), name).toBe(true);
    }
    expect(electron.protocol.handlers.has('app')).toBe(true);
    expect(record()?.options.dataDir).toBe(userData);
    expect(record()?.options.isTrustedSender('app://cardlane/index.html')).toBe(true);
    expect(record()?.options.isTrustedSender('https://example.com/')).toBe(false);
  });

  it('installs the deny-all guards', async () => {
    const { shell } = start(['electron', '.']);
    electron.app.fireReady();
    await shell?.ready;

    const answers: boolean[] = [];
    electron.session.defaultSession.permissionRequestHandler?.({}, 'media', (granted: boolean) =>
      answers.push(granted),
    );
    expect(answers).toEqual([false]);
    const contents = electron.BrowserWindow.getAllWindows()[0]?.webContents;
    expect(contents?.windowOpenHandler?.({ url: 'https://example.com/' })).toEqual({
      action: 'deny',
    });
    const navigation = Object.assign(electron.fakeEvent(), { url: 'https://example.com/' });
    contents?.emit('will-navigate', navigation, 'https://example.com/');
    expect(navigation.defaultPrevented).toBe(true);
  });

  it('forwards service events to the page', async () => {
    const { shell } = start(['electron', '.']);
    electron.app.fireReady();
    await shell?.ready;
    shell?.services()?.events.emit('attention.changed', { count: 1 });
    expect(electron.BrowserWindow.getAllWindows()[0]?.webContents.sent).toEqual([
      { channel: IPC_EVENT_CHANNEL, args: [{ name: 'attention.changed', payload: { count: 1 } }] },
    ]);
  });

  it('shows the out-of-service page when services fail', async () => {
    const { shell } = start(['electron', '.'], {
      startServices: () => Promise.reject(new Error('journal locked')),
    });
    electron.app.fireReady();
    await shell?.ready;
    expect(electron.BrowserWindow.getAllWindows()[0]?.webContents.getURL()).toBe(
      'app://cardlane/out-of-service.html',
    );
    expect(electron.ipcMain.handlers.size).toBe(0);
  });

  it('falls back when the page fails to load', async () => {
    const { shell } = start(['electron', '.']);
    const loadURL = electron.BrowserWindow.prototype.loadURL;
    electron.BrowserWindow.prototype.loadURL = function (url: string) {
      if (url === 'app://cardlane/index.html') {
        return Promise.reject(
          new Error('ERR_FILE_NOT_FOUND (-6) loading app://cardlane/index.html'),
        );
      }
      return loadURL.call(this, url);
    };
    electron.app.fireReady();
    await shell?.ready;
    expect(electron.BrowserWindow.getAllWindows()[0]?.webContents.getURL()).toBe(
      'app://cardlane/out-of-service.html',
    );
  });

  it('opens a kiosk window with --kiosk', async () => {
    const { shell } = start(['electron', '.', '--kiosk']);
    electron.app.fireReady();
    await shell?.ready;
    const window = electron.BrowserWindow.getAllWindows()[0];
    expect(window?.options.kiosk).toBe(true);
    expect(window?.options.fullscreen).toBe(true);
    expect(window?.menuBarVisible).toBe(false);
    expect(electron.Menu.applicationMenu).toBeNull();
  });
});

describe('power and quit', () => {
  it('keeps the display awake while logged in', async () => {
    const { shell } = start(['electron', '.']);
    electron.app.fireReady();
    await shell?.ready;
    expect(shell?.displayAwake.active).toBe(true);
    expect(electron.powerSaveBlocker.active.size).toBe(1);
  });

  it('follows logins and logouts', async () => {
    const { shell } = start(['electron', '.']);
    electron.app.fireReady();
    await shell?.ready;
    const events = shell?.services()?.events;

    events?.emit('session.changed', { operator: null, reason: 'logout' });
    expect(shell?.displayAwake.active).toBe(false);
    expect(electron.powerSaveBlocker.active.size).toBe(0);

    events?.emit('session.changed', {
      operator: { id: 2, name: 'Ana', role: 'manager' },
      reason: 'login',
    });
    expect(shell?.displayAwake.active).toBe(true);
    expect(electron.powerSaveBlocker.active.size).toBe(1);
  });

  it('lets the display sleep with nobody logged in', async () => {
    const { shell } = start(['electron', '.'], {
      startServices: async (options) => (await standInServices(options, false)).services,
    });
    electron.app.fireReady();
    await shell?.ready;
    expect(shell?.displayAwake.active).toBe(false);
  });

  it('closes the lane on suspend and starts it on resume', async () => {
    const { shell, record } = start(['electron', '.']);
    electron.app.fireReady();
    await shell?.ready;

    electron.powerMonitor.emit('suspend');
    await vi.waitFor(() => expect(record()?.laneClosed).toBe(1));
    expect(record()?.laneStarted).toBe(0);

    electron.powerMonitor.emit('resume');
    await vi.waitFor(() => expect(record()?.laneStarted).toBe(1));
  });

  it('keeps the lane open on suspend during a payment', async () => {
    const { shell, record } = start(['electron', '.']);
    electron.app.fireReady();
    await shell?.ready;
    const built = record();
    if (built === null) throw new Error('services did not start');
    built.paymentOpen = true;

    electron.powerMonitor.emit('suspend');
    electron.powerMonitor.emit('resume');
    await vi.waitFor(() => expect(built.laneStarted).toBe(1));
    expect(built.laneClosed).toBe(0);
  });

  it('stops watching power events on quit', async () => {
    const { shell } = start(['electron', '.']);
    electron.app.fireReady();
    await shell?.ready;
    expect(electron.powerMonitor.listenerCount('suspend')).toBe(1);
    electron.app.quit();
    await vi.waitFor(() => expect(electron.app.quitCompleted).toBe(true));
    expect(electron.powerMonitor.listenerCount('suspend')).toBe(0);
    expect(electron.powerMonitor.listenerCount('resume')).toBe(0);
  });

  it('closes services before quitting', async () => {
    const { shell, record } = start(['electron', '.']);
    electron.app.fireReady();
    await shell?.ready;

    electron.app.quit();
    expect(electron.app.quitCompleted).toBe(false);
    await vi.waitFor(() => expect(electron.app.quitCompleted).toBe(true));
    expect(record()?.closed).toBe(1);
    expect(electron.powerSaveBlocker.active.size).toBe(0);
    expect(electron.ipcMain.handlers.size).toBe(0);
  });

  it('quits when the window closes', async () => {
    const { shell, record } = start(['electron', '.']);
    electron.app.fireReady();
    await shell?.ready;
    electron.BrowserWindow.getAllWindows()[0]?.close();
    electron.app.emit('window-all-closed');
    await vi.waitFor(() => expect(electron.app.quitCompleted).toBe(true));
    expect(record()?.closed).toBe(1);
    expect(shell?.window()).toBeNull();
  });
});
