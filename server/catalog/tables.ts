/** Tables of the sales catalog (migration 20261203020000-catalog.sql). */
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
import type { LocalizedLabel } from '../../common/records.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date', precision: 3 });
const money = (name: string) => bigint(name, { mode: 'number' });

export const featureSeeds = pgTable(
  'feature_seeds',
  {
    workspaceId: uuid('workspace_id').notNull(),
    name: text('name').notNull(),
    seededAt: ts('seeded_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.name] })],
);

export const vatRates = pgTable(
  'vat_rates',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull(),
    name: text('name').notNull(),
    /** Percent as a decimal string, e.g. "22.000". */
    rate: numeric('rate', { precision: 6, scale: 3 }).notNull(),
    kind: text('kind').notNull(),
    country: text('country'),
    isDefault: boolean('is_default').notNull().default(false),
    active: boolean('active').notNull().default(true),
    position: integer('position').notNull().default(0),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

export const products = pgTable(
  'products',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull(),
    sku: text('sku').notNull(),
    name: jsonb('name').$type<LocalizedLabel>().notNull(),
    description: text('description'),
    kind: text('kind').notNull().default('product'),
    unit: text('unit').notNull().default('pcs'),
    category: text('category'),
    /** Default unit price net of VAT, minor units of `currency`. */
    price: money('price').notNull().default(0),
    currency: text('currency').notNull(),
    vatRateId: uuid('vat_rate_id'),
    costPrice: money('cost_price'),
    active: boolean('active').notNull().default(true),
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

export const priceLists = pgTable(
  'price_lists',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull(),
    name: text('name').notNull(),
    currency: text('currency').notNull(),
    customerGroup: text('customer_group'),
    validFrom: date('valid_from', { mode: 'string' }),
    validTo: date('valid_to', { mode: 'string' }),
    active: boolean('active').notNull().default(true),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    deletedAt: ts('deleted_at'),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

export const priceListItems = pgTable(
  'price_list_items',
  {
    workspaceId: uuid('workspace_id').notNull(),
    priceListId: uuid('price_list_id').notNull(),
    productId: uuid('product_id').notNull(),
    price: money('price').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.priceListId, t.productId] })],
);

export const customerDiscounts = pgTable(
  'customer_discounts',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull(),
    companyId: uuid('company_id'),
    contactId: uuid('contact_id'),
    productId: uuid('product_id'),
    category: text('category'),
    percent: numeric('percent', { precision: 5, scale: 2 }).notNull(),
    validFrom: date('valid_from', { mode: 'string' }),
    validTo: date('valid_to', { mode: 'string' }),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

export const exchangeRates = pgTable(
  'exchange_rates',
  {
    workspaceId: uuid('workspace_id').notNull(),
    currency: text('currency').notNull(),
    validOn: date('valid_on', { mode: 'string' }).notNull(),
    rate: numeric('rate', { precision: 18, scale: 8 }).notNull(),
    source: text('source').notNull().default('manual'),
    createdAt: ts('created_at')
      .notNull()
      .default(sql`now()`),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.currency, t.validOn] })],
);
