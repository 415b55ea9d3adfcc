/**
 * Formatting of times and amounts for lists and reports. Amounts stay integer minor units until
 * `formatAmount` turns them into text; no arithmetic here uses floating point on money.
 */
import { formatAmount } from '../../common/money';

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

function dateTimeFormat(timeZone: string | undefined): Intl.DateTimeFormat {
  const key = timeZone ?? '';
  let format = dateTimeFormats.get(key);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      ...(timeZone === undefined ? {} : { timeZone }),
    });
    dateTimeFormats.set(key, format);
  }
  return format;
}

/** Formats an ISO instant as local date and time, in the store's zone when known. */
export function formatDateTime(iso: string, timeZone?: string): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  try {
    return dateTimeFormat(timeZone).format(time);
  } catch {
    return dateTimeFormat(undefined).format(time);
  }
}

const listFormats = new Map<string, Intl.DateTimeFormat>();

/** Formats a short local date and time for list rows, e.g. "Dec 4, 08:43:06 PM". */
export function formatListTime(iso: string, timeZone: string | null = null): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  const key = timeZone ?? '';
  let format = listFormats.get(key);
  if (format === undefined) {
    try {
      format = new Intl.DateTimeFormat('en-US', {
        month: 'short',
        day: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        ...(timeZone === null ? {} : { timeZone }),
      });
    } catch {
      return formatListTime(iso, null);
    }
    listFormats.set(key, format);
  }
  return format.format(time);
}

/**
 * Returns today's date as YYYY-MM-DD in the store's zone, which is how main counts days, or in the
 * browser's zone when the store's zone is not known.
 */
export function localToday(timeZone: string | null = null, now = new Date()): string {
  try {
    const parts = new Intl.DateTimeFormat('en-CA', {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      ...(timeZone === null ? {} : { timeZone }),
    }).formatToParts(now);
    const part = (type: string) => parts.find((item) => item.type === type)?.value ?? '';
    return `${part('year')}-${part('month')}-${part('day')}`;
  } catch {
    return localToday(null, now);
  }
}

/** Formats a signed amount of minor units, e.g. -1500 as "−$15.00". */
export function formatSigned(minor: number): string {
  return minor < 0 ? `−${formatAmount(-minor)}` : formatAmount(minor);
}

export { formatAmount };
