import { and, eq, getTableColumns, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { queryRows } from '../db/connection.js';
import { buildListQuery, pageOf, type ListFields, type ListParams } from '../db/list-query.js';
import { users } from '../db/schema.js';
import type { Ctx } from '../platform/context.js';
import { scopeTo } from '../platform/permissions.js';
import {
  TASK_PRIORITIES,
  TASK_RELATED_TYPES,
  TASK_STATUSES,
  TASK_TYPES,
  type TaskRelatedType,
} from './schema.js';
import { calendarFeeds, taskSettings, tasks, type TaskRow } from './tables.js';

export const taskListFields: ListFields = {
  dueAt: { expr: tasks.dueAt, kind: 'timestamp', sortable: true, nullable: true },
  createdAt: { expr: tasks.createdAt, kind: 'timestamp', sortable: true },
  updatedAt: { expr: tasks.updatedAt, kind: 'timestamp', sortable: true },
  completedAt: { expr: tasks.completedAt, kind: 'timestamp', sortable: true, nullable: true },
  title: { expr: tasks.title, kind: 'text', sortable: true },
  type: { expr: tasks.type, kind: 'enum', values: TASK_TYPES, sortable: true },
  status: { expr: tasks.status, kind: 'enum', values: TASK_STATUSES, sortable: true },
  priority: { expr: tasks.priority, kind: 'enum', values: TASK_PRIORITIES, sortable: true },
  ownerId: { expr: tasks.ownerId, kind: 'uuid' },
  createdBy: { expr: tasks.createdBy, kind: 'uuid', nullable: true },
  relatedType: {
    expr: tasks.relatedType,
    kind: 'enum',
    values: TASK_RELATED_TYPES,
    nullable: true,
  },
  relatedId: { expr: tasks.relatedId, kind: 'uuid', nullable: true },
  seriesId: { expr: tasks.seriesId, kind: 'uuid', nullable: true },
};

export async function listTasks(ctx: Ctx, params: ListParams, extra: SQL[]) {
  const q = buildListQuery(params, taskListFields, tasks);
  const rows = await ctx.db
    .select({ ...getTableColumns(tasks), sortValue: q.sortValue })
    .from(tasks)
    .where(and(scopeTo(ctx, tasks), ...q.where, ...extra))
    .orderBy(...q.orderBy)
    .limit(q.limit);
  return pageOf(rows, params.limit);
}

/** Tasks with a due time inside [from, to) (calendar), open and done, not deleted. */
export async function tasksBetween(
  ctx: Ctx,
  from: Date,
  to: Date,
  ownerIds: string[] | null,
  limit = 2000,
): Promise<TaskRow[]> {
  return ctx.db
    .select()
    .from(tasks)
    .where(
      and(
        scopeTo(ctx, tasks),
        isNull(tasks.deletedAt),
        sql`${tasks.dueAt} >= ${from.toISOString()}::timestamptz`,
        sql`${tasks.dueAt} < ${to.toISOString()}::timestamptz`,
        sql`${tasks.status} <> 'cancelled'`,
        ...(ownerIds ? [inArray(tasks.ownerId, ownerIds)] : []),
      ),
    )
    .orderBy(tasks.dueAt, tasks.id)
    .limit(limit);
}

export async function findTask(
  ctx: Ctx,
  id: string,
  options: { forUpdate?: boolean; skipLocked?: boolean; deleted?: boolean } = {},
): Promise<TaskRow | null> {
  const query = ctx.db
    .select()
    .from(tasks)
    .where(
      and(
        scopeTo(ctx, tasks),
        eq(tasks.id, id),
        options.deleted ? undefined : isNull(tasks.deletedAt),
      ),
    );
  const [row] = options.skipLocked
    ? await query.for('update', { skipLocked: true })
    : options.forUpdate
      ? await query.for('update')
      : await query;
  return row ?? null;
}

export async function insertTask(
  ctx: Ctx,
  values: Omit<typeof tasks.$inferInsert, 'workspaceId'>,
): Promise<TaskRow> {
  const [row] = await ctx.db
    .insert(tasks)
    .values({ ...values, workspaceId: ctx.workspace.id })
    .returning();
  if (!row) throw new Error('insert returned nothing');
  return row;
}

export async function updateTask(
  ctx: Ctx,
  id: string,
  patch: Partial<Omit<typeof tasks.$inferInsert, 'workspaceId' | 'id'>>,
): Promise<TaskRow> {
  const [row] = await ctx.db
    .update(tasks)
    .set({
      ...patch,
      version: sql`${tasks.version} + 1`,
      updatedAt: sql`now()`,
      updatedBy: ctx.actor.userId,
    })
    .where(and(eq(tasks.workspaceId, ctx.workspace.id), eq(tasks.id, id)))
    .returning();
  if (!row) throw new Error('update returned nothing');
  return row;
}

/** Records that a reminder or escalation went out (not a user's edit: no version bump). */
export async function markJobDone(
  ctx: Ctx,
  id: string,
  values: { remindedAt?: Date; escalatedAt?: Date },
): Promise<void> {
  await ctx.db
    .update(tasks)
    .set(values)
    .where(and(eq(tasks.workspaceId, ctx.workspace.id), eq(tasks.id, id)));
}

/** Open tasks of one user due in [from, to) — hand-over to a deputy. */
export async function openTasksOf(ctx: Ctx, ownerId: string, from: Date | null, to: Date | null) {
  return ctx.db
    .select()
    .from(tasks)
    .where(
      and(
        scopeTo(ctx, tasks),
        isNull(tasks.deletedAt),
        eq(tasks.status, 'open'),
        eq(tasks.ownerId, ownerId),
        from ? sql`${tasks.dueAt} >= ${from.toISOString()}::timestamptz` : undefined,
        to ? sql`${tasks.dueAt} < ${to.toISOString()}::timestamptz` : undefined,
      ),
    )
    .for('update');
}

export interface UserInfo {
  id: string;
  name: string;
  email: string;
  locale: string;
  timezone: string | null;
  active: boolean;
  role: string;
}

export async function usersByIds(ctx: Ctx, ids: string[]): Promise<Map<string, UserInfo>> {
  if (ids.length === 0) return new Map();
  const rows = await ctx.db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      locale: users.locale,
      timezone: users.timezone,
      active: users.active,
      role: users.role,
    })
    .from(users)
    .where(and(eq(users.workspaceId, ctx.workspace.id), inArray(users.id, [...new Set(ids)])));
  return new Map(rows.map((r) => [r.id, r]));
}

