/**
 * Wall-clock time in IANA time zones through Intl only (no zone database of our own): what a
 * user in Ljubljana means by "tomorrow 9:00", and which instant that is across DST changes.
 */

export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True for a time zone this runtime knows (`Europe/Skopje`, `UTC`), false for `Mars/Olympus`. */
export function isTimeZone(value: string): boolean {
  if (!value || value.length > 64) return false;
  try {
    formatter(value);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock time of `instant` in `timeZone`. */
export function wallTime(instant: Date, timeZone: string): WallTime {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 1970,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: (parts.hour ?? 0) % 24,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

const asUtc = (w: WallTime) => Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);

/** Offset of `timeZone` from UTC at `instant`, in milliseconds (+01:00 → 3 600 000). */
export function zoneOffset(instant: Date, timeZone: string): number {
  const ms = instant.getTime() - instant.getUTCMilliseconds();
  return asUtc(wallTime(new Date(ms), timeZone)) - ms;
}

/**
 * The instant at which the clocks in `timeZone` show `wall`. A time skipped by a DST jump
 * (02:30 on the spring-forward night) resolves to the same wall time after the jump.
 */
export function zonedInstant(wall: WallTime, timeZone: string): Date {
  const guess = asUtc(wall);
  let result = guess - zoneOffset(new Date(guess), timeZone);
  const second = guess - zoneOffset(new Date(result), timeZone);
  if (second !== result) {
    // Near a transition: prefer the candidate whose wall time matches.
    const back = wallTime(new Date(second), timeZone);
    if (asUtc(back) === guess) result = second;
    else result = Math.max(result, second);
  }
  return new Date(result);
}

/** `YYYY-MM-DD` of `instant` in `timeZone`. */
export function localDate(instant: Date, timeZone: string): string {
  const w = wallTime(instant, timeZone);
  return `${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
}

/** Midnight starting the local day `date` (`YYYY-MM-DD`) plus `days`, as an instant. */
export function startOfLocalDay(date: string, timeZone: string, days = 0): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const shifted = new Date(Date.UTC(y, m - 1, d + days));
  return zonedInstant(
    {
      year: shifted.getUTCFullYear(),
      month: shifted.getUTCMonth() + 1,
      day: shifted.getUTCDate(),
      hour: 0,
      minute: 0,
      second: 0,
    },
    timeZone,
  );
}

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?$/;
const HAS_OFFSET = /(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * Parses a due time: an ISO instant with an offset (`…Z`, `…+02:00`), or a local date-time
 * without one (`2026-12-03T09:00`) read in `timeZone`. Null when it is neither.
 */
export function parseDueTime(value: string, timeZone: string): Date | null {
  if (HAS_OFFSET.test(value)) {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? null : new Date(ms);
  }
  const m = LOCAL_DATE_TIME.exec(value);
  if (!m) return null;
  const wall: WallTime = {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4]),
    minute: Number(m[5]),
    second: Number(m[6] ?? 0),
  };
  if (wall.month < 1 || wall.month > 12 || wall.day < 1 || wall.day > 31) return null;
  if (wall.hour > 23 || wall.minute > 59 || wall.second > 59) return null;
  const check = new Date(Date.UTC(wall.year, wall.month - 1, wall.day));
  if (check.getUTCDate() !== wall.day) return null;
  return zonedInstant(wall, timeZone);
}

/** `YYYY-MM-DDTHH:mm` of `instant` in `timeZone` (what a datetime-local input shows). */
export function localDateTime(instant: Date, timeZone: string): string {
  const w = wallTime(instant, timeZone);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${w.year}-${p(w.month)}-${p(w.day)}T${p(w.hour)}:${p(w.minute)}`;
}

/** Minutes after local midnight of `instant` in `timeZone`. */
export function minuteOfDay(instant: Date, timeZone: string): number {
  const w = wallTime(instant, timeZone);
  return w.hour * 60 + w.minute;
}

/** ISO weekday (Monday = 1 … Sunday = 7) of the local date of `instant`. */
export function isoWeekday(instant: Date, timeZone: string): number {
  const w = wallTime(instant, timeZone);
  const day = new Date(Date.UTC(w.year, w.month - 1, w.day)).getUTCDay();
  return day === 0 ? 7 : day;
}
