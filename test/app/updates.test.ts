import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

import { IPC_PREFIX, type SessionOperator } from '../../common/contract';
import type { ElectronUpdaterLike } from '../../main/app/updates';
import type { Services, ServicesOptions } from '../../main/services';
import { createHttpsFetcher, downloadToFile, resolveInFeed } from '../../main/updates/feed';
import { parseFeedRelease } from '../../main/updates/feed-info';
import {
  generateReleaseKeyPair,
  publishRelease,
  startFeedServer,
  type FeedServer,
} from '../updates/feed-server';

type Fake = typeof import('../fakes/electron');
type Lifecycle = typeof import('../../main/app/lifecycle');

const releaseKey = generateReleaseKeyPair();
const installer = Buffer.from('Cardlane 1.0.0 installer\n'.repeat(400));
const manager: SessionOperator = { id: 2, name: 'Ana', role: 'manager' };

let feed: FeedServer;
let electron: Fake;
let lifecycle: Lifecycle;
let folder: string;

beforeAll(async () => {
  feed = await startFeedServer();
});

afterAll(async () => {
  await feed.close();
});

beforeEach(async () => {
  vi.resetModules();
  electron = await import('../fakes/electron');
  lifecycle = await import('../../main/app/lifecycle');
  folder = mkdtempSync(path.join(os.tmpdir(), 'cardlane-shell-updates-'));
  electron.app.setPath('userData', path.join(folder, 'userData'));
  // The fake app reports version 0.0.0-test; the feed offers 1.0.0.
  publishRelease(feed, {
    version: '1.0.0',
    file: 'Cardlane-Setup-1.0.0.exe',
    body: installer,
    signWith: releaseKey.privateKey,
  });
});

afterEach(async () => {
  const { closeLogging } = await import('../../main/log/logger');
  closeLogging();
  rmSync(folder, { recursive: true, force: true });
});

/**
 * Stands in for electron-updater's AppUpdater: it reads the loopback feed over https and
 * downloads the installer, and records what the shell set and called.
 */
function fakeAppUpdater() {
  const record = {
    feed: null as unknown,
    installs: [] as unknown[][],
    downloads: 0,
  };
  const updater: ElectronUpdaterLike = {
    autoDownload: true,
    autoInstallOnAppQuit: true,
    allowDowngrade: true,
    allowPrerelease: true,
    logger: null,
    setFeedURL(options) {
      record.feed = options;
    },
    async checkForUpdates() {
      const file = path.join(folder, 'latest.yml');
      await downloadToFile(resolveInFeed(new URL(feed.url), 'latest.yml'), file, {
        tls: { ca: feed.ca },
      });
      const info = parseFeedRelease(readFileSync(file, 'utf8'));
      return { isUpdateAvailable: true, updateInfo: info };
    },
    async downloadUpdate() {
      record.downloads += 1;
      const file = path.join(folder, 'Cardlane-Setup-1.0.0.exe');
      await downloadToFile(resolveInFeed(new URL(feed.url), 'Cardlane-Setup-1.0.0.exe'), file, {
        tls: { ca: feed.ca },
      });
      return [file];
    },
    quitAndInstall(...args: unknown[]) {
      record.installs.push(args);
    },
  };
  return { updater, record };
}

async function standInServices(options: ServicesOptions) {
  const { IpcRouter } = await import('../../main/ipc/router');
  const { EventBus } = await import('../../main/ipc/events');
  const state = {
    operator: manager as SessionOperator | null,
    paymentOpen: false,
    audited: [] as { action: string; detail?: Record<string, unknown> }[],
  };
  const router = new IpcRouter({
    isTrustedSender: options.isTrustedSender,
    currentOperator: () => state.operator,
  });
  const services = {
    router,
    events: new EventBus(),
    operators: { sessions: { currentOperator: () => state.operator } },
    lane: { close: async () => {}, ensure: async () => ({}) },
    audit: { append: (entry: (typeof state.audited)[number]) => state.audited.push(entry) },
    hasOpenPayment: () => state.paymentOpen,
    close: async () => {},
  } as unknown as Services;
  return { services, state };
}

