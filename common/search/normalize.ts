/**
 * One normalization for search, used on both sides of the match:
 * - `searchDocument` builds what a record stores in `search_text` (canonical form + the
 *   alternative spellings people type + phone digit forms);
 * - `normalizeText` / `prepareQuery` reduce a query to ONE canonical form.
 * A query matches when its canonical form is a substring of the stored document, which is what
 * a `pg_trgm` GIN index answers fast (`search_text LIKE '%' || q || '%'`).
 *
 * Pure TypeScript, no Node-only APIs: the web app uses it for highlighting too.
 */

// ---------------------------------------------------------------------------------------------
// Alternative spellings
// ---------------------------------------------------------------------------------------------

/**
 * Other spellings of one ambiguous piece of the canonical form.
 * `phon` — how people write it by ear / English-style (Hristos, Papadopulos, Kiriakos, Dordevic);
 * `lit` — letter-by-letter / Greeklish (Basilis, Euaggelos, Mpakogiannis, Xristos);
 * `extra` — a third spelling, only ever used alone (one swap within a word).
 */
interface Alternatives {
  readonly phon?: string;
  readonly lit?: string;
  readonly extra?: string;
}

/** Where an ambiguous piece sits in the canonical output, and how else it is written. */
interface AmbiguousPiece {
  readonly start: number;
  readonly end: number;
  readonly alts: Alternatives;
}

/** At most this many alternative spellings per word, so `search_text` stays small. */
const MAX_VARIANTS_PER_WORD = 4;

// ---------------------------------------------------------------------------------------------
// Character tables (built once at module load)
// ---------------------------------------------------------------------------------------------

/** Marks a character that separates words (punctuation, symbols, emoji, spaces). */
const SEPARATOR = ' ';

/** ASCII: 1 = keep (a-z, 0-9), 0 = separator. Upper case never reaches the loop. */
const ASCII_KEEP = new Uint8Array(128);
for (let c = 0x30; c <= 0x39; c++) ASCII_KEEP[c] = 1;
for (let c = 0x61; c <= 0x7a; c++) ASCII_KEEP[c] = 1;

interface CharRule {
  readonly out: string;
  readonly alts?: Alternatives;
}

/**
 * Letters whose canonical Latin form is not "the base letter without its marks": Cyrillic
 * (Serbian/Macedonian official rules, Russian/Bulgarian/Ukrainian reasonably) and Latin letters
 * that Unicode does not decompose. Keys are lower-case code points.
 */
const CHAR_RULES = new Map<number, CharRule>();

function rule(chars: string, out: string, alts?: Alternatives): void {
  for (const ch of chars) CHAR_RULES.set(ch.charCodeAt(0), alts ? { out, alts } : { out });
}

