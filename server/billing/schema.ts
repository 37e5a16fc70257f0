import { z } from 'zod';
import { DOCUMENT_STATUSES, DOCUMENT_TYPES, scaledDecimal } from '../../common/billing/totals.js';
import { LOCALES } from '../../common/locales.js';

export const CUSTOMER_TYPES = ['contacts', 'companies'] as const;
export type CustomerType = (typeof CUSTOMER_TYPES)[number];
export const PAYMENT_METHODS = ['bank_transfer', 'cash', 'card', 'other'] as const;

const isoDate = z.iso.date();
const currency = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{3}$/, 'field.invalid_currency')
  .transform((v) => v.toUpperCase());
const decimal = (digits: number, min: number, max: number) =>
  z.union([z.string(), z.number()]).refine(
    (v) => {
      const scaled = scaledDecimal(v, digits);
      if (scaled === null) return false;
      const value = Number(scaled) / 10 ** digits;
      return value >= min && value <= max;
    },
    { message: 'field.invalid_number' },
  );
const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((v) => v || null);

export const lineInput = z.strictObject({
  productId: z.uuid().nullish(),
  description: z.string().trim().min(1).max(2000),
  quantity: decimal(3, -1e9, 1e9),
  unit: z.string().trim().max(20).default(''),
  /** Minor units (cents). */
  unitPrice: z.number().int().min(-1e13).max(1e13),
  unitCost: z.number().int().min(0).max(1e13).nullish(),
  discountPercent: decimal(2, 0, 100).default(0),
  vatRate: decimal(2, 0, 100).default(0),
});
export type LineInput = z.infer<typeof lineInput>;

const documentFields = {
  customerType: z.enum(CUSTOMER_TYPES),
  customerId: z.uuid(),
  series: z
    .string()
    .trim()
    .max(10)
    .regex(/^[A-Za-z0-9]*$/, 'field.invalid_format'),
  language: z.enum(LOCALES),
  currency,
  issueDate: isoDate.nullable(),
  dueDate: isoDate.nullable(),
  deliveryDate: isoDate.nullable(),
  validUntil: isoDate.nullable(),
  placeOfIssue: text(200),
  notes: text(5000),
  lines: z.array(lineInput).max(500),
  dealId: z.uuid().nullable(),
};

export const documentCreateBody = z
  .strictObject({ ...documentFields, type: z.enum(DOCUMENT_TYPES).optional() })
  .partial()
  .required({ customerType: true, customerId: true });
export type DocumentCreateInput = z.infer<typeof documentCreateBody>;

export const documentUpdateBody = z
  .strictObject(documentFields)
  .omit({ customerType: true, customerId: true })
  .partial();
export type DocumentUpdateInput = z.infer<typeof documentUpdateBody>;

export const emailBody = z.strictObject({
  to: z.email({ message: 'field.invalid_email' }).max(254),
  subject: z.string().trim().min(1).max(300),
  /** The message text; empty → a short default in the document's language. */
  message: text(10_000),
});
export type EmailInput = z.infer<typeof emailBody>;

export const fromDealBody = z.strictObject({
  type: z.enum(['quote', 'order', 'invoice', 'proforma']).default('quote'),
});

export const statusBody = z.strictObject({ status: z.enum(DOCUMENT_STATUSES) });
export const convertBody = z.strictObject({ to: z.enum(DOCUMENT_TYPES) });

const lineOut = z.object({
  id: z.uuid(),
  position: z.number(),
  productId: z.uuid().nullable(),
  description: z.string(),
  quantity: z.string(),
  unit: z.string(),
  unitPrice: z.number(),
  unitCost: z.number().nullable(),
  discountPercent: z.string(),
  vatRate: z.string(),
  net: z.number(),
  vat: z.number(),
  gross: z.number(),
});

const vatGroup = z.object({
  rate: z.string(),
  net: z.number(),
  vat: z.number(),
  gross: z.number(),
});

