import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { normalizePhone } from '../../common/phone.js';
import { phoneDigits, searchDocument } from '../../common/search/normalize.js';
import type { Ctx } from '../platform/context.js';
import { ACCESS_OBJECTS, type AccessObject } from '../../common/access.js';
import { hiddenFields } from '../platform/permissions.js';
import { AppError } from '../platform/errors.js';
import { prepareSearch, rankName, singleWord, type PreparedSearch } from './engine.js';
import { SEARCHABLES, searchableOf, type Searchable } from './registry.js';
import * as repo from './repository.js';
import type { PhoneLookupQuery, PhoneMatch, SearchHit, SearchQuery } from './schema.js';

function typesOf(requested: string | undefined): Searchable[] {
  if (!requested) return [...SEARCHABLES];
  const names = requested
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => !searchableOf(n));
  if (unknown.length) {
    throw AppError.invalid('types', 'search:errors.unknown_type', {
      type: unknown.join(', '),
    });
  }
  return SEARCHABLES.filter((s) => names.includes(s.type));
}

/** Does one original text contain the query (after the same normalization as search_text)? */
function contains(text: string, p: PreparedSearch): boolean {
  const doc = searchDocument([text]);
  return p.words.every((w) => doc.includes(w));
}

/** The text a hit matched on: its title, subtitle or one of its other texts. */
function matchedText(row: repo.HitRow, p: PreparedSearch): string | null {
  const candidates = [row.title, row.subtitle];
  if (Array.isArray(row.texts)) candidates.push(...(row.texts as unknown[]).map(String));
  for (const text of candidates) {
    if (typeof text === 'string' && text !== '' && text !== 'null' && contains(text, p))
      return text;
  }
  return null;
}

/**
 * A role with hidden fields on a type sees only the title of its hits: the second line and the
 * matched text may come from a hidden field (issue 9).
 */
function hidesFields(ctx: Ctx, type: string): boolean {
  return (
    (ACCESS_OBJECTS as readonly string[]).includes(type) &&
    hiddenFields(ctx, type as AccessObject).length > 0
  );
}

function present(ctx: Ctx, row: repo.HitRow, p: PreparedSearch | null): SearchHit {
  const restricted = hidesFields(ctx, row.type);
  const matched = p && !restricted ? matchedText(row, p) : null;
  return {
    type: row.type,
    id: row.id,
    title: row.title ?? '',
    subtitle: restricted ? null : row.subtitle,
    matched: matched ?? row.title ?? '',
    rank: p ? (p.id === row.id ? 'exact' : rankName(row.rank)) : 'exact',
    updatedAt: row.updatedAt,
  };
}

/** Compares hits: better rank first, then the most recently changed. */
function byRankThenRecency(a: repo.HitRow, b: repo.HitRow): number {
  return (
    a.rank - b.rank ||
    (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0) ||
    (a.id < b.id ? 1 : -1)
  );
}

/**
 * A one-word query, tier by tier — exact word, then word prefix, then substring — each tier
 * asked only for the types it has not filled yet and only for as many hits as they still need,
 * so the common case (a name that matches thousands of records exactly) reads `limit` index
 * entries per type and never ranks the rest. The result equals ranking every match (exact >
 * prefix > substring, then the most recently changed).
 */
async function wordSearch(
  ctx: Ctx,
  types: readonly Searchable[],
  p: PreparedSearch,
  word: string,
  limit: number,
): Promise<repo.HitRow[]> {
  const found = new Map<string, repo.HitRow[]>(types.map((s) => [s.type, []]));
  for (const tier of [0, 1, 2] as const) {
    const requests = types.flatMap((s) => {
      const hits = found.get(s.type) ?? [];
      return hits.length < limit
        ? [{ s, limit: limit - hits.length, exclude: hits.map((h) => h.id) }]
        : [];
    });
    if (requests.length === 0) break;
    for (const row of await repo.wordHits(ctx, requests, p, word, tier))
      found.get(row.type)?.push(row);
  }
  return [...found.values()].flat();
}

/**
 * A one-word typo: the words one letter off first (cheap, and most misspellings), the words
 * similar by trigrams only when none of those is in the dictionary.
 */