// Serbian Cyrillic, official (the folded Serbian Latin spelling: ž→z, č/ć→c, š→s, dž→dz).
// ж ш ч ц also get the Bulgarian/Russian/English spelling (Zhivkov, Shishkov, Chakarov,
// Tsvetkov) because customers from Bulgaria are written in Cyrillic with those letters.
rule('а', 'a');
rule('б', 'b');
rule('в', 'v');
rule('г', 'g');
rule('д', 'd');
rule('ђ', 'dj', { phon: 'd' });
rule('е', 'e');
rule('ж', 'z', { lit: 'zh' });
rule('з', 'z');
rule('и', 'i');
rule('ј', 'j');
rule('к', 'k');
rule('л', 'l');
rule('љ', 'lj');
rule('м', 'm');
rule('н', 'n');
rule('њ', 'nj');
rule('о', 'o');
rule('п', 'p');
rule('р', 'r');
rule('с', 's');
rule('т', 't');
rule('ћ', 'c');
rule('у', 'u');
rule('ф', 'f');
rule('х', 'h');
rule('ц', 'c', { lit: 'ts' });
rule('ч', 'c', { lit: 'ch' });
rule('џ', 'dz');
rule('ш', 's', { lit: 'sh' });
// Macedonian: ѓ→gj, ќ→kj, ѕ→dz (official); "Gorgievski", "Kosevska" are how many people type.
rule('ѓ', 'gj', { phon: 'g' });
rule('ќ', 'kj', { phon: 'k' });
rule('ѕ', 'dz');
rule('ѐ', 'e');
rule('ѝ', 'i');
// Russian, Bulgarian, Ukrainian, Belarusian.
rule('й', 'j', { phon: 'y', lit: 'i' });
rule('щ', 'sht', { lit: 'shch' });
rule('ъ', 'a'); // Bulgarian official (Търново → Tarnovo)
rule('ы', 'y');
rule('ь', ''); // soft sign: no letter of its own
rule('э', 'e');
rule('ю', 'yu', { lit: 'ju' });
rule('я', 'ya', { lit: 'ja' });
rule('ё', 'e', { lit: 'yo' });
rule('є', 'ye', { lit: 'je' });
rule('і', 'i');
rule('ї', 'yi', { lit: 'ji' });
rule('ґ', 'g');
rule('ў', 'u');
// Latin letters without a Unicode decomposition. ð (U+00F0, Icelandic eth) is folded like đ
// because "Ð" (U+00D0) is what legacy Croatian/Serbian data often holds instead of "Đ".
rule('đð', 'dj', { phon: 'd' });
rule('ł', 'l');
rule('ø', 'o');
rule('ß', 'ss');
rule('æ', 'ae');
rule('œ', 'oe');
rule('þ', 'th');
rule('ı', 'i');
rule('ĸ', 'k');
rule('ħ', 'h');
rule('ŧ', 't');
rule('ŋ', 'n');
rule('ƒ', 'f');
// German umlauts: "Müller" is also typed "Mueller".
rule('ä', 'a', { lit: 'ae' });
rule('ö', 'o', { lit: 'oe' });
rule('ü', 'u', { lit: 'ue' });
// Apostrophe-like modifier letters are punctuation here (Ukrainian ʼ, Hawaiian ʻ, prime ʹ).
for (let c = 0x02b9; c <= 0x02ff; c++) CHAR_RULES.set(c, { out: SEPARATOR });

/** Cyrillic я after и: "Мария", "София" are also written "Maria", "Sofia". */
const CYR_I = 'и'.charCodeAt(0);
const CYR_YA = 'я'.charCodeAt(0);
const YA_AFTER_I: CharRule = { out: 'ya', alts: { phon: 'a', lit: 'ja' } };

/** Combining diacritical marks that are folded away (accents, carons, dialytika, breathings…). */
function isFoldedMark(c: number): boolean {
  return (
    (c >= 0x0300 && c <= 0x036f) ||
    (c >= 0x1ab0 && c <= 0x1aff) ||
    (c >= 0x1dc0 && c <= 0x1dff) ||
    (c >= 0x20d0 && c <= 0x20ff) ||
    (c >= 0xfe20 && c <= 0xfe2f)
  );
}

const LETTER_OR_DIGIT = /^[\p{L}\p{N}\p{M}]+$/u;
/** Invisible: soft hyphen, zero-width space/joiners, bidi marks, BOM, emoji tags. */
const FORMAT = /^\p{Cf}$/u;

/** Emoji presentation selectors (U+FE0F…) would otherwise survive an emoji-only input. */
function isVariationSelector(c: number, ch: string): boolean {
  if (c >= 0xfe00 && c <= 0xfe0f) return true;
  const cp = ch.codePointAt(0) ?? 0;
  return cp >= 0xe0100 && cp <= 0xe01ef;
}

/**
 * Output for any other character, computed once per distinct character: its decomposition
 * without folded marks when it is a letter or digit (of any script), "" for a lone folded mark,
 * SEPARATOR otherwise (symbols, emoji, punctuation, controls).
 */
const otherCharCache = new Map<string, string>();
const OTHER_CHAR_CACHE_LIMIT = 50_000;

function classifyOtherChar(ch: string): string {
  const cached = otherCharCache.get(ch);
  if (cached !== undefined) return cached;
  const result = computeOtherChar(ch);
  if (otherCharCache.size < OTHER_CHAR_CACHE_LIMIT) otherCharCache.set(ch, result);
  return result;
}

