import type { DocumentStatus, DocumentType } from '../../common/billing/totals.js';
import type { Locale } from '../../common/locales.js';
import type { Ctx } from '../platform/context.js';
import type { PaymentWithAllocations } from './payments.js';
import type { BankLineRow, DocumentRow, LineRow } from './repository.js';
import type { BankLineOut, CustomerType, DocumentOut, PaymentOut } from './schema.js';
import { daysBetween, today, type DocumentWithLines } from './service.js';
import type { Suggestion } from './payments.js';

/** Overdue is a matter of the calendar, not a stored status: computed on every read. */
function overdueDays(ctx: Ctx, row: DocumentRow): number {
  if (row.type !== 'invoice' || !row.dueDate) return 0;
  if (row.status !== 'issued' && row.status !== 'partially_paid') return 0;
  return Math.max(0, daysBetween(row.dueDate, today(ctx)));
}

export function presentLine(line: LineRow) {
  return {
    id: line.id,
    position: line.position,
    productId: line.productId,
    description: line.description,
    quantity: line.quantity,
    unit: line.unit,
    unitPrice: line.unitPrice,
    unitCost: line.unitCost,
    discountPercent: line.discountPercent,
    vatRate: line.vatRate,
    net: line.net,
    vat: line.vat,
    gross: line.gross,
  };
}

export function presentDocument(
  ctx: Ctx,
  row: DocumentRow,
  extra?: Omit<DocumentWithLines, 'document'>,
): DocumentOut {
  const days = overdueDays(ctx, row);
  return {
    id: row.id,
    type: row.type as DocumentType,
    status: row.status as DocumentStatus,
    overdue: days > 0,
    daysOverdue: days,
    series: row.series,
    number: row.number,
    customerType: row.customerType as CustomerType,
    customerId: row.customerId,
    customerName: row.customerName,
    customerDetails: row.customerDetails as Record<string, unknown>,
    language: row.language as Locale,
    currency: row.currency,
    issueDate: row.issueDate,
    dueDate: row.dueDate,
    deliveryDate: row.deliveryDate,
    validUntil: row.validUntil,
    placeOfIssue: row.placeOfIssue,
    notes: row.notes,
    paymentTermsDays: row.paymentTermsDays,
    netTotal: row.netTotal,
    vatTotal: row.vatTotal,
    grossTotal: row.grossTotal,
    paidTotal: row.paidTotal,
    openAmount:
      row.type === 'invoice' && row.status !== 'cancelled' && row.numberSeq !== null
        ? row.grossTotal - row.paidTotal
        : 0,
    vatBreakdown: row.vatBreakdown,
    // jsonb does not keep key order; the timeline order is the order of the dates.
    statusDates: Object.fromEntries(
      Object.entries(row.statusDates).sort(([, a], [, b]) => a.localeCompare(b)),
    ),
    sourceId: row.sourceId,
    dealId: row.dealId,
    ownerId: row.ownerId,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    deletedAt: row.deletedAt?.toISOString() ?? null,
    ...(extra ? { lines: extra.lines.map(presentLine) } : {}),
    ...(extra?.warnings ? { warnings: extra.warnings } : {}),
  };
}

export function presentPayment(p: PaymentWithAllocations): PaymentOut {
  return {
    id: p.payment.id,
    customerType: p.payment.customerType as CustomerType,
    customerId: p.payment.customerId,
    customerName: p.customerName,
    paidOn: p.payment.paidOn,
    amount: p.payment.amount,
    currency: p.payment.currency,
    method: p.payment.method as PaymentOut['method'],
    reference: p.payment.reference,
    notes: p.payment.notes,
    unallocated: p.payment.unallocated,
    allocations: p.allocations,
    createdAt: p.payment.createdAt.toISOString(),
  };
}

export function presentBankLine(line: BankLineRow, suggestions: Suggestion[]): BankLineOut {
  return {
    id: line.id,
    importId: line.importId,
    fileName: line.fileName,
    rowNumber: line.rowNumber,
    bookedOn: line.bookedOn,
    amount: line.amount,
    currency: line.currency,
    reference: line.reference,
    counterparty: line.counterparty,
    description: line.description,
    status: line.status as BankLineOut['status'],
    paymentId: line.paymentId,
    suggestions,
  };
}
