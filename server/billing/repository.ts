import { and, asc, desc, eq, getTableColumns, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import { buildListQuery, pageOf, type ListFields, type ListParams } from '../db/list-query.js';
import { queryRows } from '../db/connection.js';
import { companies, contacts } from '../db/schema.js';
import { DOCUMENT_STATUSES, DOCUMENT_TYPES } from '../../common/billing/totals.js';
import type { Ctx } from '../platform/context.js';
import { scopeTo } from '../platform/permissions.js';
import {
  billingBankLines,
  billingCustomerTerms,
  billingDocumentLines,
  billingDocuments,
  billingPaymentAllocations,
  billingPayments,
  billingSequences,
  billingTemplates,
} from './tables.js';
import type { CustomerType } from './schema.js';

export type DocumentRow = typeof billingDocuments.$inferSelect;
export type LineRow = typeof billingDocumentLines.$inferSelect;
export type PaymentRow = typeof billingPayments.$inferSelect;
export type BankLineRow = typeof billingBankLines.$inferSelect;
export type TemplateRow = typeof billingTemplates.$inferSelect;
type Insert<T extends { $inferInsert: unknown }> = Omit<T['$inferInsert'], 'workspaceId'>;

const d = billingDocuments;
const ws = (ctx: Ctx) => ctx.workspace.id;

export const documentListFields: ListFields = {
  type: { expr: d.type, kind: 'enum', values: DOCUMENT_TYPES, sortable: true },
  status: { expr: d.status, kind: 'enum', values: DOCUMENT_STATUSES, sortable: true },
  number: { expr: d.number, kind: 'text', sortable: true, nullable: true },
  series: { expr: d.series, kind: 'text' },
  customerType: { expr: d.customerType, kind: 'enum', values: ['contacts', 'companies'] },
  customerId: { expr: d.customerId, kind: 'uuid' },
  customerName: { expr: d.customerName, kind: 'text', sortable: true },
  currency: { expr: d.currency, kind: 'text' },
  issueDate: { expr: d.issueDate, kind: 'date', sortable: true, nullable: true },
  dueDate: { expr: d.dueDate, kind: 'date', sortable: true, nullable: true },
  grossTotal: { expr: d.grossTotal, kind: 'number', sortable: true },
  dealId: { expr: d.dealId, kind: 'uuid', nullable: true },
  ownerId: { expr: d.ownerId, kind: 'uuid', nullable: true },
  overdue: {
    expr: sql`(${d.type} = 'invoice' and ${d.status} in ('issued', 'partially_paid') and ${d.dueDate} < current_date)`,
    kind: 'boolean',
  },
  createdAt: { expr: d.createdAt, kind: 'timestamp', sortable: true },
  updatedAt: { expr: d.updatedAt, kind: 'timestamp', sortable: true },
  deletedAt: { expr: d.deletedAt, kind: 'timestamp', sortable: true, nullable: true },
};

export async function listDocuments(
  ctx: Ctx,
  types: readonly string[],
  params: ListParams,
  fields: ListFields,
) {
  const q = buildListQuery(params, fields, d);
  const rows = await ctx.db
    .select({ ...getTableColumns(d), sortValue: q.sortValue })
    .from(d)
    .where(and(scopeTo(ctx, d), inArray(d.type, [...types]), ...q.where))
    .orderBy(...q.orderBy)
    .limit(q.limit);
  return pageOf(rows, params.limit);
}

export async function findDocument(
  ctx: Ctx,
  id: string,
  options: { lock?: boolean } = {},
): Promise<DocumentRow | null> {
  const query = ctx.db
    .select()
    .from(d)
    .where(and(scopeTo(ctx, d), eq(d.id, id)));
  const [row] = options.lock ? await query.for('update') : await query;
  return row ?? null;
}

export async function findDocuments(ctx: Ctx, ids: string[], lock = false): Promise<DocumentRow[]> {
  if (ids.length === 0) return [];
  const query = ctx.db
    .select()
    .from(d)
    .where(and(scopeTo(ctx, d), inArray(d.id, ids)))
    .orderBy(asc(d.id));
  return lock ? query.for('update') : query;
}

export async function findLines(ctx: Ctx, documentId: string): Promise<LineRow[]> {
  return ctx.db
    .select()
    .from(billingDocumentLines)
    .where(
      and(
        eq(billingDocumentLines.workspaceId, ws(ctx)),
        eq(billingDocumentLines.documentId, documentId),
      ),
    )
    .orderBy(asc(billingDocumentLines.position));
}

export async function insertDocument(ctx: Ctx, values: Insert<typeof d>): Promise<void> {
  await ctx.db.insert(d).values({ ...values, workspaceId: ws(ctx) });
}

export async function updateDocument(
  ctx: Ctx,
  id: string,
  version: number,
  values: Partial<Insert<typeof d>>,
): Promise<boolean> {
  const rows = await ctx.db
    .update(d)
    .set({ ...values, version: version + 1, updatedAt: sql`now()`, updatedBy: ctx.actor.userId })
    .where(and(scopeTo(ctx, d), eq(d.id, id), eq(d.version, version)))
    .returning({ id: d.id });
  return rows.length > 0;
}

export async function replaceLines(
  ctx: Ctx,
  documentId: string,
  lines: Omit<Insert<typeof billingDocumentLines>, 'documentId'>[],
): Promise<void> {
  await ctx.db
    .delete(billingDocumentLines)
    .where(
      and(
        eq(billingDocumentLines.workspaceId, ws(ctx)),
        eq(billingDocumentLines.documentId, documentId),
      ),
    );
  if (lines.length)
    await ctx.db
      .insert(billingDocumentLines)
      .values(lines.map((l) => ({ ...l, documentId, workspaceId: ws(ctx) })));
}

/**
 * The next number of a sequence, taken inside the caller's transaction. The UPSERT locks the
 * sequence row until the transaction ends, so concurrent issuers queue up; a rollback returns
 * the number. Together: no gaps, no duplicates.
 */
export async function nextNumber(
  ctx: Ctx,
  type: string,
  series: string,
  year: number,
): Promise<number> {
  const [row] = await ctx.db
    .insert(billingSequences)
    .values({ workspaceId: ws(ctx), type, series, year, lastNumber: 1 })
    .onConflictDoUpdate({
      target: [
        billingSequences.workspaceId,
        billingSequences.type,
        billingSequences.series,
        billingSequences.year,
      ],
      set: { lastNumber: sql`${billingSequences.lastNumber} + 1` },
    })
    .returning({ lastNumber: billingSequences.lastNumber });
  if (!row) throw new Error('sequence upsert returned nothing');
  return row.lastNumber;
}

// ----- customers -----------------------------------------------------------------------------

export interface CustomerHead {
  name: string;
  locale: string | null;
  email: string | null;
  vatId: string | null;
  registrationNumber: string | null;
  address: string | null;
}

/** A customer's first address on one line, as printed on documents. */
export function addressText(
  addresses: {
    street: string | null;
    city: string | null;
    postalCode: string | null;
    country: string | null;
  }[],
): string | null {
  const a = addresses[0];
  if (!a) return null;
  const cityLine = [a.postalCode, a.city].filter(Boolean).join(' ');
  return [a.street, cityLine, a.country].filter(Boolean).join(', ') || null;
}

export async function findCustomer(
  ctx: Ctx,
  type: CustomerType,
  id: string,
): Promise<CustomerHead | null> {
  if (type === 'contacts') {
    const [row] = await ctx.db
      .select()
      .from(contacts)
      .where(and(scopeTo(ctx, contacts), eq(contacts.id, id), isNull(contacts.deletedAt)));
    if (!row) return null;
    return {
      name: `${row.firstName} ${row.lastName}`.trim(),
      locale: row.locale,
      email: row.emails[0]?.value ?? null,
      vatId: null,
      registrationNumber: null,
      address: addressText(row.addresses),
    };
  }
  const [row] = await ctx.db
    .select()
    .from(companies)
    .where(and(scopeTo(ctx, companies), eq(companies.id, id), isNull(companies.deletedAt)));
  if (!row) return null;
  return {
    name: row.legalName || row.name,
    locale: null,
    email: row.emails[0]?.value ?? null,
    vatId: row.vatId,
    registrationNumber: row.registrationNumber,
    address: addressText(row.addresses),
  };
}

/** Whether the caller may see the customer (one indexed lookup, no row data). */
export async function customerVisible(ctx: Ctx, type: CustomerType, id: string): Promise<boolean> {
  const table = type === 'contacts' ? contacts : companies;
  const rows = await ctx.db
    .select({ id: table.id })
    .from(table)
    .where(and(scopeTo(ctx, table), eq(table.id, id), isNull(table.deletedAt)));
  return rows.length > 0;
}

export async function findTerms(ctx: Ctx, type: CustomerType, id: string) {
  const [row] = await ctx.db
    .select()
    .from(billingCustomerTerms)
    .where(
      and(
        eq(billingCustomerTerms.workspaceId, ws(ctx)),
        eq(billingCustomerTerms.customerType, type),
        eq(billingCustomerTerms.customerId, id),
      ),
    );
  return row ?? null;
}

export async function upsertTerms(
  ctx: Ctx,
  type: CustomerType,
  id: string,
  values: { paymentTermsDays: number; creditLimit: number | null },
): Promise<void> {
  await ctx.db
    .insert(billingCustomerTerms)
    .values({ workspaceId: ws(ctx), customerType: type, customerId: id, ...values })
    .onConflictDoUpdate({
      target: [
        billingCustomerTerms.workspaceId,
        billingCustomerTerms.customerType,
        billingCustomerTerms.customerId,
      ],
      set: { ...values, updatedAt: sql`now()` },
    });
}

export interface FinanceFigures {
  invoiced: number;
  credited: number;
  paid: number;
  open_amount: number;
  overdue_amount: number;
  oldest_due: string | null;
  open_invoices: number;
  revenue: number;
  cost_known_net: number;
  cost: number;
  last_purchase: string | null;
  avg_days_to_pay: number | null;
  late_payments: number;
  terms_days: number | null;
  credit_limit: number | null;
}

/**
 * Every figure of the customer finance card in one pass over the customer's issued documents
 * (the screen pop needs < 20 ms): costs and the last payment date are kept on each document
 * when it is written, and `billing_documents_finance_idx` covers the columns read here.
 */
export async function financeFigures(
  ctx: Ctx,
  type: CustomerType,
  id: string,
  currency: string,
  today: string,
): Promise<FinanceFigures> {
  const open = sql`type = 'invoice' and status in ('issued', 'partially_paid')`;
  const overdue = sql`${open} and due_date < ${today}::date`;
  const settled = sql`type = 'invoice' and status = 'paid' and last_paid_on is not null`;
  const [row] = await queryRows<FinanceFigures>(
    ctx.db,
    sql`
    select
      coalesce(sum(gross_total) filter (where type = 'invoice'), 0)::bigint as invoiced,
      coalesce(sum(gross_total) filter (where type = 'credit_note'), 0)::bigint as credited,
      (select coalesce(sum(amount), 0) from billing_payments
        where workspace_id = ${ws(ctx)} and customer_type = ${type} and customer_id = ${id}
          and currency = ${currency})::bigint as paid,
      coalesce(sum(gross_total - paid_total) filter (where type = 'invoice'), 0)::bigint as open_amount,
      coalesce(sum(gross_total - paid_total) filter (where ${overdue}), 0)::bigint as overdue_amount,
      min(due_date) filter (where ${overdue})::text as oldest_due,
      count(*) filter (where ${open})::int as open_invoices,
      (coalesce(sum(net_total) filter (where type = 'invoice'), 0)
        - coalesce(sum(net_total) filter (where type = 'credit_note'), 0))::bigint as revenue,
      coalesce(sum(cost_known_net) filter (where type = 'invoice'), 0)::bigint as cost_known_net,
      coalesce(sum(cost_total) filter (where type = 'invoice'), 0)::bigint as cost,
      max(issue_date) filter (where type = 'invoice')::text as last_purchase,
      avg(last_paid_on - issue_date) filter (where ${settled})::float8 as avg_days_to_pay,
      count(*) filter (where ${settled} and last_paid_on > due_date)::int as late_payments,
      (select payment_terms_days from billing_customer_terms t
        where t.workspace_id = ${ws(ctx)} and t.customer_type = ${type} and t.customer_id = ${id})
        as terms_days,
      (select credit_limit from billing_customer_terms t
        where t.workspace_id = ${ws(ctx)} and t.customer_type = ${type} and t.customer_id = ${id})
        as credit_limit
    from billing_documents
    where workspace_id = ${ws(ctx)} and customer_type = ${type} and customer_id = ${id}
      and currency = ${currency} and deleted_at is null and number_seq is not null
      and type in ('invoice', 'credit_note') and status <> 'cancelled'`,
  );
  if (!row) throw new Error('finance query returned nothing');
  // int8 and float8 arrive as numbers on both engines (type parser in db/connection.ts).
  return row;
}

export async function recentDocuments(ctx: Ctx, type: CustomerType, id: string, limit: number) {
  return ctx.db
    .select()
    .from(d)
    .where(
      and(scopeTo(ctx, d), eq(d.customerType, type), eq(d.customerId, id), isNull(d.deletedAt)),
    )
    .orderBy(desc(d.createdAt), desc(d.id))
    .limit(limit);
}

export async function purchaseLines(ctx: Ctx, type: CustomerType, id: string, limit: number) {
  const l = billingDocumentLines;
  return ctx.db
    .select({
      documentId: d.id,
      type: d.type,
      number: d.number,
      issueDate: d.issueDate,
      placeOfIssue: d.placeOfIssue,
      currency: d.currency,
      description: l.description,
      quantity: l.quantity,
      unit: l.unit,
      net: l.net,
      gross: l.gross,
    })
    .from(d)
    .innerJoin(l, and(eq(l.workspaceId, d.workspaceId), eq(l.documentId, d.id)))
    .where(
      and(
        scopeTo(ctx, d),
        eq(d.customerType, type),
        eq(d.customerId, id),
        isNull(d.deletedAt),
        inArray(d.type, ['invoice', 'order']),
        sql`${d.numberSeq} is not null`,
        sql`${d.status} <> 'cancelled'`,
      ),
    )
    .orderBy(desc(d.issueDate), desc(d.id), asc(l.position))
    .limit(limit);
}

/** Open amount of the customer's issued invoices (for the credit limit warning). */
export async function openBalance(
  ctx: Ctx,
  type: CustomerType,
  id: string,
  currency: string,
  excludeId: string | null,
): Promise<number> {
  const [row] = await queryRows<{ open: number }>(
    ctx.db,
    sql`select coalesce(sum(case when type = 'credit_note' then -gross_total else gross_total - paid_total end), 0)::bigint as open
        from billing_documents
        where workspace_id = ${ws(ctx)} and customer_type = ${type} and customer_id = ${id}
          and currency = ${currency} and deleted_at is null and number_seq is not null
          and type in ('invoice', 'credit_note') and status <> 'cancelled'
          ${excludeId ? sql`and id <> ${excludeId}` : sql``}`,
  );
  const [advance] = await queryRows<{ unallocated: number }>(
    ctx.db,
    sql`select coalesce(sum(unallocated), 0)::bigint as unallocated from billing_payments
        where workspace_id = ${ws(ctx)} and customer_type = ${type} and customer_id = ${id}
          and currency = ${currency}`,
  );
  return (row?.open ?? 0) - (advance?.unallocated ?? 0);
}

// ----- payments ------------------------------------------------------------------------------

export async function insertPayment(
  ctx: Ctx,
  payment: Insert<typeof billingPayments>,
  allocations: { id: string; documentId: string; amount: number }[],
): Promise<void> {
  await ctx.db.insert(billingPayments).values({ ...payment, workspaceId: ws(ctx) });
  if (allocations.length)
    await ctx.db
      .insert(billingPaymentAllocations)
      .values(allocations.map((a) => ({ ...a, paymentId: payment.id, workspaceId: ws(ctx) })));
}

export async function listPayments(
  ctx: Ctx,
  query: {
    limit: number;
    cursor: { paidOn: string; id: string } | null;
    customerType?: string | undefined;
    customerId?: string | undefined;
    documentId?: string | undefined;
  },
) {
  const p = billingPayments;
  const conditions = [eq(p.workspaceId, ws(ctx))];
  if (query.customerType) conditions.push(eq(p.customerType, query.customerType));
  if (query.customerId) conditions.push(eq(p.customerId, query.customerId));
  if (query.documentId)
    conditions.push(
      sql`${p.id} in (select payment_id from billing_payment_allocations where workspace_id = ${ws(ctx)} and document_id = ${query.documentId})`,
    );
  if (query.cursor) {
    const c = query.cursor;
    conditions.push(
      or(lt(p.paidOn, c.paidOn), and(eq(p.paidOn, c.paidOn), lt(p.id, c.id))) ?? sql`true`,
    );
  }
  return ctx.db
    .select()
    .from(p)
    .where(and(...conditions))
    .orderBy(desc(p.paidOn), desc(p.id))
    .limit(query.limit + 1);
}

export async function findPayment(ctx: Ctx, id: string): Promise<PaymentRow | null> {
  const [row] = await ctx.db
    .select()
    .from(billingPayments)
    .where(and(eq(billingPayments.workspaceId, ws(ctx)), eq(billingPayments.id, id)));
  return row ?? null;
}

export async function allocationsOf(ctx: Ctx, paymentIds: string[]) {
  if (paymentIds.length === 0) return [];
  const a = billingPaymentAllocations;
  return ctx.db
    .select({
      paymentId: a.paymentId,
      documentId: a.documentId,
      amount: a.amount,
      number: d.number,
    })
    .from(a)
    .innerJoin(d, and(eq(d.workspaceId, a.workspaceId), eq(d.id, a.documentId)))
    .where(and(eq(a.workspaceId, ws(ctx)), inArray(a.paymentId, paymentIds)));
}

export async function customerNames(
  ctx: Ctx,
  keys: { type: string; id: string }[],
): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const contactIds = keys.filter((k) => k.type === 'contacts').map((k) => k.id);
  const companyIds = keys.filter((k) => k.type === 'companies').map((k) => k.id);
  if (contactIds.length) {
    const rows = await ctx.db
      .select({ id: contacts.id, first: contacts.firstName, last: contacts.lastName })
      .from(contacts)
      .where(and(scopeTo(ctx, contacts), inArray(contacts.id, contactIds)));
    for (const r of rows) names.set(`contacts:${r.id}`, `${r.first} ${r.last}`.trim());
  }
  if (companyIds.length) {
    const rows = await ctx.db
      .select({ id: companies.id, name: companies.name })
      .from(companies)
      .where(and(scopeTo(ctx, companies), inArray(companies.id, companyIds)));
    for (const r of rows) names.set(`companies:${r.id}`, r.name);
  }
  return names;
}