export const warningOut = z.object({
  code: z.string(),
  message: z.string(),
  params: z.record(z.string(), z.unknown()),
});

export const documentOut = z.object({
  id: z.uuid(),
  type: z.enum(DOCUMENT_TYPES),
  status: z.enum(DOCUMENT_STATUSES),
  overdue: z.boolean(),
  daysOverdue: z.number(),
  series: z.string(),
  number: z.string().nullable(),
  customerType: z.enum(CUSTOMER_TYPES),
  customerId: z.uuid(),
  customerName: z.string(),
  customerDetails: z.record(z.string(), z.unknown()),
  language: z.enum(LOCALES),
  currency: z.string(),
  issueDate: z.string().nullable(),
  dueDate: z.string().nullable(),
  deliveryDate: z.string().nullable(),
  validUntil: z.string().nullable(),
  placeOfIssue: z.string().nullable(),
  notes: z.string().nullable(),
  paymentTermsDays: z.number().nullable(),
  netTotal: z.number(),
  vatTotal: z.number(),
  grossTotal: z.number(),
  paidTotal: z.number(),
  openAmount: z.number(),
  vatBreakdown: z.array(vatGroup),
  statusDates: z.record(z.string(), z.string()),
  sourceId: z.uuid().nullable(),
  dealId: z.uuid().nullable(),
  ownerId: z.uuid().nullable(),
  version: z.number(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  deletedAt: z.iso.datetime().nullable(),
  lines: z.array(lineOut).optional(),
  warnings: z.array(warningOut).optional(),
});
export type DocumentOut = z.infer<typeof documentOut>;

export const documentPage = z.object({
  data: z.array(documentOut),
  nextCursor: z.string().nullable(),
});

export const allocationInput = z.strictObject({
  documentId: z.uuid(),
  amount: z.number().int().positive().max(1e13),
});

export const paymentCreateBody = z.strictObject({
  paidOn: isoDate,
  amount: z.number().int().positive().max(1e13),
  currency,
  method: z.enum(PAYMENT_METHODS).default('bank_transfer'),
  reference: text(200),
  notes: text(2000),
  /** Needed only for a payment that is not allocated to any invoice (an advance). */
  customerType: z.enum(CUSTOMER_TYPES).optional(),
  customerId: z.uuid().optional(),
  allocations: z.array(allocationInput).max(100).default([]),
  /** Confirms that the part not allocated to invoices is kept as an advance. */
  advance: z.boolean().default(false),
});
export type PaymentCreateInput = z.infer<typeof paymentCreateBody>;

export const paymentOut = z.object({
  id: z.uuid(),
  customerType: z.enum(CUSTOMER_TYPES),
  customerId: z.uuid(),
  customerName: z.string().nullable(),
  paidOn: z.string(),
  amount: z.number(),
  currency: z.string(),
  method: z.enum(PAYMENT_METHODS),
  reference: z.string().nullable(),
  notes: z.string().nullable(),
  unallocated: z.number(),
  allocations: z.array(
    z.object({ documentId: z.uuid(), number: z.string().nullable(), amount: z.number() }),
  ),
  createdAt: z.iso.datetime(),
});
export type PaymentOut = z.infer<typeof paymentOut>;

export const paymentListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().optional(),
  customerType: z.enum(CUSTOMER_TYPES).optional(),
  customerId: z.uuid().optional(),
  documentId: z.uuid().optional(),
});

export const bankImportBody = z.strictObject({
  fileName: z.string().trim().min(1).max(200),
  /** The CSV text (UTF-8). */
  csv: z.string().min(1).max(900_000),
  currency: currency.optional(),
});

