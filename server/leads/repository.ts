import { and, eq, sql } from 'drizzle-orm';
import {
  buildListQuery,
  pageOf,
  shownColumns,
  type ListFields,
  type ListParams,
} from '../db/list-query.js';
import { leads } from '../db/schema.js';
import { LEAD_SOURCES, LEAD_STATUSES } from '../../common/records.js';
import type { Ctx } from '../platform/context.js';
import { scopeTo } from '../platform/permissions.js';

export type LeadRow = Omit<typeof leads.$inferSelect, 'searchText'>;

export const leadListFields: ListFields = {
  name: { expr: leads.name, kind: 'text', sortable: true },
  companyName: { expr: leads.companyName, kind: 'text', sortable: true, nullable: true },
  email: { expr: leads.email, kind: 'text', sortable: true, nullable: true },
  phone: { expr: leads.phone, kind: 'text', nullable: true },
  source: { expr: leads.source, kind: 'enum', values: LEAD_SOURCES, sortable: true },
  status: { expr: leads.status, kind: 'enum', values: LEAD_STATUSES, sortable: true },
  utmSource: { expr: leads.utmSource, kind: 'text', nullable: true },
  utmMedium: { expr: leads.utmMedium, kind: 'text', nullable: true },
  utmCampaign: { expr: leads.utmCampaign, kind: 'text', sortable: true, nullable: true },
  ownerId: { expr: leads.ownerId, kind: 'uuid', nullable: true },
  tags: { expr: leads.tags, kind: 'text_array' },
  createdAt: { expr: leads.createdAt, kind: 'timestamp', sortable: true },
  updatedAt: { expr: leads.updatedAt, kind: 'timestamp', sortable: true },
  convertedAt: { expr: leads.convertedAt, kind: 'timestamp', sortable: true, nullable: true },
  deletedAt: { expr: leads.deletedAt, kind: 'timestamp', sortable: true, nullable: true },
};

export async function findLead(ctx: Ctx, id: string): Promise<LeadRow | null> {
  const [row] = await ctx.db
    .select(shownColumns(leads))
    .from(leads)
    .where(and(scopeTo(ctx, leads), eq(leads.id, id)));
  return row ?? null;
}

export async function listLeads(ctx: Ctx, params: ListParams, fields: ListFields) {
  const q = buildListQuery(params, fields, leads);
  const rows = await ctx.db
    .select({ ...shownColumns(leads), sortValue: q.sortValue })
    .from(leads)
    .where(and(scopeTo(ctx, leads), ...q.where))
    .orderBy(...q.orderBy)
    .limit(q.limit);
  return pageOf(rows, params.limit);
}

export type LeadInsert = Omit<typeof leads.$inferInsert, 'workspaceId'>;

export async function insertLead(ctx: Ctx, values: LeadInsert): Promise<void> {
  await ctx.db.insert(leads).values({ ...values, workspaceId: ctx.workspace.id });
}

export async function updateLead(
  ctx: Ctx,
  id: string,
  version: number,
  values: Partial<LeadInsert>,
): Promise<boolean> {
  const rows = await ctx.db
    .update(leads)
    .set({ ...values, version: version + 1, updatedAt: sql`now()`, updatedBy: ctx.actor.userId })
    .where(and(scopeTo(ctx, leads), eq(leads.id, id), eq(leads.version, version)))
    .returning({ id: leads.id });
  return rows.length > 0;
}
