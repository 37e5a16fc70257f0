/**
 * Reports over a period of days read whole calendar months (UTC) from a roll-up table kept by
 * triggers and only the days around them from the rows (the funnel, the activity report).
 */
import { sql, type SQL } from 'drizzle-orm';

/** The first day of the month of an ISO date, `months` months later. */
function monthStart(date: string, months = 0): string {
  const d = new Date(`${date.slice(0, 7)}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
}

/** The whole calendar months inside the days [from, to], as [start, end), or null when none. */
export function wholeMonths(from: string, to: string): { start: string; end: string } | null {
  const start = from.endsWith('-01') ? from : monthStart(from, 1);
  const after = new Date(`${to}T00:00:00Z`);
  after.setUTCDate(after.getUTCDate() + 1);
  const next = after.toISOString().slice(0, 10);
  const end = next.endsWith('-01') ? next : monthStart(to);
  return start < end ? { start, end } : null;
}

/** Midnight UTC of an ISO date, as the database's `timestamptz`. */
const utc = (date: string) => sql`(${date}::timestamp at time zone 'UTC')`;

/** The condition on `column` for all the days [from, to] (UTC). */
export function periodRange(column: SQL, from: string, to: string): SQL {
  return sql`${column} >= ${utc(from)} and ${column} < (${to}::date + 1)::timestamp at time zone 'UTC'`;
}

/**
 * How a report splits the days [from, to]: the whole months (read from a roll-up) and the
 * condition on `column` for the days around them (read from the rows).
 */
export function periodSplit(column: SQL, from: string, to: string) {
  const months = wholeMonths(from, to);
  const end = sql`(${to}::date + 1)::timestamp at time zone 'UTC'`;
  const days = months
    ? sql`((${column} >= ${utc(from)} and ${column} < ${utc(months.start)})
           or (${column} >= ${utc(months.end)} and ${column} < ${end}))`
    : sql`${column} >= ${utc(from)} and ${column} < ${end}`;
  return { months, days };
}

/**
 * The days [from, to] outside their whole months, as at most two half-open ranges of dates
 * [start, end) — what a report reads from a daily roll-up around the monthly one.
 */
export function daysAround(from: string, to: string): { start: string; end: string }[] {
  const after = new Date(`${to}T00:00:00Z`);
  after.setUTCDate(after.getUTCDate() + 1);
  const next = after.toISOString().slice(0, 10);
  const months = wholeMonths(from, to);
  if (!months) return [{ start: from, end: next }];
  return [
    ...(from < months.start ? [{ start: from, end: months.start }] : []),
    ...(months.end < next ? [{ start: months.end, end: next }] : []),
  ];
}
