import { describe, expect, it } from 'vitest';
import { disciplineScore } from './credit.js';

const base = {
  paymentTermsDays: 15,
  latePayments: 0,
  averageDaysToPay: 10,
  overdueDays: 0,
  invoices: 4,
};

describe('disciplineScore', () => {
  it('is 100 for a customer who pays within the terms and owes nothing overdue', () => {
    expect(disciplineScore(base)).toBe(100);
  });
  it('is null without any invoice', () => {
    expect(disciplineScore({ ...base, invoices: 0, averageDaysToPay: null })).toBeNull();
  });
  it('drops for late payments, slow payment and overdue days, never below 0', () => {
    expect(disciplineScore({ ...base, latePayments: 2 })).toBe(80);
    expect(disciplineScore({ ...base, averageDaysToPay: 25 })).toBe(90);
    expect(disciplineScore({ ...base, overdueDays: 30 })).toBe(90);
    expect(
      disciplineScore({ ...base, latePayments: 9, averageDaysToPay: 200, overdueDays: 400 }),
    ).toBe(0);
  });
});