/** The time zone a user works in: their own, else the workspace's. */
export async function userTimeZone(ctx: Ctx, userId: string | null): Promise<string> {
  if (!userId) return ctx.workspace.timezone;
  const user = (await usersByIds(ctx, [userId])).get(userId);
  return user?.timezone ?? ctx.workspace.timezone;
}

const NAME_SQL: Record<Exclude<TaskRelatedType, 'deals'>, { table: string; name: string }> = {
  contacts: { table: 'contacts', name: `trim(first_name || ' ' || last_name)` },
  companies: { table: 'companies', name: 'name' },
  leads: {
    table: 'leads',
    name: `coalesce(nullif(name, ''), nullif(company_name, ''), email, phone, '')`,
  },
  invoices: { table: 'billing_documents', name: `coalesce(number, '') || ' ' || customer_name` },
};

/** Names of related records that exist (and are not deleted); missing ids are absent. */
export async function relatedNames(
  ctx: Ctx,
  type: TaskRelatedType,
  ids: string[],
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const list = sql.join(
    [...new Set(ids)].map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  let rows: { id: string; name: string | null }[];
  if (type === 'deals') {
    // Deals belong to the pipeline feature; its columns are read without naming them.
    const [exists] = await queryRows<{ t: string | null }>(
      ctx.db,
      sql`SELECT to_regclass('deals')::text AS t`,
    );
    if (!exists?.t) return new Map();
    rows = await queryRows(
      ctx.db,
      sql`SELECT d.id::text AS id,
                 coalesce(to_jsonb(d)->>'title', to_jsonb(d)->>'name', '') AS name
          FROM deals d
          WHERE d.workspace_id = ${ctx.workspace.id} AND d.id IN (${list})
            AND (to_jsonb(d)->>'deleted_at') IS NULL`,
    );
  } else {
    const spec = NAME_SQL[type];
    rows = await queryRows(
      ctx.db,
      sql`SELECT id::text AS id, ${sql.raw(spec.name)} AS name FROM ${sql.raw(spec.table)}
          WHERE workspace_id = ${ctx.workspace.id} AND id IN (${list}) AND deleted_at IS NULL`,
    );
  }
  return new Map(rows.map((r) => [r.id, (r.name ?? '').trim()]));
}

export async function findSettings(ctx: Ctx) {
  const [row] = await ctx.db
    .select()
    .from(taskSettings)
    .where(eq(taskSettings.workspaceId, ctx.workspace.id));
  return row ?? null;
}

export async function saveSettings(
  ctx: Ctx,
  values: { escalationDays?: number; escalateToManager?: boolean },
): Promise<void> {
  await ctx.db
    .insert(taskSettings)
    .values({ workspaceId: ctx.workspace.id, ...values })
    .onConflictDoUpdate({
      target: taskSettings.workspaceId,
      set: { ...values, updatedAt: sql`now()` },
    });
}

export async function feedOf(ctx: Ctx, userId: string) {
  const [row] = await ctx.db
    .select()
    .from(calendarFeeds)
    .where(and(eq(calendarFeeds.workspaceId, ctx.workspace.id), eq(calendarFeeds.userId, userId)));
  return row ?? null;
}

export async function saveFeed(ctx: Ctx, userId: string, token: string): Promise<void> {
  await ctx.db
    .insert(calendarFeeds)
    .values({ workspaceId: ctx.workspace.id, userId, token })
    .onConflictDoUpdate({
      target: [calendarFeeds.workspaceId, calendarFeeds.userId],
      set: { token, createdAt: sql`now()` },
    });
}
