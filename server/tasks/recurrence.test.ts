import { describe, expect, it } from 'vitest';
import { nextOccurrence, normalizeRrule } from './recurrence.js';

const at = (iso: string) => new Date(iso);

describe('RRULE recurrence', () => {
  it('accepts daily/weekly/monthly/yearly rules and refuses the rest', () => {
    expect(normalizeRrule('RRULE:FREQ=WEEKLY;BYDAY=MO,WE')).toBe('FREQ=WEEKLY;BYDAY=MO,WE');
    expect(normalizeRrule('FREQ=MONTHLY;BYMONTHDAY=-1')).toBe('FREQ=MONTHLY;BYMONTHDAY=-1');
    expect(normalizeRrule('FREQ=HOURLY')).toBeNull();
    expect(normalizeRrule('FREQ=SOMETIMES')).toBeNull();
    expect(normalizeRrule('BYDAY=MO')).toBeNull();
    expect(normalizeRrule('DTSTART:20260101T000000Z\nRRULE:FREQ=DAILY')).toBeNull();
    expect(normalizeRrule('FREQ=DAILY;INTERVAL=0')).toBeNull();
    expect(normalizeRrule('')).toBeNull();
  });

  it('keeps the local time across a DST change', () => {
    // Friday 27 March 2026, 09:00 in Ljubljana (+01:00); summer time starts on the 29th.
    const next = nextOccurrence(
      'FREQ=WEEKLY',
      at('2026-03-27T08:00:00Z'),
      'Europe/Ljubljana',
      at('2026-03-27T09:00:00Z'),
    );
    expect(next?.dueAt.toISOString()).toBe('2026-04-03T07:00:00.000Z');
    expect(next?.rule).toBe('FREQ=WEEKLY');
  });

  it('skips occurrences already past when finished late, and ends the series on COUNT', () => {
    const due = at('2026-12-01T08:00:00Z'); // 09:00 in Belgrade
    const late = at('2026-12-04T10:00:00Z');
    const daily = nextOccurrence('FREQ=DAILY', due, 'Europe/Belgrade', late);
    expect(daily?.dueAt.toISOString()).toBe('2026-12-05T08:00:00.000Z');
    // COUNT=5 with three occurrences missed (2nd, 3rd, 4th) leaves the 5th as the last.
    const counted = nextOccurrence('FREQ=DAILY;COUNT=5', due, 'Europe/Belgrade', late);
    expect(counted?.dueAt.toISOString()).toBe('2026-12-05T08:00:00.000Z');
    expect(counted?.rule).toBeNull();
    expect(nextOccurrence('FREQ=DAILY;COUNT=1', due, 'Europe/Belgrade', due)).toBeNull();
    expect(nextOccurrence('FREQ=DAILY;COUNT=3', due, 'Europe/Belgrade', due)?.rule).toBe(
      'FREQ=DAILY;COUNT=2',
    );
    expect(
      nextOccurrence('FREQ=DAILY;UNTIL=20261202T235959Z', due, 'Europe/Belgrade', late),
    ).toBeNull();
  });

  it('handles month ends and yearly birthdays', () => {
    const lastDay = nextOccurrence(
      'FREQ=MONTHLY;BYMONTHDAY=-1',
      at('2027-01-31T10:00:00Z'),
      'UTC',
      at('2027-01-31T10:00:00Z'),
    );
    expect(lastDay?.dueAt.toISOString()).toBe('2027-02-28T10:00:00.000Z');
    const yearly = nextOccurrence(
      'FREQ=YEARLY',
      at('2028-02-29T09:00:00Z'),
      'UTC',
      at('2028-02-29T09:00:00Z'),
    );
    expect(yearly?.dueAt.toISOString()).toBe('2032-02-29T09:00:00.000Z');
  });
});
