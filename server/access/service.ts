/** Access levels: roles, teams, field permissions, shares, the security policy and the audit log. */
import {
  ACCESS_OBJECTS,
  DEFAULT_ROLE_KEYS,
  DEFAULT_ROLES,
  LEGACY_ROLE_KEYS,
  normalizePermissions,
  tierOf,
  type AccessObject,
  type FieldPermissions,
  type Permissions,
} from '../../common/access.js';
import type { Locale } from '../../common/locales.js';
import { RECORD_OBJECTS, type RecordObject } from '../../common/records.js';
import type { Database, Db } from '../db/connection.js';
import { diffFields, recordAudit } from '../platform/audit.js';
import { inTransaction, type Ctx } from '../platform/context.js';
import { AppError, type ErrorDetail } from '../platform/errors.js';
import { translator } from '../platform/i18n.js';
import { newId } from '../platform/ids.js';
import { can, redact, requireAdmin, requireCan, type Access } from '../platform/permissions.js';
import { findHeads } from '../records/repository.js';
import { findUser } from '../users/repository.js';
import { accessFieldsOf } from './fields.js';
import * as repo from './repository.js';
import type { RoleCreateInput, RoleUpdateInput, SecurityInput, TeamInput } from './schema.js';

// ---- resolving the caller's access ------------------------------------------------------------

/** Creates the default roles of a workspace (idempotent), named in the workspace language. */
export async function ensureDefaultRoles(db: Db, workspaceId: string, locale: Locale) {
  const t = translator(locale);
  await repo.insertRoles(
    db,
    DEFAULT_ROLE_KEYS.map((key) => ({
      workspaceId,
      id: newId(),
      key,
      name: t(`access:roles.${key}`),
      isAdmin: DEFAULT_ROLES[key].isAdmin ?? false,
      isDefault: true,
      permissions: DEFAULT_ROLES[key].permissions,
      fieldPermissions: DEFAULT_ROLES[key].fieldPermissions,
    })),
  );
  await repo.assignLegacyRoles(db, workspaceId);
}

interface CachedAccess {
  version: number;
  access: Access;
  /** When the user's password expires under the policy (ms), if it does. */
  expiresAt: number | null;
}

/**
 * The caller's access per database, workspace and user, reused while the workspace's
 * `access_version` (bumped by triggers on roles, teams, members, shares, the security policy and
 * users' role/2FA/password columns — migration 20261204110000) is the one the request read with
 * its session. Saves the role, team and policy lookups on almost every request.
 */
const accessCache = new WeakMap<Database, Map<string, CachedAccess>>();
const ACCESS_CACHE_LIMIT = 10_000;

/**
 * The caller's role, teams and shares; runs on every authenticated request. With `version` (the
 * workspace's `access_version` read with the session) a cached answer for that version is used.
 */
export async function loadAccess(ctx: Ctx, version?: number): Promise<Access> {
  const userId = ctx.actor.userId ?? '';
  const key = `${ctx.workspace.id}:${userId}`;
  let cache = accessCache.get(ctx.database);
  if (version !== undefined) {
    const hit = cache?.get(key);
    if (hit && hit.version === version && (hit.expiresAt === null || Date.now() < hit.expiresAt))
      return hit.access;
  }
  let row = await repo.userRole(ctx.database.db, ctx.workspace.id, userId);
  if (!row?.role) {
    await ensureDefaultRoles(ctx.database.db, ctx.workspace.id, ctx.workspace.locale);
    row = await repo.userRole(ctx.database.db, ctx.workspace.id, userId);
  }
  const role = row?.role;
  if (!row || !role) throw new AppError('unauthenticated');
  const reach = await repo.teamReach(ctx.database.db, ctx.workspace.id, userId);
  const security = await repo.findSecurity(ctx.database.db, ctx.workspace.id);
  const permissions = role.isAdmin
    ? DEFAULT_ROLES.admin.permissions
    : normalizePermissions(role.permissions);
  const expiresAt =
    security.passwordExpiryDays === null
      ? null
      : row.passwordChangedAt.getTime() + security.passwordExpiryDays * 86_400_000;
  const expired = expiresAt !== null && Date.now() > expiresAt;
  const access: Access = {
    roleId: role.id,
    roleKey: role.key,
    isAdmin: role.isAdmin,
    permissions,
    fieldPermissions: role.isAdmin ? {} : role.fieldPermissions,
    teamIds: reach.teamIds,
    teamUserIds: [...new Set([userId, ...reach.teamUserIds])],
    shareTeamIds: reach.shareTeamIds,
    sharedObjects: reach.sharedObjects,
    restricted:
      role.require2fa && !row.totpEnabledAt
        ? 'two_factor_setup'
        : expired
          ? 'password_expired'
          : null,
  };
  if (version !== undefined) {
    if (!cache) {
      cache = new Map();
      accessCache.set(ctx.database, cache);
    }
    if (cache.size >= ACCESS_CACHE_LIMIT) cache.clear();
    cache.set(key, { version, access, expiresAt: expired ? null : expiresAt });
  }
  return access;
}