// ----- bank statements -----------------------------------------------------------------------

export async function insertBankLines(
  ctx: Ctx,
  rows: Insert<typeof billingBankLines>[],
): Promise<void> {
  if (rows.length)
    await ctx.db.insert(billingBankLines).values(rows.map((r) => ({ ...r, workspaceId: ws(ctx) })));
}

export async function listBankLines(ctx: Ctx, importId: string | null): Promise<BankLineRow[]> {
  const b = billingBankLines;
  return ctx.db
    .select()
    .from(b)
    .where(
      and(eq(b.workspaceId, ws(ctx)), importId ? eq(b.importId, importId) : eq(b.status, 'open')),
    )
    .orderBy(asc(b.bookedOn), asc(b.rowNumber))
    .limit(1000);
}

export async function findBankLine(
  ctx: Ctx,
  id: string,
  lock = false,
): Promise<BankLineRow | null> {
  const query = ctx.db
    .select()
    .from(billingBankLines)
    .where(and(eq(billingBankLines.workspaceId, ws(ctx)), eq(billingBankLines.id, id)));
  const [row] = lock ? await query.for('update') : await query;
  return row ?? null;
}

export async function updateBankLine(
  ctx: Ctx,
  id: string,
  values: { status: string; paymentId?: string | null },
): Promise<void> {
  await ctx.db
    .update(billingBankLines)
    .set(values)
    .where(and(eq(billingBankLines.workspaceId, ws(ctx)), eq(billingBankLines.id, id)));
}