function computeOtherChar(ch: string): string {
  const code = ch.charCodeAt(0);
  if (ch.length === 1 && isFoldedMark(code)) return '';
  // Dropped, not a word break: "Pe\u00ADtrović" (soft hyphen) is still "petrovic".
  if (isVariationSelector(code, ch) || FORMAT.test(ch)) return '';
  const decomposed = ch.normalize('NFD');
  let folded = '';
  let removedMark = false;
  for (let i = 0; i < decomposed.length; i++) {
    const c = decomposed.charCodeAt(i);
    if (isFoldedMark(c)) {
      removedMark = true;
      continue;
    }
    const known = CHAR_RULES.get(c);
    folded += known ? known.out : decomposed.charAt(i);
  }
  // Characters that only decompose into script-specific parts (Hangul, kana) stay whole.
  const candidate = removedMark ? folded : ch;
  if (candidate === '') return '';
  // Letters and digits of any script are kept; so are marks that are not diacritics (Indic
  // vowel signs), which belong to the word they follow.
  return LETTER_OR_DIGIT.test(candidate) ? candidate : SEPARATOR;
}

// ---------------------------------------------------------------------------------------------
// Greek (ELOT 743)
// ---------------------------------------------------------------------------------------------

const GREEK_ACCENT = 0x10000;
const GREEK_DIAERESIS = 0x20000;
const GREEK_BASE_MASK = 0xffff;

const g = (letter: string): number => letter.charCodeAt(0);
const ALPHA = g('α');
const BETA = g('β');
const GAMMA = g('γ');
const EPSILON = g('ε');
const ETA = g('η');
const IOTA = g('ι');
const KAPPA = g('κ');
const MU = g('μ');
const NU = g('ν');
const XI = g('ξ');
const OMICRON = g('ο');
const PI = g('π');
const SIGMA = g('σ');
const TAU = g('τ');
const UPSILON = g('υ');
const CHI = g('χ');

const GREEK_LETTERS: ReadonlyMap<number, string> = new Map(
  (
    [
      ['α', 'a'],
      ['β', 'v'],
      ['γ', 'g'],
      ['δ', 'd'],
      ['ε', 'e'],
      ['ζ', 'z'],
      ['η', 'i'],
      ['θ', 'th'],
      ['ι', 'i'],
      ['κ', 'k'],
      ['λ', 'l'],
      ['μ', 'm'],
      ['ν', 'n'],
      ['ξ', 'x'],
      ['ο', 'o'],
      ['π', 'p'],
      ['ρ', 'r'],
      ['σ', 's'],
      ['τ', 't'],
      ['υ', 'y'],
      ['φ', 'f'],
      ['χ', 'ch'],
      ['ψ', 'ps'],
      ['ω', 'o'],
      ['ϳ', 'j'],
    ] as const
  ).map(([letter, latin]) => [g(letter), latin]),
);

const GREEK_LETTER_ALTS: ReadonlyMap<number, Alternatives> = new Map([
  [BETA, { lit: 'b' }], // Vasilis / Basilis
  [UPSILON, { phon: 'i' }], // Kyriakos / Kiriakos
  [CHI, { phon: 'h', lit: 'x' }], // Christos / Hristos / Xristos (Greeklish)
  [XI, { phon: 'ks' }], // Alexandros / Aleksandros
]);

const GREEK_VOWELS = new Set('αεηιουω'.split('').map(g));
/** Before these (and at the end of a word) αυ/ευ/ηυ are read af/ef/if. */
const GREEK_VOICELESS = new Set('θκξπστφχψ'.split('').map(g));

/**
 * Lower-case Greek code point → base letter | GREEK_ACCENT | GREEK_DIAERESIS, for the monotonic
 * and polytonic blocks; final sigma folds to σ.
 */
const GREEK = new Map<number, number>();
{
  const add = (from: number, to: number): void => {
    for (let cp = from; cp <= to; cp++) {
      const decomposed = String.fromCharCode(cp).normalize('NFD');
      let base = decomposed.charCodeAt(0);
      if (base === g('ς')) base = SIGMA;
      if (!GREEK_LETTERS.has(base)) continue;
      let flags = 0;
      for (let i = 1; i < decomposed.length; i++) {
        const mark = decomposed.charCodeAt(i);
        if (mark === 0x0308) flags |= GREEK_DIAERESIS;
        else if (mark === 0x0301 || mark === 0x0300 || mark === 0x0342) flags |= GREEK_ACCENT;
      }
      GREEK.set(cp, base | flags);
    }
  };
  add(0x0370, 0x03ff);
  add(0x1f00, 0x1fff);
}

// ---------------------------------------------------------------------------------------------
// The transliterating scanner
// ---------------------------------------------------------------------------------------------

