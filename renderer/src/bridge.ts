/**
 * Access to main through `window.cardlane`, the object the preload (or the browser test harness)
 * exposes. Calls return the contract's envelope; a transport failure becomes an `internal` error
 * so screens handle one shape.
 */
import type { CardlaneApi } from '../../common/bridge';
import type { Envelope } from '../../common/contract';
import type { ErrorInfo } from '../../common/errors';

declare global {
  interface Window {
    cardlane?: CardlaneApi;
  }
}

/** Returns the bridge, or null when the page runs outside the app (no preload). */
export function findBridge(): CardlaneApi | null {
  return window.cardlane ?? null;
}

export type CallResult<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

/** Awaits a channel call and turns a rejected promise into an `internal` error envelope. */
export async function settle<T>(call: Promise<Envelope<T>>): Promise<CallResult<T>> {
  try {
    return await call;
  } catch {
    return { ok: false, error: { code: 'internal', message: 'The call to Cardlane failed.' } };
  }
}
