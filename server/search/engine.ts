/**
 * The search engine every search box uses: the global search (`GET /search`) and the `q`
 * parameter of every list. A query is normalized by `common/search/normalize.ts` (the same
 * function that built the stored `search_text`) and answered by the trigram GIN index on
 * `(workspace_id, search_text)`:
 *
 * - a record matches when every word of the query is a substring of its `search_text`
 *   (`LIKE '%word%'`, trigram-indexed), or — for typos — when the query is similar enough to a
 *   part of it (`q <% search_text`, pg_trgm word similarity ≥ 0.6, also indexed);
 * - a phone-looking query matches the digit forms stored for every phone;
 * - a UUID matches the record with that id.
 *
 * Ranking: exact (the query is a whole word/phrase) > prefix (a word starts with it) >
 * substring > fuzzy, then the most recently changed first.
 */
import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { prepareQuery } from '../../common/search/normalize.js';
import { isUuid } from '../platform/ids.js';

/** The normalized query is cut to this many characters and words: longer ones add nothing. */
const MAX_QUERY_CHARS = 100;
const MAX_QUERY_WORDS = 8;
/** Fuzzy (typo) matching only for queries long enough to carry a few trigrams. */
const MIN_FUZZY_CHARS = 4;

/** Escapes LIKE wildcards (the default escape character is the backslash). */
function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => '\\' + c);
}

export type MatchRank = 'exact' | 'prefix' | 'substring' | 'fuzzy';
export const MATCH_RANKS: readonly MatchRank[] = ['exact', 'prefix', 'substring', 'fuzzy'];

export interface PreparedSearch {
  /** The canonical query (words joined by single spaces), or the phone digits. */
  text: string;
  words: string[];
  /** Digits when the query looks like a phone number. */
  digits: string | null;
  /** A record id typed or pasted into the box. */
  id: string | null;
  fuzzy: boolean;
  /** Fewer than two letters and no phone: nothing worth searching for. */
  tooShort: boolean;
}

export function prepareSearch(q: string): PreparedSearch {
  const raw = typeof q === 'string' ? q.slice(0, 4 * MAX_QUERY_CHARS) : '';
  const trimmed = raw.trim();
  const id = isUuid(trimmed) ? trimmed.toLowerCase() : null;
  const prepared = prepareQuery(raw);
  let text = prepared.text;
  if (text.length > MAX_QUERY_CHARS) {
    const cut = text.lastIndexOf(' ', MAX_QUERY_CHARS);
    text = text.slice(0, cut > 0 ? cut : MAX_QUERY_CHARS);
  }
  const words = [...new Set(text.split(' ').filter(Boolean))].slice(0, MAX_QUERY_WORDS);
  text = words.join(' ');
  const digits = prepared.digits;
  return {
    text: digits ?? text,
    words: digits ? [digits] : words,
    digits,
    id,
    fuzzy: !digits && !id && text.length >= MIN_FUZZY_CHARS,
    tooShort: !id && !digits && text.length < 2,
  };
}

function like(searchText: AnyColumn | SQL, pattern: string): SQL {
  return sql`${searchText} like ${pattern}`;
}

/** Every word is a substring (the trigram index answers each LIKE). */
function allWords(searchText: AnyColumn | SQL, p: PreparedSearch): SQL {
  return sql.join(
    p.words.map((w) => like(searchText, `%${escapeLike(w)}%`)),
    sql` and `,
  );
}

/**
 * The WHERE condition. `exact` (the default): the record contains every word (or the phone
 * digits, or has the id). `fuzzy`: a small typo away and not an exact match — asked only when
 * the exact condition found too little, because similarity is costly to check on many rows.
 */
export function matchCondition(
  searchText: AnyColumn | SQL,
  p: PreparedSearch,
  idColumn?: AnyColumn,
  mode: 'exact' | 'fuzzy' = 'exact',
): SQL {
  if (mode === 'fuzzy') {
    if (!p.fuzzy) return sql`false`;
    return sql`(${p.text} <% ${searchText} and not (${allWords(searchText, p)}))`;
  }
  const branches: SQL[] = [];
  if (p.id && idColumn) branches.push(sql`${idColumn} = ${p.id}::uuid`);
  if (p.words.length > 0 && !p.tooShort) branches.push(sql`(${allWords(searchText, p)})`);
  if (branches.length === 0) return sql`false`;
  return branches.length === 1 ? (branches[0] as SQL) : sql`(${sql.join(branches, sql` or `)})`;
}

