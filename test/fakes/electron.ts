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

class FakeWebContents extends EventEmitter {
  static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  readonly sent: { channel: string; args: unknown[] }[] = [];
  windowOpenHandler: Listener | null = null;
  url = '';
  devToolsOpened = false;
  readonly session = fakeSession;
  readonly mainFrame = { url: '', routingId: 1 };

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

  constructor(options: Record<string, unknown> = {}) {
    super();
    this.options = options;
    BrowserWindow.instances.push(this);
  }
  static getAllWindows(): BrowserWindow[] {
    return BrowserWindow.instances.filter((window) => !window.destroyed);
  }
  loadURL(url: string): Promise<void> {
    return this.webContents.loadURL(url);
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

class FakeApp extends EventEmitter {
  readonly commandLineSwitches: string[][] = [];
  isPackaged = false;
  singleInstanceLock = true;
  quitCalled = false;
  exitCode: number | null = null;
  paths: Record<string, string> = { userData: '/tmp/cardlane-fake-userdata', logs: '/tmp/cardlane-fake-logs' };
  readonly commandLine = {
    appendSwitch: (...args: string[]) => {
      this.commandLineSwitches.push(args);
    },
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
  getVersion(): string {
    return '0.0.0-test';
  }
  getName(): string {
    return 'Cardlane';
  }
  setName(): void {}
  quit(): void {
    this.quitCalled = true;
    this.emit('before-quit');
  }
  exit(code = 0): void {
    this.exitCode = code;
  }
  relaunch(): void {
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
  setDevicePermissionHandler(): void {},
  on(): void {},
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
    return Buffer.concat([Buffer.from('fake-enc:'), Buffer.from(text, 'utf8').map((byte) => byte ^ 0x5a)]);
  },
  decryptString(data: Buffer): string {
    const prefix = Buffer.from('fake-enc:');
    if (!data.subarray(0, prefix.length).equals(prefix)) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
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
  fetch: (): Promise<Response> => Promise.reject(new Error('net.fetch is not available in the fake electron module')),
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
