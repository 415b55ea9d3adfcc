import { EventEmitter } from 'node:events';

import { describe, expect, it } from 'vitest';

import { DisplayAwake, watchPowerEvents } from '../../main/app/power';
import { powerSaveBlocker } from '../fakes/electron';

describe('DisplayAwake', () => {
  it('blocks display sleep while logged in', () => {
    const display = new DisplayAwake(powerSaveBlocker);
    display.setLoggedIn(true);
    expect(display.active).toBe(true);
    expect(powerSaveBlocker.active.size).toBe(1);

    display.setLoggedIn(true);
    expect(powerSaveBlocker.active.size).toBe(1);

    display.setLoggedIn(false);
    expect(display.active).toBe(false);
    expect(powerSaveBlocker.active.size).toBe(0);
  });

  it('stops on shutdown', () => {
    const display = new DisplayAwake(powerSaveBlocker);
    display.setLoggedIn(true);
    display.stop();
    expect(powerSaveBlocker.active.size).toBe(0);
    display.stop();
    expect(display.active).toBe(false);
  });
});

describe('watchPowerEvents', () => {
  it('runs the hooks on suspend and resume', async () => {
    const monitor = new EventEmitter();
    const seen: string[] = [];
    const detach = watchPowerEvents(monitor, {
      onSuspend: () => {
        seen.push('suspend');
      },
      onResume: async () => {
        seen.push('resume');
      },
    });
    monitor.emit('suspend');
    monitor.emit('resume');
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen).toEqual(['suspend', 'resume']);

    detach();
    monitor.emit('suspend');
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen).toEqual(['suspend', 'resume']);
  });

  it('survives a failing hook', async () => {
    const monitor = new EventEmitter();
    const seen: string[] = [];
    watchPowerEvents(monitor, {
      onSuspend: () => {
        throw new Error('port busy');
      },
      onResume: () => {
        seen.push('resume');
      },
    });
    monitor.emit('suspend');
    monitor.emit('resume');
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen).toEqual(['resume']);
  });
});
