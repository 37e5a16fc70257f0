import { and, eq, inArray, sql } from 'drizzle-orm';
import {
  buildListQuery,
  pageOf,
  shownColumns,
  type ListFields,
  type ListParams,
} from '../db/list-query.js';
import { companies, contacts } from '../db/schema.js';
import type { Ctx } from '../platform/context.js';
import { scopeTo } from '../platform/permissions.js';

export type ContactRow = Omit<typeof contacts.$inferSelect, 'searchText'> & {
  companyName: string | null;
};

/** Built-in list fields of contacts (custom fields are added per workspace). */
export const contactListFields: ListFields = {
  firstName: { expr: contacts.firstName, kind: 'text', sortable: true },
  lastName: { expr: contacts.lastName, kind: 'text', sortable: true },
  jobTitle: { expr: contacts.jobTitle, kind: 'text', sortable: true, nullable: true },
  ownerId: { expr: contacts.ownerId, kind: 'uuid', nullable: true },
  companyId: { expr: contacts.companyId, kind: 'uuid', nullable: true },
  tags: { expr: contacts.tags, kind: 'text_array' },
  locale: { expr: contacts.locale, kind: 'text', nullable: true },
  birthday: { expr: contacts.birthday, kind: 'date', sortable: true, nullable: true },
  createdAt: { expr: contacts.createdAt, kind: 'timestamp', sortable: true },
  updatedAt: { expr: contacts.updatedAt, kind: 'timestamp', sortable: true },
  deletedAt: { expr: contacts.deletedAt, kind: 'timestamp', sortable: true, nullable: true },
};

const select = { ...shownColumns(contacts), companyName: companies.name };

const companyJoin = and(
  eq(companies.workspaceId, contacts.workspaceId),
  eq(companies.id, contacts.companyId),
);

export async function findContact(ctx: Ctx, id: string): Promise<ContactRow | null> {
  const [row] = await ctx.db
    .select(select)
    .from(contacts)
    .leftJoin(companies, companyJoin)
    .where(and(scopeTo(ctx, contacts), eq(contacts.id, id)));
  return row ?? null;
}

export async function listContacts(ctx: Ctx, params: ListParams, fields: ListFields) {
  const q = buildListQuery(params, fields, contacts);
  const rows = await ctx.db
    .select({ ...select, sortValue: q.sortValue })
    .from(contacts)
    .leftJoin(companies, companyJoin)
    .where(and(scopeTo(ctx, contacts), ...q.where))
    .orderBy(...q.orderBy)
    .limit(q.limit);
  return pageOf(rows, params.limit);
}

/**
 * The rows of `listContacts` with only what an export writes: no organization join (its name
 * is looked up once per organization, `companyNames`, not once per contact) and no record
 * metadata (timestamps, version, …) — an export of a million contacts is bound by the CPU that
 * reads the rows.
 */
export async function exportContactRows(ctx: Ctx, params: ListParams, fields: ListFields) {
  const q = buildListQuery(params, fields, contacts);
  const rows = await ctx.db
    .select({
      id: contacts.id,
      ownerId: contacts.ownerId,
      firstName: contacts.firstName,
      lastName: contacts.lastName,
      jobTitle: contacts.jobTitle,
      emails: contacts.emails,
      phones: contacts.phones,
      addresses: contacts.addresses,
      birthday: contacts.birthday,
      companyId: contacts.companyId,
      tags: contacts.tags,
      custom: contacts.custom,
      sortValue: q.sortValue,
    })
    .from(contacts)
    .where(and(scopeTo(ctx, contacts), ...q.where))
    .orderBy(...q.orderBy)
    .limit(q.limit);
  return pageOf(rows, params.limit);
}

/** Names of organizations by id (as the contact list shows them, whoever may see them). */
export async function companyNames(ctx: Ctx, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await ctx.db
    .select({ id: companies.id, name: companies.name })
    .from(companies)
    .where(and(eq(companies.workspaceId, ctx.workspace.id), inArray(companies.id, ids)));
  return new Map(rows.map((r) => [r.id, r.name]));
}

export type ContactInsert = Omit<typeof contacts.$inferInsert, 'workspaceId'>;

export async function insertContact(ctx: Ctx, values: ContactInsert): Promise<void> {
  await ctx.db.insert(contacts).values({ ...values, workspaceId: ctx.workspace.id });
}

/** Updates a contact when its version still matches; false when it changed meanwhile. */
export async function updateContact(
  ctx: Ctx,
  id: string,
  version: number,
  values: Partial<ContactInsert>,
): Promise<boolean> {
  const rows = await ctx.db
    .update(contacts)
    .set({ ...values, version: version + 1, updatedAt: sql`now()`, updatedBy: ctx.actor.userId })
    .where(and(scopeTo(ctx, contacts), eq(contacts.id, id), eq(contacts.version, version)))
    .returning({ id: contacts.id });
  return rows.length > 0;
}

/** Contacts working at a company (to refresh their search text when the company is renamed). */
export async function contactsOfCompany(ctx: Ctx, companyId: string) {
  return ctx.db
    .select(select)
    .from(contacts)
    .leftJoin(companies, companyJoin)
    .where(and(eq(contacts.workspaceId, ctx.workspace.id), eq(contacts.companyId, companyId)));
}

export async function setSearchText(ctx: Ctx, id: string, searchText: string): Promise<void> {
  await ctx.db
    .update(contacts)
    .set({ searchText })
    .where(and(eq(contacts.workspaceId, ctx.workspace.id), eq(contacts.id, id)));
}
