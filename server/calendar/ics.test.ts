import { describe, expect, it } from 'vitest';
import { buildCalendar, escapeText, foldLine } from './ics.js';

describe('ICS', () => {
  it('escapes text values', () => {
    expect(escapeText('a, b; c\\d\nnew')).toBe('a\\, b\\; c\\\\d\\nnew');
  });

  it('folds long lines at 75 octets without splitting characters', () => {
    const line = `SUMMARY:${'Ђорђе Љубичић '.repeat(10)}`;
    const folded = foldLine(line).split('\r\n');
    expect(folded.length).toBeGreaterThan(1);
    for (const part of folded) expect(Buffer.byteLength(part)).toBeLessThanOrEqual(75);
    expect(folded.map((p, i) => (i === 0 ? p : p.slice(1))).join('')).toBe(line);
  });

  it('writes a calendar with events and alarms', () => {
    const text = buildCalendar(
      'Odnos',
      [
        {
          uid: 'a@odnos',
          start: new Date('2026-12-03T08:00:00Z'),
          end: new Date('2026-12-03T09:00:00Z'),
          summary: 'Sastanak',
          status: 'CONFIRMED',
          alarmMinutes: 15,
          updatedAt: new Date('2026-12-01T10:00:00Z'),
        },
      ],
      new Date('2026-12-02T00:00:00Z'),
    );
    expect(text).toContain('\r\nDTSTART:20261203T080000Z\r\n');
    expect(text).toContain('\r\nDTSTAMP:20261202T000000Z\r\n');
    expect(text).toContain(
      'BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:Sastanak\r\nTRIGGER:-PT15M',
    );
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
  });
});
