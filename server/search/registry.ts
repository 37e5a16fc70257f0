/**
 * What the global search looks through. Every searchable object type is one entry: its table
 * (with the record columns: workspace_id, id, owner_id, search_text, updated_at, deleted_at) and
 * how a hit is shown. A new object type (deals, products, …) adds one `defineSearchable` entry to
 * SEARCHABLES below; the type name is also what `types=` accepts and what the web app routes to
 * (`/<type>/<id>`).
 */
import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { companies, contacts, leads } from '../db/schema.js';
import { deals } from '../deals/tables.js';

export interface SearchableTable {
  workspaceId: AnyColumn;
  id: AnyColumn;
  ownerId?: AnyColumn;
  searchText: AnyColumn;
  updatedAt: AnyColumn;
  deletedAt: AnyColumn;
}

export interface Searchable {
  /** Plural, URL-style: 'contacts', 'deals'. */
  type: string;
  table: PgTable & SearchableTable;
  /** What the result shows in bold (an SQL expression over the table's columns). */
  title: SQL;
  /** The second line (organization, email, amount…), or NULL. */
  subtitle: SQL;
  /**
   * The texts a hit may have matched on besides the title (emails, phones, tags…), as an SQL
   * expression yielding a jsonb array of strings; the first one that contains the query is
   * returned as `matched` so the UI can show why the record was found.
   */
  texts?: SQL;
  /** Whether `contact_points` holds this type's phones (`record_type` = type): phone lookup. */
  phones?: boolean;
}

export function defineSearchable(entry: Searchable): Searchable {
  return entry;
}

const companyOfDeal = sql`(select c.name from companies c where c.workspace_id = ${deals.workspaceId} and c.id = ${deals.companyId})`;
const contactOfDeal = sql`(select trim(p.first_name || ' ' || p.last_name) from contacts p where p.workspace_id = ${deals.workspaceId} and p.id = ${deals.contactId})`;

const companyOfContact = sql`(select c.name from companies c where c.workspace_id = ${contacts.workspaceId} and c.id = ${contacts.companyId})`;

/** Every searchable type, in the order result groups are shown. */
export const SEARCHABLES: readonly Searchable[] = [
  defineSearchable({
    type: 'contacts',
    table: contacts,
    title: sql`trim(${contacts.firstName} || ' ' || ${contacts.lastName})`,
    subtitle: sql`coalesce(${companyOfContact}, ${contacts.jobTitle}, ${contacts.emails}->0->>'value')`,
    texts: sql`jsonb_build_array(${contacts.jobTitle}, ${companyOfContact})
      || jsonb_path_query_array(${contacts.emails}, '$[*].value')
      || jsonb_path_query_array(${contacts.phones}, '$[*].value') || to_jsonb(${contacts.tags})`,
    phones: true,
  }),
  defineSearchable({
    type: 'companies',
    table: companies,
    title: sql`${companies.name}`,
    subtitle: sql`coalesce(${companies.industry}, ${companies.vatId}, ${companies.emails}->0->>'value')`,
    texts: sql`jsonb_build_array(${companies.legalName}, ${companies.vatId}, ${companies.registrationNumber}, ${companies.website})
      || jsonb_path_query_array(${companies.emails}, '$[*].value')
      || jsonb_path_query_array(${companies.phones}, '$[*].value') || to_jsonb(${companies.tags})`,
    phones: true,
  }),
  defineSearchable({
    type: 'leads',
    table: leads,
    title: sql`coalesce(nullif(${leads.name}, ''), ${leads.companyName}, ${leads.email}, '')`,
    subtitle: sql`coalesce(${leads.companyName}, ${leads.email}, ${leads.phone})`,
    texts: sql`jsonb_build_array(${leads.email}, ${leads.phone}, ${leads.utmCampaign}) || to_jsonb(${leads.tags})`,
    phones: true,
  }),
  defineSearchable({
    type: 'deals',
    table: deals,
    title: sql`${deals.title}`,
    subtitle: sql`coalesce(${companyOfDeal}, ${contactOfDeal})`,
    texts: sql`jsonb_build_array(${contactOfDeal}, ${deals.source}, ${deals.campaign}) || to_jsonb(${deals.tags})`,
  }),
];

export function searchableTypes(): string[] {
  return SEARCHABLES.map((s) => s.type);
}

export function searchableOf(type: string): Searchable | undefined {
  return SEARCHABLES.find((s) => s.type === type);
}
