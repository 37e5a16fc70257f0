import { randomBytes } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '../db/connection.js';
import { users } from '../db/schema.js';
import type { Ctx } from '../platform/context.js';
import { systemContext } from '../platform/context.js';
import { findWorkspace, listWorkspaces } from '../workspaces/repository.js';
import { createWorkspace, workspaceInfo } from '../workspaces/service.js';

/**
 * The workspace `seed-demo` fills, as its first administrator: the given one, else the first
 * workspace of the installation, else a new demo workspace (its sign-in is returned).
 */
export async function demoTarget(
  database: Database,
  workspaceId?: string,
): Promise<{ ctx: Ctx; created: { email: string; password: string } | null }> {
  const row = workspaceId
    ? await findWorkspace(database.db, workspaceId)
    : ((await listWorkspaces(database.db))[0] ?? null);
  if (workspaceId && !row) throw new Error(`workspace ${workspaceId} not found`);
  if (row) {
    const [admin] = await database.db
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.workspaceId, row.id), eq(users.role, 'admin')))
      .orderBy(asc(users.createdAt))
      .limit(1);
    if (!admin) throw new Error(`workspace ${row.id} has no administrator`);
    const ctx: Ctx = {
      ...systemContext(database, workspaceInfo(row)),
      actor: { type: 'user', userId: admin.id, role: 'admin' },
    };
    return { ctx, created: null };
  }
  const email = 'admin@demo.odnos.test';
  const password = randomBytes(9).toString('base64url');
  const { ctx } = await createWorkspace(
    database,
    {
      workspaceName: 'Jadran Trade d.o.o.',
      locale: 'sl',
      currency: 'EUR',
      country: 'SI',
      name: 'Demo Admin',
      email,
      password,
    },
    { firstOnly: false },
  );
  return { ctx, created: { email, password } };
}
