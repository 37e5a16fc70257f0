/** Payments, bank statements, customer finance and the accounting export (the money side). */
import { parse } from 'csv-parse/sync';
import { minorToDecimal, parseAmount } from '../../common/billing/totals.js';
import { isIsoDate } from '../db/list-query.js';
import { recordAudit } from '../platform/audit.js';
import { inTransaction, type Ctx } from '../platform/context.js';
import { csvText } from '../platform/csv.js';
import { AppError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import { insertActivity } from '../timeline/repository.js';
import * as repo from './repository.js';
import type { CustomerType, PaymentCreateInput } from './schema.js';
import { daysBetween, DEFAULT_PAYMENT_TERMS_DAYS, today } from './service.js';

export interface PaymentWithAllocations {
  payment: repo.PaymentRow;
  allocations: { documentId: string; number: string | null; amount: number }[];
  customerName: string | null;
}

const PAYABLE = ['issued', 'partially_paid'];

/**
 * Records a payment against one or more invoices of one customer. Invoices are locked while the
 * amounts are checked, so two cashiers cannot both pay the last open euro. Paying more than is
 * open is refused unless the rest is confirmed as an advance.
 */
export async function createPayment(
  ctx: Ctx,
  input: PaymentCreateInput,
): Promise<PaymentWithAllocations> {
  return inTransaction(ctx, async (tx) => {
    const merged = new Map<string, number>();
    for (const a of input.allocations)
      merged.set(a.documentId, (merged.get(a.documentId) ?? 0) + a.amount);
    const documents = await repo.findDocuments(tx, [...merged.keys()], true);
    let customer: { type: string; id: string } | null =
      input.customerType && input.customerId
        ? { type: input.customerType, id: input.customerId }
        : null;
    const allocations: { id: string; documentId: string; amount: number }[] = [];
    let allocated = 0;
    [...merged.keys()].forEach((documentId, index) => {
      const doc = documents.find((d) => d.id === documentId);
      const path = `allocations.${index}.documentId`;
      if (!doc || doc.deletedAt) throw AppError.invalid(path, 'field.invalid_reference');
      if (doc.type !== 'invoice' || !PAYABLE.includes(doc.status))
        throw AppError.invalid(path, 'billing:errors.not_payable');
      if (doc.currency !== input.currency)
        throw AppError.invalid(`allocations.${index}.amount`, 'billing:errors.currency_mismatch', {
          expected: doc.currency,
        });
      if (customer && (customer.type !== doc.customerType || customer.id !== doc.customerId))
        throw AppError.invalid(path, 'billing:errors.other_customer');
      customer = { type: doc.customerType, id: doc.customerId };
      const amount = merged.get(documentId) ?? 0;
      const open = doc.grossTotal - doc.paidTotal;
      if (amount > open)
        throw AppError.invalid(`allocations.${index}.amount`, 'billing:errors.more_than_open', {
          open: minorToDecimal(open, doc.currency),
        });
      allocated += amount;
      allocations.push({ id: newId(), documentId, amount });
    });
    if (!customer) throw AppError.invalid('customerId', 'field.required');
    if (allocated > input.amount)
      throw AppError.invalid('amount', 'billing:errors.allocations_exceed_amount');
    const unallocated = input.amount - allocated;
    if (unallocated > 0 && !input.advance)
      throw new AppError('conflict', {}, [
        {
          path: 'advance',
          message: 'billing:errors.overpayment_needs_confirmation',
          params: { amount: minorToDecimal(unallocated, input.currency) },
        },
      ]);
    if (allocations.length === 0) {
      const head = await repo.findCustomer(tx, customer.type as CustomerType, customer.id);
      if (!head) throw AppError.invalid('customerId', 'field.invalid_reference');
    }
    const payment = {
      id: newId(),
      customerType: customer.type,
      customerId: customer.id,
      paidOn: input.paidOn,
      amount: input.amount,
      currency: input.currency,
      method: input.method,
      reference: input.reference,
      notes: input.notes,
      unallocated,
      createdBy: tx.actor.userId,
    };
    await repo.insertPayment(tx, payment, allocations);
    for (const a of allocations) {
      const doc = documents.find((d) => d.id === a.documentId);
      if (!doc) continue;
      const paidTotal = doc.paidTotal + a.amount;
      const status = paidTotal >= doc.grossTotal ? 'paid' : 'partially_paid';
      await repo.updateDocument(tx, doc.id, doc.version, {
        paidTotal,
        status,
        lastPaidOn:
          doc.lastPaidOn && doc.lastPaidOn > payment.paidOn ? doc.lastPaidOn : payment.paidOn,
        statusDates:
          status === doc.status
            ? doc.statusDates
            : { ...doc.statusDates, [status]: new Date().toISOString() },
      });
      await recordAudit(tx, {
        action: 'update',
        object: 'billing_documents',
        recordId: doc.id,
        changes: { paidTotal: [doc.paidTotal, paidTotal], status: [doc.status, status] },
      });
    }
    await recordAudit(tx, {
      action: 'create',
      object: 'billing_payments',
      recordId: payment.id,
      changes: { amount: [null, payment.amount], currency: [null, payment.currency] },
    });
    await insertActivity(tx, {
      id: newId(),
      recordType: customer.type,
      recordId: customer.id,
      kind: 'payment_received',
      body: null,
      data: {
        paymentId: payment.id,
        amount: payment.amount,
        currency: payment.currency,
        numbers: allocations.map((a) => documents.find((d) => d.id === a.documentId)?.number),
      },
      actorId: tx.actor.userId,
    });
    return getPayment(tx, payment.id);
  });
}

export async function getPayment(ctx: Ctx, id: string): Promise<PaymentWithAllocations> {
  const payment = await repo.findPayment(ctx, id);
  if (!payment) throw AppError.notFound();
  const [withNames] = await withDetails(ctx, [payment]);
  if (!withNames) throw AppError.notFound();
  return withNames;
}

async function withDetails(
  ctx: Ctx,
  payments: repo.PaymentRow[],
): Promise<PaymentWithAllocations[]> {
  const allocations = await repo.allocationsOf(
    ctx,
    payments.map((p) => p.id),
  );
  const names = await repo.customerNames(
    ctx,
    payments.map((p) => ({ type: p.customerType, id: p.customerId })),
  );
  return payments.map((payment) => ({
    payment,
    allocations: allocations
      .filter((a) => a.paymentId === payment.id)
      .map((a) => ({ documentId: a.documentId, number: a.number, amount: a.amount })),
    customerName: names.get(`${payment.customerType}:${payment.customerId}`) ?? null,
  }));
}

export async function listPayments(
  ctx: Ctx,
  query: {
    limit: number;
    cursor?: string | undefined;
    customerType?: string | undefined;
    customerId?: string | undefined;
    documentId?: string | undefined;
  },
) {
  let cursor: { paidOn: string; id: string } | null = null;
  if (query.cursor) {
    try {
      const [paidOn, id] = JSON.parse(Buffer.from(query.cursor, 'base64url').toString()) as [
        string,
        string,
      ];
      if (!isIsoDate(paidOn)) throw new Error('bad cursor');
      cursor = { paidOn, id };
    } catch {
      throw AppError.invalid('cursor', 'list.invalid_cursor');
    }
  }
  const rows = await repo.listPayments(ctx, { ...query, cursor });
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    data: await withDetails(ctx, page),
    nextCursor:
      rows.length > query.limit && last
        ? Buffer.from(JSON.stringify([last.paidOn, last.id])).toString('base64url')
        : null,
  };
}

