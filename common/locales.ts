/** The languages Odnos speaks; every visible string exists in each (a test checks it). */
export const LOCALES = ['en', 'sl', 'hr', 'bs', 'sr-Cyrl', 'sr-Latn', 'mk', 'el'] as const;
export type Locale = (typeof LOCALES)[number];

export const LOCALE_NAMES: Record<Locale, string> = {
  en: 'English',
  sl: 'Slovenščina',
  hr: 'Hrvatski',
  bs: 'Bosanski',
  'sr-Cyrl': 'Српски (ћирилица)',
  'sr-Latn': 'Srpski (latinica)',
  mk: 'Македонски',
  el: 'Ελληνικά',
};

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** Best supported locale for an Accept-Language header or a browser language list. */
export function pickLocale(candidates: readonly string[], fallback: Locale = 'en'): Locale {
  for (const raw of candidates) {
    const tag = raw.trim().split(';')[0]?.trim() ?? '';
    if (!tag) continue;
    if (isLocale(tag)) return tag;
    const lower = tag.toLowerCase();
    if (lower.startsWith('sr')) return lower.includes('latn') ? 'sr-Latn' : 'sr-Cyrl';
    const base = lower.split('-')[0];
    if (isLocale(base)) return base;
  }
  return fallback;
}

/** Intl locale tag for formatting numbers and dates in a UI locale. */
export function intlTag(locale: Locale): string {
  switch (locale) {
    case 'sr-Cyrl':
      return 'sr-Cyrl-RS';
    case 'sr-Latn':
      return 'sr-Latn-RS';
    default:
      return locale;
  }
}

export const CURRENCIES = [
  'EUR',
  'RSD',
  'MKD',
  'BAM',
  'USD',
  'CHF',
  'GBP',
  'HUF',
  'BGN',
  'RON',
  'ALL',
] as const;
export type Currency = (typeof CURRENCIES)[number];

/** Countries of the region with their default currency and time zone (workspace defaults). */
export const COUNTRIES = {
  SI: { currency: 'EUR', timezone: 'Europe/Ljubljana', locale: 'sl' },
  HR: { currency: 'EUR', timezone: 'Europe/Zagreb', locale: 'hr' },
  BA: { currency: 'BAM', timezone: 'Europe/Sarajevo', locale: 'bs' },
  RS: { currency: 'RSD', timezone: 'Europe/Belgrade', locale: 'sr-Cyrl' },
  ME: { currency: 'EUR', timezone: 'Europe/Podgorica', locale: 'sr-Latn' },
  MK: { currency: 'MKD', timezone: 'Europe/Skopje', locale: 'mk' },
  GR: { currency: 'EUR', timezone: 'Europe/Athens', locale: 'el' },
  AT: { currency: 'EUR', timezone: 'Europe/Vienna', locale: 'en' },
  DE: { currency: 'EUR', timezone: 'Europe/Berlin', locale: 'en' },
  IT: { currency: 'EUR', timezone: 'Europe/Rome', locale: 'en' },
  GB: { currency: 'GBP', timezone: 'Europe/London', locale: 'en' },
  US: { currency: 'USD', timezone: 'America/New_York', locale: 'en' },
} as const satisfies Record<string, { currency: Currency; timezone: string; locale: Locale }>;
export type Country = keyof typeof COUNTRIES;
export const COUNTRY_CODES = Object.keys(COUNTRIES) as Country[];
