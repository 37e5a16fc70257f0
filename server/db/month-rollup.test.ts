import { describe, expect, it } from 'vitest';
import { daysAround } from './month-rollup.js';

describe('daysAround', () => {
  it('gives the days before and after the whole months of a period', () => {
    expect(daysAround('2026-01-01', '2026-12-31')).toEqual([]);
    expect(daysAround('2026-01-15', '2026-04-10')).toEqual([
      { start: '2026-01-15', end: '2026-02-01' },
      { start: '2026-04-01', end: '2026-04-11' },
    ]);
    expect(daysAround('2026-01-02', '2026-02-27')).toEqual([
      { start: '2026-01-02', end: '2026-02-28' },
    ]);
    expect(daysAround('2026-03-01', '2026-04-30')).toEqual([]);
    expect(daysAround('2026-02-01', '2026-03-05')).toEqual([
      { start: '2026-03-01', end: '2026-03-06' },
    ]);
  });
});
