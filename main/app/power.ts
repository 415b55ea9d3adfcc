import { createLogger } from '../log/logger';

const logger = createLogger('app.power');

/** The part of Electron's `powerSaveBlocker` used here. */
export interface PowerBlocker {
  start(type: 'prevent-display-sleep'): number;
  stop(id: number): void;
  isStarted(id: number): boolean;
}

/** The part of Electron's `powerMonitor` used here. */
export interface PowerEventSource {
  on(event: 'suspend' | 'resume', listener: () => void): unknown;
  off(event: 'suspend' | 'resume', listener: () => void): unknown;
}

/**
 * Keeps the display awake while an operator is logged in, so the till does not blank in the
 * middle of a shift, and lets it sleep again after logout.
 */
export class DisplayAwake {
  private blockerId: number | null = null;

  constructor(private readonly blocker: PowerBlocker) {}

  /** Starts or stops the blocker to match the session; repeated calls with the same state do nothing. */
  setLoggedIn(loggedIn: boolean): void {
    if (loggedIn && this.blockerId === null) {
      this.blockerId = this.blocker.start('prevent-display-sleep');
      logger.info('display kept awake while an operator is logged in');
    } else if (!loggedIn && this.blockerId !== null) {
      this.stop();
    }
  }

  get active(): boolean {
    return this.blockerId !== null && this.blocker.isStarted(this.blockerId);
  }

  stop(): void {
    if (this.blockerId === null) return;
    if (this.blocker.isStarted(this.blockerId)) {
      this.blocker.stop(this.blockerId);
    }
    this.blockerId = null;
    logger.info('display may sleep again');
  }
}

export interface PowerHooks {
  /** Runs before the machine sleeps, e.g. to close the terminal's serial port. */
  onSuspend(): Promise<void> | void;
  /** Runs after the machine wakes, e.g. to reopen the serial port. */
  onResume(): Promise<void> | void;
}

/** Calls the hooks on the system's suspend and resume events. Returns a function that detaches them. */
export function watchPowerEvents(monitor: PowerEventSource, hooks: PowerHooks): () => void {
  const run = (name: 'suspend' | 'resume', hook: () => Promise<void> | void) => () => {
    logger.info(`system ${name}`);
    Promise.resolve()
      .then(hook)
      .catch((error: unknown) => logger.error(`${name} hook failed`, { error }));
  };
  const onSuspend = run('suspend', () => hooks.onSuspend());
  const onResume = run('resume', () => hooks.onResume());
  monitor.on('suspend', onSuspend);
  monitor.on('resume', onResume);
  return () => {
    monitor.off('suspend', onSuspend);
    monitor.off('resume', onResume);
  };
}
