import type { RenderProcessGoneDetails, WebContents } from 'electron';

import { createLogger } from '../log/logger';
import { APP_PAGE_URL, OUT_OF_SERVICE_URL } from './origin';

const logger = createLogger('app.renderer');

export interface RecoveryPolicy {
  /** Wait before the first reload after a crash, in milliseconds; it doubles with each crash. */
  firstDelayMs: number;
  /** Maximum wait before a reload, in milliseconds. */
  maxDelayMs: number;
  /** Crashes within `windowMs` after which the out-of-service page replaces the till. */
  maxCrashes: number;
  /** Length of the window in which crashes are counted, in milliseconds. */
  windowMs: number;
}

export const DEFAULT_RECOVERY_POLICY: RecoveryPolicy = {
  firstDelayMs: 1_000,
  maxDelayMs: 30_000,
  maxCrashes: 4,
  windowMs: 10 * 60_000,
};

export interface RecoveryTimers {
  now(): number;
  setTimeout(callback: () => void, delayMs: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: RecoveryTimers = {
  now: () => Date.now(),
  setTimeout: (callback, delayMs) => setTimeout(callback, delayMs),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** The part of a WebContents the recovery drives. */
export interface RecoveryTarget {
  loadURL(url: string): Promise<void>;
  isDestroyed(): boolean;
}

export type RecoveryAction = 'ignored' | 'reload_scheduled' | 'out_of_service';

/**
 * Brings the till page back after its renderer process dies. Each crash schedules a reload of
 * the app page after a delay that doubles with every crash in the counting window. Once
 * `maxCrashes` crashes fall in that window, the out-of-service page is shown instead, so a page
 * that crashes on load does not spin the CPU forever. A clean exit (the window closing) is
 * ignored.
 */
export class RendererRecovery {
  private crashTimes: number[] = [];
  private pendingReload: unknown = null;
  private readonly policy: RecoveryPolicy;
  private readonly timers: RecoveryTimers;

  constructor(
    private readonly target: RecoveryTarget,
    options: { policy?: Partial<RecoveryPolicy>; timers?: RecoveryTimers } = {},
  ) {
    this.policy = { ...DEFAULT_RECOVERY_POLICY, ...options.policy };
    this.timers = options.timers ?? realTimers;
  }

  /** Delay before the reload that follows the `crashCount`-th crash in the window. */
  reloadDelayMs(crashCount: number): number {
    const doublings = Math.max(0, crashCount - 1);
    return Math.min(
      this.policy.maxDelayMs,
      this.policy.firstDelayMs * 2 ** Math.min(doublings, 30),
    );
  }

  handleGone(details: Pick<RenderProcessGoneDetails, 'reason' | 'exitCode'>): RecoveryAction {
    if (details.reason === 'clean-exit') return 'ignored';

    const now = this.timers.now();
    this.crashTimes = this.crashTimes.filter((time) => now - time < this.policy.windowMs);
    this.crashTimes.push(now);
    const count = this.crashTimes.length;
    this.cancelPendingReload();

    if (count >= this.policy.maxCrashes) {
      logger.error('renderer keeps crashing; showing the out-of-service page', {
        reason: details.reason,
        exitCode: details.exitCode,
        crashes: count,
      });
      this.load(OUT_OF_SERVICE_URL);
      return 'out_of_service';
    }

    const delayMs = this.reloadDelayMs(count);
    logger.warn('renderer process gone; reloading', {
      reason: details.reason,
      exitCode: details.exitCode,
      crashes: count,
      delayMs,
    });
    this.pendingReload = this.timers.setTimeout(() => {
      this.pendingReload = null;
      this.load(APP_PAGE_URL);
    }, delayMs);
    return 'reload_scheduled';
  }

  dispose(): void {
    this.cancelPendingReload();
  }

  private cancelPendingReload(): void {
    if (this.pendingReload !== null) {
      this.timers.clearTimeout(this.pendingReload);
      this.pendingReload = null;
    }
  }

  private load(url: string): void {
    if (this.target.isDestroyed()) return;
    this.target.loadURL(url).catch((error: unknown) => {
      logger.error('reload after a renderer crash failed', { url, error });
    });
  }
}

/** Attaches a recovery to a window's WebContents. Returns it so the caller can dispose of it. */
export function watchRenderer(
  contents: WebContents,
  options?: ConstructorParameters<typeof RendererRecovery>[1],
): RendererRecovery {
  const recovery = new RendererRecovery(contents, options);
  contents.on('render-process-gone', (_event, details) => {
    recovery.handleGone(details);
  });
  contents.on('unresponsive', () => {
    logger.warn('renderer is not responding');
  });
  contents.on('responsive', () => {
    logger.info('renderer is responding again');
  });
  return recovery;
}
