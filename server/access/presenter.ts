import type { auditEvents } from '../db/schema.js';
import type { RoleRow, SecurityRow, ShareRow, TeamRow } from './repository.js';

export function presentRole(row: RoleRow, userCount: number) {
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    description: row.description,
    isAdmin: row.isAdmin,
    isDefault: row.isDefault,
    permissions: row.permissions,
    fieldPermissions: row.fieldPermissions as Record<
      string,
      Record<string, 'hidden' | 'read_only'>
    >,
    require2fa: row.require2fa,
    userCount,
    version: row.version,
  };
}

export function presentTeam(row: TeamRow & { memberIds: string[] }) {
  return {
    id: row.id,
    name: row.name,
    parentId: row.parentId,
    managerId: row.managerId,
    memberIds: row.memberIds,
    version: row.version,
  };
}

export function presentShare(row: ShareRow) {
  return {
    id: row.id,
    userId: row.userId,
    teamId: row.teamId,
    access: row.access as 'read' | 'edit',
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
  };
}

export function presentSecurity(row: SecurityRow) {
  return {
    passwordMinLength: row.passwordMinLength,
    passwordBlockCommon: row.passwordBlockCommon,
    passwordExpiryDays: row.passwordExpiryDays,
    lockoutThreshold: row.lockoutThreshold,
    lockoutMinutes: row.lockoutMinutes,
    auditRetentionDays: row.auditRetentionDays,
  };
}

export function presentAudit(row: {
  event: typeof auditEvents.$inferSelect;
  actorName: string | null;
}) {
  const e = row.event;
  return {
    id: e.id,
    at: e.at.toISOString(),
    actorId: e.actorId,
    actorName: row.actorName,
    actorType: e.actorType,
    action: e.action,
    object: e.object,
    recordId: e.recordId,
    changes: e.changes,
    ip: e.ip,
    userAgent: e.userAgent,
  };
}