async function startShell(config: Record<string, unknown> | string | null) {
  const configPath = path.join(folder, 'update-config.json');
  if (config !== null) {
    writeFileSync(configPath, typeof config === 'string' ? config : JSON.stringify(config));
  }
  const { updater, record } = fakeAppUpdater();
  let state: Awaited<ReturnType<typeof standInServices>>['state'] | null = null;
  const shell = lifecycle.startApp({
    argv: ['electron', '.'],
    appRoot: '/opt/cardlane',
    handleUncaughtErrors: false,
    logToConsole: false,
    startServices: async (options) => {
      const built = await standInServices(options);
      state = built.state;
      return built.services;
    },
    updates: {
      configPath,
      loadUpdater: () => Promise.resolve(updater),
      fetcher: createHttpsFetcher({ ca: feed.ca }),
      publicKeys: [releaseKey.publicKeyPem],
      now: () => new Date(2026, 11, 4, 14, 0),
    },
  });
  electron.app.fireReady();
  await shell?.ready;
  if (shell === null || state === null) throw new Error('the shell did not start');
  const contents = electron.BrowserWindow.getAllWindows()[0]?.webContents;
  const call = (channel: string, input: unknown = {}) =>
    electron.ipcMain.handlers.get(IPC_PREFIX + channel)?.(
      { sender: contents, senderFrame: contents?.mainFrame },
      input,
    ) as Promise<{ ok: boolean; value?: Record<string, unknown>; error?: { code: string } }>;
  return {
    shell,
    record,
    state: state as Awaited<ReturnType<typeof standInServices>>['state'],
    call,
  };
}

describe('electron-updater adapter', () => {
  it('sets the generic feed from the settings', async () => {
    const { record, shell } = await startShell({ feedUrl: feed.url });
    expect(record.feed).toEqual({ provider: 'generic', url: feed.url });
    expect(shell.updates()?.controller.status().state).toBe('idle');
  });

  it('turns off automatic download, install on quit and downgrades', async () => {
    const { createElectronUpdaterBackend } = await import('../../main/app/updates');
    const { updater } = fakeAppUpdater();
    createElectronUpdaterBackend(updater, feed.url);
    expect(updater.autoDownload).toBe(false);
    expect(updater.autoInstallOnAppQuit).toBe(false);
    expect(updater.allowDowngrade).toBe(false);
    expect(updater.allowPrerelease).toBe(false);
    expect(updater.logger).not.toBeNull();
  });

  it('reports nothing new when the updater finds nothing', async () => {
    const { createElectronUpdaterBackend } = await import('../../main/app/updates');
    const { updater } = fakeAppUpdater();
    updater.checkForUpdates = () =>
      Promise.resolve({ isUpdateAvailable: false, updateInfo: { version: '0.0.0', files: [] } });
    expect(await createElectronUpdaterBackend(updater, feed.url).check()).toBeNull();
  });
});

describe('electron net fetcher', () => {
  const limits = { maxBytes: 100, timeoutMs: 5_000 };

  it('returns the status and body without following redirects', async () => {
    const requests: { url: string; init: RequestInit | undefined }[] = [];
    electron.net.fetch = (url: string, init?: RequestInit) => {
      requests.push({ url, init });
      return Promise.resolve(new Response('c2lnbmF0dXJl\n', { status: 200 }));
    };
    const { electronNetFetcher } = await import('../../main/app/updates');
    const fetched = await electronNetFetcher(new URL(`${feed.url}a.exe.sig`), limits);
    expect(fetched.status).toBe(200);
    expect(fetched.body.toString('utf8')).toBe('c2lnbmF0dXJl\n');
    expect(requests[0]?.url).toBe(`${feed.url}a.exe.sig`);
    expect(requests[0]?.init?.redirect).toBe('error');
  });

  it('rejects a declared length over the limit', async () => {
    electron.net.fetch = () =>
      Promise.resolve(new Response('x', { headers: { 'Content-Length': '5000' } }));
    const { electronNetFetcher } = await import('../../main/app/updates');
    await expect(electronNetFetcher(new URL(`${feed.url}a.sig`), limits)).rejects.toThrow(
      /larger than 100 bytes/,
    );
  });

  it('rejects a body over the limit', async () => {
    electron.net.fetch = () => Promise.resolve(new Response('x'.repeat(101)));
    const { electronNetFetcher } = await import('../../main/app/updates');
    await expect(electronNetFetcher(new URL(`${feed.url}a.sig`), limits)).rejects.toThrow(
      /larger than 100 bytes/,
    );
  });
});

