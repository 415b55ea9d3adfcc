/** A local time of day, e.g. 03:30. */
export interface TimeOfDay {
  hour: number;
  minute: number;
}

/** Parses `HH:MM` (24-hour clock); returns null for anything else. */
export function parseTimeOfDay(text: string): TimeOfDay | null {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  if (match === null) return null;
  return { hour: Number(match[1]), minute: Number(match[2]) };
}

export function formatTimeOfDay(time: TimeOfDay): string {
  return `${String(time.hour).padStart(2, '0')}:${String(time.minute).padStart(2, '0')}`;
}

/**
 * True when `now` (local time) falls in the window that starts at `start` and lasts
 * `windowMinutes`; a window may run past midnight.
 */
export function isInInstallWindow(now: Date, start: TimeOfDay, windowMinutes: number): boolean {
  const minutes = now.getHours() * 60 + now.getMinutes();
  const from = start.hour * 60 + start.minute;
  return (minutes - from + 1440) % 1440 < windowMinutes;
}

export interface InstallConditions {
  now: Date;
  /** A sale, void or refund is open on the lane. */
  paymentOpen: boolean;
  operatorLoggedIn: boolean;
  /** A manager postponed installing until this moment, or null. */
  postponedUntil: Date | null;
  /** The daily time at which an update installs even with an operator logged in, or null. */
  installAt: TimeOfDay | null;
  installWindowMinutes: number;
}

export type InstallDecision =
  | { install: true; because: 'logged_out' | 'install_time' }
  | { install: false; because: 'payment_open' | 'postponed' | 'operator_logged_in' };

/**
 * Decides whether a downloaded, verified update may install now. An open payment always blocks
 * it, and so does a manager's postponement while it lasts. Otherwise it installs once nobody is
 * logged in, or in the daily install window even with an operator logged in.
 */
export function decideInstall(conditions: InstallConditions): InstallDecision {
  if (conditions.paymentOpen) return { install: false, because: 'payment_open' };
  if (conditions.postponedUntil !== null && conditions.now < conditions.postponedUntil) {
    return { install: false, because: 'postponed' };
  }
  if (!conditions.operatorLoggedIn) return { install: true, because: 'logged_out' };
  if (
    conditions.installAt !== null &&
    isInInstallWindow(conditions.now, conditions.installAt, conditions.installWindowMinutes)
  ) {
    return { install: true, because: 'install_time' };
  }
  return { install: false, because: 'operator_logged_in' };
}
