/**
 * Money arithmetic shared by server and web. Amounts are integer minor units (cents) of an ISO
 * currency; quantities, discounts and VAT rates are decimals carried as strings or numbers and
 * computed exactly with BigInt.
 *
 * Rounding (documented in ARCHITECTURE.md): per line, half away from zero, to whole minor units —
 *   net   = round(quantity × unitPrice × (1 − discount% / 100))
 *   vat   = round(net × rate% / 100)
 *   gross = net + vat
 * Document totals are sums of the rounded lines.
 */

/** Minor-unit digits of the currencies Odnos knows (ISO 4217). */
export const MINOR_DIGITS: Record<string, number> = {
  EUR: 2,
  RSD: 2,
  MKD: 2,
  BAM: 2,
  USD: 2,
  CHF: 2,
  GBP: 2,
  HUF: 2,
  BGN: 2,
  RON: 2,
  ALL: 2,
};

export function minorDigits(currency: string): number {
  return MINOR_DIGITS[currency] ?? 2;
}

/** Parses a non-negative decimal ("1.5", 2, "0.125") into [integer, scale] exactly. */
export function parseDecimal(value: string | number, maxScale: number): bigint | null {
  const text = typeof value === 'number' ? value.toString() : value.trim();
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) return null;
  const [, sign = '', whole = '0', fraction = ''] = match;
  if (fraction.replace(/0+$/, '').length > maxScale) return null;
  const scaled = BigInt(whole + fraction.padEnd(maxScale, '0').slice(0, maxScale));
  return sign === '-' ? -scaled : scaled;
}

/** a / b rounded half away from zero. */
export function divRound(a: bigint, b: bigint): bigint {
  const negative = a < 0n !== b < 0n;
  const absA = a < 0n ? -a : a;
  const absB = b < 0n ? -b : b;
  const q = (absA * 2n + absB) / (absB * 2n);
  return negative ? -q : q;
}

export const QUANTITY_SCALE = 4;
export const PERCENT_SCALE = 3;

export interface LineInput {
  quantity: string | number;
  /** minor units */
  unitPrice: number;
  /** percent, 0–100 */
  discountPercent: string | number;
  /** percent, e.g. 22 or 9.5 */
  vatRate: string | number;
}

export interface LineTotals {
  net: number;
  vat: number;
  gross: number;
}

export function lineTotals(line: LineInput): LineTotals {
  const q = parseDecimal(line.quantity, QUANTITY_SCALE);
  const d = parseDecimal(line.discountPercent, PERCENT_SCALE);
  const r = parseDecimal(line.vatRate, PERCENT_SCALE);
  if (q === null || d === null || r === null) throw new Error('invalid decimal in line');
  const qScale = 10n ** BigInt(QUANTITY_SCALE);
  const pScale = 100n * 10n ** BigInt(PERCENT_SCALE);
  const net = divRound(BigInt(line.unitPrice) * q * (pScale - d), qScale * pScale);
  const vat = divRound(net * r, pScale);
  return { net: Number(net), vat: Number(vat), gross: Number(net + vat) };
}

export function sumTotals(lines: LineTotals[]): LineTotals {
  return lines.reduce(
    (acc, l) => ({ net: acc.net + l.net, vat: acc.vat + l.vat, gross: acc.gross + l.gross }),
    { net: 0, vat: 0, gross: 0 },
  );
}

/** Formats minor units for display, e.g. 123456 EUR → "1.234,56 €" in Slovenian. */
export function formatMoney(minor: number, currency: string, locale: string): string {
  const digits = minorDigits(currency);
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(minor / 10 ** digits);
}