// ----- bank statements -----------------------------------------------------------------------

const COLUMN_NAMES: Record<
  'date' | 'amount' | 'reference' | 'counterparty' | 'description' | 'currency',
  string[]
> = {
  date: ['date', 'booking date', 'datum', 'датум', 'ημερομηνία', 'value date', 'datum knjiženja'],
  amount: ['amount', 'iznos', 'znesek', 'износ', 'ποσό', 'credit'],
  reference: [
    'reference',
    'referenca',
    'poziv na broj',
    'sklic',
    'повикување',
    'референца',
    'αναφορά',
    'reference number',
  ],
  counterparty: [
    'counterparty',
    'payer',
    'name',
    'platitelj',
    'uplatilac',
    'plačnik',
    'уплатилац',
    'πληρωτής',
    'partner',
  ],
  description: ['description', 'purpose', 'opis', 'namen', 'svrha', 'опис', 'περιγραφή', 'details'],
  currency: ['currency', 'valuta', 'валута', 'νόμισμα'],
};

function normalizeDate(raw: string): string | null {
  const value = raw.trim();
  if (isIsoDate(value)) return value;
  const m = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})\.?$/.exec(value);
  if (m) {
    const iso = `${m[3]}-${m[2]?.padStart(2, '0')}-${m[1]?.padStart(2, '0')}`;
    return isIsoDate(iso) ? iso : null;
  }
  return null;
}

