/** Work schedules and absences (R27); DDL in db/migrations/20261203110001-tasks-notifications-mail.sql. */
import { sql } from 'drizzle-orm';
import { date, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date', precision: 3 });

export interface WorkingHours {
  /** ISO weekday: Monday = 1 … Sunday = 7. */
  day: number;
  from: string;
  to: string;
}

export const workSchedules = pgTable(
  'work_schedules',
  {
    workspaceId: uuid('workspace_id').notNull(),
    userId: uuid('user_id').notNull(),
    hours: jsonb('hours')
      .$type<WorkingHours[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    deputyId: uuid('deputy_id'),
    managerId: uuid('manager_id'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.userId] })],
);

export const absences = pgTable(
  'absences',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull(),
    userId: uuid('user_id').notNull(),
    kind: text('kind').notNull(),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    endsOn: date('ends_on', { mode: 'string' }).notNull(),
    deputyId: uuid('deputy_id'),
    note: text('note'),
    handedOverAt: ts('handed_over_at'),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    deletedAt: ts('deleted_at'),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);
export type AbsenceRow = typeof absences.$inferSelect;
