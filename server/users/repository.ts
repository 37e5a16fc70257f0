import { and, asc, eq, sql } from 'drizzle-orm';
import { users } from '../db/schema.js';
import type { Ctx } from '../platform/context.js';

const scope = (ctx: Ctx) => eq(users.workspaceId, ctx.workspace.id);

export type UserRow = typeof users.$inferSelect;

export async function listUsers(ctx: Ctx): Promise<UserRow[]> {
  return ctx.db.select().from(users).where(scope(ctx)).orderBy(asc(users.name));
}

export async function findUser(ctx: Ctx, id: string): Promise<UserRow | null> {
  const [row] = await ctx.db
    .select()
    .from(users)
    .where(and(scope(ctx), eq(users.id, id)));
  return row ?? null;
}

export async function emailExists(ctx: Ctx, email: string): Promise<boolean> {
  // Emails are unique across the installation (one sign-in per person), not only the workspace.
  const [row] = await ctx.db
    .select({ id: users.id })
    .from(users)
    .where(sql`lower(${users.email}) = lower(${email})`)
    .limit(1);
  return Boolean(row);
}

export async function insertUser(
  ctx: Ctx,
  user: Omit<typeof users.$inferInsert, 'workspaceId'>,
): Promise<UserRow> {
  const [row] = await ctx.db
    .insert(users)
    .values({ ...user, workspaceId: ctx.workspace.id })
    .returning();
  if (!row) throw new Error('insert returned nothing');
  return row;
}

export async function updateUser(
  ctx: Ctx,
  id: string,
  patch: Partial<
    Pick<UserRow, 'name' | 'role' | 'locale' | 'active' | 'passwordHash' | 'deputyId'>
  >,
): Promise<UserRow | null> {
  const [row] = await ctx.db
    .update(users)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(and(scope(ctx), eq(users.id, id)))
    .returning();
  return row ?? null;
}

export async function countActiveAdmins(ctx: Ctx): Promise<number> {
  const [row] = await ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(users)
    .where(and(scope(ctx), eq(users.role, 'admin'), eq(users.active, true)));
  return row?.n ?? 0;
}