/** Imports a bank statement CSV (header row; `,` or `;`) and keeps its incoming lines. */
export async function importStatement(
  ctx: Ctx,
  input: { fileName: string; csv: string; currency?: string | undefined },
): Promise<{ importId: string; lines: repo.BankLineRow[]; skipped: number }> {
  const text = input.csv.replace(/^\uFEFF/, '');
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const delimiter =
    (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  let records: string[][];
  try {
    records = parse(text, {
      delimiter,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    });
  } catch {
    throw AppError.invalid('csv', 'billing:errors.csv_unreadable');
  }
  const [header, ...rows] = records;
  if (!header) throw AppError.invalid('csv', 'billing:errors.csv_unreadable');
  const lower = header.map((h) => h.toLowerCase().trim());
  const column = (key: keyof typeof COLUMN_NAMES) =>
    lower.findIndex((h) => COLUMN_NAMES[key].includes(h));
  const cols = {
    date: column('date'),
    amount: column('amount'),
    reference: column('reference'),
    counterparty: column('counterparty'),
    description: column('description'),
    currency: column('currency'),
  };
  if (cols.date < 0 || cols.amount < 0)
    throw AppError.invalid('csv', 'billing:errors.csv_columns_missing');
  const importId = newId();
  const lines: repo.BankLineRow[] = [];
  let skipped = 0;
  rows.forEach((row, index) => {
    const cell = (i: number) => (i >= 0 ? (row[i] ?? '').trim() : '');
    const currency = (
      cell(cols.currency) ||
      input.currency ||
      ctx.workspace.currency
    ).toUpperCase();
    const bookedOn = normalizeDate(cell(cols.date));
    const amount = parseAmount(cell(cols.amount), currency);
    if (!bookedOn || amount === null) {
      throw AppError.invalid(`csv.${index + 2}`, 'billing:errors.csv_bad_row', { row: index + 2 });
    }
    // Only money coming in can pay an invoice; outgoing lines are not kept.
    if (amount <= 0) {
      skipped += 1;
      return;
    }
    lines.push({
      workspaceId: ctx.workspace.id,
      id: newId(),
      importId,
      fileName: input.fileName,
      rowNumber: index + 2,
      bookedOn,
      amount,
      currency,
      reference: cell(cols.reference) || null,
      counterparty: cell(cols.counterparty) || null,
      description: cell(cols.description) || null,
      status: 'open',
      paymentId: null,
      createdAt: new Date(),
    });
  });
  await inTransaction(ctx, async (tx) => {
    await repo.insertBankLines(
      tx,
      lines.map(({ workspaceId: _w, ...l }) => l),
    );
    await recordAudit(tx, {
      action: 'import',
      object: 'billing_bank_lines',
      recordId: importId,
      changes: { fileName: [null, input.fileName], lines: [null, lines.length] },
    });
  });
  return { importId, lines, skipped };
}

export interface Suggestion {
  documentId: string;
  number: string | null;
  customerName: string;
  openAmount: number;
  reason: 'reference' | 'amount';
}

const compact = (s: string) => s.toUpperCase().replace(/[^A-Z0-9]/g, '');

/**
 * Suggested invoices for each bank line: first invoices whose number appears in the reference
 * or description (with the open amount covering the line), then invoices of exactly that open
 * amount. The user confirms; nothing is booked automatically.
 */
export async function suggestMatches(
  ctx: Ctx,
  lines: repo.BankLineRow[],
): Promise<Map<string, Suggestion[]>> {
  const open = await repo.openInvoices(ctx, [...new Set(lines.map((l) => l.currency))]);
  const result = new Map<string, Suggestion[]>();
  for (const line of lines) {
    if (line.status !== 'open') {
      result.set(line.id, []);
      continue;
    }
    const haystack = compact(`${line.reference ?? ''} ${line.description ?? ''}`);
    const candidates = open.filter((d) => d.currency === line.currency);
    const byReference = candidates.filter(
      (d) =>
        d.number &&
        haystack.includes(compact(d.number)) &&
        d.grossTotal - d.paidTotal >= line.amount,
    );
    const byAmount = candidates.filter(
      (d) => d.grossTotal - d.paidTotal === line.amount && !byReference.includes(d),
    );
    result.set(
      line.id,
      [
        ...byReference.map((d) => ({ d, reason: 'reference' as const })),
        ...byAmount.slice(0, 5).map((d) => ({ d, reason: 'amount' as const })),
      ].map(({ d, reason }) => ({
        documentId: d.id,
        number: d.number,
        customerName: d.customerName,
        openAmount: d.grossTotal - d.paidTotal,
        reason,
      })),
    );
  }
  return result;
}

export async function bankLines(ctx: Ctx, importId: string | null) {
  const lines = await repo.listBankLines(ctx, importId);
  const suggestions = await suggestMatches(ctx, lines);
  return lines.map((line) => ({ line, suggestions: suggestions.get(line.id) ?? [] }));
}

/** Books a bank line as a payment of the chosen invoice. */
export async function confirmBankLine(ctx: Ctx, lineId: string, documentId: string) {
  return inTransaction(ctx, async (tx) => {
    const line = await repo.findBankLine(tx, lineId, true);
    if (!line) throw AppError.notFound();
    if (line.status !== 'open')
      throw new AppError('conflict', {}, [
        { path: 'status', message: 'billing:errors.bank_line_done' },
      ]);
    const doc = await repo.findDocument(tx, documentId);
    if (!doc) throw AppError.invalid('documentId', 'field.invalid_reference');
    const open = doc.grossTotal - doc.paidTotal;
    const allocated = Math.min(open, line.amount);
    const payment = await createPayment(tx, {
      paidOn: line.bookedOn,
      amount: line.amount,
      currency: line.currency,
      method: 'bank_transfer',
      reference: line.reference,
      notes: [line.counterparty, line.description].filter(Boolean).join(' · ') || null,
      allocations: allocated > 0 ? [{ documentId, amount: allocated }] : [],
      customerType: doc.customerType as CustomerType,
      customerId: doc.customerId,
      // The bank already has the money: whatever exceeds the invoice is the customer's advance.
      advance: true,
    });
    await repo.updateBankLine(tx, lineId, { status: 'matched', paymentId: payment.payment.id });
    return payment;
  });
}

export async function ignoreBankLine(ctx: Ctx, lineId: string): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const line = await repo.findBankLine(tx, lineId, true);
    if (!line) throw AppError.notFound();
    if (line.status !== 'open')
      throw new AppError('conflict', {}, [
        { path: 'status', message: 'billing:errors.bank_line_done' },
      ]);
    await repo.updateBankLine(tx, lineId, { status: 'ignored' });
  });
}

