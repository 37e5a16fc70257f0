import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { fieldDefinitions } from '../db/schema.js';
import type { Ctx } from '../platform/context.js';

export type FieldRow = typeof fieldDefinitions.$inferSelect;
const scope = (ctx: Ctx) =>
  and(eq(fieldDefinitions.workspaceId, ctx.workspace.id), isNull(fieldDefinitions.deletedAt));

export async function listFields(ctx: Ctx, object?: string): Promise<FieldRow[]> {
  return ctx.db
    .select()
    .from(fieldDefinitions)
    .where(and(scope(ctx), object ? eq(fieldDefinitions.object, object) : undefined))
    .orderBy(
      asc(fieldDefinitions.object),
      asc(fieldDefinitions.position),
      asc(fieldDefinitions.createdAt),
    );
}

export async function findField(ctx: Ctx, id: string): Promise<FieldRow | null> {
  const [row] = await ctx.db
    .select()
    .from(fieldDefinitions)
    .where(and(scope(ctx), eq(fieldDefinitions.id, id)));
  return row ?? null;
}

export async function keyTaken(ctx: Ctx, object: string, key: string): Promise<boolean> {
  const [row] = await ctx.db
    .select({ id: fieldDefinitions.id })
    .from(fieldDefinitions)
    .where(and(scope(ctx), eq(fieldDefinitions.object, object), eq(fieldDefinitions.key, key)));
  return Boolean(row);
}

export async function nextPosition(ctx: Ctx, object: string): Promise<number> {
  const [row] = await ctx.db
    .select({ n: sql<number>`coalesce(max(${fieldDefinitions.position}) + 1, 0)::int` })
    .from(fieldDefinitions)
    .where(and(scope(ctx), eq(fieldDefinitions.object, object)));
  return row?.n ?? 0;
}

export async function insertField(
  ctx: Ctx,
  field: Omit<typeof fieldDefinitions.$inferInsert, 'workspaceId'>,
): Promise<FieldRow> {
  const [row] = await ctx.db
    .insert(fieldDefinitions)
    .values({ ...field, workspaceId: ctx.workspace.id })
    .returning();
  if (!row) throw new Error('insert returned nothing');
  return row;
}

export async function updateField(
  ctx: Ctx,
  id: string,
  patch: Partial<
    Pick<FieldRow, 'label' | 'options' | 'required' | 'hidden' | 'searchable' | 'position'>
  >,
): Promise<FieldRow | null> {
  const [row] = await ctx.db
    .update(fieldDefinitions)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(and(scope(ctx), eq(fieldDefinitions.id, id)))
    .returning();
  return row ?? null;
}

export async function softDeleteField(ctx: Ctx, id: string): Promise<FieldRow | null> {
  const [row] = await ctx.db
    .update(fieldDefinitions)
    .set({ deletedAt: sql`now()` })
    .where(and(scope(ctx), eq(fieldDefinitions.id, id)))
    .returning();
  return row ?? null;
}
