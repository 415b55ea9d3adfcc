import { beforeEach, describe, expect, it, vi } from 'vitest';

import { EVENT_NAMES, eventKey, splitChannelName, type CardlaneApi } from '../../common/bridge';
import { CHANNEL_NAMES, IPC_EVENT_CHANNEL, IPC_PREFIX } from '../../common/contract';

type Fake = typeof import('../fakes/electron');

let electron: Fake;
let api: CardlaneApi;

// Loads the preload entry afresh against a fresh fake Electron, as each window would.
beforeEach(async () => {
  vi.resetModules();
  electron = await import('../fakes/electron');
  await import('../../preload/index');
  api = electron.contextBridge.exposed.get('cardlane') as CardlaneApi;
});

function sendEvent(message: unknown): void {
  electron.ipcRenderer.emit(IPC_EVENT_CHANNEL, {}, message);
}

describe('preload bridge', () => {
  it('exposes only window.cardlane', () => {
    expect([...electron.contextBridge.exposed.keys()]).toEqual(['cardlane']);
  });

  it('has one function per channel and one onX per event', () => {
    const groups = [...new Set(CHANNEL_NAMES.map((name) => splitChannelName(name).group))];
    const expectedKeys = [...groups, ...EVENT_NAMES.map(eventKey)].sort();
    expect(Object.keys(api).sort()).toEqual(expectedKeys);
    for (const name of CHANNEL_NAMES) {
      const { group, method } = splitChannelName(name);
      const target = (api as unknown as Record<string, Record<string, unknown>>)[group];
      expect(typeof target?.[method], name).toBe('function');
    }
  });

  it('exposes no IPC or Node handle', () => {
    const keys = Object.keys(api);
    for (const forbidden of ['invoke', 'send', 'ipcRenderer', 'on', 'require', 'process']) {
      expect(keys).not.toContain(forbidden);
    }
    for (const value of Object.values(api)) {
      if (typeof value === 'object' && value !== null) {
        expect(Object.keys(value)).not.toContain('invoke');
      }
    }
  });

  it('invokes the prefixed channel with the input', async () => {
    const input = { amountMinor: 1234 };
    const result = await (api.sale.start as (input: unknown) => Promise<unknown>)(input);
    expect(electron.ipcRenderer.invoked).toEqual([
      { channel: `${IPC_PREFIX}sale.start`, args: [input] },
    ]);
    expect(result).toEqual({ ok: true, value: null });
  });

  it('delivers events to listeners of that event only', () => {
    const statuses: unknown[] = [];
    const prompts: unknown[] = [];
    api.onTerminalStatus((payload) => statuses.push(payload));
    api.onTerminalPrompt((payload) => prompts.push(payload));

    sendEvent({ name: 'terminal.prompt', payload: { code: 1, text: 'INSERT CARD' } });
    expect(prompts).toEqual([{ code: 1, text: 'INSERT CARD' }]);
    expect(statuses).toEqual([]);
  });

  it('stops delivering after unsubscribe', () => {
    const counts: unknown[] = [];
    const unsubscribe = api.onAttentionChanged((payload) => counts.push(payload));
    sendEvent({ name: 'attention.changed', payload: { count: 1 } });
    unsubscribe();
    sendEvent({ name: 'attention.changed', payload: { count: 2 } });
    expect(counts).toEqual([{ count: 1 }]);
  });

  it('uses one IPC listener for any number of subscriptions', () => {
    for (let index = 0; index < 20; index += 1) {
      api.onSaleProgress(() => {});
    }
    expect(electron.ipcRenderer.listenerCount(IPC_EVENT_CHANNEL)).toBe(1);
  });

  it('ignores malformed event messages', () => {
    const seen: unknown[] = [];
    api.onAttentionChanged((payload) => seen.push(payload));
    sendEvent(null);
    sendEvent('attention.changed');
    sendEvent({ payload: { count: 1 } });
    expect(seen).toEqual([]);
  });

  it('keeps delivering when a listener throws', () => {
    const seen: unknown[] = [];
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
    api.onAttentionChanged(() => {
      throw new Error('listener bug');
    });
    api.onAttentionChanged((payload) => seen.push(payload));
    sendEvent({ name: 'attention.changed', payload: { count: 4 } });
    expect(seen).toEqual([{ count: 4 }]);
    expect(consoleError).toHaveBeenCalledTimes(1);
    consoleError.mockRestore();
  });

  it('rejects a listener that is not a function', () => {
    expect(() => api.onTerminalStatus('x' as never)).toThrow(TypeError);
  });
});