describe('shell updates', () => {
  it('shows the pending version to a manager', async () => {
    const { shell, call } = await startShell({ feedUrl: feed.url, installAt: '03:00' });
    await shell.updates()?.controller.tick();
    const status = await call('updates.status');
    expect(status).toEqual({
      ok: true,
      value: {
        state: 'pending',
        currentVersion: '0.0.0-test',
        pendingVersion: '1.0.0',
        installAt: '03:00',
        postponedUntil: null,
        lastCheckedAt: new Date(2026, 11, 4, 14, 0).toISOString(),
        problem: null,
      },
    });
  });

  it('rejects update channels for a cashier', async () => {
    const { call, state } = await startShell({ feedUrl: feed.url });
    state.operator = { id: 3, name: 'Sam', role: 'cashier' };
    expect(await call('updates.status')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await call('updates.postpone', { hours: 2 })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });

  it('installs after logout with no payment open', async () => {
    const { shell, record, state } = await startShell({ feedUrl: feed.url });
    await shell.updates()?.controller.tick();
    expect(record.installs).toEqual([]);

    state.paymentOpen = true;
    state.operator = null;
    shell.services()?.events.emit('session.changed', { operator: null, reason: 'logout' });
    expect(record.installs).toEqual([]);

    state.paymentOpen = false;
    shell.services()?.events.emit('session.changed', { operator: null, reason: 'logout' });
    expect(record.installs).toEqual([[true, true]]);
  });

  it('postpones through the channel', async () => {
    const { shell, record, state, call } = await startShell({ feedUrl: feed.url });
    await shell.updates()?.controller.tick();
    const postponed = await call('updates.postpone', { hours: 4 });
    expect(postponed).toMatchObject({
      ok: true,
      value: { postponedUntil: new Date(2026, 11, 4, 18, 0).toISOString() },
    });
    expect(state.audited.map((entry) => entry.action)).toEqual(['update_postponed']);
    expect(state.audited[0]?.detail?.hours).toBe(4);
    state.operator = null;
    shell.services()?.events.emit('session.changed', { operator: null, reason: 'logout' });
    expect(record.installs).toEqual([]);
  });

  it.each([{ hours: 0 }, { hours: 73 }, { hours: 1.5 }, { hours: 2, extra: true }])(
    'rejects postpone input %j',
    async (input) => {
      const { shell, call } = await startShell({ feedUrl: feed.url });
      await shell.updates()?.controller.tick();
      expect(await call('updates.postpone', input)).toMatchObject({
        ok: false,
        error: { code: 'invalid_input' },
      });
    },
  );

  it('stays off without a settings file', async () => {
    const { call, record } = await startShell(null);
    expect(await call('updates.status')).toMatchObject({
      ok: true,
      value: { state: 'off', problem: null },
    });
    expect(record.feed).toBeNull();
  });

  it('stays off with an http feed', async () => {
    const { call, record } = await startShell({ feedUrl: feed.url.replace('https:', 'http:') });
    const status = await call('updates.status');
    expect(status).toMatchObject({ ok: true, value: { state: 'off' } });
    expect(String(status.value?.problem)).toMatch(/must use https/);
    expect(record.feed).toBeNull();
  });

  it('stays off with a broken settings file', async () => {
    const { call } = await startShell('{"feedUrl": ');
    const status = await call('updates.status');
    expect(status).toMatchObject({ ok: true, value: { state: 'off' } });
    expect(String(status.value?.problem)).toMatch(/not valid JSON/);
  });

  it('stops checking on quit', async () => {
    const { shell } = await startShell({ feedUrl: feed.url });
    electron.app.quit();
    await vi.waitFor(() => expect(electron.app.quitCompleted).toBe(true));
    expect(shell.updates()).toBeNull();
  });
});
