import { describe, expect, it } from 'vitest';
import { medianOfBuckets } from './funnel.js';
import { wholeMonths } from '../db/month-rollup.js';

/** The bucket the database stores for a stay of `seconds` (`stay_bucket`). */
const bucket = (seconds: number) => Math.floor(Math.log(1 + seconds) * 100);

function histogram(stays: number[]) {
  const counts = new Map<number, number>();
  for (const s of stays) counts.set(bucket(s), (counts.get(bucket(s)) ?? 0) + 1);
  return [...counts.entries()].map(([b, n]) => ({ bucket: b, stays: n }));
}

function exactMedian(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = (sorted.length - 1) / 2;
  const low = sorted[Math.floor(middle)]!;
  return low + (sorted[Math.ceil(middle)]! - low) * (middle - Math.floor(middle));
}

describe('medianOfBuckets', () => {
  it('is null without stays', () => {
    expect(medianOfBuckets([])).toBeNull();
  });

  it('stays within 1 % of the exact median, odd and even counts, small and large', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647) * 1;
    for (const size of [1, 2, 3, 4, 10, 101, 5_000]) {
      const stays = Array.from({ length: size }, () => Math.round(60 + random() * 90 * 86_400));
      const exact = exactMedian(stays);
      const approx = medianOfBuckets(histogram(stays))!;
      expect(Math.abs(approx - exact) / exact).toBeLessThan(0.01);
    }
  });

  it('interpolates between the two middle stays like percentile_cont', () => {
    const approx = medianOfBuckets(histogram([86_400, 172_800]))!;
    expect(Math.abs(approx - 129_600) / 129_600).toBeLessThan(0.01);
  });

  it('takes zero-length stays as zero', () => {
    expect(medianOfBuckets(histogram([0, 0, 0]))).toBeLessThan(0.01);
  });
});

describe('wholeMonths', () => {
  it('finds the whole calendar months inside a period of days', () => {
    expect(wholeMonths('2026-01-01', '2026-12-31')).toEqual({
      start: '2026-01-01',
      end: '2027-01-01',
    });
    expect(wholeMonths('2026-01-15', '2026-04-10')).toEqual({
      start: '2026-02-01',
      end: '2026-04-01',
    });
    expect(wholeMonths('2026-02-01', '2026-02-28')).toEqual({
      start: '2026-02-01',
      end: '2026-03-01',
    });
    expect(wholeMonths('2024-02-01', '2024-02-28')).toBeNull(); // leap year: the 29th is missing
    expect(wholeMonths('2026-01-02', '2026-02-27')).toBeNull();
    expect(wholeMonths('2026-12-03', '2026-12-03')).toBeNull();
  });
});
