/**
 * The simulator's clock. The real clock runs on Node timers; the manual clock only moves when a
 * test advances it, so timing-dependent device behaviour can be stepped exactly.
 */
export interface SimulatorClock {
  now(): number;
  /** Resolves after `ms` of this clock's time. */
  sleep(ms: number): Promise<void>;
  /** Resolves on the next turn of the event loop (one delivery "tick"). */
  tick(): Promise<void>;
}

export const realClock: SimulatorClock = {
  now: () => Date.now(),
  sleep: (ms) =>
    new Promise((resolve) => (ms <= 0 ? setImmediate(resolve) : setTimeout(resolve, ms))),
  tick: () => new Promise((resolve) => setImmediate(resolve)),
};

export class ManualClock implements SimulatorClock {
  private current = 0;
  private sleepers: { at: number; resolve: () => void }[] = [];

  now(): number {
    return this.current;
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.sleepers.push({ at: this.current + Math.max(0, ms), resolve });
    });
  }

  tick(): Promise<void> {
    return new Promise((resolve) => setImmediate(resolve));
  }

  /** Moves time forward, waking sleepers in order and letting each one's work run. */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    for (;;) {
      this.sleepers.sort((a, b) => a.at - b.at);
      const next = this.sleepers[0];
      if (next === undefined || next.at > target) {
        break;
      }
      this.sleepers.shift();
      this.current = next.at;
      next.resolve();
      await new Promise((resolve) => setImmediate(resolve));
    }
    this.current = target;
  }
}

/** A small seeded pseudo-random generator (mulberry32), so fault runs repeat exactly. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
