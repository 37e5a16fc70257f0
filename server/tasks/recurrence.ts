/**
 * Recurring tasks: an RFC 5545 RRULE (without DTSTART) evaluated in the task's own time zone, so
 * "every Monday 9:00" stays 9:00 in Ljubljana across daylight-saving changes. Occurrences are
 * computed on "floating" wall-clock times (a wall time written as if it were UTC) and turned
 * back into instants with the zone's offset of that day.
 */
import rrulePackage from 'rrule';
import { wallTime, zonedInstant } from '../../common/time.js';

// rrule ships a UMD bundle for Node: its classes hang off the default export.
const { RRule } = rrulePackage as unknown as { RRule: typeof import('rrule').RRule };

const ALLOWED_FREQ = new Set([RRule.DAILY, RRule.WEEKLY, RRule.MONTHLY, RRule.YEARLY]);
const MAX_LENGTH = 500;

/** The rule normalized (`FREQ=WEEKLY;BYDAY=MO`), or null when it is not a usable RRULE. */
export function normalizeRrule(input: string): string | null {
  const text = input.trim().replace(/^RRULE:/i, '');
  if (!text || text.length > MAX_LENGTH || /DTSTART|\n|\r/i.test(text)) return null;
  if (!/(^|;)FREQ=/i.test(text)) return null;
  try {
    const options = RRule.parseString(text);
    if (options.freq === undefined || !ALLOWED_FREQ.has(options.freq)) return null;
    if (options.interval !== undefined && (options.interval < 1 || options.interval > 1000))
      return null;
    if (options.count !== undefined && options.count !== null && options.count < 1) return null;
    const rule = new RRule(options);
    // A rule that never produces a date (BYMONTHDAY=31;BYMONTH=2) is refused too.
    if (!rule.after(new Date(Date.UTC(2000, 0, 1)), false) && options.count !== 1) {
      if (!options.until) return null;
    }
    return rule.toString().replace(/^RRULE:/, '');
  } catch {
    return null;
  }
}

const floating = (instant: Date, timeZone: string): Date => {
  const w = wallTime(instant, timeZone);
  return new Date(Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second));
};

const fromFloating = (value: Date, timeZone: string): Date =>
  zonedInstant(
    {
      year: value.getUTCFullYear(),
      month: value.getUTCMonth() + 1,
      day: value.getUTCDate(),
      hour: value.getUTCHours(),
      minute: value.getUTCMinutes(),
      second: value.getUTCSeconds(),
    },
    timeZone,
  );

export interface NextOccurrence {
  dueAt: Date;
  /** The rule the next task keeps (COUNT counts down so a series ends where it should). */
  rule: string | null;
}

/**
 * The occurrence after the current one: the first after both the current due time and `now`
 * (a daily task finished three days late comes back tomorrow, not three times today). Null when
 * the series has ended.
 */
export function nextOccurrence(
  rule: string,
  dueAt: Date,
  timeZone: string,
  now: Date,
): NextOccurrence | null {
  const options = RRule.parseString(rule);
  const count = options.count ?? null;
  if (count !== null && count <= 1) return null;
  const start = floating(dueAt, timeZone);
  const series = new RRule({ ...options, count: null, dtstart: start });
  const after = floating(new Date(Math.max(dueAt.getTime(), now.getTime())), timeZone);
  const next = series.after(after, false);
  if (!next) return null;
  let remaining: number | null = null;
  if (count !== null) {
    // Every occurrence skipped (finished late) uses up the count as well.
    const skipped = series.between(start, next, false).length;
    remaining = count - 1 - skipped;
    if (remaining < 1) return null;
  }
  const nextRule =
    remaining === null
      ? rule
      : new RRule({ ...options, count: remaining }).toString().replace(/^RRULE:/, '');
  return { dueAt: fromFloating(next, timeZone), rule: remaining === 1 ? null : nextRule };
}
