/**
 * Payment discipline as one number for the screen pop's credit block (R17, R25): 100 for a
 * customer who pays on time and owes nothing overdue, lower for each late payment, for paying
 * slower than the terms on average, and for what is overdue now. The agent reads it in two
 * seconds; the finance card keeps the underlying figures.
 */
export interface DisciplineFacts {
  paymentTermsDays: number;
  /** Paid invoices paid after their due date. */
  latePayments: number;
  /** Average days from issue to payment of paid invoices; null when none were paid. */
  averageDaysToPay: number | null;
  /** Days the oldest overdue invoice is past due (0 when nothing is overdue). */
  overdueDays: number;
  /** Invoices ever issued (the score is null without history). */
  invoices: number;
}

export function disciplineScore(facts: DisciplineFacts): number | null {
  if (facts.invoices === 0) return null;
  const slowBy =
    facts.averageDaysToPay === null
      ? 0
      : Math.max(0, facts.averageDaysToPay - facts.paymentTermsDays);
  const score =
    100 -
    Math.min(40, facts.latePayments * 10) -
    Math.min(30, slowBy) -
    Math.min(40, Math.ceil(facts.overdueDays / 3));
  return Math.max(0, Math.round(score));
}