/** A context with its access resolved (and the old coarse tier derived from the role). */
export async function withAccess(ctx: Ctx, version?: number): Promise<Ctx> {
  const access = await loadAccess(ctx, version);
  return {
    ...ctx,
    access,
    actor: {
      ...ctx.actor,
      role: tierOf({ isAdmin: access.isAdmin, permissions: access.permissions }),
    },
  };
}

// ---- roles ------------------------------------------------------------------------------------

export async function listRoles(ctx: Ctx) {
  await ensureDefaultRoles(ctx.db, ctx.workspace.id, ctx.workspace.locale);
  return repo.listRoles(ctx);
}

export async function getRole(ctx: Ctx, id: string): Promise<repo.RoleRow> {
  const role = await repo.findRole(ctx, id);
  if (!role) throw AppError.notFound();
  return role;
}

/** Field permissions must name existing fields of known objects. */
async function checkFieldPermissions(ctx: Ctx, input: FieldPermissions): Promise<void> {
  const problems: ErrorDetail[] = [];
  for (const [object, rules] of Object.entries(input)) {
    if (!(ACCESS_OBJECTS as readonly string[]).includes(object)) {
      problems.push({
        path: `fieldPermissions.${object}`,
        message: 'access:errors.unknown_object',
      });
      continue;
    }
    const known = new Set(await accessFieldsOf(ctx, object as AccessObject));
    for (const field of Object.keys(rules)) {
      if (!known.has(field))
        problems.push({
          path: `fieldPermissions.${object}.${field}`,
          message: 'access:errors.unknown_field',
          params: { field },
        });
    }
  }
  if (problems.length) throw new AppError('validation_failed', {}, problems);
}

function keyFromName(name: string): string {
  const base = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 30);
  return /^[a-z]/.test(base) ? base : `role_${base || newId().slice(-6)}`;
}

export async function createRole(ctx: Ctx, input: RoleCreateInput): Promise<repo.RoleRow> {
  requireAdmin(ctx);
  await checkFieldPermissions(ctx, input.fieldPermissions ?? {});
  return inTransaction(ctx, async (tx) => {
    await ensureDefaultRoles(tx.db, tx.workspace.id, tx.workspace.locale);
    const base = input.copyFrom ? await getRole(tx, input.copyFrom) : null;
    let key = input.key ?? keyFromName(input.name);
    if (await repo.findRoleByKey(tx.db, tx.workspace.id, key)) {
      if (input.key) throw AppError.invalid('key', 'access:errors.key_taken');
      key = `${key.slice(0, 30)}_${newId().slice(-4)}`;
    }
    const id = newId();
    const permissions = normalizePermissions(
      input.permissions ?? base?.permissions ?? DEFAULT_ROLES.read_only.permissions,
    );
    const fieldPermissions = input.fieldPermissions ?? base?.fieldPermissions ?? {};
    await repo.insertRoles(tx.db, [
      {
        workspaceId: tx.workspace.id,
        id,
        key,
        name: input.name,
        description: input.description ?? null,
        permissions,
        fieldPermissions,
        require2fa: input.require2fa ?? false,
      },
    ]);
    await recordAudit(tx, {
      action: 'permission_change',
      object: 'roles',
      recordId: id,
      changes: {
        name: [null, input.name],
        permissions: [null, permissions],
        fieldPermissions: [null, fieldPermissions],
      },
    });
    return getRole(tx, id);
  });
}

export async function updateRole(
  ctx: Ctx,
  id: string,
  input: RoleUpdateInput,
  expectedVersion: number | null,
): Promise<repo.RoleRow> {
  requireAdmin(ctx);
  if (input.fieldPermissions) await checkFieldPermissions(ctx, input.fieldPermissions);
  return inTransaction(ctx, async (tx) => {
    const before = await getRole(tx, id);
    if (expectedVersion !== null && expectedVersion !== before.version)
      throw new AppError('version_conflict');
    if (before.isAdmin && (input.permissions || input.fieldPermissions))
      throw AppError.invalid('permissions', 'access:errors.admin_role_fixed');
    const patch = {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.permissions ? { permissions: normalizePermissions(input.permissions) } : {}),
      ...(input.fieldPermissions ? { fieldPermissions: input.fieldPermissions } : {}),
      ...(input.require2fa !== undefined ? { require2fa: input.require2fa } : {}),
    };
    const after = await repo.updateRole(tx, id, before.version, patch);
    if (!after) throw new AppError('version_conflict');
    const changes = diffFields(before, after, [
      'name',
      'description',
      'permissions',
      'fieldPermissions',
      'require2fa',
    ]);
    if (Object.keys(changes).length) {
      await repo.setTierOfRole(tx, id, tierOf(after));
      await recordAudit(tx, {
        action: 'permission_change',
        object: 'roles',
        recordId: id,
        changes,
      });
    }
    return after;
  });
}

