/** The billing tables (DDL: migrations/20261203060000-billing.sql). */
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  date,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import type { VatGroup } from '../../common/billing/totals.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date', precision: 3 });
const money = (name: string) => bigint(name, { mode: 'number' });
const day = (name: string) => date(name, { mode: 'string' });

export interface CustomerDetails {
  address?: string | null;
  vatId?: string | null;
  registrationNumber?: string | null;
  email?: string | null;
}

export const billingDocuments = pgTable(
  'billing_documents',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull(),
    type: text('type').notNull(),
    status: text('status').notNull().default('draft'),
    series: text('series').notNull().default(''),
    number: text('number'),
    numberYear: integer('number_year'),
    numberSeq: integer('number_seq'),
    customerType: text('customer_type').notNull(),
    customerId: uuid('customer_id').notNull(),
    customerName: text('customer_name').notNull(),
    customerDetails: jsonb('customer_details')
      .$type<CustomerDetails>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    language: text('language').notNull(),
    currency: text('currency').notNull(),
    issueDate: day('issue_date'),
    dueDate: day('due_date'),
    deliveryDate: day('delivery_date'),
    validUntil: day('valid_until'),
    placeOfIssue: text('place_of_issue'),
    notes: text('notes'),
    paymentTermsDays: integer('payment_terms_days'),
    netTotal: money('net_total').notNull().default(0),
    vatTotal: money('vat_total').notNull().default(0),
    grossTotal: money('gross_total').notNull().default(0),
    paidTotal: money('paid_total').notNull().default(0),
    /** Cost of the lines that have a unit cost, and their net (margin = net − cost). */
    costTotal: money('cost_total').notNull().default(0),
    costKnownNet: money('cost_known_net').notNull().default(0),
    /** The latest payment date allocated to this document (paid on, for payment discipline). */
    lastPaidOn: day('last_paid_on'),
    vatBreakdown: jsonb('vat_breakdown')
      .$type<VatGroup[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    statusDates: jsonb('status_dates')
      .$type<Record<string, string>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    sourceId: uuid('source_id'),
    dealId: uuid('deal_id'),
    ownerId: uuid('owner_id'),
    searchText: text('search_text').notNull().default(''),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    createdBy: uuid('created_by'),
    updatedBy: uuid('updated_by'),
    deletedAt: ts('deleted_at'),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

export const billingDocumentLines = pgTable(
  'billing_document_lines',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull(),
    documentId: uuid('document_id').notNull(),
    position: integer('position').notNull(),
    productId: uuid('product_id'),
    description: text('description').notNull(),
    quantity: numeric('quantity', { precision: 14, scale: 3 }).notNull(),
    unit: text('unit').notNull().default(''),
    unitPrice: money('unit_price').notNull(),
    unitCost: money('unit_cost'),
    discountPercent: numeric('discount_percent', { precision: 5, scale: 2 }).notNull().default('0'),
    vatRate: numeric('vat_rate', { precision: 5, scale: 2 }).notNull().default('0'),
    net: money('net').notNull(),
    vat: money('vat').notNull(),
    gross: money('gross').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

export const billingSequences = pgTable(
  'billing_sequences',
  {
    workspaceId: uuid('workspace_id').notNull(),
    type: text('type').notNull(),
    series: text('series').notNull(),
    year: integer('year').notNull(),
    lastNumber: integer('last_number').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.type, t.series, t.year] })],
);

export const billingPayments = pgTable(
  'billing_payments',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull(),
    customerType: text('customer_type').notNull(),
    customerId: uuid('customer_id').notNull(),
    paidOn: day('paid_on').notNull(),
    amount: money('amount').notNull(),
    currency: text('currency').notNull(),
    method: text('method').notNull(),
    reference: text('reference'),
    notes: text('notes'),
    unallocated: money('unallocated').notNull().default(0),
    createdAt: ts('created_at').notNull().defaultNow(),
    createdBy: uuid('created_by'),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

export const billingPaymentAllocations = pgTable(
  'billing_payment_allocations',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull(),
    paymentId: uuid('payment_id').notNull(),
    documentId: uuid('document_id').notNull(),
    amount: money('amount').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

export const billingBankLines = pgTable(
  'billing_bank_lines',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull(),
    importId: uuid('import_id').notNull(),
    fileName: text('file_name').notNull(),
    rowNumber: integer('row_number').notNull(),
    bookedOn: day('booked_on').notNull(),
    amount: money('amount').notNull(),
    currency: text('currency').notNull(),
    reference: text('reference'),
    counterparty: text('counterparty'),
    description: text('description'),
    status: text('status').notNull().default('open'),
    paymentId: uuid('payment_id'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

export const billingTemplates = pgTable(
  'billing_templates',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull(),
    type: text('type').notNull(),
    language: text('language').notNull(),
    companyBlock: text('company_block').notNull().default(''),
    intro: text('intro').notNull().default(''),
    footer: text('footer').notNull().default(''),
    bankAccounts: text('bank_accounts').notNull().default(''),
    logo: text('logo'),
    amountInWords: boolean('amount_in_words').notNull().default(false),
    version: integer('version').notNull().default(1),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    updatedBy: uuid('updated_by'),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

export const billingCustomerTerms = pgTable(
  'billing_customer_terms',
  {
    workspaceId: uuid('workspace_id').notNull(),
    customerType: text('customer_type').notNull(),
    customerId: uuid('customer_id').notNull(),
    paymentTermsDays: integer('payment_terms_days').notNull().default(15),
    creditLimit: money('credit_limit'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.customerType, t.customerId] })],
);
