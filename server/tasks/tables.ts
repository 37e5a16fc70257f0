/** Tasks, their workspace settings and calendar feeds; DDL in db/migrations/20261203110001-tasks-notifications-mail.sql. */
import { boolean, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date', precision: 3 });

export const tasks = pgTable(
  'tasks',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull(),
    title: text('title').notNull(),
    description: text('description'),
    type: text('type').notNull().default('other'),
    relatedType: text('related_type'),
    relatedId: uuid('related_id'),
    ownerId: uuid('owner_id').notNull(),
    dueAt: ts('due_at'),
    timeZone: text('time_zone').notNull().default('UTC'),
    priority: text('priority').notNull().default('normal'),
    reminderMinutes: integer('reminder_minutes'),
    remindAt: ts('remind_at'),
    remindedAt: ts('reminded_at'),
    escalatedAt: ts('escalated_at'),
    recurrence: text('recurrence'),
    seriesId: uuid('series_id'),
    status: text('status').notNull().default('open'),
    result: text('result'),
    completedAt: ts('completed_at'),
    completedBy: uuid('completed_by'),
    searchText: text('search_text').notNull().default(''),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by'),
    updatedBy: uuid('updated_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    deletedAt: ts('deleted_at'),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);
export type TaskRow = typeof tasks.$inferSelect;

export const taskSettings = pgTable('task_settings', {
  workspaceId: uuid('workspace_id').primaryKey(),
  escalationDays: integer('escalation_days').notNull().default(2),
  escalateToManager: boolean('escalate_to_manager').notNull().default(true),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const calendarFeeds = pgTable(
  'calendar_feeds',
  {
    workspaceId: uuid('workspace_id').notNull(),
    userId: uuid('user_id').notNull(),
    token: text('token').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.userId] })],
);