/** 0 exact, 1 prefix, 2 substring, 3 fuzzy — for ORDER BY (then recency). */
export function rankExpression(
  searchText: AnyColumn | SQL,
  p: PreparedSearch,
  idColumn?: AnyColumn,
): SQL<number> {
  if (p.words.length === 0 || p.tooShort) return sql<number>`0`;
  const phrase = escapeLike(p.text);
  const idExact = p.id && idColumn ? sql`when ${idColumn} = ${p.id}::uuid then 0 ` : sql``;
  return sql<number>`(case ${idExact}when (' ' || ${searchText} || ' ') like ${`% ${phrase} %`} then 0
    when (' ' || ${searchText}) like ${`% ${phrase}%`} then 1
    when ${allWords(searchText, p)} then 2 else 3 end)`;
}

/**
 * The one word of a query that the words index (`search_words`) answers: a single word without
 * digits (the index holds the letter runs of words — "novak87" as "novak"; phones, ids, numbers
 * and words with digits go through `search_text`). Its exact, prefix and typo tiers then come
 * from index scans that stop at LIMIT.
 */
export function singleWord(p: PreparedSearch): string | null {
  if (p.tooShort || p.digits || p.id || p.words.length !== 1) return null;
  const word = p.words[0] ?? '';
  return /[0-9]/.test(word) ? null : word;
}

/** Typos one letter off are looked for after this many letters that were typed right. */
const TYPO_KEPT_PREFIX = 2;

export interface OneLetterOff {
  /** Words one letter shorter (a letter typed too many) or with two neighbours swapped. */
  exact: string[];
  /** The first letters every other candidate starts with (a `LIKE 'xy%'` index range). */
  prefix: string;
  /** `LIKE` patterns: a letter left out (`kos_vski`) or mistyped (`ko_ovski`) after the prefix. */
  patterns: string[];
  /** Lengths a left-out or mistyped letter gives. */
  lengths: [number, number];
}

/**
 * The dictionary words one edit away from a typed word — one letter too many, left out, mistyped,
 * or two neighbours swapped (most misspellings) — as exact words and `LIKE` patterns. Letters left
 * out or mistyped among the first two are not covered (the dictionary's btree is searched by
 * prefix); those typos go to the trigram similarity tier.
 */
export function oneLetterOff(word: string): OneLetterOff {
  const letters = Array.from(word);
  const n = letters.length;
  const exact = new Set<string>();
  for (let i = 0; i < n; i++) exact.add([...letters.slice(0, i), ...letters.slice(i + 1)].join(''));
  for (let i = 0; i + 1 < n; i++) {
    const swapped = [...letters];
    [swapped[i], swapped[i + 1]] = [letters[i + 1] as string, letters[i] as string];
    exact.add(swapped.join(''));
  }
  exact.delete(word);
  exact.delete('');
  const part = (from: number, to?: number) => escapeLike(letters.slice(from, to).join(''));
  const patterns: string[] = [];
  for (let i = TYPO_KEPT_PREFIX; i <= n; i++) patterns.push(`${part(0, i)}_${part(i)}`);
  for (let i = TYPO_KEPT_PREFIX; i < n; i++) patterns.push(`${part(0, i)}_${part(i + 1)}`);
  return {
    exact: [...exact],
    prefix: `${part(0, TYPO_KEPT_PREFIX)}%`,
    patterns,
    lengths: [n, n + 1],
  };
}

/** `word LIKE` pattern for words starting with the given one. */
export function prefixPattern(word: string): string {
  return `${escapeLike(word)}%`;
}

/** `word LIKE` pattern for words containing the given one. */
export function infixPattern(word: string): string {
  return `%${escapeLike(word)}%`;
}

export function rankName(rank: number): MatchRank {
  return MATCH_RANKS[rank] ?? 'fuzzy';
}

/**
 * Relevance as one sortable number, for keyset pagination of lists searched with `q`:
 * rank × 10^13 + (10^13 − epoch ms of the last change) — ascending = best rank, then newest.
 */
export function relevanceExpression(
  searchText: AnyColumn | SQL,
  updatedAt: AnyColumn | SQL,
  p: PreparedSearch,
  idColumn?: AnyColumn,
): SQL<number> {
  return sql<number>`(${rankExpression(searchText, p, idColumn)}::bigint * 10000000000000
    + (9999999999999 - (extract(epoch from ${updatedAt}) * 1000)::bigint))`;
}
