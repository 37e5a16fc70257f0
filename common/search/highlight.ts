/**
 * Which parts of a displayed text a search query matched, in the text's own script: the query
 * "petro" marks "Петро" in "Петровић", "papadop" marks "Παπαδόπ" in "Παπαδόπουλος". Used by the
 * command palette and the list views; pure, so the web app and tests share it.
 */
import { looksLikePhone, normalizeText, phoneDigits, searchDocument } from './normalize.js';

export type Range = readonly [start: number, end: number];

/** Words longer than this are marked whole when they match (the offset map is quadratic). */
const MAX_MAPPED_WORD = 80;
const WORD = /[\p{L}\p{N}\p{M}]+/gu;

/** Offsets in `word` where its canonical form reaches each length: prefix k → canonical length. */
function prefixLengths(word: string): number[] {
  const lengths = [0];
  for (let k = 1; k <= word.length; k++) lengths.push(normalizeText(word.slice(0, k)).length);
  return lengths;
}

/** Original [start, end) in `word` covering canonical [from, to). */
function originalSpan(lengths: number[], from: number, to: number): Range {
  let start = 0;
  while (start + 1 < lengths.length && (lengths[start + 1] ?? 0) <= from) start++;
  let end = start + 1;
  while (end < lengths.length - 1 && (lengths[end] ?? 0) < to) end++;
  return [start, end];
}

function merge(ranges: Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: [number, number][] = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

function phoneRanges(text: string, query: string): Range[] {
  const wanted = phoneDigits(query);
  const positions: number[] = [];
  let digits = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) {
      digits += text.charAt(i);
      positions.push(i);
    }
  }
  // "0641234567" typed for a stored "+381 64 123 4567": compare without trunk/country prefix.
  const candidates = [wanted, wanted.replace(/^0+/, ''), wanted.slice(-8)].filter(
    (d) => d.length >= 6,
  );
  for (const candidate of candidates) {
    const at = digits.indexOf(candidate);
    if (at >= 0) {
      const start = positions[at] ?? 0;
      const end = (positions[at + candidate.length - 1] ?? start) + 1;
      return [[start, end]];
    }
  }
  return [];
}

/** Ranges of `text` (UTF-16 offsets, sorted, not overlapping) that `query` matched. */
export function highlightRanges(text: string, query: string): Range[] {
  if (typeof text !== 'string' || typeof query !== 'string' || text === '') return [];
  if (looksLikePhone(query)) return phoneRanges(text, query);
  const words = [...new Set(normalizeText(query.slice(0, 400)).split(' '))].filter(
    (w) => w.length >= 1,
  );
  if (words.length === 0 || words.join('').length < 2) return [];
  const ranges: Range[] = [];
  for (const match of text.matchAll(WORD)) {
    const word = match[0];
    const at = match.index;
    const canonical = normalizeText(word);
    let lengths: number[] | null = null;
    let viaVariant = false;
    for (const w of words) {
      let from = canonical.indexOf(w);
      if (from < 0) {
        // Found only through an alternative spelling ("hristos" for "Χρήστος"): the whole word.
        if (w.length >= 2 && searchDocument([word]).includes(w)) viaVariant = true;
        continue;
      }
      if (word.length > MAX_MAPPED_WORD) {
        viaVariant = true;
        continue;
      }
      lengths ??= prefixLengths(word);
      while (from >= 0) {
        const [s, e] = originalSpan(lengths, from, from + w.length);
        ranges.push([at + s, at + e]);
        from = canonical.indexOf(w, from + 1);
      }
    }
    if (viaVariant) ranges.push([at, at + word.length]);
  }
  return merge(ranges);
}

/** The text cut into plain and matched pieces, for rendering. */
export function highlightParts(text: string, query: string): { text: string; matched: boolean }[] {
  const parts: { text: string; matched: boolean }[] = [];
  let at = 0;
  for (const [s, e] of highlightRanges(text, query)) {
    if (s > at) parts.push({ text: text.slice(at, s), matched: false });
    parts.push({ text: text.slice(s, e), matched: true });
    at = e;
  }
  if (at < text.length) parts.push({ text: text.slice(at), matched: false });
  return parts;
}
