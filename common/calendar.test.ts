import { describe, expect, it } from 'vitest';
import { addMonths, daysOf, shift, startOfWeek, weekday } from './calendar.js';

describe('calendar dates', () => {
  it('starts weeks on Monday and months on the Monday before the first', () => {
    expect(weekday('2026-12-03')).toBe(4);
    expect(startOfWeek('2026-12-06')).toBe('2026-11-30');
    const month = daysOf('month', '2026-12-17');
    expect(month).toHaveLength(42);
    expect(month[0]).toBe('2026-11-30');
    expect(month[41]).toBe('2027-01-10');
    expect(daysOf('week', '2026-03-29')).toEqual([
      '2026-03-23',
      '2026-03-24',
      '2026-03-25',
      '2026-03-26',
      '2026-03-27',
      '2026-03-28',
      '2026-03-29',
    ]);
  });
  it('moves by view', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-01');
    expect(shift('month', '2026-12-17', 1)).toBe('2027-01-01');
    expect(shift('week', '2026-12-31', 1)).toBe('2027-01-07');
    expect(shift('day', '2024-03-01', -1)).toBe('2024-02-29');
  });
});