export async function deleteRole(ctx: Ctx, id: string): Promise<void> {
  requireAdmin(ctx);
  await inTransaction(ctx, async (tx) => {
    const role = await getRole(tx, id);
    if (role.isAdmin) throw AppError.invalid('id', 'access:errors.admin_role_fixed');
    if ((await repo.countUsersWithRole(tx, id)) > 0)
      throw new AppError('conflict', {}, [{ path: 'id', message: 'access:errors.role_in_use' }]);
    await repo.deleteRole(tx, id);
    await recordAudit(tx, {
      action: 'permission_change',
      object: 'roles',
      recordId: id,
      changes: { name: [role.name, null] },
    });
  });
}

/** The role a user gets from a role key (the old `admin`/`manager`/`member` are accepted too). */
export async function roleForKey(ctx: Ctx, key: string, path = 'role'): Promise<repo.RoleRow> {
  await ensureDefaultRoles(ctx.db, ctx.workspace.id, ctx.workspace.locale);
  const role =
    (await repo.findRoleByKey(ctx.db, ctx.workspace.id, key)) ??
    (LEGACY_ROLE_KEYS[key]
      ? await repo.findRoleByKey(ctx.db, ctx.workspace.id, LEGACY_ROLE_KEYS[key])
      : null);
  if (!role) throw AppError.invalid(path, 'access:errors.unknown_role', { role: key });
  return role;
}

/**
 * Gives a user a role (audited as a permission change). Refuses to take the administrator role
 * from the last active administrator.
 */
export async function assignRole(ctx: Ctx, userId: string, role: repo.RoleRow): Promise<void> {
  const before = await repo.userRole(ctx.db, ctx.workspace.id, userId);
  if (!before) throw AppError.notFound();
  if (before.role?.id === role.id) return;
  if (before.role?.isAdmin && !role.isAdmin && (await repo.countActiveAdmins(ctx)) <= 1)
    throw AppError.invalid('role', 'field.last_admin');
  await repo.setUserRole(ctx, userId, role.id, tierOf(role));
  await recordAudit(ctx, {
    action: 'permission_change',
    object: 'users',
    recordId: userId,
    changes: { role: [before.role?.key ?? null, role.key] },
  });
}

export async function roleOfUser(ctx: Ctx, userId: string) {
  const row = await repo.userRole(ctx.db, ctx.workspace.id, userId);
  if (row && !row.role) {
    await ensureDefaultRoles(ctx.db, ctx.workspace.id, ctx.workspace.locale);
    return (await repo.userRole(ctx.db, ctx.workspace.id, userId))?.role ?? null;
  }
  return row?.role ?? null;
}

// ---- teams ------------------------------------------------------------------------------------

export const listTeams = repo.listTeams;

async function checkTeamInput(
  ctx: Ctx,
  input: Partial<TeamInput>,
  selfId: string | null,
): Promise<void> {
  const problems: ErrorDetail[] = [];
  if (input.parentId) {
    const parent = await repo.findTeam(ctx, input.parentId);
    if (!parent) problems.push({ path: 'parentId', message: 'field.invalid_reference' });
    else if (selfId && (await repo.ancestorsOf(ctx, input.parentId)).includes(selfId))
      problems.push({ path: 'parentId', message: 'access:errors.team_cycle' });
  }
  if (input.managerId && !(await findUser(ctx, input.managerId))?.active)
    problems.push({ path: 'managerId', message: 'field.invalid_user' });
  for (const [index, userId] of (input.memberIds ?? []).entries()) {
    if (!(await findUser(ctx, userId)))
      problems.push({ path: `memberIds.${index}`, message: 'field.invalid_user' });
  }
  if (problems.length) throw new AppError('validation_failed', {}, problems);
}

