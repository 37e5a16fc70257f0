/** SQL of a user's own security: lock-out counters, TOTP, recovery codes, sessions. */
import { and, desc, eq, ne, sql } from 'drizzle-orm';
import type { Db } from '../db/connection.js';
import { sessions, users } from '../db/schema.js';
import type { Ctx } from '../platform/context.js';

const userWhere = (workspaceId: string, userId: string) =>
  and(eq(users.workspaceId, workspaceId), eq(users.id, userId));

export async function securityState(db: Db, workspaceId: string, userId: string) {
  const [row] = await db
    .select({
      email: users.email,
      name: users.name,
      failedLogins: users.failedLogins,
      lockedUntil: users.lockedUntil,
      totpSecret: users.totpSecret,
      totpPendingSecret: users.totpPendingSecret,
      totpEnabledAt: users.totpEnabledAt,
      totpLastStep: users.totpLastStep,
      recoveryCodes: users.recoveryCodes,
    })
    .from(users)
    .where(userWhere(workspaceId, userId));
  return row ?? null;
}

/** Counts a failed sign-in; at the threshold the account locks for `minutes`. */
export async function registerFailure(
  db: Db,
  workspaceId: string,
  userId: string,
  threshold: number,
  minutes: number,
): Promise<Date | null> {
  const [row] = await db
    .update(users)
    .set({
      failedLogins: sql`case when ${users.failedLogins} + 1 >= ${threshold} then 0 else ${users.failedLogins} + 1 end`,
      lockedUntil: sql`case when ${users.failedLogins} + 1 >= ${threshold} then now() + make_interval(mins => ${minutes}) else ${users.lockedUntil} end`,
    })
    .where(userWhere(workspaceId, userId))
    .returning({ lockedUntil: users.lockedUntil });
  return row?.lockedUntil && row.lockedUntil > new Date() ? row.lockedUntil : null;
}

export async function clearFailures(db: Db, workspaceId: string, userId: string): Promise<void> {
  await db
    .update(users)
    .set({ failedLogins: 0, lockedUntil: null })
    .where(userWhere(workspaceId, userId));
}

/** Accepts a TOTP step only once: true when the step is newer than the last accepted one. */
export async function useTotpStep(
  db: Db,
  workspaceId: string,
  userId: string,
  step: number,
): Promise<boolean> {
  const rows = await db
    .update(users)
    .set({ totpLastStep: step })
    .where(
      and(
        userWhere(workspaceId, userId),
        sql`(${users.totpLastStep} is null or ${users.totpLastStep} < ${step})`,
      ),
    )
    .returning({ id: users.id });
  return rows.length > 0;
}

/** Removes one recovery code (by hash); true when it was there. */
export async function useRecoveryCode(
  db: Db,
  workspaceId: string,
  userId: string,
  hash: string,
): Promise<boolean> {
  const rows = await db
    .update(users)
    .set({ recoveryCodes: sql`array_remove(${users.recoveryCodes}, ${hash})` })
    .where(and(userWhere(workspaceId, userId), sql`${hash} = any(${users.recoveryCodes})`))
    .returning({ id: users.id });
  return rows.length > 0;
}

export async function setPendingSecret(ctx: Ctx, secret: string | null): Promise<void> {
  await ctx.db
    .update(users)
    .set({ totpPendingSecret: secret })
    .where(userWhere(ctx.workspace.id, ctx.actor.userId ?? ''));
}

export async function enableTotp(
  ctx: Ctx,
  secret: string,
  step: number,
  recoveryHashes: string[],
): Promise<void> {
  await ctx.db
    .update(users)
    .set({
      totpSecret: secret,
      totpPendingSecret: null,
      totpEnabledAt: sql`now()`,
      totpLastStep: step,
      recoveryCodes: recoveryHashes,
    })
    .where(userWhere(ctx.workspace.id, ctx.actor.userId ?? ''));
}

export async function disableTotp(ctx: Ctx, userId: string): Promise<void> {
  await ctx.db
    .update(users)
    .set({
      totpSecret: null,
      totpPendingSecret: null,
      totpEnabledAt: null,
      totpLastStep: null,
      recoveryCodes: [],
    })
    .where(userWhere(ctx.workspace.id, userId));
}

export async function setRecoveryCodes(ctx: Ctx, hashes: string[]): Promise<void> {
  await ctx.db
    .update(users)
    .set({ recoveryCodes: hashes })
    .where(userWhere(ctx.workspace.id, ctx.actor.userId ?? ''));
}

export async function listSessions(ctx: Ctx, userId: string) {
  return ctx.db
    .select({
      id: sessions.id,
      tokenHash: sessions.tokenHash,
      ip: sessions.ip,
      userAgent: sessions.userAgent,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
    })
    .from(sessions)
    .where(
      and(
        eq(sessions.workspaceId, ctx.workspace.id),
        eq(sessions.userId, userId),
        sql`${sessions.expiresAt} > now()`,
      ),
    )
    .orderBy(desc(sessions.lastSeenAt));
}

export async function deleteSessionById(ctx: Ctx, userId: string, id: string): Promise<boolean> {
  const rows = await ctx.db
    .delete(sessions)
    .where(
      and(
        eq(sessions.workspaceId, ctx.workspace.id),
        eq(sessions.userId, userId),
        eq(sessions.id, id),
      ),
    )
    .returning({ id: sessions.id });
  return rows.length > 0;
}

/** Signs a user out everywhere (but the session `keepTokenHash`, when given). */
export async function deleteSessionsOf(
  ctx: Ctx,
  userId: string,
  keepTokenHash: string | null,
): Promise<number> {
  const rows = await ctx.db
    .delete(sessions)
    .where(
      and(
        eq(sessions.workspaceId, ctx.workspace.id),
        eq(sessions.userId, userId),
        keepTokenHash ? ne(sessions.tokenHash, keepTokenHash) : undefined,
      ),
    )
    .returning({ id: sessions.id });
  return rows.length;
}

export async function touchPasswordChanged(ctx: Ctx, userId: string): Promise<void> {
  await ctx.db
    .update(users)
    .set({ passwordChangedAt: sql`now()` })
    .where(userWhere(ctx.workspace.id, userId));
}