// ----- customer finance ----------------------------------------------------------------------

export async function customerFinance(ctx: Ctx, type: CustomerType, id: string) {
  // Visibility first (404 for a customer the caller may not see), then two queries.
  if (!(await repo.customerVisible(ctx, type, id))) throw AppError.notFound();
  const currency = ctx.workspace.currency;
  const now = today(ctx);
  const [figures, recent] = await Promise.all([
    repo.financeFigures(ctx, type, id, currency, now),
    repo.recentDocuments(ctx, type, id, 10),
  ]);
  const terms =
    figures.terms_days === null
      ? null
      : { paymentTermsDays: figures.terms_days, creditLimit: figures.credit_limit };
  const advances = figures.paid - (figures.invoiced - figures.open_amount);
  const balance = figures.open_amount - figures.credited - advances;
  const creditLimit = terms?.creditLimit ?? null;
  return {
    customerType: type,
    customerId: id,
    currency,
    paymentTermsDays: terms?.paymentTermsDays ?? DEFAULT_PAYMENT_TERMS_DAYS,
    creditLimit,
    creditAvailable: creditLimit === null ? null : creditLimit - balance,
    overCreditLimit: creditLimit !== null && balance > creditLimit,
    balance,
    overdueAmount: figures.overdue_amount,
    overdueDays: figures.oldest_due ? daysBetween(figures.oldest_due, now) : 0,
    openInvoices: figures.open_invoices,
    invoicedTotal: figures.invoiced,
    paidTotal: figures.paid,
    revenue: figures.revenue,
    margin: figures.cost_known_net > 0 ? figures.cost_known_net - figures.cost : null,
    averageDaysToPay:
      figures.avg_days_to_pay === null ? null : Math.round(figures.avg_days_to_pay * 10) / 10,
    latePayments: figures.late_payments,
    lastPurchaseOn: figures.last_purchase,
    recentDocuments: recent,
  };
}

export async function setTerms(
  ctx: Ctx,
  type: CustomerType,
  id: string,
  values: { paymentTermsDays: number; creditLimit: number | null },
) {
  await inTransaction(ctx, async (tx) => {
    if (!(await repo.findCustomer(tx, type, id))) throw AppError.notFound();
    const before = await repo.findTerms(tx, type, id);
    await repo.upsertTerms(tx, type, id, values);
    await recordAudit(tx, {
      action: 'update',
      object: type,
      recordId: id,
      changes: {
        paymentTermsDays: [before?.paymentTermsDays ?? null, values.paymentTermsDays],
        creditLimit: [before?.creditLimit ?? null, values.creditLimit],
      },
    });
  });
  return customerFinance(ctx, type, id);
}

