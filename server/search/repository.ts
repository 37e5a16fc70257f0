/** SQL of the global search, phone lookup and recent records. */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows } from '../db/connection.js';
import type { Ctx } from '../platform/context.js';
import { scopeTo } from '../platform/permissions.js';
import { matchCondition, rankExpression, type PreparedSearch } from './engine.js';
import type { Searchable } from './registry.js';

const FUZZY_CANDIDATES = 200;

export interface HitRow {
  type: string;
  id: string;
  title: string | null;
  subtitle: string | null;
  texts: unknown;
  rank: number;
  updatedAt: string;
}

/** The best `limit` hits of one type: rank, then the most recently changed. */
function typeQuery(
  ctx: Ctx,
  s: Searchable,
  p: PreparedSearch,
  limit: number,
  mode: 'exact' | 'fuzzy',
): SQL {
  const t = s.table;
  const where = sql`${scopeTo(ctx, t)} and ${t.deletedAt} is null
      and ${matchCondition(t.searchText, p, t.id, mode)}`;
  // Fuzzy: the first few hundred similar records (no ORDER BY, so the scan stops early), the most
  // similar of those first — checking similarity on every candidate would be slow.
  const inner =
    mode === 'fuzzy'
      ? sql`select sid, 3 as rank, changed from (
            select ${t.id} as sid, ${t.updatedAt} as changed,
              word_similarity(${p.text}, ${t.searchText}) as similarity
            from ${t} where ${where} limit ${FUZZY_CANDIDATES}) candidates
          order by similarity desc, changed desc limit ${limit}`
      : sql`select ${t.id} as sid, ${rankExpression(t.searchText, p, t.id)} as rank,
            ${t.updatedAt} as changed
          from ${t} where ${where}
          order by 2, 3 desc, 1 desc
          limit ${limit}`;
  return sql`select ${s.type}::text as type, ${t.id}::text as id, ${s.title} as title,
      ${s.subtitle} as subtitle, ${s.texts ?? sql`'[]'::jsonb`} as texts, hit.rank::int as rank,
      to_char(hit.changed at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "updatedAt"
    from (${inner}) hit
    join ${t} on ${t.workspaceId} = ${ctx.workspace.id}::uuid and ${t.id} = hit.sid`;
}

/** One round trip for all types (UNION ALL of per-type top-N queries). */
export async function searchHits(
  ctx: Ctx,
  types: readonly Searchable[],
  p: PreparedSearch,
  limit: number,
  mode: 'exact' | 'fuzzy' = 'exact',
): Promise<HitRow[]> {
  if (types.length === 0) return [];
  const parts = types.map((s) => sql`(${typeQuery(ctx, s, p, limit, mode)})`);
  return queryRows<HitRow>(ctx.db, sql.join(parts, sql` union all `));
}

export interface PhoneHitRow extends HitRow {
  phone: string;
  how: 'e164' | 'national';
}

/**
 * Records whose normalized phone equals the number (E.164), or whose national number does
 * (typed without or with another country code). Exact E.164 hits first.
 */
export async function phoneHits(
  ctx: Ctx,
  types: readonly Searchable[],
  e164: string | null,
  national: string,
  limit: number,
): Promise<PhoneHitRow[]> {
  if (types.length === 0) return [];
  const parts = types.map((s) => {
    const t = s.table;
    return sql`(select ${s.type}::text as type, ${t.id}::text as id, ${s.title} as title,
        ${s.subtitle} as subtitle, '[]'::jsonb as texts, 0 as rank,
        to_char(${t.updatedAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "updatedAt",
        cp.value as phone, case when cp.value = ${e164 ?? ''} then 'e164' else 'national' end as how
      from contact_points cp
      join ${t} on ${t.workspaceId} = cp.workspace_id and ${t.id} = cp.record_id
      where cp.workspace_id = ${ctx.workspace.id}::uuid and cp.kind = 'phone'
        and cp.record_type = ${s.type}
        and (${e164 === null ? sql`false` : sql`cp.value = ${e164}`} or cp.national = ${national})
        and ${scopeTo(ctx, t)} and ${t.deletedAt} is null
      order by (cp.value = ${e164 ?? ''}) desc, ${t.updatedAt} desc
      limit ${limit})`;
  });
  return queryRows<PhoneHitRow>(ctx.db, sql.join(parts, sql` union all `));
}

export interface RecentRow {
  object: string;
  recordId: string;
}

/** Records the caller created or changed lately, newest first (distinct). */
export async function recentlyTouched(ctx: Ctx, objects: string[], limit: number) {
  if (!ctx.actor.userId || objects.length === 0) return [];
  return queryRows<RecentRow>(
    ctx.db,
    sql`select object, record_id::text as "recordId" from (
          select object, record_id, max(at) as at from (
            select object, record_id, at from audit_events
            where workspace_id = ${ctx.workspace.id}::uuid and actor_id = ${ctx.actor.userId}::uuid
              and record_id is not null
              and object in (${sql.join(
                objects.map((o) => sql`${o}`),
                sql`, `,
              )})
            order by at desc limit 200) latest
          group by object, record_id) r
        order by at desc limit ${limit}`,
  );
}

/** Title/subtitle of given records of one type (visible, live ones only). */
export async function summariesOf(ctx: Ctx, s: Searchable, ids: string[]): Promise<HitRow[]> {
  if (ids.length === 0) return [];
  const t = s.table;
  return queryRows<HitRow>(
    ctx.db,
    sql`select ${s.type}::text as type, ${t.id}::text as id, ${s.title} as title,
        ${s.subtitle} as subtitle, '[]'::jsonb as texts, 0 as rank,
        to_char(${t.updatedAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "updatedAt"
      from ${t}
      where ${scopeTo(ctx, t)} and ${t.deletedAt} is null
        and ${t.id} in (${sql.join(
          ids.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})`,
  );
}
