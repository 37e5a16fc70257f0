import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/connection.js';
import { users, workspaces } from '../db/schema.js';

export type WorkspaceRow = typeof workspaces.$inferSelect;

export async function anyUserExists(db: Db): Promise<boolean> {
  const [row] = await db.select({ id: users.id }).from(users).limit(1);
  return Boolean(row);
}

/** Serializes concurrent first-run setups (both engines support advisory locks). */
export async function lockSetup(db: Db): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(7261736002)`);
}

export async function insertWorkspace(
  db: Db,
  values: typeof workspaces.$inferInsert,
): Promise<WorkspaceRow> {
  const [row] = await db.insert(workspaces).values(values).returning();
  if (!row) throw new Error('insert returned nothing');
  return row;
}

export async function findWorkspace(db: Db, id: string): Promise<WorkspaceRow | null> {
  const [row] = await db.select().from(workspaces).where(eq(workspaces.id, id));
  return row ?? null;
}

export async function updateWorkspace(
  db: Db,
  id: string,
  patch: Partial<Pick<WorkspaceRow, 'name' | 'locale' | 'currency' | 'country' | 'timezone'>>,
): Promise<WorkspaceRow | null> {
  const [row] = await db
    .update(workspaces)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(eq(workspaces.id, id))
    .returning();
  return row ?? null;
}

export async function listWorkspaces(db: Db): Promise<WorkspaceRow[]> {
  return db.select().from(workspaces).orderBy(workspaces.createdAt);
}