async function typoSearch(
  ctx: Ctx,
  types: readonly Searchable[],
  p: PreparedSearch,
  word: string,
  limit: number,
): Promise<repo.HitRow[]> {
  const requests = types.map((s) => ({ s, limit, exclude: [] }));
  const oneOff = await repo.wordHits(ctx, requests, p, word, 3);
  return oneOff.length > 0 ? oneOff : repo.wordHits(ctx, requests, p, word, 4);
}

/**
 * The global search: records of the requested types (all by default) the caller may see whose
 * names, emails, phones, organization, tags or searchable custom fields match, in any script.
 * A query with fewer than two letters (and no phone or id) returns a hint instead of results.
 */
export async function search(
  ctx: Ctx,
  query: SearchQuery,
): Promise<{ data: SearchHit[]; hint: 'too_short' | null }> {
  const types = typesOf(query.types);
  const p = prepareSearch(query.q ?? '');
  if (p.tooShort) {
    return { data: [], hint: p.text.length === 0 && !query.q?.trim() ? null : 'too_short' };
  }
  const word = singleWord(p);
  const rows = word
    ? await wordSearch(ctx, types, p, word, query.limit)
    : await repo.searchHits(ctx, types, p, query.limit);
  // Typos: only when nothing matched exactly (similarity is costly to check on many rows).
  if (rows.length === 0 && p.fuzzy) {
    rows.push(
      ...(word
        ? await typoSearch(ctx, types, p, word, query.limit)
        : await repo.searchHits(ctx, types, p, query.limit, 'fuzzy')),
    );
  }
  rows.sort(byRankThenRecency);
  return { data: rows.slice(0, query.limit).map((row) => present(ctx, row, p)), hint: null };
}

/**
 * Phone lookup for telephony (screen pop): the records whose normalized phone is this number —
 * exact E.164 first, then the same national number (typed without a country code, or with
 * another). Any usual format is accepted: "+381 64 123-4567", "0641234567", "064/123 45 67".
 */
export async function phoneLookup(ctx: Ctx, query: PhoneLookupQuery): Promise<PhoneMatch[]> {
  const parsed = normalizePhone(query.number, ctx.workspace.country);
  const digits = phoneDigits(query.number);
  if (!parsed && digits.length < 6) {
    throw AppError.invalid('number', 'field.invalid_phone');
  }
  // A number that is not valid as typed (another country's plan, a missing digit) still has a
  // national part worth comparing.
  const loose = parsed
    ? null
    : parsePhoneNumberFromString(
        query.number.trim().replace(/^00/, '+'),
        ctx.workspace.country as CountryCode,
      );
  const national = parsed?.national ?? loose?.nationalNumber ?? digits.replace(/^0+/, '');
  const types = SEARCHABLES.filter((s) => s.phones);
  const rows = await repo.phoneHits(ctx, types, parsed?.e164 ?? null, national, query.limit);
  rows.sort(
    (a, b) =>
      Number(b.how === 'e164') - Number(a.how === 'e164') ||
      (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0),
  );
  const seen = new Set<string>();
  const out: PhoneMatch[] = [];
  for (const row of rows) {
    const key = `${row.type}:${row.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({
      type: row.type,
      id: row.id,
      title: row.title ?? '',
      subtitle: hidesFields(ctx, row.type) ? null : row.subtitle,
      phone: row.phone,
      match: row.how,
    });
  }
  return out.slice(0, query.limit);
}

/** The records the caller created or changed most recently (for the empty search box). */
export async function recent(ctx: Ctx, limit: number): Promise<SearchHit[]> {
  const touched = await repo.recentlyTouched(
    ctx,
    SEARCHABLES.map((s) => s.type),
    limit,
  );
  const rows: repo.HitRow[] = [];
  for (const s of SEARCHABLES) {
    const ids = touched.filter((r) => r.object === s.type).map((r) => r.recordId);
    rows.push(...(await repo.summariesOf(ctx, s, ids)));
  }
  const order = new Map(touched.map((r, i) => [`${r.object}:${r.recordId}`, i]));
  rows.sort(
    (a, b) => (order.get(`${a.type}:${a.id}`) ?? 0) - (order.get(`${b.type}:${b.id}`) ?? 0),
  );
  return rows.map((row) => present(ctx, row, null));
}
