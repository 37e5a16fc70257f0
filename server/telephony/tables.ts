/** The telephony feature's tables; DDL in db/migrations/20261203080000-telephony.sql. */
import { sql } from 'drizzle-orm';
import {
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

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date', precision: 3 });

export const telephonySettings = pgTable('telephony_settings', {
  workspaceId: uuid('workspace_id').primaryKey(),
  signingSecret: text('signing_secret'),
  clickToCallUrl: text('click_to_call_url'),
  callbackSlaMinutes: integer('callback_sla_minutes').notNull().default(60),
  callbackUserId: uuid('callback_user_id'),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const telephonyAgents = pgTable(
  'telephony_agents',
  {
    workspaceId: uuid('workspace_id').notNull(),
    userId: uuid('user_id').notNull(),
    extension: text('extension').notNull(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.userId] })],
);

export interface CallMatch {
  type: 'contacts' | 'companies' | 'leads';
  id: string;
}
export interface CallActivityLink extends CallMatch {
  activityId: string;
}

export const calls = pgTable(
  'calls',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull(),
    externalId: text('external_id').notNull(),
    direction: text('direction').notNull(),
    fromNumber: text('from_number').notNull(),
    toNumber: text('to_number').notNull(),
    customerNumber: text('customer_number').notNull(),
    extension: text('extension'),
    agentId: uuid('agent_id'),
    status: text('status').notNull(),
    ringingAt: ts('ringing_at'),
    answeredAt: ts('answered_at'),
    endedAt: ts('ended_at'),
    missedAt: ts('missed_at'),
    startedAt: ts('started_at').notNull(),
    durationSec: integer('duration_sec'),
    recordingUrl: text('recording_url'),
    matches: jsonb('matches')
      .$type<CallMatch[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    matchCount: integer('match_count').notNull().default(0),
    activities: jsonb('activities')
      .$type<CallActivityLink[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    leadId: uuid('lead_id'),
    taskId: uuid('task_id'),
    callbackDueAt: ts('callback_due_at'),
    note: text('note'),
    events: text('events')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    deletedAt: ts('deleted_at'),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

export const purchasePredictions = pgTable(
  'purchase_predictions',
  {
    workspaceId: uuid('workspace_id').notNull(),
    customerType: text('customer_type').notNull(),
    customerId: uuid('customer_id').notNull(),
    productId: uuid('product_id').notNull(),
    productName: text('product_name').notNull(),
    purchases: integer('purchases').notNull(),
    intervalDays: numeric('interval_days', { mode: 'number' }).notNull(),
    lastAt: date('last_at', { mode: 'string' }).notNull(),
    nextAt: date('next_at', { mode: 'string' }).notNull(),
    regularity: numeric('regularity', { mode: 'number' }).notNull(),
    computedAt: ts('computed_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.customerType, t.customerId, t.productId] })],
);

export const productAssociations = pgTable(
  'product_associations',
  {
    workspaceId: uuid('workspace_id').notNull(),
    productId: uuid('product_id').notNull(),
    otherProductId: uuid('other_product_id').notNull(),
    otherProductName: text('other_product_name').notNull(),
    customers: integer('customers').notNull(),
    support: numeric('support', { mode: 'number' }).notNull(),
    confidence: numeric('confidence', { mode: 'number' }).notNull(),
    lift: numeric('lift', { mode: 'number' }).notNull(),
    computedAt: ts('computed_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.productId, t.otherProductId] })],
);
