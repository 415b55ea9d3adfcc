import type { IpcMain, WebContents } from 'electron';
import { beforeEach, describe, expect, it } from 'vitest';

import {
  CHANNEL_NAMES,
  IPC_EVENT_CHANNEL,
  IPC_PREFIX,
  type SessionStatus,
} from '../../common/contract';
import { forwardEvents, registerChannels } from '../../main/app/ipc';
import { isAppPageUrl } from '../../main/app/origin';
import { EventBus } from '../../main/ipc/events';
import { IpcRouter } from '../../main/ipc/router';
import { BrowserWindow, ipcMain } from '../fakes/electron';

const STATUS: SessionStatus = {
  operator: { id: 1, name: 'Demo cashier', role: 'cashier' },
  laneId: 'lane1',
  environment: 'demo',
  setupRequired: false,
  settingsError: null,
  appVersion: '0.0.0-test',
  maxSaleMinor: 1_000_000,
  timeZone: 'America/New_York',
};

let calls: number;
let removeChannels: () => void;

beforeEach(() => {
  removeChannels?.();
  calls = 0;
  const router = new IpcRouter({
    isTrustedSender: isAppPageUrl,
    currentOperator: () => STATUS.operator,
  });
  router.handle('session.status', () => {
    calls += 1;
    return STATUS;
  });
  removeChannels = registerChannels(ipcMain as unknown as IpcMain, router);
});

async function invoke(channel: string, event: unknown, input: unknown = {}): Promise<unknown> {
  const handler = ipcMain.handlers.get(IPC_PREFIX + channel);
  if (handler === undefined) throw new Error(`no handler for ${channel}`);
  return handler(event, input);
}

async function pageOn(url: string) {
  const window = new BrowserWindow();
  await window.loadURL(url);
  return window.webContents;
}

describe('IPC registration', () => {
  it('registers every contract channel', () => {
    for (const name of CHANNEL_NAMES) {
      expect(ipcMain.handlers.has(IPC_PREFIX + name), name).toBe(true);
    }
  });

  it('removes its handlers again', () => {
    removeChannels();
    removeChannels = () => {};
    for (const name of CHANNEL_NAMES) {
      expect(ipcMain.handlers.has(IPC_PREFIX + name), name).toBe(false);
    }
  });
});

describe('sender check', () => {
  it('accepts the main frame of the app page', async () => {
    const contents = await pageOn('app://cardlane/index.html');
    const result = await invoke('session.status', {
      sender: contents,
      senderFrame: contents.mainFrame,
    });
    expect(result).toEqual({ ok: true, value: STATUS });
    expect(calls).toBe(1);
  });

  it('rejects a page from another origin', async () => {
    const contents = await pageOn('https://example.com/');
    const result = await invoke('session.status', {
      sender: contents,
      senderFrame: contents.mainFrame,
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(calls).toBe(0);
  });

  it('rejects a subframe of the app page', async () => {
    const contents = await pageOn('app://cardlane/index.html');
    const subframe = { url: 'app://cardlane/index.html', routingId: 2 };
    const result = await invoke('session.status', { sender: contents, senderFrame: subframe });
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(calls).toBe(0);
  });

  it('rejects a frame that has gone away', async () => {
    const contents = await pageOn('app://cardlane/index.html');
    const result = await invoke('session.status', { sender: contents, senderFrame: null });
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    const disposed = {
      sender: contents,
      get senderFrame(): never {
        throw new Error('Render frame was disposed before WebFrameMain could be accessed');
      },
    };
    expect(await invoke('session.status', disposed)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(calls).toBe(0);
  });
});

describe('event forwarding', () => {
  it('sends events as name and payload', async () => {
    const bus = new EventBus();
    const contents = await pageOn('app://cardlane/index.html');
    const stop = forwardEvents(bus, contents as unknown as WebContents);

    bus.emit('attention.changed', { count: 2 });
    expect(contents.sent).toEqual([
      { channel: IPC_EVENT_CHANNEL, args: [{ name: 'attention.changed', payload: { count: 2 } }] },
    ]);

    stop();
    bus.emit('attention.changed', { count: 3 });
    expect(contents.sent).toHaveLength(1);
  });
});