/** Issued invoices with an open amount, in the given currencies (match candidates). */
export async function openInvoices(ctx: Ctx, currencies: string[]): Promise<DocumentRow[]> {
  if (currencies.length === 0) return [];
  return ctx.db
    .select()
    .from(d)
    .where(
      and(
        scopeTo(ctx, d),
        eq(d.type, 'invoice'),
        inArray(d.status, ['issued', 'partially_paid']),
        inArray(d.currency, currencies),
        isNull(d.deletedAt),
      ),
    )
    .orderBy(asc(d.dueDate))
    .limit(5000);
}

// ----- templates -----------------------------------------------------------------------------

export async function findTemplate(
  ctx: Ctx,
  type: string,
  language: string,
): Promise<TemplateRow | null> {
  const t = billingTemplates;
  const [row] = await ctx.db
    .select()
    .from(t)
    .where(and(eq(t.workspaceId, ws(ctx)), eq(t.type, type), eq(t.language, language)));
  return row ?? null;
}

export async function listTemplates(ctx: Ctx): Promise<TemplateRow[]> {
  return ctx.db
    .select()
    .from(billingTemplates)
    .where(eq(billingTemplates.workspaceId, ws(ctx)));
}

export async function upsertTemplate(ctx: Ctx, values: Insert<typeof billingTemplates>) {
  const t = billingTemplates;
  const { id: _id, type: _type, language: _language, ...rest } = values;
  await ctx.db
    .insert(t)
    .values({ ...values, workspaceId: ws(ctx) })
    .onConflictDoUpdate({
      target: [t.workspaceId, t.type, t.language],
      set: { ...rest, version: sql`${t.version} + 1`, updatedAt: sql`now()` },
    });
}