/** Collects the canonical output with collapsed spaces, and optionally the ambiguous pieces. */
class Output {
  text = '';
  private pendingSpace = false;

  constructor(private readonly pieces: AmbiguousPiece[] | null) {}

  separator(): void {
    if (this.text.length > 0) this.pendingSpace = true;
  }

  append(latin: string, alts?: Alternatives): void {
    if (latin === '') return;
    if (this.pendingSpace) {
      this.text += ' ';
      this.pendingSpace = false;
    }
    const start = this.text.length;
    this.text += latin;
    if (alts && this.pieces) this.pieces.push({ start, end: this.text.length, alts });
  }
}

/** `s` is NFKC + lower case. Appends the canonical Latin form of `s` to `out`. */
function transliterate(s: string, out: Output): void {
  const n = s.length;
  let i = 0;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      // ASCII runs are copied in one slice.
      if (ASCII_KEEP[c] === 1) {
        let j = i + 1;
        while (j < n) {
          const d = s.charCodeAt(j);
          if (d >= 0x80 || ASCII_KEEP[d] !== 1) break;
          j++;
        }
        out.append(s.slice(i, j));
        i = j;
      } else {
        out.separator();
        i++;
      }
      continue;
    }
    const greek = GREEK.get(c);
    if (greek !== undefined) {
      i = transliterateGreek(s, i, greek, out);
      continue;
    }
    const known = CHAR_RULES.get(c);
    if (known !== undefined) {
      const r = c === CYR_YA && i > 0 && s.charCodeAt(i - 1) === CYR_I ? YA_AFTER_I : known;
      if (r.out === SEPARATOR) out.separator();
      else out.append(r.out, r.alts);
      i++;
      continue;
    }
    let ch: string;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const low = s.charCodeAt(i + 1);
      ch = low >= 0xdc00 && low <= 0xdfff ? s.slice(i, i + 2) : s.charAt(i);
    } else {
      ch = s.charAt(i);
    }
    const other = classifyOtherChar(ch);
    if (other === SEPARATOR) out.separator();
    else out.append(other);
    i += ch.length;
  }
}

function greekAt(s: string, i: number): number | undefined {
  return i < s.length ? GREEK.get(s.charCodeAt(i)) : undefined;
}

