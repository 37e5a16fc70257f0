import { describe, expect, it } from 'vitest';
import { divRound, lineTotals, parseDecimal, sumTotals } from './money.js';

describe('money', () => {
  it('parses decimals exactly', () => {
    expect(parseDecimal('1.5', 4)).toBe(15000n);
    expect(parseDecimal(2, 4)).toBe(20000n);
    expect(parseDecimal('0.12345', 4)).toBeNull();
    expect(parseDecimal('abc', 4)).toBeNull();
  });

  it('rounds half away from zero', () => {
    expect(divRound(5n, 2n)).toBe(3n);
    expect(divRound(-5n, 2n)).toBe(-3n);
    expect(divRound(4n, 3n)).toBe(1n);
  });

  it('computes a line per the documented rounding', () => {
    // 3 × 3.33 = 9.99; 10 % off = 8.991 → 8.99; VAT 22 % of 8.99 = 1.9778 → 1.98
    expect(lineTotals({ quantity: 3, unitPrice: 333, discountPercent: 10, vatRate: 22 })).toEqual({
      net: 899,
      vat: 198,
      gross: 1097,
    });
    // 9.5 % of 0.05 = 0.00475 → 0.00; 1.5 × 0.07 = 0.105 → 0.11
    expect(
      lineTotals({ quantity: '1.5', unitPrice: 7, discountPercent: 0, vatRate: '9.5' }),
    ).toEqual({ net: 11, vat: 1, gross: 12 });
    expect(
      sumTotals([
        { net: 1, vat: 2, gross: 3 },
        { net: 10, vat: 20, gross: 30 },
      ]),
    ).toEqual({ net: 11, vat: 22, gross: 33 });
  });
});
