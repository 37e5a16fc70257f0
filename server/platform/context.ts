import type { Locale } from '../../common/locales.js';
import type { UserRole } from '../../common/records.js';
import type { Database, Db } from '../db/connection.js';
import type { Access } from './permissions.js';

export interface Actor {
  type: 'user' | 'api_key' | 'system';
  /** The signed-in user, or the user an API key acts for. */
  userId: string | null;
  role: UserRole;
  apiKeyId?: string;
}

export interface WorkspaceInfo {
  id: string;
  name: string;
  locale: Locale;
  currency: string;
  country: string;
  timezone: string;
}

/**
 * Everything a service or repository needs to know about the caller. Every repository function
 * takes it first, so no query can run without a workspace and an actor (STYLE.md §6, §8).
 */
export interface Ctx {
  workspace: WorkspaceInfo;
  actor: Actor;
  locale: Locale;
  /** The database handle, or the open transaction when inside `inTransaction`. */
  db: Db;
  database: Database;
  requestId: string;
  ip: string | null;
  userAgent: string | null;
  /** The caller's role, teams and shares (issue 9); absent for the system's own work. */
  access?: Access;
}

/** Runs `work` in one transaction; nested calls reuse the open one (savepoints in Drizzle). */
export async function inTransaction<T>(ctx: Ctx, work: (tx: Ctx) => Promise<T>): Promise<T> {
  return ctx.db.transaction(async (tx) => work({ ...ctx, db: tx }));
}

/** A context for background work on behalf of a workspace (jobs, CLI, seeding). */
export function systemContext(
  database: Database,
  workspace: WorkspaceInfo,
  userId: string | null = null,
): Ctx {
  return {
    workspace,
    actor: { type: 'system', userId, role: 'admin' },
    locale: workspace.locale,
    db: database.db,
    database,
    requestId: 'system',
    ip: null,
    userAgent: null,
  };
}
