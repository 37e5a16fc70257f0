/** SQL of access levels: roles, teams, shares, the security policy, the audit log. */
import { and, asc, desc, eq, gte, inArray, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../db/connection.js';
import { auditEvents, users } from '../db/schema.js';
import type { Ctx } from '../platform/context.js';
import { recordShares, roles, teamMembers, teams, workspaceSecurity } from './tables.js';

export type RoleRow = typeof roles.$inferSelect;
export type TeamRow = typeof teams.$inferSelect;
export type ShareRow = typeof recordShares.$inferSelect;
export type SecurityRow = typeof workspaceSecurity.$inferSelect;

const inWorkspace = (ctx: Ctx) => eq(roles.workspaceId, ctx.workspace.id);

// ---- roles ------------------------------------------------------------------------------------

export async function listRoles(ctx: Ctx): Promise<RoleRow[]> {
  return ctx.db
    .select()
    .from(roles)
    .where(inWorkspace(ctx))
    .orderBy(desc(roles.isAdmin), desc(roles.isDefault), asc(roles.createdAt), asc(roles.name));
}

export async function findRole(ctx: Ctx, id: string): Promise<RoleRow | null> {
  const [row] = await ctx.db
    .select()
    .from(roles)
    .where(and(inWorkspace(ctx), eq(roles.id, id)));
  return row ?? null;
}

export async function findRoleByKey(db: Db, workspaceId: string, key: string) {
  const [row] = await db
    .select()
    .from(roles)
    .where(and(eq(roles.workspaceId, workspaceId), eq(roles.key, key)));
  return row ?? null;
}

export async function insertRoles(db: Db, rows: (typeof roles.$inferInsert)[]): Promise<void> {
  if (rows.length) await db.insert(roles).values(rows).onConflictDoNothing();
}

export async function updateRole(
  ctx: Ctx,
  id: string,
  version: number,
  patch: Partial<typeof roles.$inferInsert>,
): Promise<RoleRow | null> {
  const [row] = await ctx.db
    .update(roles)
    .set({ ...patch, version: version + 1, updatedAt: sql`now()` })
    .where(and(inWorkspace(ctx), eq(roles.id, id), eq(roles.version, version)))
    .returning();
  return row ?? null;
}

export async function deleteRole(ctx: Ctx, id: string): Promise<void> {
  await ctx.db.delete(roles).where(and(inWorkspace(ctx), eq(roles.id, id)));
}

export async function countUsersWithRole(ctx: Ctx, roleId: string): Promise<number> {
  const [row] = await ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(users)
    .where(and(eq(users.workspaceId, ctx.workspace.id), eq(users.roleId, roleId)));
  return row?.n ?? 0;
}

/** Active users whose role is an administrator role. */
export async function countActiveAdmins(ctx: Ctx): Promise<number> {
  const [row] = await ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(users)
    .innerJoin(roles, and(eq(roles.workspaceId, users.workspaceId), eq(roles.id, users.roleId)))
    .where(
      and(eq(users.workspaceId, ctx.workspace.id), eq(roles.isAdmin, true), eq(users.active, true)),
    );
  return row?.n ?? 0;
}

/** Users created before roles existed (or by code that only knows the old tiers) get a role. */
export async function assignLegacyRoles(db: Db, workspaceId: string): Promise<void> {
  await db.execute(sql`
    update users u set role_id = r.id
    from roles r
    where u.workspace_id = ${workspaceId}::uuid and u.role_id is null
      and r.workspace_id = u.workspace_id
      and r.key = case u.role when 'admin' then 'admin' when 'manager' then 'manager' else 'sales_rep' end`);
}

export async function userRole(db: Db, workspaceId: string, userId: string) {
  const [row] = await db
    .select({
      roleId: users.roleId,
      passwordChangedAt: users.passwordChangedAt,
      totpEnabledAt: users.totpEnabledAt,
      role: roles,
    })
    .from(users)
    .leftJoin(roles, and(eq(roles.workspaceId, users.workspaceId), eq(roles.id, users.roleId)))
    .where(and(eq(users.workspaceId, workspaceId), eq(users.id, userId)));
  return row ?? null;
}

/**
 * The user's teams (member or manager), the members of those teams and all their sub-teams, the
 * teams' ancestors (shares to a parent team reach its sub-teams), and the objects that have a
 * record shared with the user — in one round trip.
 */
export async function teamReach(db: Db, workspaceId: string, userId: string) {
  const rows = await queryRows<{
    team_ids: string[] | null;
    team_user_ids: string[] | null;
    share_team_ids: string[] | null;
    shared_objects: string[] | null;
  }>(
    db,
    sql`
    with recursive direct as (
      select team_id as id from team_members where workspace_id = ${workspaceId}::uuid and user_id = ${userId}::uuid
      union
      select id from teams where workspace_id = ${workspaceId}::uuid and manager_id = ${userId}::uuid
    ), below as (
      select id from direct
      union
      select t.id from teams t join below b on t.parent_id = b.id where t.workspace_id = ${workspaceId}::uuid
    ), above as (
      select id from direct
      union
      select t.parent_id from teams t join above a on t.id = a.id
      where t.workspace_id = ${workspaceId}::uuid and t.parent_id is not null
    )
    select
      (select array_agg(id::text) from direct) as team_ids,
      (select array_agg(distinct m.user_id::text) from team_members m
        where m.workspace_id = ${workspaceId}::uuid and m.team_id in (select id from below)) as team_user_ids,
      (select array_agg(id::text) from above) as share_team_ids,
      (select array_agg(distinct s.object) from record_shares s
        where s.workspace_id = ${workspaceId}::uuid
          and (s.user_id = ${userId}::uuid or s.team_id in (select id from above))) as shared_objects`,
  );
  const row = rows[0];
  return {
    teamIds: row?.team_ids ?? [],
    teamUserIds: row?.team_user_ids ?? [],
    shareTeamIds: row?.share_team_ids ?? [],
    sharedObjects: row?.shared_objects ?? [],
  };
}

export async function setUserRole(
  ctx: Ctx,
  userId: string,
  roleId: string,
  tier: string,
): Promise<void> {
  await ctx.db
    .update(users)
    .set({ roleId, role: tier, updatedAt: sql`now()` })
    .where(and(eq(users.workspaceId, ctx.workspace.id), eq(users.id, userId)));
}

export async function setTierOfRole(ctx: Ctx, roleId: string, tier: string): Promise<void> {
  await ctx.db
    .update(users)
    .set({ role: tier })
    .where(and(eq(users.workspaceId, ctx.workspace.id), eq(users.roleId, roleId)));
}

// ---- teams ------------------------------------------------------------------------------------

export async function listTeams(ctx: Ctx) {
  const rows = await ctx.db
    .select()
    .from(teams)
    .where(eq(teams.workspaceId, ctx.workspace.id))
    .orderBy(asc(teams.name));
  const members = await ctx.db
    .select({ teamId: teamMembers.teamId, userId: teamMembers.userId })
    .from(teamMembers)
    .where(eq(teamMembers.workspaceId, ctx.workspace.id));
  return rows.map((t) => ({
    ...t,
    memberIds: members.filter((m) => m.teamId === t.id).map((m) => m.userId),
  }));
}

export async function findTeam(ctx: Ctx, id: string): Promise<TeamRow | null> {
  const [row] = await ctx.db
    .select()
    .from(teams)
    .where(and(eq(teams.workspaceId, ctx.workspace.id), eq(teams.id, id)));
  return row ?? null;
}

export async function teamMemberIds(ctx: Ctx, teamId: string): Promise<string[]> {
  const rows = await ctx.db
    .select({ userId: teamMembers.userId })
    .from(teamMembers)
    .where(and(eq(teamMembers.workspaceId, ctx.workspace.id), eq(teamMembers.teamId, teamId)));
  return rows.map((r) => r.userId);
}

/** The ids of a team's ancestors (to refuse a parent that would make a cycle). */
export async function ancestorsOf(ctx: Ctx, teamId: string): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    ctx.db,
    sql`
    with recursive up as (
      select id, parent_id from teams where workspace_id = ${ctx.workspace.id}::uuid and id = ${teamId}::uuid
      union
      select t.id, t.parent_id from teams t join up on t.id = up.parent_id
      where t.workspace_id = ${ctx.workspace.id}::uuid
    ) select id::text as id from up`,
  );
  return rows.map((r) => r.id);
}