export const bankLineOut = z.object({
  id: z.uuid(),
  importId: z.uuid(),
  fileName: z.string(),
  rowNumber: z.number(),
  bookedOn: z.string(),
  amount: z.number(),
  currency: z.string(),
  reference: z.string().nullable(),
  counterparty: z.string().nullable(),
  description: z.string().nullable(),
  status: z.enum(['open', 'matched', 'ignored']),
  paymentId: z.uuid().nullable(),
  suggestions: z.array(
    z.object({
      documentId: z.uuid(),
      number: z.string().nullable(),
      customerName: z.string(),
      openAmount: z.number(),
      reason: z.enum(['reference', 'amount']),
    }),
  ),
});
export type BankLineOut = z.infer<typeof bankLineOut>;

export const bankConfirmBody = z.strictObject({ documentId: z.uuid() });

export const templateBody = z.strictObject({
  companyBlock: z.string().max(5000).default(''),
  intro: z.string().max(5000).default(''),
  footer: z.string().max(5000).default(''),
  bankAccounts: z.string().max(2000).default(''),
  /** A PNG or JPEG as a data URL, or null for none. */
  logo: z
    .string()
    .max(700_000)
    .regex(/^data:image\/(png|jpeg);base64,[A-Za-z0-9+/=]+$/, 'field.invalid_format')
    .nullable()
    .default(null),
  /** Print the total in words under the totals. */
  amountInWords: z.boolean().default(false),
});
export type TemplateInput = z.infer<typeof templateBody>;

export const templateParams = z.strictObject({
  type: z.enum(DOCUMENT_TYPES),
  language: z.enum(LOCALES),
});

export const templateOut = z.object({
  type: z.enum(DOCUMENT_TYPES),
  language: z.enum(LOCALES),
  companyBlock: z.string(),
  intro: z.string(),
  footer: z.string(),
  bankAccounts: z.string(),
  logo: z.string().nullable(),
  amountInWords: z.boolean(),
  custom: z.boolean(),
  updatedAt: z.iso.datetime().nullable(),
});
export type TemplateOut = z.infer<typeof templateOut>;

export const customerParams = z.strictObject({
  type: z.enum(CUSTOMER_TYPES),
  id: z.uuid(),
});

export const termsBody = z.strictObject({
  paymentTermsDays: z.number().int().min(0).max(365),
  creditLimit: z.number().int().min(0).max(1e13).nullable(),
});

export const financeOut = z.object({
  customerType: z.enum(CUSTOMER_TYPES),
  customerId: z.uuid(),
  currency: z.string(),
  paymentTermsDays: z.number(),
  creditLimit: z.number().nullable(),
  creditAvailable: z.number().nullable(),
  overCreditLimit: z.boolean(),
  balance: z.number(),
  overdueAmount: z.number(),
  overdueDays: z.number(),
  openInvoices: z.number(),
  invoicedTotal: z.number(),
  paidTotal: z.number(),
  revenue: z.number(),
  margin: z.number().nullable(),
  averageDaysToPay: z.number().nullable(),
  latePayments: z.number(),
  lastPurchaseOn: z.string().nullable(),
  recentDocuments: z.array(
    z.object({
      id: z.uuid(),
      type: z.enum(DOCUMENT_TYPES),
      number: z.string().nullable(),
      status: z.enum(DOCUMENT_STATUSES),
      issueDate: z.string().nullable(),
      dueDate: z.string().nullable(),
      grossTotal: z.number(),
      openAmount: z.number(),
      currency: z.string(),
    }),
  ),
});
export type FinanceOut = z.infer<typeof financeOut>;

export const purchaseOut = z.object({
  documentId: z.uuid(),
  type: z.enum(DOCUMENT_TYPES),
  number: z.string().nullable(),
  issueDate: z.string().nullable(),
  description: z.string(),
  quantity: z.string(),
  unit: z.string(),
  net: z.number(),
  gross: z.number(),
  currency: z.string(),
  placeOfIssue: z.string().nullable(),
});

export const exportQuery = z.strictObject({
  from: isoDate,
  to: isoDate,
  format: z.enum(['csv', 'json']).default('csv'),
});
