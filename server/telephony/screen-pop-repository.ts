/** The screen pop's reads: each section one indexed query. */
import { and, asc, desc, eq, inArray, isNull, notInArray, sql, type AnyColumn } from 'drizzle-orm';
import { queryRows } from '../db/connection.js';
import { financeFigures, findTerms } from '../billing/repository.js';
import { daysBetween, DEFAULT_PAYMENT_TERMS_DAYS, today } from '../billing/service.js';
import { activities, companies, contacts, leads, users } from '../db/schema.js';
import type { Ctx } from '../platform/context.js';
import { scopeTo } from '../platform/permissions.js';
import type { ScreenPopCustomer } from './schema.js';
import { productAssociations, purchasePredictions, type CallMatch } from './tables.js';
import { localized } from '../../common/records.js';
import { deals, pipelineStages } from '../deals/tables.js';
import { tasks } from '../tasks/tables.js';

type Head = Pick<
  ScreenPopCustomer,
  'type' | 'id' | 'title' | 'subtitle' | 'owner' | 'language' | 'tags' | 'company' | 'leadStatus'
>;

const ownerJoin = (ownerId: AnyColumn, workspaceId: AnyColumn) =>
  and(eq(users.workspaceId, workspaceId), eq(users.id, ownerId));

/** Who: name, owner, language, tags, organization (one query with joins). */
export async function recordHead(ctx: Ctx, ref: CallMatch): Promise<Head | null> {
  if (ref.type === 'contacts') {
    const [row] = await ctx.db
      .select({
        id: contacts.id,
        firstName: contacts.firstName,
        lastName: contacts.lastName,
        jobTitle: contacts.jobTitle,
        locale: contacts.locale,
        tags: contacts.tags,
        ownerId: contacts.ownerId,
        ownerName: users.name,
        companyId: contacts.companyId,
        companyName: companies.name,
      })
      .from(contacts)
      .leftJoin(users, ownerJoin(contacts.ownerId, contacts.workspaceId))
      .leftJoin(
        companies,
        and(eq(companies.workspaceId, contacts.workspaceId), eq(companies.id, contacts.companyId)),
      )
      .where(and(scopeTo(ctx, contacts), eq(contacts.id, ref.id), isNull(contacts.deletedAt)));
    if (!row) return null;
    return {
      type: 'contacts',
      id: row.id,
      title: `${row.firstName} ${row.lastName}`.trim(),
      subtitle: [row.jobTitle, row.companyName].filter(Boolean).join(', ') || null,
      owner: row.ownerId ? { id: row.ownerId, name: row.ownerName ?? '' } : null,
      language: row.locale,
      tags: row.tags,
      company: row.companyId ? { id: row.companyId, name: row.companyName ?? '' } : null,
      leadStatus: null,
    };
  }
  if (ref.type === 'companies') {
    const [row] = await ctx.db
      .select({
        id: companies.id,
        name: companies.name,
        industry: companies.industry,
        tags: companies.tags,
        ownerId: companies.ownerId,
        ownerName: users.name,
      })
      .from(companies)
      .leftJoin(users, ownerJoin(companies.ownerId, companies.workspaceId))
      .where(and(scopeTo(ctx, companies), eq(companies.id, ref.id), isNull(companies.deletedAt)));
    if (!row) return null;
    return {
      type: 'companies',
      id: row.id,
      title: row.name,
      subtitle: row.industry,
      owner: row.ownerId ? { id: row.ownerId, name: row.ownerName ?? '' } : null,
      language: null,
      tags: row.tags,
      company: null,
      leadStatus: null,
    };
  }
  const [row] = await ctx.db
    .select({
      id: leads.id,
      name: leads.name,
      phone: leads.phone,
      companyName: leads.companyName,
      status: leads.status,
      tags: leads.tags,
      ownerId: leads.ownerId,
      ownerName: users.name,
    })
    .from(leads)
    .leftJoin(users, ownerJoin(leads.ownerId, leads.workspaceId))
    .where(and(scopeTo(ctx, leads), eq(leads.id, ref.id), isNull(leads.deletedAt)));
  if (!row) return null;
  return {
    type: 'leads',
    id: row.id,
    title: row.name || row.phone || '',
    subtitle: row.companyName,
    owner: row.ownerId ? { id: row.ownerId, name: row.ownerName ?? '' } : null,
    language: null,
    tags: row.tags,
    company: null,
    leadStatus: row.status,
  };
}

