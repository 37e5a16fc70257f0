import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/connection.js';
import { apiKeys, sessions, users, workspaces } from '../db/schema.js';
import type { Ctx } from '../platform/context.js';

const principalColumns = {
  userId: users.id,
  userName: users.name,
  email: users.email,
  role: users.role,
  locale: users.locale,
  active: users.active,
  workspaceId: workspaces.id,
  workspaceName: workspaces.name,
  workspaceLocale: workspaces.locale,
  currency: workspaces.currency,
  country: workspaces.country,
  timezone: workspaces.timezone,
  /** Changes whenever what access is computed from changes (see loadAccess). */
  accessVersion: workspaces.accessVersion,
};

export async function findUserForLogin(db: Db, email: string) {
  const [row] = await db
    .select({
      ...principalColumns,
      passwordHash: users.passwordHash,
      lockedUntil: users.lockedUntil,
    })
    .from(users)
    .innerJoin(workspaces, eq(workspaces.id, users.workspaceId))
    .where(sql`lower(${users.email}) = lower(${email})`)
    .limit(1);
  return row ?? null;
}

function sessionQuery(db: Db) {
  return db
    .select({ ...principalColumns, expiresAt: sessions.expiresAt, lastSeenAt: sessions.lastSeenAt })
    .from(sessions)
    .innerJoin(
      users,
      and(eq(users.workspaceId, sessions.workspaceId), eq(users.id, sessions.userId)),
    )
    .innerJoin(workspaces, eq(workspaces.id, sessions.workspaceId))
    .where(
      and(eq(sessions.tokenHash, sql.placeholder('tokenHash')), sql`${sessions.expiresAt} > now()`),
    )
    .limit(1)
    .prepare('find_session');
}

/**
 * The session lookup runs before every request: built once per database and sent as a named
 * prepared statement, so PostgreSQL plans it once per connection instead of on every request
 * (planning was three quarters of its cost).
 */
const sessionQueries = new WeakMap<Db, ReturnType<typeof sessionQuery>>();

export async function findSession(db: Db, tokenHash: string) {
  let query = sessionQueries.get(db);
  if (!query) {
    query = sessionQuery(db);
    sessionQueries.set(db, query);
  }
  const [row] = await query.execute({ tokenHash });
  return row ?? null;
}

export async function findApiKey(db: Db, keyHash: string) {
  const [row] = await db
    .select({ ...principalColumns, apiKeyId: apiKeys.id, lastUsedAt: apiKeys.lastUsedAt })
    .from(apiKeys)
    .innerJoin(users, and(eq(users.workspaceId, apiKeys.workspaceId), eq(users.id, apiKeys.userId)))
    .innerJoin(workspaces, eq(workspaces.id, apiKeys.workspaceId))
    .where(and(eq(apiKeys.keyHash, keyHash), isNull(apiKeys.revokedAt)))
    .limit(1);
  return row ?? null;
}

/** The columns every way of signing in resolves: the user and their workspace. */
export type Principal = {
  [K in keyof typeof principalColumns]: (typeof principalColumns)[K]['_']['data'];
};

export async function insertSession(
  db: Db,
  session: {
    tokenHash: string;
    workspaceId: string;
    userId: string;
    ip: string | null;
    userAgent: string | null;
    expiresAt: Date;
  },
): Promise<void> {
  await db.insert(sessions).values(session);
}

export async function touchSession(db: Db, tokenHash: string, expiresAt: Date): Promise<void> {
  await db
    .update(sessions)
    .set({ lastSeenAt: sql`now()`, expiresAt })
    .where(eq(sessions.tokenHash, tokenHash));
}

export async function deleteSession(db: Db, tokenHash: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
}

export async function markLoggedIn(ctx: Ctx, userId: string): Promise<void> {
  await ctx.db
    .update(users)
    .set({ lastLoginAt: sql`now()` })
    .where(and(eq(users.workspaceId, ctx.workspace.id), eq(users.id, userId)));
}

export async function touchApiKey(db: Db, workspaceId: string, id: string): Promise<void> {
  await db
    .update(apiKeys)
    .set({ lastUsedAt: sql`now()` })
    .where(and(eq(apiKeys.workspaceId, workspaceId), eq(apiKeys.id, id)));
}

/** Administrators see every key of the workspace; others their own. */
export async function listApiKeys(ctx: Ctx) {
  return ctx.db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      userId: apiKeys.userId,
      createdAt: apiKeys.createdAt,
      lastUsedAt: apiKeys.lastUsedAt,
    })
    .from(apiKeys)
    .where(and(eq(apiKeys.workspaceId, ctx.workspace.id), isNull(apiKeys.revokedAt), ownKeys(ctx)))
    .orderBy(apiKeys.createdAt);
}

export async function insertApiKey(
  ctx: Ctx,
  key: { id: string; name: string; keyHash: string; prefix: string; userId: string },
): Promise<void> {
  await ctx.db.insert(apiKeys).values({ workspaceId: ctx.workspace.id, ...key });
}

export async function revokeApiKey(ctx: Ctx, id: string): Promise<boolean> {
  const rows = await ctx.db
    .update(apiKeys)
    .set({ revokedAt: sql`now()` })
    .where(
      and(
        eq(apiKeys.workspaceId, ctx.workspace.id),
        eq(apiKeys.id, id),
        isNull(apiKeys.revokedAt),
        ownKeys(ctx),
      ),
    )
    .returning({ id: apiKeys.id });
  return rows.length > 0;
}

function ownKeys(ctx: Ctx) {
  return ctx.actor.role === 'admin' ? undefined : eq(apiKeys.userId, ctx.actor.userId ?? '');
}
