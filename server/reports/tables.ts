/** Tables of the reports (migration 20261205100000-activity-rollups.sql). */
import { date, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';

/** Live activities per calendar month (UTC), kind and actor; kept by triggers on `activities`. */
export const activityMonths = pgTable('activity_months', {
  workspaceId: uuid('workspace_id').notNull(),
  month: date('month').notNull(),
  kind: text('kind').notNull(),
  actorId: uuid('actor_id'),
  n: integer('n').notNull(),
});

/** The same per day (UTC); a report reads the days around its whole months here. */
export const activityDays = pgTable('activity_days', {
  workspaceId: uuid('workspace_id').notNull(),
  day: date('day').notNull(),
  kind: text('kind').notNull(),
  actorId: uuid('actor_id'),
  n: integer('n').notNull(),
});