// ----- accounting export ---------------------------------------------------------------------

export async function documentsIssuedBetween(ctx: Ctx, from: string, to: string) {
  return ctx.db
    .select()
    .from(d)
    .where(
      and(
        scopeTo(ctx, d),
        inArray(d.type, ['invoice', 'credit_note']),
        sql`${d.numberSeq} is not null`,
        sql`${d.issueDate} between ${from}::date and ${to}::date`,
        isNull(d.deletedAt),
      ),
    )
    .orderBy(asc(d.issueDate), asc(d.number));
}

export async function paymentsBetween(ctx: Ctx, from: string, to: string) {
  const p = billingPayments;
  return ctx.db
    .select()
    .from(p)
    .where(and(eq(p.workspaceId, ws(ctx)), sql`${p.paidOn} between ${from}::date and ${to}::date`))
    .orderBy(asc(p.paidOn), asc(p.id));
}

export async function linesOf(ctx: Ctx, documentIds: string[]): Promise<LineRow[]> {
  if (documentIds.length === 0) return [];
  const l = billingDocumentLines;
  return ctx.db
    .select()
    .from(l)
    .where(and(eq(l.workspaceId, ws(ctx)), inArray(l.documentId, documentIds)))
    .orderBy(asc(l.documentId), asc(l.position));
}