export async function createTeam(ctx: Ctx, input: TeamInput) {
  requireAdmin(ctx);
  return inTransaction(ctx, async (tx) => {
    await checkTeamInput(tx, input, null);
    const id = newId();
    await repo.insertTeam(tx, {
      id,
      name: input.name,
      parentId: input.parentId ?? null,
      managerId: input.managerId ?? null,
    });
    await repo.setTeamMembers(tx, id, [...new Set(input.memberIds ?? [])]);
    await recordAudit(tx, {
      action: 'permission_change',
      object: 'teams',
      recordId: id,
      changes: { name: [null, input.name], memberIds: [null, input.memberIds ?? []] },
    });
    return getTeam(tx, id);
  });
}

export async function getTeam(ctx: Ctx, id: string) {
  const team = (await repo.listTeams(ctx)).find((t) => t.id === id);
  if (!team) throw AppError.notFound();
  return team;
}

export async function updateTeam(ctx: Ctx, id: string, input: Partial<TeamInput>) {
  requireAdmin(ctx);
  return inTransaction(ctx, async (tx) => {
    const before = await getTeam(tx, id);
    await checkTeamInput(tx, input, id);
    await repo.updateTeam(tx, id, {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.parentId !== undefined ? { parentId: input.parentId } : {}),
      ...(input.managerId !== undefined ? { managerId: input.managerId } : {}),
    });
    if (input.memberIds) await repo.setTeamMembers(tx, id, [...new Set(input.memberIds)]);
    const after = await getTeam(tx, id);
    const changes = diffFields(before, after, ['name', 'parentId', 'managerId', 'memberIds']);
    if (Object.keys(changes).length)
      await recordAudit(tx, {
        action: 'permission_change',
        object: 'teams',
        recordId: id,
        changes,
      });
    return after;
  });
}

export async function deleteTeam(ctx: Ctx, id: string): Promise<void> {
  requireAdmin(ctx);
  await inTransaction(ctx, async (tx) => {
    const team = await getTeam(tx, id);
    await repo.deleteTeam(tx, id);
    await recordAudit(tx, {
      action: 'permission_change',
      object: 'teams',
      recordId: id,
      changes: { name: [team.name, null] },
    });
  });
}

export async function setUserTeams(ctx: Ctx, userId: string, teamIds: string[]): Promise<void> {
  const unique = [...new Set(teamIds)];
  const existing = await repo.existingTeamIds(ctx, unique);
  const missing = unique.findIndex((id) => !existing.includes(id));
  if (missing >= 0) throw AppError.invalid(`teamIds.${missing}`, 'field.invalid_reference');
  const before = await repo.teamsOfUser(ctx, userId);
  await repo.setTeamsOfUser(ctx, userId, unique);
  if (before.sort().join() !== [...unique].sort().join())
    await recordAudit(ctx, {
      action: 'permission_change',
      object: 'users',
      recordId: userId,
      changes: { teamIds: [before, unique] },
    });
}

export const teamsOfUser = repo.teamsOfUser;

// ---- sharing ----------------------------------------------------------------------------------

function shareObject(collection: string): RecordObject {
  if (!(RECORD_OBJECTS as readonly string[]).includes(collection)) throw AppError.notFound();
  return collection as RecordObject;
}

/** The record must be visible to the caller (else 404); sharing needs the right to edit it. */
async function sharedRecord(
  ctx: Ctx,
  collection: string,
  recordId: string,
  action: 'read' | 'edit',
) {
  const object = shareObject(collection);
  const [head] = await findHeads(ctx, object, [recordId]);
  if (!head) throw AppError.notFound();
  if (action === 'edit') {
    const shared = await repo.isSharedWith(ctx, object, recordId, 'edit');
    requireCan(ctx, 'edit', object, { ownerId: head.ownerId, shared });
  }
  return { object, head };
}

export async function listShares(ctx: Ctx, collection: string, recordId: string) {
  const { object } = await sharedRecord(ctx, collection, recordId, 'read');
  return repo.listShares(ctx, object, recordId);
}

export async function addShare(
  ctx: Ctx,
  collection: string,
  recordId: string,
  input: { userId?: string | undefined; teamId?: string | undefined; access: 'read' | 'edit' },
) {
  return inTransaction(ctx, async (tx) => {
    const { object } = await sharedRecord(tx, collection, recordId, 'edit');
    if (input.userId && !(await findUser(tx, input.userId))?.active)
      throw AppError.invalid('userId', 'field.invalid_user');
    if (input.teamId && !(await repo.findTeam(tx, input.teamId)))
      throw AppError.invalid('teamId', 'field.invalid_reference');
    const share = await repo.insertShare(tx, {
      id: newId(),
      object,
      recordId,
      userId: input.userId ?? null,
      teamId: input.teamId ?? null,
      access: input.access,
      createdBy: tx.actor.userId,
    });
    if (!share)
      throw new AppError('conflict', {}, [
        { path: 'userId', message: 'access:errors.already_shared' },
      ]);
    await recordAudit(tx, {
      action: 'permission_change',
      object,
      recordId,
      changes: {
        share: [null, { userId: share.userId, teamId: share.teamId, access: share.access }],
      },
    });
    return share;
  });
}

