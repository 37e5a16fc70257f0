import { describe, expect, it } from 'vitest';
import {
  isTimeZone,
  isoWeekday,
  localDate,
  localDateTime,
  minuteOfDay,
  parseDueTime,
  startOfLocalDay,
  zonedInstant,
} from './time.js';

describe('time zones', () => {
  it('knows real zones and refuses made-up ones', () => {
    expect(isTimeZone('Europe/Skopje')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(isTimeZone('')).toBe(false);
  });

  it('turns local wall time into the right instant across DST changes', () => {
    // Winter (+01:00) and summer (+02:00) in Ljubljana.
    expect(parseDueTime('2026-01-15T09:00', 'Europe/Ljubljana')?.toISOString()).toBe(
      '2026-01-15T08:00:00.000Z',
    );
    expect(parseDueTime('2026-07-15T09:00', 'Europe/Ljubljana')?.toISOString()).toBe(
      '2026-07-15T07:00:00.000Z',
    );
    // Athens is an hour further east.
    expect(parseDueTime('2026-07-15T09:00', 'Europe/Athens')?.toISOString()).toBe(
      '2026-07-15T06:00:00.000Z',
    );
    // 02:30 does not exist on 29 March 2026 in Belgrade: it resolves after the jump.
    const skipped = zonedInstant(
      { year: 2026, month: 3, day: 29, hour: 2, minute: 30, second: 0 },
      'Europe/Belgrade',
    );
    expect(localDateTime(skipped, 'Europe/Belgrade')).toBe('2026-03-29T03:30');
    // An explicit offset wins over the zone.
    expect(parseDueTime('2026-07-15T09:00+03:00', 'Europe/Ljubljana')?.toISOString()).toBe(
      '2026-07-15T06:00:00.000Z',
    );
  });

  it('refuses impossible dates and garbage', () => {
    expect(parseDueTime('2026-02-30T09:00', 'UTC')).toBeNull();
    expect(parseDueTime('2026-13-01T09:00', 'UTC')).toBeNull();
    expect(parseDueTime('2026-01-01T24:00', 'UTC')).toBeNull();
    expect(parseDueTime('tomorrow', 'UTC')).toBeNull();
  });

  it('finds local days, midnights, minutes and weekdays', () => {
    const instant = new Date('2026-12-03T23:30:00Z'); // already 4 December in Skopje
    expect(localDate(instant, 'Europe/Skopje')).toBe('2026-12-04');
    expect(localDate(instant, 'UTC')).toBe('2026-12-03');
    expect(startOfLocalDay('2026-12-04', 'Europe/Skopje').toISOString()).toBe(
      '2026-12-03T23:00:00.000Z',
    );
    expect(startOfLocalDay('2026-03-28', 'Europe/Skopje', 1).toISOString()).toBe(
      '2026-03-28T23:00:00.000Z',
    );
    expect(minuteOfDay(instant, 'Europe/Skopje')).toBe(30);
    expect(isoWeekday(instant, 'Europe/Skopje')).toBe(5);
  });
});