/** Transliterates the Greek letter at `i` (plus the next one for a digraph); returns the next index. */
function transliterateGreek(s: string, i: number, info: number, out: Output): number {
  const base = info & GREEK_BASE_MASK;
  const next = greekAt(s, i + 1);
  const nextBase = next === undefined ? -1 : next & GREEK_BASE_MASK;
  const plainFirst = (info & (GREEK_ACCENT | GREEK_DIAERESIS)) === 0;
  const nextPlainDiaeresis = next !== undefined && (next & GREEK_DIAERESIS) === 0;
  const wordStart = i === 0 || !GREEK.has(s.charCodeAt(i - 1));

  // Vowel digraphs: only when the first vowel carries no accent and the second no dialytika
  // ("άυλος" = a-ylos, "προϋπόθεση" = pro-y-pothesi).
  if (plainFirst && nextPlainDiaeresis) {
    if (nextBase === UPSILON && (base === ALPHA || base === EPSILON || base === ETA)) {
      const after = greekAt(s, i + 2);
      const voiceless = after === undefined || GREEK_VOICELESS.has(after & GREEK_BASE_MASK);
      const vowel = base === ALPHA ? 'a' : base === EPSILON ? 'e' : 'i';
      const literal = base === ALPHA ? 'au' : base === EPSILON ? 'eu' : 'iu';
      out.append(vowel + (voiceless ? 'f' : 'v'), { lit: literal });
      return i + 2;
    }
    if (nextBase === UPSILON && base === OMICRON) {
      out.append('ou', { phon: 'u' }); // Papadopoulos / Papadopulos
      return i + 2;
    }
    if (nextBase === IOTA && (base === ALPHA || base === EPSILON || base === OMICRON)) {
      // Aikaterini / Ekaterini, Eirini / Irini, Oikonomou / Ikonomou.
      out.append(base === ALPHA ? 'ai' : base === EPSILON ? 'ei' : 'oi', {
        phon: base === ALPHA ? 'e' : 'i',
      });
      return i + 2;
    }
  }

  if (base === GAMMA) {
    if (nextBase === GAMMA) {
      out.append('ng', { lit: 'gg' }); // Evangelos / Evaggelos
      return i + 2;
    }
    if (nextBase === KAPPA) {
      if (wordStart)
        out.append('g', { lit: 'gk' }); // Gikas / Gkikas
      else out.append('gk', { phon: 'ng', extra: 'g' });
      return i + 2;
    }
    if (nextBase === XI) {
      out.append('nx', { phon: 'nks' });
      return i + 2;
    }
    if (nextBase === CHI) {
      out.append('nch', { phon: 'nh' });
      return i + 2;
    }
    if (nextBase === IOTA && next !== undefined && (next & GREEK_DIAERESIS) === 0) {
      // γι before a vowel is the English "y": Yannis, Bakoyannis, Panayotis, Ayios.
      const after = greekAt(s, i + 2);
      const prev = i > 0 ? GREEK.get(s.charCodeAt(i - 1)) : undefined;
      const afterVowel = prev !== undefined && GREEK_VOWELS.has(prev & GREEK_BASE_MASK);
      if (
        after !== undefined &&
        GREEK_VOWELS.has(after & GREEK_BASE_MASK) &&
        (wordStart || afterVowel)
      ) {
        const stressed = (next & GREEK_ACCENT) !== 0;
        out.append('gi', stressed ? { phon: 'yi' } : { phon: 'y', extra: 'yi' });
        return i + 2;
      }
    }
  }
  if (base === MU && nextBase === PI) {
    // Initial μπ is "b" (Bakogiannis); inside a word "mp" (Lampros), often typed "mb" or "b".
    if (wordStart) out.append('b', { lit: 'mp' });
    else out.append('mp', { phon: 'mb', extra: 'b' });
    return i + 2;
  }
  if (base === NU && nextBase === TAU) {
    // Initial ντ is "d" (Dora / Ntora); inside a word "nt" (Konstantinos / Konstandinos).
    if (wordStart) out.append('d', { lit: 'nt' });
    else out.append('nt', { phon: 'nd', extra: 'd' });
    return i + 2;
  }

  out.append(GREEK_LETTERS.get(base) ?? '', GREEK_LETTER_ALTS.get(base));
  return i + 1;
}

function prepareInput(input: string): string {
  return input.normalize('NFKC').toLowerCase();
}

// ---------------------------------------------------------------------------------------------
// Public API: text
// ---------------------------------------------------------------------------------------------

/** Canonical form of a piece of text for matching: NFKC, lower case, Serbian/Macedonian Cyrillic
 *  transliterated by official rules, Greek by ELOT 743, diacritics folded, punctuation -> space,
 *  whitespace collapsed and trimmed. Deterministic; used on the query side.
 *
 *  Emails: "@", "." and other punctuation become spaces like everywhere else, on both sides, so
 *  the stored "ana.petrovic@example.rs" is "ana petrovic example rs" and the queries
 *  "ana.petrovic@example.rs", "petrovic@exa" and "example.rs" are substrings of it. */
export function normalizeText(input: string): string {
  if (typeof input !== 'string' || input.length === 0) return '';
  const out = new Output(null);
  transliterate(prepareInput(input), out);
  return out.text;
}

