/** The billing API as the web app uses it: types come from the server's zod contract. */
import type { z } from 'zod';
import type { DocumentStatus, DocumentType } from '../../common/billing/totals.js';
import { currencyDigits, parseAmount } from '../../common/billing/totals.js';
import type {
  BankLineOut,
  CustomerType,
  DocumentOut,
  FinanceOut,
  PaymentOut,
  TemplateOut,
  purchaseOut,
} from '../../server/billing/schema.js';

export type { BankLineOut, CustomerType, DocumentOut, FinanceOut, PaymentOut, TemplateOut };
export type PurchaseOut = z.infer<typeof purchaseOut>;
export type Collection = 'quotes' | 'orders' | 'invoices';

export const COLLECTIONS: Collection[] = ['invoices', 'quotes', 'orders'];

export const COLLECTION_TYPES: Record<Collection, DocumentType[]> = {
  invoices: ['invoice', 'proforma', 'credit_note'],
  quotes: ['quote'],
  orders: ['order'],
};

export function collectionOf(type: DocumentType): Collection {
  if (type === 'quote') return 'quotes';
  if (type === 'order') return 'orders';
  return 'invoices';
}

/** The statuses a document of the collection can have, in their natural order. */
export const COLLECTION_STATUSES: Record<Collection, DocumentStatus[]> = {
  invoices: ['draft', 'issued', 'partially_paid', 'paid', 'cancelled'],
  quotes: ['draft', 'sent', 'accepted', 'declined', 'expired', 'converted'],
  orders: ['draft', 'confirmed', 'fulfilled', 'cancelled'],
};

export const STATUS_COLORS: Record<string, string> = {
  draft: 'gray',
  sent: 'blue',
  accepted: 'teal',
  declined: 'red',
  expired: 'orange',
  converted: 'grape',
  issued: 'blue',
  partially_paid: 'yellow',
  paid: 'green',
  confirmed: 'blue',
  fulfilled: 'green',
  cancelled: 'red',
  overdue: 'red',
};

/** Minor units → the plain decimal an input shows ("1234.50"). */
export function toDecimalInput(minor: number, currency: string): string {
  const digits = currencyDigits(currency);
  return (minor / 10 ** digits).toFixed(digits);
}

/** What the user typed ("1.234,50", "1234.5") → minor units, or null. */
export function fromDecimalInput(text: string, currency: string): number | null {
  return parseAmount(text, currency);
}

export function pdfUrl(collection: Collection, id: string, download = false): string {
  return `/api/v1/${collection}/${id}/pdf${download ? '?download=1' : ''}`;
}

export interface CustomerRef {
  type: CustomerType;
  id: string;
  name: string;
}
