/**
 * A fake of the parts of Electron's main-process API that Cardlane uses, for tests under plain
 * Node. It records what the app asked for (window options, registered handlers, protocol
 * handlers, guards) so tests can assert on it, and lets tests fire the events Electron would.
 */
import { EventEmitter } from 'node:events';

type Listener = (...args: unknown[]) => unknown;

export interface FakeCall {
  channel: string;
  handler: Listener;
}

export class FakeWebContents extends EventEmitter {
  static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  readonly sent: { channel: string; args: unknown[] }[] = [];
  windowOpenHandler: Listener | null = null;
  url = '';
  devToolsOpened = false;
  readonly session = fakeSession;
  readonly mainFrame = { url: '', routingId: 1 };
  /** Options of every print call; `FakeWebContents.printFailure` makes the next calls fail. */
  readonly printed: unknown[] = [];
  static printFailure: string | null = null;

  print(options: unknown, callback?: (success: boolean, reason: string) => void): void {
    this.printed.push(options);
    const failure = FakeWebContents.printFailure;
    setImmediate(() => callback?.(failure === null, failure ?? ''));
  }

  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }
  setWindowOpenHandler(handler: Listener): void {
    this.windowOpenHandler = handler;
  }
  loadURL(url: string): Promise<void> {
    this.url = url;
    this.mainFrame.url = url;
    return Promise.resolve();
  }
  getURL(): string {
    return this.url;
  }
  isDevToolsOpened(): boolean {
    return this.devToolsOpened;
  }
  reload(): void {
    this.emit('reload');
  }
  openDevTools(): void {
    this.devToolsOpened = true;
  }
  closeDevTools(): void {
    this.devToolsOpened = false;
  }
  isDestroyed(): boolean {
    return false;
  }
}

export class BrowserWindow extends EventEmitter {
  static readonly instances: BrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  readonly options: Record<string, unknown>;
  destroyed = false;
  focused = false;
  minimized = false;
  shown = false;
  menuBarVisible = true;

  private readyToShowSent = false;

  constructor(options: Record<string, unknown> = {}) {
    super();
    this.options = options;
    BrowserWindow.instances.push(this);
    // Electron announces every new WebContents on the app before the window uses it.
    app.emit('web-contents-created', { preventDefault() {} }, this.webContents);
  }
  static getAllWindows(): BrowserWindow[] {
    return BrowserWindow.instances.filter((window) => !window.destroyed);
  }
  async loadURL(url: string): Promise<void> {
    await this.webContents.loadURL(url);
    if (!this.readyToShowSent) {
      this.readyToShowSent = true;
      this.emit('ready-to-show');
    }
  }
  show(): void {
    this.shown = true;
  }
  focus(): void {
    this.focused = true;
  }
  restore(): void {
    this.minimized = false;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  setMenuBarVisibility(visible: boolean): void {
    this.menuBarVisible = visible;
  }
  removeMenu(): void {
    this.menuBarVisible = false;
  }
  close(): void {
    this.destroyed = true;
    this.emit('closed');
  }
  destroy(): void {
    this.close();
  }
}

/** An Electron event object whose default action a listener can cancel. */
export interface FakeEvent {
  defaultPrevented: boolean;
  preventDefault(): void;
}

export function fakeEvent(): FakeEvent {
  return {
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
  };
}

class FakeApp extends EventEmitter {
  readonly commandLineSwitches: string[][] = [];
  isPackaged = false;
  singleInstanceLock = true;
  sandboxEnabled = false;
  quitCalled = false;
  /** True once a quit request was not cancelled by `before-quit` or `will-quit`. */
  quitCompleted = false;
  exitCode: number | null = null;
  relaunchOptions: unknown[] = [];
  appPath = process.cwd();
  paths: Record<string, string> = {
    userData: '/tmp/cardlane-fake-userdata',
    logs: '/tmp/cardlane-fake-logs',
  };
  readonly commandLine = {
    appendSwitch: (...args: string[]) => {
      this.commandLineSwitches.push(args);
    },
    hasSwitch: (name: string): boolean =>
      this.commandLineSwitches.some(([switchName]) => switchName === name),
    getSwitchValue: (name: string): string =>
      this.commandLineSwitches.find(([switchName]) => switchName === name)?.[1] ?? '',
  };
  private readyResolve: (() => void) | null = null;
  private readonly ready = new Promise<void>((resolve) => {
    this.readyResolve = resolve;
  });

