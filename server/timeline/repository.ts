import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { queryRows } from '../db/connection.js';
import { activities, users } from '../db/schema.js';
import type { Ctx } from '../platform/context.js';

export type ActivityRow = typeof activities.$inferSelect;

export async function insertActivity(
  ctx: Ctx,
  values: Omit<typeof activities.$inferInsert, 'workspaceId'>,
): Promise<ActivityRow> {
  const [row] = await ctx.db
    .insert(activities)
    .values({ ...values, workspaceId: ctx.workspace.id })
    .returning();
  if (!row) throw new Error('insert returned nothing');
  return row;
}

export async function findActivity(
  ctx: Ctx,
  recordType: string,
  recordId: string,
  id: string,
): Promise<ActivityRow | null> {
  const [row] = await ctx.db
    .select()
    .from(activities)
    .where(
      and(
        eq(activities.workspaceId, ctx.workspace.id),
        eq(activities.recordType, recordType),
        eq(activities.recordId, recordId),
        eq(activities.id, id),
        isNull(activities.deletedAt),
      ),
    );
  return row ?? null;
}

export async function updateActivityBody(
  ctx: Ctx,
  id: string,
  body: string,
): Promise<ActivityRow | null> {
  const [row] = await ctx.db
    .update(activities)
    .set({ body, updatedAt: sql`now()` })
    .where(and(eq(activities.workspaceId, ctx.workspace.id), eq(activities.id, id)))
    .returning();
  return row ?? null;
}

export async function softDeleteActivity(ctx: Ctx, id: string): Promise<void> {
  await ctx.db
    .update(activities)
    .set({ deletedAt: sql`now()` })
    .where(and(eq(activities.workspaceId, ctx.workspace.id), eq(activities.id, id)));
}

export interface TimelineRow {
  id: string;
  source: 'activity' | 'audit';
  kind: string;
  at: string;
  actor_id: string | null;
  /** The actor's name (read with the timeline, not in a second round trip). */
  actor_name: string | null;
  body: string | null;
  data: Record<string, unknown> | null;
  changes: Record<string, [unknown, unknown]> | null;
}

/**
 * A record's timeline: its activities (notes, calls, emails…) and its audit events (changes),
 * newest first. Each branch reads its own index and is limited before the merge.
 */
export async function timeline(
  ctx: Ctx,
  recordType: string,
  recordId: string,
  options: { limit: number; before: { at: string; id: string } | null; kinds: string[] | null },
): Promise<TimelineRow[]> {
  const { limit, before, kinds } = options;
  const activityKinds = kinds?.filter((k) => k !== 'change') ?? null;
  const withChanges = !kinds || kinds.includes('change');
  const beforeActivity = before
    ? sql`and (occurred_at, id) < (${before.at}::timestamptz, ${before.id}::uuid)`
    : sql``;
  const beforeAudit = before
    ? sql`and (at, id) < (${before.at}::timestamptz, ${before.id}::uuid)`
    : sql``;
  const kindFilter = activityKinds
    ? sql`and kind in (${sql.join(
        activityKinds.map((k) => sql`${k}`),
        sql`, `,
      )})`
    : sql``;
  const activityBranch =
    activityKinds && activityKinds.length === 0
      ? null
      : sql`(select id, 'activity' as source, kind, occurred_at as at, actor_id, body, data, null::jsonb as changes
          from activities
          where workspace_id = ${ctx.workspace.id} and record_type = ${recordType} and record_id = ${recordId}
            and deleted_at is null ${kindFilter} ${beforeActivity}
          order by occurred_at desc, id desc limit ${limit})`;
  const auditBranch = withChanges
    ? sql`(select id, 'audit' as source, action as kind, at, actor_id, null as body, null::jsonb as data, changes
          from audit_events
          where workspace_id = ${ctx.workspace.id} and record_id = ${recordId} and object = ${recordType} ${beforeAudit}
          order by at desc, id desc limit ${limit})`
    : null;
  const branches = [activityBranch, auditBranch].filter((b) => b !== null);
  if (branches.length === 0) return [];
  return queryRows<TimelineRow>(
    ctx.db,
    sql`select t.id, t.source, t.kind, to_char(t.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at,
          t.actor_id, u.name as actor_name, t.body, t.data, t.changes
        from (select * from (${sql.join(branches, sql` union all `)}) b
          order by b.at desc, b.id desc limit ${limit}) t
        left join users u on u.workspace_id = ${ctx.workspace.id} and u.id = t.actor_id
        order by t.at desc, t.id desc`,
  );
}

export async function userNames(ctx: Ctx, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await ctx.db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(and(eq(users.workspaceId, ctx.workspace.id), inArray(users.id, ids)));
  return new Map(rows.map((r) => [r.id, r.name]));
}
