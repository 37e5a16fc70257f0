// Interim normalization; replaced by the full cross-script module (search-normalize branch).
const CYR: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  ђ: 'dj',
  е: 'e',
  ж: 'z',
  з: 'z',
  и: 'i',
  ј: 'j',
  к: 'k',
  л: 'l',
  љ: 'lj',
  м: 'm',
  н: 'n',
  њ: 'nj',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  ћ: 'c',
  у: 'u',
  ф: 'f',
  х: 'h',
  ц: 'c',
  ч: 'c',
  џ: 'dz',
  ш: 's',
  ѓ: 'gj',
  ќ: 'kj',
  ѕ: 'dz',
};

export function normalizeText(input: string): string {
  const lower = input.normalize('NFKC').toLowerCase().replaceAll('đ', 'dj');
  let out = '';
  for (const ch of lower) out += CYR[ch] ?? ch;
  return out
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^\p{L}\p{N}@.]+/gu, ' ')
    .trim();
}

export function phoneDigits(input: string): string {
  return input.replace(/\D+/g, '');
}

export function looksLikePhone(input: string): boolean {
  return /^[\d\s+\-/.()]+$/.test(input) && phoneDigits(input).length >= 6;
}

export function searchDocument(parts: ReadonlyArray<string | null | undefined>): string {
  const out = new Set<string>();
  for (const part of parts) {
    if (!part) continue;
    const text = normalizeText(part);
    if (text) out.add(text);
    if (looksLikePhone(part)) out.add(phoneDigits(part));
  }
  return [...out].join(' ');
}

export function prepareQuery(q: string): {
  text: string;
  digits: string | null;
  tooShort: boolean;
} {
  const text = normalizeText(q);
  const digits = looksLikePhone(q) ? phoneDigits(q) : null;
  return { text, digits, tooShort: text.length < 2 && !digits };
}
