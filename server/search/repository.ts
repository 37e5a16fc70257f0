/** SQL of the global search, phone lookup and recent records. */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows } from '../db/connection.js';
import type { Ctx } from '../platform/context.js';
import { accessObjectOf, scopeCondition, scopeTo } from '../platform/permissions.js';
import {
  infixPattern,
  matchCondition,
  oneLetterOff,
  prefixPattern,
  rankExpression,
  type PreparedSearch,
} from './engine.js';
import type { Searchable } from './registry.js';

const FUZZY_CANDIDATES = 200;
/** Typos: the records of this many most similar dictionary words are looked at. */
const TYPO_WORDS = 8;

export interface HitRow {
  type: string;
  id: string;
  title: string | null;
  subtitle: string | null;
  texts: unknown;
  rank: number;
  updatedAt: string;
}

/** Title, subtitle and texts of the hits an inner query (`sid, rank, changed`) found. */
function hitSelect(ctx: Ctx, s: Searchable, inner: SQL): SQL {
  const t = s.table;
  return sql`select ${s.type}::text as type, ${t.id}::text as id, ${s.title} as title,
      ${s.subtitle} as subtitle, ${s.texts ?? sql`'[]'::jsonb`} as texts, hit.rank::int as rank,
      to_char(hit.changed at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "updatedAt"
    from (${inner}) hit
    join ${t} on ${t.workspaceId} = ${ctx.workspace.id}::uuid and ${t.id} = hit.sid`;
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
  return hitSelect(ctx, s, inner);
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

export interface WordTierRequest {
  s: Searchable;
  /** How many more hits this type needs. */
  limit: number;
  /** Records already found by a better tier. */
  exclude: string[];
}

/**
 * 0 exact word, 1 word prefix, 2 substring of a word, 3 typo one letter off, 4 typo (similar
 * dictionary words).
 */
export type WordTier = 0 | 1 | 2 | 3 | 4;

const uuidArray = (ids: string[]) => sql`${`{${ids.join(',')}}`}::uuid[]`;
const textArray = (values: string[]) =>
  sql`${`{${values.map((v) => `"${v.replace(/[\\"]/g, '\\$&')}"`).join(',')}}`}::text[]`;

/**
 * Dictionary words a typo may stand for, with their similarity to it: one letter off (tier 3 —
 * exact lookups and short prefix ranges of the btree, about a millisecond), or any word similar
 * enough by trigrams (tier 4, word similarity ≥ 0.6 as the search_text path — a scan of the
 * trigram index that costs tens of milliseconds at a million contacts, so only asked when tier
 * 3 found nothing).
 */
function typoCandidates(ws: SQL, type: string, word: string, tier: 3 | 4): SQL {
  const similar = sql`word_similarity(${word}, c.word)`;
  if (tier === 4) {
    return sql`select c.word, ${similar} as similarity from search_dictionary c
      where c.workspace_id = ${ws} and c.record_type = ${type} and ${word} <% c.word
      order by 2 desc, 1 limit ${TYPO_WORDS}`;
  }
  const off = oneLetterOff(word);
  const dictionary = sql`c.workspace_id = ${ws} and c.record_type = ${type}`;
  return sql`select c.word, ${similar} as similarity from (
      select c.word from search_dictionary c
      where ${dictionary} and c.word = any(${textArray(off.exact)})
      union
      select c.word from search_dictionary c
      where ${dictionary} and c.word like ${off.prefix}
        and length(c.word) between ${off.lengths[0]} and ${off.lengths[1]}
        and c.word like any(${textArray(off.patterns)})) c
    order by 2 desc, 1 limit ${TYPO_WORDS}`;
}

/** Does the caller see only some records of this table (own, team, shared)? */
function restricted(ctx: Ctx, s: Searchable): boolean {
  const object = accessObjectOf(s.table);
  return object !== null && scopeCondition(ctx, 'read', object, s.table) !== undefined;
}

/**
 * One tier of a one-word search (see `singleWord`): the most recently changed records (visible
 * to the caller) of each requested type, at most `limit` each, through `search_words` —
 * `(workspace_id, record_type, word, updated_at, record_id)`, so an exact word is a backward
 * index scan that stops at LIMIT however many records carry it.
 */
export function wordTierQuery(
  ctx: Ctx,
  { s, limit, exclude }: WordTierRequest,
  p: PreparedSearch,
  word: string,
  tier: WordTier,
): SQL {
  const t = s.table;
  const ws = sql`${ctx.workspace.id}::uuid`;
  const visible = sql`${scopeTo(ctx, t)} and ${t.deletedAt} is null`;
  const joinRecord = sql`join ${t} on ${t.workspaceId} = sw.workspace_id and ${t.id} = sw.record_id`;
  const words = sql`sw.workspace_id = ${ws} and sw.record_type = ${s.type}`;
  const notFound = (column: SQL | typeof t.id) =>
    exclude.length > 0 ? sql` and not (${column} = any(${uuidArray(exclude)}))` : sql``;
  let inner: SQL;
  if (tier === 0) {
    inner = sql`select sw.record_id as sid, 0 as rank, sw.updated_at as changed
      from search_words sw ${joinRecord}
      where ${words} and sw.word = ${word} and ${visible}${notFound(sql`sw.record_id`)}
      order by sw.updated_at desc, sw.record_id desc limit ${limit}`;
  } else if (tier >= 3) {
    // The few dictionary words the typo most likely stands for, then each word's newest records.
    inner = sql`select best.sid, 3 as rank, best.changed from (
        select hit.sid, hit.changed, max(candidate.similarity) as similarity from (
          ${typoCandidates(ws, s.type, word, tier === 3 ? 3 : 4)}) candidate
        cross join lateral (
          select sw.record_id as sid, sw.updated_at as changed from search_words sw ${joinRecord}
          where ${words} and sw.word = candidate.word and ${visible}
          order by sw.updated_at desc, sw.record_id desc limit ${limit}) hit
        group by 1, 2 order by 3 desc, 2 desc, 1 desc limit ${limit}) best`;
  } else if (restricted(ctx, s)) {
    // A caller who sees some records only: visibility decides before LIMIT, over every match.
    inner =
      tier === 1
        ? sql`select sw.record_id as sid, 1 as rank, sw.updated_at as changed
          from search_words sw ${joinRecord}
          where ${words} and sw.word like ${prefixPattern(word)} and sw.word <> ${word}
            and ${visible}${notFound(sql`sw.record_id`)}
          group by 1, 3 order by 3 desc, 1 desc limit ${limit}`
        : sql`select ${t.id} as sid, 2 as rank, ${t.updatedAt} as changed from ${t}
          where ${visible} and ${matchCondition(t.searchText, p, t.id)}${notFound(t.id)}
          order by 3 desc, 1 desc limit ${limit}`;
  } else {
    // Everyone sees every record: the dictionary's words that start with (1) or contain (2) the
    // typed one, each word's newest records straight from the index (a short prefix matches
    // tens of thousands of rows, but only `limit` per word are read), the newest of those, and
    // only they are read from the table. Every word with a letter is in the dictionary.
    const candidates =
      tier === 1
        ? sql`d.word like ${prefixPattern(word)} and d.word <> ${word}`
        : sql`d.word like ${infixPattern(word)} and d.word not like ${prefixPattern(word)}`;
    inner = sql`select newest.sid, ${sql.raw(String(tier))} as rank, newest.changed from (
          select hit.sid, hit.changed from (
            select d.word from search_dictionary d
            where d.workspace_id = ${ws} and d.record_type = ${s.type} and ${candidates}) candidate
          cross join lateral (
            select sw.record_id as sid, sw.updated_at as changed from search_words sw
            where ${words} and sw.word = candidate.word${notFound(sql`sw.record_id`)}
            order by sw.updated_at desc, sw.record_id desc limit ${limit}) hit
          group by 1, 2 order by 2 desc, 1 desc limit ${limit}) newest
        join ${t} on ${t.workspaceId} = ${ws} and ${t.id} = newest.sid
        where ${visible}`;
  }
  return hitSelect(ctx, s, inner);
}

/** One tier of a one-word search for several types in one round trip. */
export async function wordHits(
  ctx: Ctx,
  requests: readonly WordTierRequest[],
  p: PreparedSearch,
  word: string,
  tier: WordTier,
): Promise<HitRow[]> {
  if (requests.length === 0) return [];
  const parts = requests.map((r) => sql`(${wordTierQuery(ctx, r, p, word, tier)})`);
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
