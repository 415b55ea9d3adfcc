import { EventEmitter } from 'node:events';

import { describe, expect, it } from 'vitest';

import { installMainCrashHandlers } from '../../main/app/main-crash';

function setup(argv: string[], uptimeMs: number) {
  const events = new EventEmitter();
  const app = {
    relaunches: [] as unknown[],
    exitCodes: [] as number[],
    relaunch(options?: unknown) {
      this.relaunches.push(options);
    },
    exit(code?: number) {
      this.exitCodes.push(code ?? 0);
    },
  };
  installMainCrashHandlers({ app, argv, events, uptimeMs: () => uptimeMs });
  return { events, app };
}

describe('main process crash handling', () => {
  it('relaunches after an uncaught exception', () => {
    const { events, app } = setup(['/opt/Cardlane/cardlane', '--kiosk'], 5_000);
    events.emit('uncaughtException', new Error('boom'));
    expect(app.relaunches).toEqual([{ args: ['--kiosk', '--cardlane-relaunch=1'] }]);
    expect(app.exitCodes).toEqual([1]);
  });

  it('relaunches after an unhandled rejection', () => {
    const { events, app } = setup(['/opt/Cardlane/cardlane'], 5_000);
    events.emit('unhandledRejection', new Error('boom'), Promise.resolve());
    expect(app.relaunches).toHaveLength(1);
    expect(app.exitCodes).toEqual([1]);
  });

  it('counts quick crashes in a row', () => {
    const { events, app } = setup(['/opt/Cardlane/cardlane', '--cardlane-relaunch=2'], 5_000);
    events.emit('uncaughtException', new Error('boom'));
    expect(app.relaunches).toEqual([{ args: ['--cardlane-relaunch=3'] }]);
  });

  it('stops relaunching after repeated quick crashes', () => {
    const { events, app } = setup(['/opt/Cardlane/cardlane', '--cardlane-relaunch=3'], 5_000);
    events.emit('uncaughtException', new Error('boom'));
    expect(app.relaunches).toEqual([]);
    expect(app.exitCodes).toEqual([1]);
  });

  it('resets the count after a long run', () => {
    const { events, app } = setup(['/opt/Cardlane/cardlane', '--cardlane-relaunch=3'], 3_600_000);
    events.emit('uncaughtException', new Error('boom'));
    expect(app.relaunches).toEqual([{ args: ['--cardlane-relaunch=1'] }]);
  });

  it('relaunches once for a burst of errors', () => {
    const { events, app } = setup(['/opt/Cardlane/cardlane'], 5_000);
    events.emit('uncaughtException', new Error('first'));
    events.emit('uncaughtException', new Error('second'));
    expect(app.relaunches).toHaveLength(1);
  });
});
