import type { EventEmitter } from 'node:events';

import type { App } from 'electron';

import { createLogger } from '../log/logger';
import { relaunchCount, withRelaunchCount } from './switches';

const logger = createLogger('app.crash');

/** Relaunches allowed in a row when each run dies within `QUICK_CRASH_MS` of starting. */
export const MAX_QUICK_RELAUNCHES = 3;
/** A run that lasted this long before crashing resets the relaunch count, in milliseconds. */
export const QUICK_CRASH_MS = 60_000;

export interface MainCrashOptions {
  app: Pick<App, 'relaunch' | 'exit'>;
  /** The process arguments; the relaunched process gets the same ones plus a relaunch count. */
  argv: readonly string[];
  /** Emitter of `uncaughtException` and `unhandledRejection`; `process` in the app. */
  events?: Pick<EventEmitter, 'on'>;
  /** Milliseconds since the process started. */
  uptimeMs?: () => number;
}

/**
 * Logs an uncaught error in main and restarts the app, because main's state (an open sale, the
 * serial port) can no longer be trusted after one. The new process runs payment recovery at
 * start-up like any other start. A process that keeps dying right after start is not restarted
 * more than `MAX_QUICK_RELAUNCHES` times in a row, so a broken install does not restart forever.
 */
export function installMainCrashHandlers(options: MainCrashOptions): void {
  const events = options.events ?? process;
  const uptimeMs = options.uptimeMs ?? (() => process.uptime() * 1000);
  let handled = false;

  const onFatal = (kind: string) => (error: unknown) => {
    logger.error(`${kind} in main`, { error });
    if (handled) return;
    handled = true;

    const quick = uptimeMs() < QUICK_CRASH_MS;
    const next = quick ? relaunchCount(options.argv) + 1 : 1;
    if (next > MAX_QUICK_RELAUNCHES) {
      logger.error('not relaunching: the app crashed right after start too many times in a row', {
        relaunches: next - 1,
      });
      options.app.exit(1);
      return;
    }
    logger.warn('relaunching after a crash', { relaunch: next });
    options.app.relaunch({ args: withRelaunchCount(options.argv.slice(1), next) });
    options.app.exit(1);
  };

  events.on('uncaughtException', onFatal('uncaught exception'));
  events.on('unhandledRejection', onFatal('unhandled promise rejection'));
}
