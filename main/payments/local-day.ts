/**
 * Calendar days in the store's time zone. A day runs from local midnight to the next local
 * midnight, so a day with a daylight-saving change has 23 or 25 hours. Built on `Intl` only: the
 * zone rules come from the ICU data Node ships.
 */

export interface DayBounds {
  /** `YYYY-MM-DD` in the zone. */
  date: string;
  /** First instant of the day, epoch ms. */
  fromMs: number;
  /** First instant of the next day, epoch ms (exclusive). */
  toMs: number;
}

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(zone: string): Intl.DateTimeFormat {
  let formatter = partsFormatters.get(zone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsFormatters.set(zone, formatter);
  }
  return formatter;
}

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function localParts(zone: string, instantMs: number): LocalParts {
  const values: Record<string, number> = {};
  for (const part of partsFormatter(zone).formatToParts(new Date(instantMs))) {
    if (part.type !== 'literal') values[part.type] = Number(part.value);
  }
  return {
    year: values.year ?? 1970,
    month: values.month ?? 1,
    day: values.day ?? 1,
    hour: values.hour ?? 0,
    minute: values.minute ?? 0,
    second: values.second ?? 0,
  };
}

/** The zone's offset from UTC at an instant, ms (negative west of Greenwich). */
export function zoneOffsetMs(zone: string, instantMs: number): number {
  const parts = localParts(zone, instantMs);
  const asUtc = Date.UTC(
    parts.year,
    parts.month - 1,
    parts.day,
    parts.hour,
    parts.minute,
    parts.second,
  );
  return asUtc - Math.floor(instantMs / 1000) * 1000;
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** The local calendar date of an instant, `YYYY-MM-DD`. */
export function localDateOf(zone: string, instantMs: number): string {
  const parts = localParts(zone, instantMs);
  return `${pad(parts.year, 4)}-${pad(parts.month)}-${pad(parts.day)}`;
}

/**
 * The first instant of a local calendar day. Where local midnight does not exist (a zone that
 * springs forward at midnight), the day starts at the first local time that does.
 */
function startOfLocalDay(zone: string, year: number, month: number, day: number): number {
  const wallClock = Date.UTC(year, month - 1, day);
  let instant = wallClock - zoneOffsetMs(zone, wallClock);
  // The offset at the guess may differ from the offset at the answer near a transition.
  instant = wallClock - zoneOffsetMs(zone, instant);
  const parts = localParts(zone, instant);
  if (parts.year !== year || parts.month !== month || parts.day !== day) {
    // The guess fell in the previous day (midnight skipped): step forward to the new day's start.
    const next = wallClock - zoneOffsetMs(zone, instant + 3_600_000);
    return next > instant ? next : instant + 3_600_000;
  }
  return instant;
}

/** Bounds of a local day given as `YYYY-MM-DD`. */
export function dayBounds(zone: string, date: string): DayBounds {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (match === null) throw new RangeError(`"${date}" is not a date as YYYY-MM-DD.`);
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const following = new Date(Date.UTC(year, month - 1, day + 1));
  return {
    date,
    fromMs: startOfLocalDay(zone, year, month, day),
    toMs: startOfLocalDay(
      zone,
      following.getUTCFullYear(),
      following.getUTCMonth() + 1,
      following.getUTCDate(),
    ),
  };
}

/** Bounds of the local day that contains an instant. */
export function dayContaining(zone: string, instantMs: number): DayBounds {
  return dayBounds(zone, localDateOf(zone, instantMs));
}

const zoneNameFormatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's short name at an instant, e.g. "EST" or "GMT+1". */
export function zoneAbbreviation(zone: string, instantMs: number): string {
  let formatter = zoneNameFormatters.get(zone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'short' });
    zoneNameFormatters.set(zone, formatter);
  }
  const name = formatter
    .formatToParts(new Date(instantMs))
    .find((part) => part.type === 'timeZoneName');
  return name?.value ?? zone;
}

/** Local date and time of an instant, `YYYY-MM-DD HH:MM:SS EST`. */
export function formatLocalDateTime(zone: string, instantMs: number): string {
  const parts = localParts(zone, instantMs);
  return (
    `${pad(parts.year, 4)}-${pad(parts.month)}-${pad(parts.day)} ` +
    `${pad(parts.hour)}:${pad(parts.minute)}:${pad(parts.second)} ${zoneAbbreviation(zone, instantMs)}`
  );
}

/** Local hour label of an instant, `HH:00 EST`. */
export function localHourLabel(zone: string, instantMs: number): string {
  const parts = localParts(zone, instantMs);
  return `${pad(parts.hour)}:${pad(parts.minute)} ${zoneAbbreviation(zone, instantMs)}`;
}
