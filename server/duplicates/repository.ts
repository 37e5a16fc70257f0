import { and, inArray, isNull, sql } from 'drizzle-orm';
import { companies, contacts, leads } from '../db/schema.js';
import { scopeTo } from '../platform/permissions.js';
import { queryRows } from '../db/connection.js';
import type { Ctx } from '../platform/context.js';

export interface DuplicateCandidate {
  type: 'contacts' | 'companies' | 'leads';
  id: string;
  reason: 'email' | 'phone' | 'name' | 'vat_id';
}

/** Records sharing a normalized email or phone (contact_points index). */
export async function byContactPoints(
  ctx: Ctx,
  emails: string[],
  phones: { e164: string; national: string }[],
): Promise<DuplicateCandidate[]> {
  if (emails.length === 0 && phones.length === 0) return [];
  const conditions = [];
  if (emails.length) {
    conditions.push(
      sql`(kind = 'email' and value in (${sql.join(
        emails.map((e) => sql`${e}`),
        sql`, `,
      )}))`,
    );
  }
  if (phones.length) {
    conditions.push(
      sql`(kind = 'phone' and value in (${sql.join(
        phones.map((p) => sql`${p.e164}`),
        sql`, `,
      )}))`,
    );
  }
  return queryRows<DuplicateCandidate>(
    ctx.db,
    sql`select distinct record_type as type, record_id as id, kind as reason from contact_points
        where workspace_id = ${ctx.workspace.id} and (${sql.join(conditions, sql` or `)}) limit 50`,
  );
}

/**
 * Records whose search text contains words similar to the name (trigram word similarity, so
 * spellings in other scripts and small typos match). Only live records count.
 */
export async function byName(
  ctx: Ctx,
  table: 'contacts' | 'companies' | 'leads',
  normalizedName: string,
): Promise<DuplicateCandidate[]> {
  if (normalizedName.length < 3) return [];
  return queryRows<DuplicateCandidate>(
    ctx.db,
    sql`select ${table} as type, id, 'name' as reason from ${sql.identifier(table)}
        where workspace_id = ${ctx.workspace.id} and deleted_at is null
          and ${normalizedName} <% search_text
        order by word_similarity(${normalizedName}, search_text) desc limit 10`,
  );
}

export async function byVatId(ctx: Ctx, vatId: string): Promise<DuplicateCandidate[]> {
  return queryRows<DuplicateCandidate>(
    ctx.db,
    sql`select 'companies' as type, id, 'vat_id' as reason from companies
        where workspace_id = ${ctx.workspace.id} and deleted_at is null and vat_id = ${vatId} limit 10`,
  );
}

export interface RecordSummary {
  type: string;
  id: string;
  title: string;
  subtitle: string | null;
}

export async function summaries(
  ctx: Ctx,
  candidates: { type: string; id: string }[],
): Promise<RecordSummary[]> {
  const ids = (type: string) => candidates.filter((c) => c.type === type).map((c) => c.id);
  const out: RecordSummary[] = [];
  const contactIds = ids('contacts');
  if (contactIds.length) {
    const rows = await ctx.db
      .select({
        id: contacts.id,
        title: sql<string>`trim(${contacts.firstName} || ' ' || ${contacts.lastName})`,
        subtitle: sql<
          string | null
        >`coalesce(${contacts.emails}->0->>'value', ${contacts.phones}->0->>'value')`,
      })
      .from(contacts)
      .where(
        and(scopeTo(ctx, contacts), isNull(contacts.deletedAt), inArray(contacts.id, contactIds)),
      );
    out.push(...rows.map((r) => ({ type: 'contacts', ...r })));
  }
  const companyIds = ids('companies');
  if (companyIds.length) {
    const rows = await ctx.db
      .select({ id: companies.id, title: companies.name, subtitle: companies.vatId })
      .from(companies)
      .where(
        and(
          scopeTo(ctx, companies),
          isNull(companies.deletedAt),
          inArray(companies.id, companyIds),
        ),
      );
    out.push(...rows.map((r) => ({ type: 'companies', ...r })));
  }
  const leadIds = ids('leads');
  if (leadIds.length) {
    const rows = await ctx.db
      .select({
        id: leads.id,
        title: sql<string>`coalesce(nullif(${leads.name}, ''), ${leads.companyName}, ${leads.email}, '')`,
        subtitle: sql<string | null>`coalesce(${leads.email}, ${leads.phone})`,
      })
      .from(leads)
      .where(and(scopeTo(ctx, leads), isNull(leads.deletedAt), inArray(leads.id, leadIds)));
    out.push(...rows.map((r) => ({ type: 'leads', ...r })));
  }
  return out;
}
