import { and, eq, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import {
  buildListQuery,
  pageOf,
  shownColumns,
  type ListFields,
  type ListParams,
} from '../db/list-query.js';
import { companies } from '../db/schema.js';
import type { Ctx } from '../platform/context.js';
import { scopeTo } from '../platform/permissions.js';

export type CompanyRow = Omit<typeof companies.$inferSelect, 'searchText'> & {
  parentName: string | null;
};

const parent = alias(companies, 'parent');

export const companyListFields: ListFields = {
  name: { expr: companies.name, kind: 'text', sortable: true },
  legalName: { expr: companies.legalName, kind: 'text', sortable: true, nullable: true },
  vatId: { expr: companies.vatId, kind: 'text', sortable: true, nullable: true },
  registrationNumber: { expr: companies.registrationNumber, kind: 'text', nullable: true },
  kinds: { expr: companies.kinds, kind: 'text_array' },
  industry: { expr: companies.industry, kind: 'text', sortable: true, nullable: true },
  website: { expr: companies.website, kind: 'text', nullable: true },
  ownerId: { expr: companies.ownerId, kind: 'uuid', nullable: true },
  parentId: { expr: companies.parentId, kind: 'uuid', nullable: true },
  tags: { expr: companies.tags, kind: 'text_array' },
  createdAt: { expr: companies.createdAt, kind: 'timestamp', sortable: true },
  updatedAt: { expr: companies.updatedAt, kind: 'timestamp', sortable: true },
  deletedAt: { expr: companies.deletedAt, kind: 'timestamp', sortable: true, nullable: true },
};

const select = { ...shownColumns(companies), parentName: parent.name };

const parentJoin = and(
  eq(parent.workspaceId, companies.workspaceId),
  eq(parent.id, companies.parentId),
);

export async function findCompany(ctx: Ctx, id: string): Promise<CompanyRow | null> {
  const [row] = await ctx.db
    .select(select)
    .from(companies)
    .leftJoin(parent, parentJoin)
    .where(and(scopeTo(ctx, companies), eq(companies.id, id)));
  return row ?? null;
}

/** Name of a live company the caller can see; null when there is none. */
export async function findCompanyName(ctx: Ctx, id: string): Promise<string | null> {
  const [row] = await ctx.db
    .select({ name: companies.name })
    .from(companies)
    .where(and(scopeTo(ctx, companies), eq(companies.id, id), isNull(companies.deletedAt)));
  return row?.name ?? null;
}

export async function parentOf(ctx: Ctx, id: string): Promise<string | null> {
  const [row] = await ctx.db
    .select({ parentId: companies.parentId })
    .from(companies)
    .where(and(eq(companies.workspaceId, ctx.workspace.id), eq(companies.id, id)));
  return row?.parentId ?? null;
}

export async function listCompanies(ctx: Ctx, params: ListParams, fields: ListFields) {
  const q = buildListQuery(params, fields, companies);
  const rows = await ctx.db
    .select({ ...select, sortValue: q.sortValue })
    .from(companies)
    .leftJoin(parent, parentJoin)
    .where(and(scopeTo(ctx, companies), ...q.where))
    .orderBy(...q.orderBy)
    .limit(q.limit);
  return pageOf(rows, params.limit);
}

export type CompanyInsert = Omit<typeof companies.$inferInsert, 'workspaceId'>;

export async function insertCompany(ctx: Ctx, values: CompanyInsert): Promise<void> {
  await ctx.db.insert(companies).values({ ...values, workspaceId: ctx.workspace.id });
}

export async function updateCompany(
  ctx: Ctx,
  id: string,
  version: number,
  values: Partial<CompanyInsert>,
): Promise<boolean> {
  const rows = await ctx.db
    .update(companies)
    .set({ ...values, version: version + 1, updatedAt: sql`now()`, updatedBy: ctx.actor.userId })
    .where(and(scopeTo(ctx, companies), eq(companies.id, id), eq(companies.version, version)))
    .returning({ id: companies.id });
  return rows.length > 0;
}

/** A live company with this VAT id, for duplicate warnings. */
export async function findByVatId(
  ctx: Ctx,
  vatId: string,
): Promise<{ id: string; name: string } | null> {
  const [row] = await ctx.db
    .select({ id: companies.id, name: companies.name })
    .from(companies)
    .where(and(scopeTo(ctx, companies), eq(companies.vatId, vatId), isNull(companies.deletedAt)))
    .limit(1);
  return row ?? null;
}