/** The last interactions on the record's timeline (notes, calls, emails, meetings…). */
export async function lastInteractions(ctx: Ctx, ref: CallMatch, limit: number) {
  const rows = await ctx.db
    .select({
      id: activities.id,
      kind: activities.kind,
      at: activities.occurredAt,
      body: activities.body,
      data: activities.data,
      actor: users.name,
    })
    .from(activities)
    .leftJoin(
      users,
      and(eq(users.workspaceId, activities.workspaceId), eq(users.id, activities.actorId)),
    )
    .where(
      and(
        eq(activities.workspaceId, ctx.workspace.id),
        eq(activities.recordType, ref.type),
        eq(activities.recordId, ref.id),
        isNull(activities.deletedAt),
      ),
    )
    .orderBy(desc(activities.occurredAt), desc(activities.id))
    .limit(limit);
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    at: r.at.toISOString(),
    summary: r.body ? plainSummary(r.body) : null,
    actor: r.actor,
    data: r.data,
  }));
}

/** Notes are sanitized HTML; the pop shows a one-line plain-text summary. */
export function plainSummary(html: string, max = 140): string {
  const text = html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Stored repeat-purchase predictions, soonest expected purchase first. */
export async function predictions(ctx: Ctx, ref: CallMatch, limit: number) {
  return ctx.db
    .select()
    .from(purchasePredictions)
    .where(
      and(
        eq(purchasePredictions.workspaceId, ctx.workspace.id),
        eq(purchasePredictions.customerType, ref.type),
        eq(purchasePredictions.customerId, ref.id),
      ),
    )
    .orderBy(asc(purchasePredictions.nextAt), desc(purchasePredictions.regularity))
    .limit(limit);
}

export type CustomerRef = { type: 'contacts' | 'companies'; id: string };

export interface PurchaseLine {
  date: string;
  productId: string | null;
  description: string;
  quantity: number;
  amount: number;
  currency: string;
  document: string | null;
}

/** The customer's latest invoice lines (what they bought, newest first). */
export async function recentPurchaseLines(
  ctx: Ctx,
  ref: CustomerRef,
  limit: number,
): Promise<PurchaseLine[]> {
  const rows = await queryRows<{
    date: string;
    product_id: string | null;
    description: string;
    quantity: string | number;
    amount: number;
    currency: string;
    document: string | null;
  }>(
    ctx.db,
    sql`select d.issue_date::text as date, l.product_id, l.description, l.quantity,
               l.gross as amount, d.currency, d.number as document
        from billing_documents d
        join billing_document_lines l on l.workspace_id = d.workspace_id and l.document_id = d.id
        where d.workspace_id = ${ctx.workspace.id} and d.customer_type = ${ref.type}
          and d.customer_id = ${ref.id} and d.type = 'invoice' and d.deleted_at is null
          and d.number_seq is not null and d.status <> 'cancelled'
        order by d.issue_date desc, d.id desc, l.position
        limit ${limit}`,
  );
  return rows.map((r) => ({
    date: r.date,
    productId: r.product_id,
    description: r.description,
    quantity: Number(r.quantity),
    amount: r.amount,
    currency: r.currency,
    document: r.document,
  }));
}

export interface Lifetime {
  documents: number;
  amount: number;
  firstAt: string | null;
  lastAt: string | null;
  /** Products the customer ever bought, with the description of the latest line. */
  owned: Map<string, string>;
}

/** Lifetime totals (invoices in the workspace currency) and the products the customer owns. */
export async function lifetime(ctx: Ctx, ref: CustomerRef): Promise<Lifetime> {
  const [row] = await queryRows<{
    documents: number;
    amount: number;
    first_at: string | null;
    last_at: string | null;
    owned: { id: string; name: string }[] | string | null;
  }>(
    ctx.db,
    sql`with docs as (
          select id, gross_total, issue_date, currency
          from billing_documents
          where workspace_id = ${ctx.workspace.id} and customer_type = ${ref.type}
            and customer_id = ${ref.id} and type = 'invoice' and deleted_at is null
            and number_seq is not null and status <> 'cancelled'
        )
        select
          (select count(*)::int from docs where currency = ${ctx.workspace.currency}) as documents,
          (select coalesce(sum(gross_total), 0)::bigint from docs
            where currency = ${ctx.workspace.currency}) as amount,
          (select min(issue_date)::text from docs where currency = ${ctx.workspace.currency}) as first_at,
          (select max(issue_date)::text from docs where currency = ${ctx.workspace.currency}) as last_at,
          (select json_agg(json_build_object('id', o.product_id, 'name', o.description))
             from (select distinct on (l.product_id) l.product_id, l.description
                   from docs d
                   join billing_document_lines l
                     on l.workspace_id = ${ctx.workspace.id} and l.document_id = d.id
                   where l.product_id is not null
                   order by l.product_id, d.issue_date desc) o) as owned`,
  );
  const owned =
    typeof row?.owned === 'string'
      ? (JSON.parse(row.owned) as { id: string; name: string }[])
      : (row?.owned ?? []);
  return {
    documents: row?.documents ?? 0,
    amount: row?.amount ?? 0,
    firstAt: row?.first_at ?? null,
    lastAt: row?.last_at ?? null,
    owned: new Map(owned.map((o) => [o.id, o.name])),
  };
}

/** Stored co-purchase rules whose antecedent the customer owns and consequent they do not. */
export async function rulesFor(ctx: Ctx, owned: string[], limit: number) {
  if (owned.length === 0) return [];
  const a = productAssociations;
  return ctx.db
    .select({
      productId: a.productId,
      otherProductId: a.otherProductId,
      otherProductName: a.otherProductName,
      customers: a.customers,
      support: a.support,
      confidence: a.confidence,
      lift: a.lift,
    })
    .from(a)
    .where(
      and(
        eq(a.workspaceId, ctx.workspace.id),
        inArray(a.productId, owned),
        notInArray(a.otherProductId, owned),
      ),
    )
    .orderBy(desc(a.confidence), desc(a.lift))
    .limit(limit);
}

/**
 * Balance, overdue and credit terms: the figures of `GET /customers/:type/:id/finance`
 * (billing/payments.ts `customerFinance`, derived the same way — an integration test compares
 * the two), without that card's existence check and document list the pop does not show.
 */
export async function finance(ctx: Ctx, ref: CustomerRef) {
  const now = today(ctx);
  const currency = ctx.workspace.currency;
  const [terms, figures] = await Promise.all([
    findTerms(ctx, ref.type, ref.id),
    financeFigures(ctx, ref.type, ref.id, currency, now),
  ]);
  const advances = figures.paid - (figures.invoiced - figures.open_amount);
  const balance = figures.open_amount - figures.credited - advances;
  const creditLimit = terms?.creditLimit ?? null;
  return {
    currency,
    balance,
    overdue: figures.overdue_amount,
    daysOverdue: figures.oldest_due ? daysBetween(figures.oldest_due, now) : 0,
    creditLimit,
    availableCredit: creditLimit === null ? null : creditLimit - balance,
    paymentTermsDays: terms?.paymentTermsDays ?? DEFAULT_PAYMENT_TERMS_DAYS,
    overCreditLimit: creditLimit !== null && balance > creditLimit,
    latePayments: figures.late_payments,
    averageDaysToPay:
      figures.avg_days_to_pay === null ? null : Math.round(figures.avg_days_to_pay * 10) / 10,
  };
}

/** The customer's open deals (as contact or organization), soonest expected close first. */
export async function openDeals(ctx: Ctx, ref: CallMatch, limit: number) {
  if (ref.type === 'leads') return [];
  const rows = await ctx.db
    .select({
      id: deals.id,
      title: deals.title,
      amount: deals.amount,
      currency: deals.currency,
      stage: pipelineStages.name,
    })
    .from(deals)
    .leftJoin(
      pipelineStages,
      and(eq(pipelineStages.workspaceId, deals.workspaceId), eq(pipelineStages.id, deals.stageId)),
    )
    .where(
      and(
        scopeTo(ctx, deals),
        ref.type === 'contacts' ? eq(deals.contactId, ref.id) : eq(deals.companyId, ref.id),
        eq(deals.status, 'open'),
        isNull(deals.deletedAt),
      ),
    )
    .orderBy(sql`${deals.expectedCloseDate} asc nulls last`, desc(deals.createdAt))
    .limit(limit);
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    amount: r.amount,
    currency: r.currency,
    stage: r.stage ? localized(r.stage, ctx.locale) : null,
  }));
}

/** Open tasks about the record (call-backs included), soonest due first. */
export async function openTasks(ctx: Ctx, ref: CallMatch, limit: number) {
  const rows = await ctx.db
    .select({ id: tasks.id, title: tasks.title, dueAt: tasks.dueAt })
    .from(tasks)
    .where(
      and(
        scopeTo(ctx, tasks),
        eq(tasks.relatedType, ref.type),
        eq(tasks.relatedId, ref.id),
        eq(tasks.status, 'open'),
        isNull(tasks.deletedAt),
      ),
    )
    .orderBy(sql`${tasks.dueAt} asc nulls last`, desc(tasks.createdAt))
    .limit(limit);
  return rows.map((r) => ({ id: r.id, title: r.title, dueAt: r.dueAt?.toISOString() ?? null }));
}
