import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../db/connection.js';
import { daysAround, wholeMonths } from '../db/month-rollup.js';
import type { AccessAction } from '../../common/access.js';
import type { Ctx } from '../platform/context.js';
import { scopeCondition } from '../platform/permissions.js';
import { activityDays, activityMonths } from './tables.js';

/** Live activities of one month (`YYYY-MM`), kind and actor. */
export interface ActivityCountRow {
  month: string;
  kind: string;
  actor_id: string | null;
  n: number;
}

export interface ActivityFilter {
  from: string;
  to: string;
  /** Only these actors (an employee, a team's members); null: everyone. */
  actorIds: string[] | null;
  kind: string | null;
}

const uuidArray = (ids: string[]) => sql`${`{${ids.join(',')}}`}::uuid[]`;

/** The filter and the caller's scope (own / team / all by actor) on one of the two tables. */
function conditions(
  ctx: Ctx,
  action: AccessAction,
  filter: ActivityFilter,
  table: typeof activityDays | typeof activityMonths,
): SQL {
  const parts: SQL[] = [sql`${table.workspaceId} = ${ctx.workspace.id}::uuid`];
  const visible = scopeCondition(ctx, action, 'reports', {
    workspaceId: table.workspaceId,
    ownerId: table.actorId,
  });
  if (visible) parts.push(visible);
  if (filter.actorIds) parts.push(sql`${table.actorId} = any(${uuidArray(filter.actorIds)})`);
  if (filter.kind) parts.push(sql`${table.kind} = ${filter.kind}`);
  return sql.join(parts, sql` and `);
}

/**
 * Live activities in the days [from, to] (UTC) per month, kind and actor — a few thousand rows
 * however many activities: whole months from `activity_months`, the days before and after them
 * from `activity_days` (both kept by triggers on `activities`).
 */
export async function activityCounts(
  ctx: Ctx,
  action: AccessAction,
  filter: ActivityFilter,
): Promise<ActivityCountRow[]> {
  const months = wholeMonths(filter.from, filter.to);
  const branches = daysAround(filter.from, filter.to).map(
    (days) =>
      sql`select to_char(${activityDays.day}, 'YYYY-MM') as month, ${activityDays.kind} as kind,
                 ${activityDays.actorId} as actor_id, ${activityDays.n} as n
          from ${activityDays}
          where ${conditions(ctx, action, filter, activityDays)}
            and ${activityDays.day} >= ${days.start}::date
            and ${activityDays.day} < ${days.end}::date and ${activityDays.n} <> 0`,
  );
  if (months)
    branches.push(
      sql`select to_char(${activityMonths.month}, 'YYYY-MM') as month, ${activityMonths.kind} as kind,
                 ${activityMonths.actorId} as actor_id, ${activityMonths.n} as n
          from ${activityMonths}
          where ${conditions(ctx, action, filter, activityMonths)}
            and ${activityMonths.month} >= ${months.start}::date
            and ${activityMonths.month} < ${months.end}::date and ${activityMonths.n} <> 0`,
    );
  return queryRows<ActivityCountRow>(
    ctx.db,
    sql`select month, kind, actor_id, sum(n)::int as n
        from (${sql.join(branches, sql` union all `)}) counted
        group by month, kind, actor_id
        having sum(n) <> 0`,
  );
}

/**
 * Recounts the activity roll-ups of a workspace (or of all) from its rows, after a bulk load that
 * ran with the triggers off (see bench/load); the triggers keep them from then on.
 */
export async function rebuildActivityRollups(db: Db, workspaceId?: string): Promise<void> {
  const only = workspaceId ? sql`where workspace_id = ${workspaceId}::uuid` : sql``;
  const live = workspaceId
    ? sql`workspace_id = ${workspaceId}::uuid and deleted_at is null`
    : sql`deleted_at is null`;
  await db.execute(sql`delete from activity_months ${only}`);
  await db.execute(
    sql`insert into activity_months
        select workspace_id, date_trunc('month', occurred_at at time zone 'UTC')::date, kind,
               actor_id, count(*)
        from activities where ${live}
        group by 1, 2, 3, 4`,
  );
  await db.execute(sql`delete from activity_days ${only}`);
  await db.execute(
    sql`insert into activity_days
        select workspace_id, (occurred_at at time zone 'UTC')::date, kind, actor_id, count(*)
        from activities where ${live}
        group by 1, 2, 3, 4`,
  );
}
