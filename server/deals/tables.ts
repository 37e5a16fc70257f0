/** Tables of the sales pipeline (migration 20261203100000-deals.sql). */
import {
  bigint,
  boolean,
  date,
  doublePrecision,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import type { CustomValues, LocalizedLabel } from '../../common/records.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date', precision: 3 });
const money = (name: string) => bigint(name, { mode: 'number' });

export const pipelines = pgTable(
  'pipelines',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull(),
    name: jsonb('name').$type<LocalizedLabel>().notNull(),
    position: integer('position').notNull().default(0),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    deletedAt: ts('deleted_at'),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

export const pipelineStages = pgTable(
  'pipeline_stages',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull(),
    pipelineId: uuid('pipeline_id').notNull(),
    name: jsonb('name').$type<LocalizedLabel>().notNull(),
    kind: text('kind').notNull().default('open'),
    probability: integer('probability').notNull().default(0),
    color: text('color').notNull().default('blue'),
    position: integer('position').notNull().default(0),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    deletedAt: ts('deleted_at'),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

export const lostReasons = pgTable(
  'lost_reasons',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull(),
    name: jsonb('name').$type<LocalizedLabel>().notNull(),
    position: integer('position').notNull().default(0),
    active: boolean('active').notNull().default(true),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

export const deals = pgTable(
  'deals',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull(),
    ownerId: uuid('owner_id'),
    tags: text('tags')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    custom: jsonb('custom')
      .$type<CustomValues>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    searchText: text('search_text').notNull().default(''),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    createdBy: uuid('created_by'),
    updatedBy: uuid('updated_by'),
    deletedAt: ts('deleted_at'),
    title: text('title').notNull(),
    contactId: uuid('contact_id'),
    companyId: uuid('company_id'),
    pipelineId: uuid('pipeline_id').notNull(),
    stageId: uuid('stage_id').notNull(),
    /** Minor units of `currency`; with line items, their net total. */
    amount: money('amount').notNull().default(0),
    currency: text('currency').notNull(),
    /** NULL: the stage's probability. */
    probability: integer('probability'),
    expectedCloseDate: date('expected_close_date', { mode: 'string' }),
    status: text('status').notNull().default('open'),
    closedAt: ts('closed_at'),
    lostReasonId: uuid('lost_reason_id'),
    lostNote: text('lost_note'),
    source: text('source'),
    campaign: text('campaign'),
    stageEnteredAt: ts('stage_entered_at').notNull().defaultNow(),
    pipelineEnteredAt: ts('pipeline_entered_at').notNull().defaultNow(),
    boardPosition: doublePrecision('board_position').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

export const dealLines = pgTable(
  'deal_lines',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull(),
    dealId: uuid('deal_id').notNull(),
    position: integer('position').notNull(),
    productId: uuid('product_id'),
    description: text('description').notNull(),
    /** Decimal string, up to 4 decimals. */
    quantity: numeric('quantity', { precision: 14, scale: 4 }).notNull(),
    unit: text('unit'),
    unitPrice: money('unit_price').notNull(),
    discountPercent: numeric('discount_percent', { precision: 6, scale: 3 }).notNull().default('0'),
    vatRateId: uuid('vat_rate_id'),
    vatRate: numeric('vat_rate', { precision: 6, scale: 3 }).notNull().default('0'),
    net: money('net').notNull(),
    vat: money('vat').notNull(),
    gross: money('gross').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

export const dealStageHistory = pgTable(
  'deal_stage_history',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull(),
    dealId: uuid('deal_id').notNull(),
    pipelineId: uuid('pipeline_id').notNull(),
    fromStageId: uuid('from_stage_id'),
    toStageId: uuid('to_stage_id').notNull(),
    at: ts('at').notNull().defaultNow(),
    leftAt: ts('left_at'),
    actorId: uuid('actor_id'),
    ownerId: uuid('owner_id'),
    amount: money('amount').notNull(),
    currency: text('currency').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);
