import type { Database } from '../db/connection.js';
import { systemContext, type Ctx } from '../platform/context.js';
import { findWorkspace } from '../workspaces/repository.js';
import { workspaceInfo } from '../workspaces/service.js';

/** A system context for background work in one workspace (null when it no longer exists). */
export async function workspaceContext(
  database: Database,
  workspaceId: string,
  userId: string | null = null,
): Promise<Ctx | null> {
  const row = await findWorkspace(database.db, workspaceId);
  return row ? systemContext(database, workspaceInfo(row), userId) : null;
}