export async function removeShare(ctx: Ctx, collection: string, recordId: string, id: string) {
  await inTransaction(ctx, async (tx) => {
    const { object } = await sharedRecord(tx, collection, recordId, 'edit');
    const share = await repo.deleteShare(tx, object, recordId, id);
    if (!share) throw AppError.notFound();
    await recordAudit(tx, {
      action: 'permission_change',
      object,
      recordId,
      changes: {
        share: [{ userId: share.userId, teamId: share.teamId, access: share.access }, null],
      },
    });
  });
}

/** May the caller edit/delete this record: by the role's scope or an edit share. */
export async function requireRecordAction(
  ctx: Ctx,
  action: 'edit' | 'delete',
  object: AccessObject,
  recordId: string,
  ownerId: string | null,
): Promise<void> {
  if (can(ctx, action, object, { ownerId })) return;
  const shared = action === 'edit' && (await repo.isSharedWith(ctx, object, recordId, 'edit'));
  requireCan(ctx, action, object, { ownerId, shared });
}

// ---- security policy --------------------------------------------------------------------------

export async function getSecurity(ctx: Ctx) {
  return repo.findSecurity(ctx.db, ctx.workspace.id);
}

export async function updateSecurity(ctx: Ctx, input: SecurityInput) {
  requireAdmin(ctx);
  return inTransaction(ctx, async (tx) => {
    const before = await repo.findSecurity(tx.db, tx.workspace.id);
    const after = { ...before, ...input };
    await repo.saveSecurity(tx, {
      passwordMinLength: after.passwordMinLength,
      passwordBlockCommon: after.passwordBlockCommon,
      passwordExpiryDays: after.passwordExpiryDays,
      lockoutThreshold: after.lockoutThreshold,
      lockoutMinutes: after.lockoutMinutes,
      auditRetentionDays: after.auditRetentionDays,
    });
    const changes = diffFields(before, after, Object.keys(input));
    if (Object.keys(changes).length)
      await recordAudit(tx, {
        action: 'permission_change',
        object: 'workspaces',
        recordId: tx.workspace.id,
        changes,
      });
    return repo.findSecurity(tx.db, tx.workspace.id);
  });
}

// ---- audit log --------------------------------------------------------------------------------

/**
 * The audit log. Administrators see everything; others only the history of records they can see
 * (`recordId` required), without the fields hidden from their role.
 */
export async function listAudit(ctx: Ctx, filter: repo.AuditFilter & { recordObject?: string }) {
  if (ctx.access && !ctx.access.isAdmin) {
    if (!filter.recordId || !filter.recordObject) throw new AppError('forbidden');
    const object = shareObject(filter.recordObject);
    const [head] = await findHeads(ctx, object, [filter.recordId]);
    if (!head) throw AppError.notFound();
  }
  const rows = await repo.listAudit(ctx, filter);
  const page = rows.slice(0, filter.limit);
  const last = page[page.length - 1];
  return {
    rows: page.map((r) => ({
      ...r,
      event: { ...r.event, changes: redactChanges(ctx, r.event.object, r.event.changes) },
    })),
    nextCursor:
      rows.length > filter.limit && last
        ? Buffer.from(JSON.stringify([last.event.at.toISOString(), last.event.id])).toString(
            'base64url',
          )
        : null,
  };
}

/** Before/after of fields hidden from the caller's role never leave the server. */
export function redactChanges(
  ctx: Ctx,
  object: string,
  changes: Record<string, [unknown, unknown]> | null,
): Record<string, [unknown, unknown]> | null {
  if (!changes || !(ACCESS_OBJECTS as readonly string[]).includes(object)) return changes;
  const visible = redact(ctx, object as AccessObject, changes);
  const custom = visible.custom;
  if (custom) {
    const [before, after] = custom;
    visible.custom = [
      redact(ctx, object as AccessObject, { custom: before }).custom,
      redact(ctx, object as AccessObject, { custom: after }).custom,
    ];
  }
  return visible;
}

export async function pruneAuditLogs(db: Db): Promise<number> {
  let pruned = 0;
  for (const ws of await repo.workspacesWithRetention(db))
    if (ws.days) pruned += await repo.pruneAudit(db, ws.workspaceId, ws.days);
  return pruned;
}

export type { Permissions };
