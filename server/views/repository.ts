import { and, asc, eq, sql } from 'drizzle-orm';
import { savedViews } from '../db/schema.js';
import type { Ctx } from '../platform/context.js';

export type ViewRow = typeof savedViews.$inferSelect;

/** Views belong to their user: nobody else lists or edits them. */
const mine = (ctx: Ctx) =>
  and(eq(savedViews.workspaceId, ctx.workspace.id), eq(savedViews.userId, ctx.actor.userId ?? ''));

export async function listViews(ctx: Ctx, object: string): Promise<ViewRow[]> {
  return ctx.db
    .select()
    .from(savedViews)
    .where(and(mine(ctx), eq(savedViews.object, object)))
    .orderBy(asc(savedViews.position), asc(savedViews.createdAt));
}

export async function insertView(
  ctx: Ctx,
  values: Pick<ViewRow, 'id' | 'object' | 'name' | 'config' | 'position'>,
): Promise<ViewRow> {
  const [row] = await ctx.db
    .insert(savedViews)
    .values({ ...values, workspaceId: ctx.workspace.id, userId: ctx.actor.userId ?? '' })
    .returning();
  if (!row) throw new Error('insert returned nothing');
  return row;
}

export async function updateView(
  ctx: Ctx,
  id: string,
  patch: Partial<Pick<ViewRow, 'name' | 'config' | 'position'>>,
): Promise<ViewRow | null> {
  const [row] = await ctx.db
    .update(savedViews)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(and(mine(ctx), eq(savedViews.id, id)))
    .returning();
  return row ?? null;
}

export async function deleteView(ctx: Ctx, id: string): Promise<boolean> {
  const rows = await ctx.db
    .delete(savedViews)
    .where(and(mine(ctx), eq(savedViews.id, id)))
    .returning({ id: savedViews.id });
  return rows.length > 0;
}
