import { describe, expect, it } from 'vitest';
import { associationRules, daysBetween, median, recommend, repeatPurchases } from './prediction.js';

describe('repeat purchases', () => {
  it('predicts the next date from the median interval and says how regular the rhythm is', () => {
    const coffee = ['2026-08-01', '2026-08-31', '2026-09-29', '2026-10-30', '2026-11-29'];
    const predictions = repeatPurchases([
      ...coffee.map((date) => ({ productId: 'coffee', productName: 'Coffee 1 kg', date })),
      { productId: 'grinder', productName: 'Grinder', date: '2026-08-01' },
      // two lines on one day count as one purchase
      { productId: 'filters', productName: 'Filters', date: '2026-09-01' },
      { productId: 'filters', productName: 'Filters', date: '2026-09-01' },
      { productId: 'filters', productName: 'Filters', date: '2026-10-01' },
    ]);
    expect(predictions).toHaveLength(1);
    expect(predictions[0]).toMatchObject({
      productId: 'coffee',
      purchases: 5,
      intervalDays: 30,
      lastAt: '2026-11-29',
      nextAt: '2026-12-29',
    });
    expect(predictions[0]!.regularity).toBeGreaterThan(0.9);
  });

  it('ranks a steady rhythm above an erratic one', () => {
    const steady = ['2026-01-01', '2026-01-11', '2026-01-21', '2026-01-31'];
    const erratic = ['2026-01-01', '2026-01-03', '2026-02-20', '2026-02-22', '2026-06-01'];
    const result = repeatPurchases([
      ...erratic.map((date) => ({ productId: 'e', productName: 'E', date })),
      ...steady.map((date) => ({ productId: 's', productName: 'S', date })),
    ]);
    expect(result.map((r) => r.productId)).toEqual(['s', 'e']);
    expect(result[1]!.regularity).toBeLessThan(0.5);
  });

  it('computes medians and day differences', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([1, 2, 3, 10])).toBe(2.5);
    expect(daysBetween('2026-11-02', '2026-11-29')).toBe(27);
  });
});

describe('co-purchase rules', () => {
  // 10 customers. Printer buyers (6) mostly buy toner (5) and paper (3); paper is also bought by
  // 3 people without a printer; a mouse is bought by everyone (no lift).
  const baskets = [
    ['printer', 'toner', 'paper', 'mouse'],
    ['printer', 'toner', 'paper', 'mouse'],
    ['printer', 'toner', 'paper', 'mouse'],
    ['printer', 'toner', 'mouse'],
    ['printer', 'toner', 'mouse'],
    ['printer', 'mouse'],
    ['paper', 'mouse'],
    ['paper', 'mouse'],
    ['paper', 'mouse'],
    ['laptop', 'mouse'],
  ];

  it('finds rules with support, confidence and lift computed by hand', () => {
    const rules = associationRules(baskets, { minCustomers: 2 });
    const printerToner = rules.find(
      (r) => r.productId === 'printer' && r.otherProductId === 'toner',
    );
    expect(printerToner).toMatchObject({ customers: 5, support: 0.5 });
    expect(printerToner!.confidence).toBeCloseTo(5 / 6);
    expect(printerToner!.lift).toBeCloseTo(5 / 6 / 0.5);
    const tonerPrinter = rules.find(
      (r) => r.productId === 'toner' && r.otherProductId === 'printer',
    );
    expect(tonerPrinter!.confidence).toBe(1);
    // paper after printer: 3/6 = 0.5 against a base rate of 6/10 — lift < 1, no rule
    expect(rules.some((r) => r.productId === 'printer' && r.otherProductId === 'paper')).toBe(
      false,
    );
    // everybody buys a mouse: lift 1, no rule
    expect(rules.some((r) => r.otherProductId === 'mouse')).toBe(false);
  });

  it('drops pairs below the minimum number of customers', () => {
    const rules = associationRules(baskets, { minCustomers: 6 });
    expect(rules).toEqual([]);
  });

  it('recommends the best fitting products the customer does not own yet', () => {
    const rules = associationRules(baskets, { minCustomers: 2 });
    expect(recommend(new Set(['printer']), rules).map((r) => r.productId)).toEqual(['toner']);
    expect(recommend(new Set(['toner']), rules)[0]).toMatchObject({
      productId: 'printer',
      becauseOf: 'toner',
      confidence: 1,
    });
    expect(recommend(new Set(['printer', 'toner']), rules)).toEqual([]);
    expect(recommend(new Set(['laptop']), rules)).toEqual([]);
  });
});
