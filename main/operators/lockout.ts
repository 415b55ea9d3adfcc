/** Wrong PINs allowed before the first lockout. */
export const FREE_PIN_ATTEMPTS = 4;
/** Length of the first lockout; each further wrong PIN doubles it. */
export const FIRST_LOCKOUT_MS = 30_000;
/** Maximum lockout, so a forgotten PIN never locks an operator out for days. */
export const MAX_LOCKOUT_MS = 60 * 60_000;

/**
 * Returns how long the operator is locked out after `failures` wrong PINs in a row: nothing for the
 * first few, then 30 s, 60 s, 2 min and so on up to an hour.
 */
export function lockoutDelayMs(failures: number): number {
  if (failures <= FREE_PIN_ATTEMPTS) return 0;
  const doublings = Math.min(failures - FREE_PIN_ATTEMPTS - 1, 20);
  return Math.min(FIRST_LOCKOUT_MS * 2 ** doublings, MAX_LOCKOUT_MS);
}

/** "3 minutes" / "45 seconds", rounded up, for lockout messages. */
export function describeWait(ms: number): string {
  if (ms >= 60_000) {
    const minutes = Math.ceil(ms / 60_000);
    return minutes === 1 ? '1 minute' : `${minutes} minutes`;
  }
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  return seconds === 1 ? '1 second' : `${seconds} seconds`;
}
