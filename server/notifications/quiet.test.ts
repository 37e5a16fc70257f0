import { describe, expect, it } from 'vitest';
import { quietUntil } from './service.js';

const prefs = (quietFrom: number | null, quietTo: number | null) => ({
  inApp: true,
  email: true,
  quietFrom,
  quietTo,
});

describe('quiet hours', () => {
  it('holds messages overnight until the quiet hours end, on the user’s clock', () => {
    // 22:00–07:00 in Skopje; 23:30 local on 3 December is 22:30 UTC.
    const until = quietUntil(
      prefs(22 * 60, 7 * 60),
      new Date('2026-12-03T22:30:00Z'),
      'Europe/Skopje',
    );
    expect(until?.toISOString()).toBe('2026-12-04T06:00:00.000Z');
    // 06:59 local is still quiet, 07:00 is not.
    expect(
      quietUntil(
        prefs(22 * 60, 7 * 60),
        new Date('2026-12-04T05:59:00Z'),
        'Europe/Skopje',
      )?.toISOString(),
    ).toBe('2026-12-04T06:00:00.000Z');
    expect(
      quietUntil(prefs(22 * 60, 7 * 60), new Date('2026-12-04T06:00:00Z'), 'Europe/Skopje'),
    ).toBeNull();
  });

  it('handles daytime windows and no quiet hours', () => {
    const lunch = prefs(12 * 60, 13 * 60);
    // 12:15 in Athens (+03:00) is quiet until 13:00 local = 10:00 UTC.
    expect(
      quietUntil(lunch, new Date('2026-07-01T09:15:00Z'), 'Europe/Athens')?.toISOString(),
    ).toBe('2026-07-01T10:00:00.000Z');
    expect(quietUntil(lunch, new Date('2026-07-01T08:00:00Z'), 'Europe/Athens')).toBeNull();
    expect(quietUntil(prefs(null, null), new Date(), 'UTC')).toBeNull();
  });
});
