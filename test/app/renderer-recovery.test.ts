import type { WebContents } from 'electron';
import { describe, expect, it } from 'vitest';

import {
  RendererRecovery,
  watchRenderer,
  type RecoveryTimers,
} from '../../main/app/renderer-recovery';
import { BrowserWindow } from '../fakes/electron';

/** A virtual clock: timers fire only when the test advances it. */
class ManualTimers implements RecoveryTimers {
  time = 0;
  private pending: { at: number; callback: () => void; id: number }[] = [];
  private nextId = 1;

  now(): number {
    return this.time;
  }
  setTimeout(callback: () => void, delayMs: number): unknown {
    const id = this.nextId++;
    this.pending.push({ at: this.time + delayMs, callback, id });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.pending = this.pending.filter((timer) => timer.id !== handle);
  }
  /** Delays of the timers still waiting, relative to now. */
  waiting(): number[] {
    return this.pending.map((timer) => timer.at - this.time);
  }
  advance(ms: number): void {
    this.time += ms;
    const due = this.pending.filter((timer) => timer.at <= this.time);
    this.pending = this.pending.filter((timer) => timer.at > this.time);
    for (const timer of due) timer.callback();
  }
}

function setup() {
  const timers = new ManualTimers();
  const loads: string[] = [];
  const target = {
    destroyed: false,
    loadURL: (url: string) => {
      loads.push(url);
      return Promise.resolve();
    },
    isDestroyed(): boolean {
      return this.destroyed;
    },
  };
  const recovery = new RendererRecovery(target, { timers });
  return { timers, loads, target, recovery };
}

const crash = { reason: 'crashed', exitCode: 11 } as const;

describe('renderer crash recovery', () => {
  it('reloads the app page after a delay', () => {
    const { timers, loads, recovery } = setup();
    expect(recovery.handleGone(crash)).toBe('reload_scheduled');
    expect(timers.waiting()).toEqual([1_000]);
    timers.advance(999);
    expect(loads).toEqual([]);
    timers.advance(1);
    expect(loads).toEqual(['app://cardlane/index.html']);
  });

  it('doubles the delay with each crash', () => {
    const { timers, recovery } = setup();
    const delays: number[] = [];
    for (let crashIndex = 0; crashIndex < 3; crashIndex += 1) {
      recovery.handleGone(crash);
      delays.push(...timers.waiting());
      timers.advance(timers.waiting()[0] ?? 0);
    }
    expect(delays).toEqual([1_000, 2_000, 4_000]);
  });

  it('caps the delay', () => {
    const { recovery } = setup();
    expect(recovery.reloadDelayMs(10)).toBe(30_000);
    expect(recovery.reloadDelayMs(1_000)).toBe(30_000);
  });

  it('shows the out-of-service page after repeated crashes', () => {
    const { timers, loads, recovery } = setup();
    const actions = [];
    for (let crashIndex = 0; crashIndex < 4; crashIndex += 1) {
      actions.push(recovery.handleGone(crash));
      timers.advance(timers.waiting()[0] ?? 0);
    }
    expect(actions).toEqual([
      'reload_scheduled',
      'reload_scheduled',
      'reload_scheduled',
      'out_of_service',
    ]);
    expect(loads.at(-1)).toBe('app://cardlane/out-of-service.html');
    expect(timers.waiting()).toEqual([]);
  });

  it('forgets crashes outside the counting window', () => {
    const { timers, recovery } = setup();
    for (let crashIndex = 0; crashIndex < 3; crashIndex += 1) {
      recovery.handleGone(crash);
      timers.advance(timers.waiting()[0] ?? 0);
    }
    timers.advance(11 * 60_000);
    expect(recovery.handleGone(crash)).toBe('reload_scheduled');
    expect(timers.waiting()).toEqual([1_000]);
  });

  it('ignores a clean exit', () => {
    const { timers, loads, recovery } = setup();
    expect(recovery.handleGone({ reason: 'clean-exit', exitCode: 0 })).toBe('ignored');
    expect(timers.waiting()).toEqual([]);
    expect(loads).toEqual([]);
  });

  it('does not load into a destroyed window', () => {
    const { timers, loads, target, recovery } = setup();
    recovery.handleGone(crash);
    target.destroyed = true;
    timers.advance(1_000);
    expect(loads).toEqual([]);
  });

  it('cancels a pending reload on dispose', () => {
    const { timers, loads, recovery } = setup();
    recovery.handleGone(crash);
    recovery.dispose();
    timers.advance(60_000);
    expect(loads).toEqual([]);
  });

  it('listens for render-process-gone', () => {
    const timers = new ManualTimers();
    const window = new BrowserWindow();
    watchRenderer(window.webContents as unknown as WebContents, { timers });
    window.webContents.emit('render-process-gone', {}, { reason: 'oom', exitCode: 0 });
    timers.advance(1_000);
    expect(window.webContents.getURL()).toBe('app://cardlane/index.html');
  });
});