const APOSTROPHES = /['\u2018\u2019\u02bc\u02b9\u0060\u00b4]/g;
const HAS_APOSTROPHE = /['\u2018\u2019\u02bc\u02b9\u0060\u00b4]/;

/** Everything a stored record contributes to its `search_text` column: each part normalized, plus
 *  the alternative spellings users type for ambiguous letters (see below), plus for any part that
 *  looks like a phone number its digit forms. Parts joined by single spaces, duplicates removed.
 *
 *  Per part, in this order: the canonical form; the whole part spelled phonetically and
 *  letter-by-letter (so multi-word queries like "hristos papadopulos" match); single-word
 *  variants (≤ 4 per word, counting the two above); the part with apostrophes dropped
 *  ("O'Brien" → also "obrien"). A piece already contained in the document is not repeated.
 *  A phone part contributes only its digit forms (see `phoneForms`). */
export function searchDocument(parts: ReadonlyArray<string | null | undefined>): string {
  const doc = new DocumentBuilder();
  if (!Array.isArray(parts)) return '';
  for (const part of parts) {
    if (typeof part !== 'string' || part.length === 0) continue;
    if (looksLikePhone(part)) {
      for (const form of phoneForms(part)) doc.add(form);
      continue;
    }
    const pieces: AmbiguousPiece[] = [];
    const out = new Output(pieces);
    transliterate(prepareInput(part), out);
    const canonical = out.text;
    doc.add(canonical);
    if (pieces.length > 0) addVariants(doc, canonical, pieces);
    if (HAS_APOSTROPHE.test(part)) doc.add(normalizeText(part.replace(APOSTROPHES, '')));
  }
  return doc.text;
}

/** Joins pieces with single spaces, skipping a piece that the document already contains. */
class DocumentBuilder {
  text = '';
  private readonly seen = new Set<string>();

  add(piece: string): void {
    if (piece === '' || this.seen.has(piece)) return;
    this.seen.add(piece);
    // The substring check keeps documents small; for very long ones it would cost O(n²).
    if (this.text.length <= 4096 && this.text.includes(piece)) return;
    this.text = this.text.length === 0 ? piece : `${this.text} ${piece}`;
  }
}

type AltKind = 'phon' | 'lit' | 'extra';

function spell(
  canonical: string,
  from: number,
  to: number,
  pieces: readonly AmbiguousPiece[],
  pick: (piece: AmbiguousPiece) => string | undefined,
): string {
  let result = '';
  let at = from;
  for (const piece of pieces) {
    if (piece.start < from || piece.end > to) continue;
    result +=
      canonical.slice(at, piece.start) + (pick(piece) ?? canonical.slice(piece.start, piece.end));
    at = piece.end;
  }
  return result + canonical.slice(at, to);
}

function addVariants(
  doc: DocumentBuilder,
  canonical: string,
  pieces: readonly AmbiguousPiece[],
): void {
  const all = (kind: AltKind) => (piece: AmbiguousPiece) => piece.alts[kind];
  doc.add(spell(canonical, 0, canonical.length, pieces, all('phon')));
  doc.add(spell(canonical, 0, canonical.length, pieces, all('lit')));

  // Group pieces by word, then spell each word: phonetic, literal, then one swap at a time.
  let p = 0;
  while (p < pieces.length) {
    const first = pieces[p];
    if (first === undefined) break;
    const wordStart = canonical.lastIndexOf(' ', first.start - 1) + 1;
    let wordEnd = canonical.indexOf(' ', first.end);
    if (wordEnd === -1) wordEnd = canonical.length;
    const inWord: AmbiguousPiece[] = [];
    while (p < pieces.length) {
      const piece = pieces[p];
      if (piece === undefined || piece.start >= wordEnd) break;
      inWord.push(piece);
      p++;
    }
    const word = canonical.slice(wordStart, wordEnd);
    const variants = new Set<string>();
    const offer = (variant: string): void => {
      if (variant !== word && variants.size < MAX_VARIANTS_PER_WORD) variants.add(variant);
    };
    offer(spell(canonical, wordStart, wordEnd, inWord, all('phon')));
    offer(spell(canonical, wordStart, wordEnd, inWord, all('lit')));
    // Bounded tries: a pathological 10,000-letter word must stay linear.
    let tries = 0;
    for (const kind of ['phon', 'lit', 'extra'] as const) {
      for (const swapped of inWord) {
        if (variants.size >= MAX_VARIANTS_PER_WORD || tries >= 2 * MAX_VARIANTS_PER_WORD) break;
        if (swapped.alts[kind] === undefined) continue;
        tries++;
        offer(
          spell(canonical, wordStart, wordEnd, inWord, (piece) =>
            piece === swapped ? piece.alts[kind] : undefined,
          ),
        );
      }
    }
    for (const variant of variants) doc.add(variant);
  }
}

// ---------------------------------------------------------------------------------------------
// Public API: phones
// ---------------------------------------------------------------------------------------------

/** Digits only ("+381 64 123-4567" -> "381641234567", "064/123 45 67" -> "0641234567"). */
export function phoneDigits(input: string): string {
  if (typeof input !== 'string') return '';
  const s = input.normalize('NFKC'); // full-width digits → ASCII
  let digits = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) digits += s.charAt(i);
  }
  return digits;
}

const MIN_PHONE_DIGITS = 6;
/** E.164 allows 15; "00", a written "(0)" trunk and a short extension fit in 20. */
const MAX_PHONE_DIGITS = 20;

