import { and, eq, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Ctx } from './context.js';

/**
 * The one place that decides which rows a caller may see. Every repository query on a tenant
 * table goes through `scopeTo`: the workspace condition always, and the caller's visibility rule
 * (own / team / all records) once roles define it. Rows outside the scope do not exist for the
 * caller: services answer 404 for them.
 */
export function scopeTo(ctx: Ctx, table: { workspaceId: AnyColumn; ownerId?: AnyColumn }): SQL {
  const conditions = [eq(table.workspaceId, ctx.workspace.id), visibility(ctx, table)];
  return and(...conditions) as SQL;
}

/** Visibility of owned records for the caller's role. admin, manager, member: all records. */
function visibility(_ctx: Ctx, _table: { ownerId?: AnyColumn }): SQL | undefined {
  return undefined;
}
