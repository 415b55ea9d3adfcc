/** Time and timers for sessions, lockouts and approvals; tests pass a clock they move by hand. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Calls `callback` once after `delayMs`; the returned function cancels it. */
  schedule(callback: () => void, delayMs: number): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  schedule(callback, delayMs) {
    const timer = setTimeout(callback, delayMs);
    // A pending idle lock must not keep the command line or a test process alive.
    timer.unref();
    return () => clearTimeout(timer);
  },
};
