/** SQL of the prediction job: purchase history in, stored predictions and rules out. */
import { eq, sql } from 'drizzle-orm';
import { queryRows } from '../db/connection.js';
import type { Ctx } from '../platform/context.js';
import { productAssociations, purchasePredictions } from './tables.js';

export interface CustomerProductDays {
  customer_type: 'contacts' | 'companies';
  customer_id: string;
  product_id: string;
  /** Distinct purchase days, YYYY-MM-DD. */
  days: string[];
}

/**
 * Every (customer, product) pair of issued invoices with the distinct days it was bought,
 * grouped in SQL so the job holds pairs, not invoice lines.
 */
export async function purchaseDays(ctx: Ctx): Promise<CustomerProductDays[]> {
  const rows = await queryRows<Omit<CustomerProductDays, 'days'> & { days: string[] | string }>(
    ctx.db,
    sql`select d.customer_type, d.customer_id, l.product_id,
               array_agg(distinct d.issue_date::text) as days
        from billing_documents d
        join billing_document_lines l on l.workspace_id = d.workspace_id and l.document_id = d.id
        where d.workspace_id = ${ctx.workspace.id} and d.type = 'invoice'
          and d.deleted_at is null and d.number_seq is not null and d.status <> 'cancelled'
          and d.issue_date is not null and l.product_id is not null
        group by d.customer_type, d.customer_id, l.product_id
        order by d.customer_type, d.customer_id`,
  );
  return rows.map((r) => ({
    ...r,
    days: Array.isArray(r.days)
      ? r.days
      : r.days
          .replace(/^\{|\}$/g, '')
          .split(',')
          .filter(Boolean),
  }));
}

/** Product names in the workspace language (else any language the product has). */
export async function productNames(ctx: Ctx): Promise<Map<string, string>> {
  const rows = await queryRows<{ id: string; name: string | null }>(
    ctx.db,
    sql`select id, coalesce(name ->> ${ctx.workspace.locale}, name ->> 'en',
                            (select value from jsonb_each_text(name) limit 1)) as name
        from products where workspace_id = ${ctx.workspace.id}`,
  );
  return new Map(rows.map((r) => [r.id, r.name ?? '']));
}

export type PredictionInsert = Omit<typeof purchasePredictions.$inferInsert, 'workspaceId'>;
type AssociationInsert = Omit<typeof productAssociations.$inferInsert, 'workspaceId'>;
const BATCH = 1000;

/** Replaces the workspace's stored results (inside the caller's transaction). */
export async function replaceResults(
  ctx: Ctx,
  predictions: PredictionInsert[],
  associations: AssociationInsert[],
): Promise<void> {
  const workspaceId = ctx.workspace.id;
  await ctx.db.delete(purchasePredictions).where(eq(purchasePredictions.workspaceId, workspaceId));
  await ctx.db.delete(productAssociations).where(eq(productAssociations.workspaceId, workspaceId));
  for (let i = 0; i < predictions.length; i += BATCH)
    await ctx.db
      .insert(purchasePredictions)
      .values(predictions.slice(i, i + BATCH).map((p) => ({ ...p, workspaceId })));
  for (let i = 0; i < associations.length; i += BATCH)
    await ctx.db
      .insert(productAssociations)
      .values(associations.slice(i, i + BATCH).map((a) => ({ ...a, workspaceId })));
}