  requestSingleInstanceLock(): boolean {
    return this.singleInstanceLock;
  }
  whenReady(): Promise<void> {
    return this.ready;
  }
  /** Test helper: resolves `whenReady` and fires `ready`. */
  fireReady(): void {
    this.readyResolve?.();
    this.emit('ready');
  }
  getPath(name: string): string {
    return this.paths[name] ?? `/tmp/cardlane-fake-${name}`;
  }
  setPath(name: string, value: string): void {
    this.paths[name] = value;
  }
  getAppPath(): string {
    return this.appPath;
  }
  enableSandbox(): void {
    this.sandboxEnabled = true;
  }
  getVersion(): string {
    return '0.0.0-test';
  }
  getName(): string {
    return 'Cardlane';
  }
  setName(): void {}
  /** Like Electron: `before-quit`, then `will-quit`; either listener may cancel the quit. */
  quit(): void {
    this.quitCalled = true;
    const beforeQuit = fakeEvent();
    this.emit('before-quit', beforeQuit);
    if (beforeQuit.defaultPrevented) return;
    const willQuit = fakeEvent();
    this.emit('will-quit', willQuit);
    if (willQuit.defaultPrevented) return;
    this.quitCompleted = true;
    this.emit('quit', fakeEvent(), 0);
  }
  exit(code = 0): void {
    this.exitCode = code;
  }
  relaunch(options?: unknown): void {
    this.relaunchOptions.push(options);
    this.emit('relaunch');
  }
  setAppUserModelId(): void {}
}

export const app = new FakeApp();

export const ipcMain = {
  handlers: new Map<string, Listener>(),
  handle(channel: string, handler: Listener): void {
    if (this.handlers.has(channel)) {
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    }
    this.handlers.set(channel, handler);
  },
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  },
  on(): void {},
};

export const protocol = {
  privileged: [] as unknown[],
  handlers: new Map<string, Listener>(),
  registerSchemesAsPrivileged(schemes: unknown[]): void {
    this.privileged.push(...schemes);
  },
  handle(scheme: string, handler: Listener): void {
    this.handlers.set(scheme, handler);
  },
};

const fakeSession = {
  permissionRequestHandler: null as Listener | null,
  permissionCheckHandler: null as Listener | null,
  headersReceivedHandler: null as Listener | null,
  setPermissionRequestHandler(handler: Listener): void {
    this.permissionRequestHandler = handler;
  },
  setPermissionCheckHandler(handler: Listener): void {
    this.permissionCheckHandler = handler;
  },
  devicePermissionHandler: null as Listener | null,
  listeners: new Map<string, Listener[]>(),
  setDevicePermissionHandler(handler: Listener): void {
    this.devicePermissionHandler = handler;
  },
  on(event: string, listener: Listener): void {
    const list = this.listeners.get(event) ?? [];
    list.push(listener);
    this.listeners.set(event, list);
  },
  webRequest: {
    onHeadersReceived(handler: Listener): void {
      fakeSession.headersReceivedHandler = handler;
    },
  },
  protocol,
};

export const session = { defaultSession: fakeSession };

export const safeStorage = {
  available: true,
  backend: 'gnome_libsecret',
  isEncryptionAvailable(): boolean {
    return this.available;
  },
  getSelectedStorageBackend(): string {
    return this.backend;
  },
  encryptString(text: string): Buffer {
    return Buffer.concat([
      Buffer.from('fake-enc:'),
      Buffer.from(text, 'utf8').map((byte) => byte ^ 0x5a),
    ]);
  },
  decryptString(data: Buffer): string {
    const prefix = Buffer.from('fake-enc:');
    if (!data.subarray(0, prefix.length).equals(prefix))
      throw new Error(
        'Error while decrypting the ciphertext provided to safeStorage.decryptString.',
      );
    return Buffer.from(data.subarray(prefix.length).map((byte) => byte ^ 0x5a)).toString('utf8');
  },
};

export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld(key: string, api: unknown): void {
    this.exposed.set(key, api);
  },
};

export const ipcRenderer = new (class extends EventEmitter {
  invoked: { channel: string; args: unknown[] }[] = [];
  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invoked.push({ channel, args });
    return Promise.resolve({ ok: true, value: null });
  }
})();

export const powerSaveBlocker = {
  active: new Set<number>(),
  next: 1,
  start(): number {
    const id = this.next++;
    this.active.add(id);
    return id;
  },
  stop(id: number): void {
    this.active.delete(id);
  },
  isStarted(id: number): boolean {
    return this.active.has(id);
  },
};

export const powerMonitor = new EventEmitter();

export const Menu = {
  applicationMenu: undefined as unknown,
  setApplicationMenu(menu: unknown): void {
    this.applicationMenu = menu;
  },
};

export const crashReporter = {
  started: null as unknown,
  start(options: unknown): void {
    this.started = options;
  },
};

export const shell = { openExternal: (): Promise<void> => Promise.resolve() };

export const net = {
  /** Rejects unless a test replaces it with a stand-in for Chromium's network stack. */
  fetch: (_url: string, _init?: RequestInit): Promise<Response> =>
    Promise.reject(new Error('net.fetch is not available in the fake electron module')),
};

export default {
  app,
  BrowserWindow,
  ipcMain,
  protocol,
  session,
  safeStorage,
  contextBridge,
  ipcRenderer,
  powerSaveBlocker,
  powerMonitor,
  Menu,
  crashReporter,
  shell,
  net,
};