/** True when the input is mostly a phone number (digits, spaces, + - / . ( ), at least 6 digits). */
export function looksLikePhone(input: string): boolean {
  if (typeof input !== 'string') return false;
  const s = input.normalize('NFKC');
  let digits = 0;
  let plusAllowed = true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) {
      digits++;
      if (digits > MAX_PHONE_DIGITS) return false;
      plusAllowed = false;
    } else if (c === 0x2b /* + */) {
      if (!plusAllowed) return false;
      plusAllowed = false;
    } else if (!isPhonePunctuation(c)) {
      return false;
    }
  }
  return digits >= MIN_PHONE_DIGITS;
}

function isPhonePunctuation(c: number): boolean {
  return (
    c === 0x20 || // space
    c === 0x09 ||
    c === 0x2d || // -
    c === 0x2f || // /
    c === 0x2e || // .
    c === 0x28 || // (
    c === 0x29 || // )
    (c >= 0x2010 && c <= 0x2015) // Unicode hyphens and dashes
  );
}

/**
 * National trunk prefix per country calling code. Greece and Italy have none (an Italian "0" is
 * part of the number: +39 06… is 06… at home); Hungary dials "06", not "0".
 */
const TRUNK_PREFIX: ReadonlyMap<string, string> = new Map([
  ['386', '0'], // SI
  ['385', '0'], // HR
  ['387', '0'], // BA
  ['381', '0'], // RS
  ['382', '0'], // ME
  ['389', '0'], // MK
  ['355', '0'], // AL
  ['359', '0'], // BG
  ['30', ''], // GR
  ['40', '0'], // RO
  ['36', '06'], // HU
  ['43', '0'], // AT
  ['49', '0'], // DE
  ['39', ''], // IT
]);

/** Lengths of the whole international number (code + national number) we accept without a
 *  "+"/"00", for the South-East European 3-digit codes (WhatsApp/Viber exports: 381641234567). */
const BARE_INTERNATIONAL_LENGTHS = new Set([11, 12]);

function countryCodeOf(international: string): string | undefined {
  for (const length of [3, 2]) {
    const cc = international.slice(0, length);
    if (TRUNK_PREFIX.has(cc)) return cc;
  }
  return undefined;
}

/**
 * The digit strings a stored phone contributes. Longest first, because a shorter form that is a
 * substring of a longer one is then dropped by the document builder:
 * "+381 64 123-4567" → "00381641234567" (contains "381641234567"), "0641234567" (contains
 * "641234567"). So the stored number is found by every way of typing it.
 */
function phoneForms(input: string): string[] {
  const digits = phoneDigits(input);
  const trimmed = input.normalize('NFKC').trimStart().replace(/^\(/, '');
  let international: string | undefined;
  if (trimmed.startsWith('+')) international = digits;
  else if (digits.startsWith('00')) international = digits.slice(2);
  else if (
    !digits.startsWith('0') &&
    BARE_INTERNATIONAL_LENGTHS.has(digits.length) &&
    countryCodeOf(digits)?.length === 3
  ) {
    international = digits;
  }
  if (international === undefined) return [digits];

  const forms = [`00${international}`];
  const cc = countryCodeOf(international);
  if (cc === undefined) return forms;
  const trunk = TRUNK_PREFIX.get(cc) ?? '';
  let national = international.slice(cc.length);
  // "+381 (0)64 …": the trunk prefix written inside the international form.
  if (trunk !== '' && national.startsWith(trunk)) national = national.slice(trunk.length);
  if (national.length === 0) return forms;
  forms.push(`00${cc}${national}`);
  if (trunk !== '') forms.push(trunk + national);
  forms.push(national);
  return forms;
}

// ---------------------------------------------------------------------------------------------
// Public API: queries
// ---------------------------------------------------------------------------------------------

/** A query prepared for search: `text` = normalizeText(q); `digits` = phoneDigits(q) when
 *  looksLikePhone(q) else null; `tooShort` true when text has < 2 characters and no digits. */
export function prepareQuery(q: string): {
  text: string;
  digits: string | null;
  tooShort: boolean;
} {
  const text = normalizeText(q);
  const digits = looksLikePhone(q) ? phoneDigits(q) : null;
  return { text, digits, tooShort: text.length < 2 && digits === null };
}
