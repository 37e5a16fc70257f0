/**
 * Document amounts, computed the same way on the server (authoritative) and in the editor (live
 * totals). Money is integer minor units; quantity has up to 3 decimals, discount and VAT rate up
 * to 2. VAT is rounded per line (DESIGN.md), half away from zero; totals per VAT rate are sums of
 * the rounded line amounts, so the document always adds up to the cent.
 */

export const DOCUMENT_TYPES = ['quote', 'proforma', 'invoice', 'credit_note', 'order'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

export const DOCUMENT_STATUSES = [
  'draft',
  'sent',
  'accepted',
  'declined',
  'expired',
  'converted',
  'issued',
  'partially_paid',
  'paid',
  'confirmed',
  'fulfilled',
  'cancelled',
] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

/** The status a draft gets when it is issued (numbered), per document type. */
export const ISSUED_STATUS: Record<DocumentType, DocumentStatus> = {
  quote: 'sent',
  proforma: 'issued',
  invoice: 'issued',
  credit_note: 'issued',
  order: 'confirmed',
};

/** Manual transitions after issuing (payments move invoices to partially paid / paid). */
export const TRANSITIONS: Record<
  DocumentType,
  Partial<Record<DocumentStatus, DocumentStatus[]>>
> = {
  quote: { sent: ['accepted', 'declined', 'expired'], accepted: [], expired: ['sent'] },
  proforma: { issued: ['cancelled'] },
  invoice: { issued: ['cancelled'] },
  credit_note: {},
  order: { confirmed: ['fulfilled', 'cancelled'] },
};

/** Default number prefix per type: INV-2026-00001. */
export const NUMBER_PREFIX: Record<DocumentType, string> = {
  quote: 'Q',
  proforma: 'PRO',
  invoice: 'INV',
  credit_note: 'CN',
  order: 'ORD',
};

export interface LineAmountsInput {
  /** Decimal string or number, up to 3 decimals, may be negative only on credit lines. */
  quantity: string | number;
  unitPrice: number;
  discountPercent: string | number;
  vatRate: string | number;
}

export interface LineAmounts {
  net: number;
  vat: number;
  gross: number;
}

/** Scales a decimal (string or number) to an integer with `digits` decimals; null if it has more. */
export function scaledDecimal(value: string | number, digits: number): bigint | null {
  const text = typeof value === 'number' ? numberToPlain(value) : value.trim();
  const match = /^(-)?(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) return null;
  const [, minus, whole = '0', fraction = ''] = match;
  const trimmed = fraction.replace(/0+$/, '');
  if (trimmed.length > digits) return null;
  const scaled = BigInt(whole + fraction.padEnd(digits, '0').slice(0, digits));
  return minus ? -scaled : scaled;
}

function numberToPlain(value: number): string {
  if (!Number.isFinite(value)) return 'NaN';
  // Up to 6 decimals is more than any field allows; the parser then checks the allowed digits.
  return value.toFixed(6).replace(/\.?0+$/, '');
}

/** Integer division rounded half away from zero. */
export function divRound(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const q = (2n * n + d) / (2n * d);
  return negative ? -q : q;
}

export function lineAmounts(line: LineAmountsInput): LineAmounts {
  const qty = scaledDecimal(line.quantity, 3) ?? 0n; // thousandths
  const discount = scaledDecimal(line.discountPercent, 2) ?? 0n; // hundredths of a percent
  const rate = scaledDecimal(line.vatRate, 2) ?? 0n;
  const net = divRound(qty * BigInt(line.unitPrice) * (10_000n - discount), 1000n * 10_000n);
  const vat = divRound(net * rate, 10_000n);
  return { net: Number(net), vat: Number(vat), gross: Number(net + vat) };
}

/**
 * Cost of the lines that carry a unit cost (rounded per line like the amounts) and the net of
 * those lines: margin = knownNet − cost, never guessed for lines without a cost.
 */
export function lineCosts(lines: (LineAmountsInput & { unitCost?: number | null | undefined })[]): {
  cost: number;
  knownNet: number;
} {
  let cost = 0n;
  let knownNet = 0;
  for (const line of lines) {
    if (line.unitCost === null || line.unitCost === undefined) continue;
    const qty = scaledDecimal(line.quantity, 3) ?? 0n;
    cost += divRound(qty * BigInt(line.unitCost), 1000n);
    knownNet += lineAmounts(line).net;
  }
  return { cost: Number(cost), knownNet };
}

export interface VatGroup {
  /** The rate as a normalized decimal string ("22", "9.5", "0"). */
  rate: string;
  net: number;
  vat: number;
  gross: number;
}

export interface DocumentTotals {
  net: number;
  vat: number;
  gross: number;
  byRate: VatGroup[];
}

export function normalizeRate(rate: string | number): string {
  const scaled = scaledDecimal(rate, 2) ?? 0n;
  const whole = scaled / 100n;
  const cents = scaled % 100n;
  if (cents === 0n) return whole.toString();
  return `${whole}.${cents.toString().padStart(2, '0').replace(/0$/, '')}`;
}

export function documentTotals(lines: LineAmountsInput[]): DocumentTotals {
  const groups = new Map<string, VatGroup>();
  let net = 0;
  let vat = 0;
  for (const line of lines) {
    const amounts = lineAmounts(line);
    const rate = normalizeRate(line.vatRate);
    const group = groups.get(rate) ?? { rate, net: 0, vat: 0, gross: 0 };
    group.net += amounts.net;
    group.vat += amounts.vat;
    group.gross += amounts.gross;
    groups.set(rate, group);
    net += amounts.net;
    vat += amounts.vat;
  }
  const byRate = [...groups.values()].sort((a, b) => Number(b.rate) - Number(a.rate));
  return { net, vat, gross: net + vat, byRate };
}

/** Digits after the decimal point of a currency's minor unit (EUR 2, JPY 0, …). */
export function currencyDigits(currency: string): number {
  try {
    return (
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
        .maximumFractionDigits ?? 2
    );
  } catch {
    return 2;
  }
}

/** Minor units → a plain decimal string ("1234.50"), for CSV and inputs. */
export function minorToDecimal(minor: number, currency: string): string {
  const digits = currencyDigits(currency);
  const negative = minor < 0;
  const abs = Math.abs(minor)
    .toString()
    .padStart(digits + 1, '0');
  const text = digits ? `${abs.slice(0, -digits)}.${abs.slice(-digits)}` : abs;
  return negative ? `-${text}` : text;
}

/** A typed amount ("1234.5", "1.234,50", "1234,50") → minor units, or null. */
export function parseAmount(text: string, currency: string): number | null {
  let value = text.trim().replace(/\s|'/g, '');
  if (!value) return null;
  const lastComma = value.lastIndexOf(',');
  const lastDot = value.lastIndexOf('.');
  if (lastComma > lastDot) value = value.replace(/\./g, '').replace(',', '.');
  else value = value.replace(/,/g, '');
  const scaled = scaledDecimal(value, currencyDigits(currency));
  return scaled === null ? null : Number(scaled);
}