export async function purchaseHistory(ctx: Ctx, type: CustomerType, id: string, limit: number) {
  if (!(await repo.findCustomer(ctx, type, id))) throw AppError.notFound();
  return repo.purchaseLines(ctx, type, id, limit);
}

// ----- accounting export ---------------------------------------------------------------------

export const ACCOUNTING_FORMAT = 'odnos.accounting/1';

export async function accountingExport(ctx: Ctx, from: string, to: string) {
  if (from > to) throw AppError.invalid('to', 'billing:errors.period_reversed');
  const documents = await repo.documentsIssuedBetween(ctx, from, to);
  const payments = await repo.paymentsBetween(ctx, from, to);
  const lines = await repo.linesOf(
    ctx,
    documents.map((d) => d.id),
  );
  const allocations = await repo.allocationsOf(
    ctx,
    payments.map((p) => p.id),
  );
  await recordAudit(ctx, {
    action: 'export',
    object: 'billing_accounting',
    recordId: null,
    changes: { period: [null, `${from}..${to}`] },
  });
  return {
    format: ACCOUNTING_FORMAT,
    workspace: ctx.workspace.name,
    from,
    to,
    invoices: documents.map((d) => ({
      id: d.id,
      type: d.type as 'invoice' | 'credit_note',
      number: d.number ?? '',
      status: d.status,
      issueDate: d.issueDate ?? '',
      dueDate: d.dueDate,
      customer: {
        type: d.customerType,
        id: d.customerId,
        name: d.customerName,
        vatId: d.customerDetails.vatId ?? null,
      },
      currency: d.currency,
      net: minorToDecimal(d.netTotal, d.currency),
      vat: minorToDecimal(d.vatTotal, d.currency),
      gross: minorToDecimal(d.grossTotal, d.currency),
      vatBreakdown: d.vatBreakdown.map((g) => ({
        rate: g.rate,
        net: minorToDecimal(g.net, d.currency),
        vat: minorToDecimal(g.vat, d.currency),
        gross: minorToDecimal(g.gross, d.currency),
      })),
      lines: lines
        .filter((l) => l.documentId === d.id)
        .map((l) => ({
          description: l.description,
          quantity: l.quantity,
          unit: l.unit,
          unitPrice: minorToDecimal(l.unitPrice, d.currency),
          discountPercent: l.discountPercent,
          vatRate: l.vatRate,
          net: minorToDecimal(l.net, d.currency),
          vat: minorToDecimal(l.vat, d.currency),
        })),
    })),
    payments: payments.map((p) => ({
      id: p.id,
      date: p.paidOn,
      amount: minorToDecimal(p.amount, p.currency),
      currency: p.currency,
      method: p.method,
      reference: p.reference,
      customer: { type: p.customerType, id: p.customerId },
      allocations: allocations
        .filter((a) => a.paymentId === p.id)
        .map((a) => ({ invoiceNumber: a.number, amount: minorToDecimal(a.amount, p.currency) })),
    })),
  };
}

/** One row per invoice/credit note VAT rate and per payment allocation — what ledgers import. */
export function accountingCsv(data: Awaited<ReturnType<typeof accountingExport>>): string {
  const header = [
    'record',
    'date',
    'number',
    'type',
    'customer',
    'customer_vat_id',
    'currency',
    'vat_rate',
    'net',
    'vat',
    'gross',
    'due_date',
    'reference',
    'method',
    'invoice_number',
  ];
  const rows: (string | null)[][] = [];
  for (const d of data.invoices) {
    for (const g of d.vatBreakdown)
      rows.push([
        'document',
        d.issueDate,
        d.number,
        d.type,
        d.customer.name,
        d.customer.vatId,
        d.currency,
        g.rate,
        g.net,
        g.vat,
        g.gross,
        d.dueDate,
        null,
        null,
        null,
      ]);
  }
  for (const p of data.payments) {
    if (p.allocations.length === 0)
      rows.push([
        'payment',
        p.date,
        null,
        'advance',
        null,
        null,
        p.currency,
        null,
        null,
        null,
        p.amount,
        null,
        p.reference,
        p.method,
        null,
      ]);
    for (const a of p.allocations)
      rows.push([
        'payment',
        p.date,
        null,
        'payment',
        null,
        null,
        p.currency,
        null,
        null,
        null,
        a.amount,
        null,
        p.reference,
        p.method,
        a.invoiceNumber,
      ]);
  }
  return csvText([header, ...rows]);
}
