/** The automation tables; DDL in db/migrations/20261203120001-automations.sql. */
import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import type { ActionResult, RuleAction, RuleCondition, RuleTrigger } from './schema.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date', precision: 3 });

export const automationRules = pgTable(
  'automation_rules',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    enabled: boolean('enabled').notNull().default(true),
    trigger: jsonb('trigger').$type<RuleTrigger>().notNull(),
    triggerKind: text('trigger_kind').notNull(),
    triggerObject: text('trigger_object'),
    conditions: jsonb('conditions')
      .$type<RuleCondition[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    actions: jsonb('actions')
      .$type<RuleAction[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    nextRunAt: ts('next_run_at'),
    lastScanOn: date('last_scan_on', { mode: 'string' }),
    state: jsonb('state')
      .$type<Record<string, number>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    webhookSecret: text('webhook_secret').notNull(),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by'),
    updatedBy: uuid('updated_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    deletedAt: ts('deleted_at'),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

export const automationRuns = pgTable(
  'automation_runs',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull(),
    ruleId: uuid('rule_id').notNull(),
    eventKey: text('event_key').notNull(),
    triggerKind: text('trigger_kind').notNull(),
    recordObject: text('record_object'),
    recordId: uuid('record_id'),
    status: text('status').notNull(),
    test: boolean('test').notNull().default(false),
    depth: integer('depth').notNull().default(0),
    error: text('error'),
    actions: jsonb('actions')
      .$type<ActionResult[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    startedAt: ts('started_at').notNull().defaultNow(),
    finishedAt: ts('finished_at'),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

export const automationDeliveries = pgTable(
  'automation_deliveries',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull(),
    ruleId: uuid('rule_id').notNull(),
    runId: uuid('run_id').notNull(),
    url: text('url').notNull(),
    body: text('body').notNull(),
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull(),
    lastStatus: integer('last_status'),
    lastError: text('last_error'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    deliveredAt: ts('delivered_at'),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);