export async function insertTeam(ctx: Ctx, team: Omit<typeof teams.$inferInsert, 'workspaceId'>) {
  await ctx.db.insert(teams).values({ ...team, workspaceId: ctx.workspace.id });
}

export async function updateTeam(
  ctx: Ctx,
  id: string,
  patch: Partial<Pick<TeamRow, 'name' | 'parentId' | 'managerId'>>,
): Promise<void> {
  await ctx.db
    .update(teams)
    .set({ ...patch, version: sql`${teams.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(teams.workspaceId, ctx.workspace.id), eq(teams.id, id)));
}

export async function deleteTeam(ctx: Ctx, id: string): Promise<void> {
  await ctx.db
    .update(teams)
    .set({ parentId: null })
    .where(and(eq(teams.workspaceId, ctx.workspace.id), eq(teams.parentId, id)));
  await ctx.db.delete(teams).where(and(eq(teams.workspaceId, ctx.workspace.id), eq(teams.id, id)));
}

export async function setTeamMembers(ctx: Ctx, teamId: string, userIds: string[]): Promise<void> {
  await ctx.db
    .delete(teamMembers)
    .where(and(eq(teamMembers.workspaceId, ctx.workspace.id), eq(teamMembers.teamId, teamId)));
  if (userIds.length)
    await ctx.db
      .insert(teamMembers)
      .values(userIds.map((userId) => ({ workspaceId: ctx.workspace.id, teamId, userId })));
}

export async function teamsOfUser(ctx: Ctx, userId: string): Promise<string[]> {
  const rows = await ctx.db
    .select({ teamId: teamMembers.teamId })
    .from(teamMembers)
    .where(and(eq(teamMembers.workspaceId, ctx.workspace.id), eq(teamMembers.userId, userId)));
  return rows.map((r) => r.teamId);
}

export async function setTeamsOfUser(ctx: Ctx, userId: string, teamIds: string[]): Promise<void> {
  await ctx.db
    .delete(teamMembers)
    .where(and(eq(teamMembers.workspaceId, ctx.workspace.id), eq(teamMembers.userId, userId)));
  if (teamIds.length)
    await ctx.db
      .insert(teamMembers)
      .values(teamIds.map((teamId) => ({ workspaceId: ctx.workspace.id, teamId, userId })));
}

export async function existingTeamIds(ctx: Ctx, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await ctx.db
    .select({ id: teams.id })
    .from(teams)
    .where(and(eq(teams.workspaceId, ctx.workspace.id), inArray(teams.id, ids)));
  return rows.map((r) => r.id);
}

// ---- shares -----------------------------------------------------------------------------------

export async function listShares(ctx: Ctx, object: string, recordId: string) {
  return ctx.db
    .select()
    .from(recordShares)
    .where(
      and(
        eq(recordShares.workspaceId, ctx.workspace.id),
        eq(recordShares.object, object),
        eq(recordShares.recordId, recordId),
      ),
    )
    .orderBy(asc(recordShares.createdAt));
}

export async function insertShare(
  ctx: Ctx,
  share: Omit<typeof recordShares.$inferInsert, 'workspaceId'>,
) {
  const rows = await ctx.db
    .insert(recordShares)
    .values({ ...share, workspaceId: ctx.workspace.id })
    .onConflictDoNothing()
    .returning();
  return rows[0] ?? null;
}

export async function deleteShare(ctx: Ctx, object: string, recordId: string, id: string) {
  const rows = await ctx.db
    .delete(recordShares)
    .where(
      and(
        eq(recordShares.workspaceId, ctx.workspace.id),
        eq(recordShares.object, object),
        eq(recordShares.recordId, recordId),
        eq(recordShares.id, id),
      ),
    )
    .returning();
  return rows[0] ?? null;
}

/** Is this record shared with the caller (directly or through one of their teams)? */
export async function isSharedWith(
  ctx: Ctx,
  object: string,
  recordId: string,
  access: 'read' | 'edit',
): Promise<boolean> {
  if (!ctx.access?.sharedObjects.includes(object)) return false;
  const teamIds = ctx.access.shareTeamIds;
  const [row] = await ctx.db
    .select({ id: recordShares.id })
    .from(recordShares)
    .where(
      and(
        eq(recordShares.workspaceId, ctx.workspace.id),
        eq(recordShares.object, object),
        eq(recordShares.recordId, recordId),
        or(
          eq(recordShares.userId, ctx.actor.userId ?? ''),
          teamIds.length ? inArray(recordShares.teamId, teamIds) : sql`false`,
        ),
        access === 'edit' ? eq(recordShares.access, 'edit') : undefined,
      ),
    )
    .limit(1);
  return Boolean(row);
}

// ---- security policy --------------------------------------------------------------------------

export async function findSecurity(db: Db, workspaceId: string): Promise<SecurityRow> {
  const [row] = await db
    .select()
    .from(workspaceSecurity)
    .where(eq(workspaceSecurity.workspaceId, workspaceId));
  return (
    row ?? {
      workspaceId,
      passwordMinLength: 10,
      passwordBlockCommon: true,
      passwordExpiryDays: null,
      lockoutThreshold: 5,
      lockoutMinutes: 15,
      auditRetentionDays: null,
      updatedAt: new Date(0),
    }
  );
}

export async function saveSecurity(
  ctx: Ctx,
  values: Omit<SecurityRow, 'workspaceId' | 'updatedAt'>,
): Promise<void> {
  await ctx.db
    .insert(workspaceSecurity)
    .values({ ...values, workspaceId: ctx.workspace.id })
    .onConflictDoUpdate({
      target: workspaceSecurity.workspaceId,
      set: { ...values, updatedAt: sql`now()` },
    });
}

export async function workspacesWithRetention(db: Db) {
  return db
    .select({
      workspaceId: workspaceSecurity.workspaceId,
      days: workspaceSecurity.auditRetentionDays,
    })
    .from(workspaceSecurity)
    .where(sql`${workspaceSecurity.auditRetentionDays} is not null`);
}

export async function pruneAudit(db: Db, workspaceId: string, days: number): Promise<number> {
  const rows = await db
    .delete(auditEvents)
    .where(
      and(
        eq(auditEvents.workspaceId, workspaceId),
        lt(auditEvents.at, sql`now() - make_interval(days => ${days})`),
      ),
    )
    .returning({ id: auditEvents.id });
  return rows.length;
}

// ---- audit log --------------------------------------------------------------------------------

export interface AuditFilter {
  recordId?: string | undefined;
  userId?: string | undefined;
  object?: string | undefined;
  action?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  cursor?: { at: Date; id: string } | null;
  limit: number;
}

export async function listAudit(ctx: Ctx, filter: AuditFilter) {
  const where: (SQL | undefined)[] = [
    eq(auditEvents.workspaceId, ctx.workspace.id),
    filter.recordId ? eq(auditEvents.recordId, filter.recordId) : undefined,
    filter.userId ? eq(auditEvents.actorId, filter.userId) : undefined,
    filter.object ? eq(auditEvents.object, filter.object) : undefined,
    filter.action ? eq(auditEvents.action, filter.action) : undefined,
    filter.from ? gte(auditEvents.at, filter.from) : undefined,
    filter.to ? lte(auditEvents.at, filter.to) : undefined,
    filter.cursor
      ? sql`(${auditEvents.at}, ${auditEvents.id}) < (${filter.cursor.at.toISOString()}::timestamptz, ${filter.cursor.id}::uuid)`
      : undefined,
  ];
  return ctx.db
    .select({ event: auditEvents, actorName: users.name })
    .from(auditEvents)
    .leftJoin(
      users,
      and(eq(users.workspaceId, auditEvents.workspaceId), eq(users.id, auditEvents.actorId)),
    )
    .where(and(...where))
    .orderBy(desc(auditEvents.at), desc(auditEvents.id))
    .limit(filter.limit + 1);
}
