import { z } from 'zod';
import { ACCESS_ACTIONS, ACCESS_OBJECTS, ACCESS_SCOPES, ROLE_KEY } from '../../common/access.js';

const scope = z.enum(ACCESS_SCOPES);
const objectPermissions = z.partialRecord(z.enum(ACCESS_ACTIONS), scope);
const permissions = z.partialRecord(z.enum(ACCESS_OBJECTS), objectPermissions);
const fieldRule = z.enum(['hidden', 'read_only']);
const fieldPermissions = z.partialRecord(
  z.enum(ACCESS_OBJECTS),
  z.record(z.string().max(100), fieldRule),
);

export const roleCreateBody = z.strictObject({
  key: z.string().regex(ROLE_KEY).optional(),
  name: z.string().trim().min(1).max(100),
  description: z.string().trim().max(500).nullable().optional(),
  copyFrom: z.uuid().optional(),
  permissions: permissions.optional(),
  fieldPermissions: fieldPermissions.optional(),
  require2fa: z.boolean().optional(),
});
export type RoleCreateInput = z.infer<typeof roleCreateBody>;

export const roleUpdateBody = z.strictObject({
  name: z.string().trim().min(1).max(100).optional(),
  description: z.string().trim().max(500).nullable().optional(),
  permissions: permissions.optional(),
  fieldPermissions: fieldPermissions.optional(),
  require2fa: z.boolean().optional(),
});
export type RoleUpdateInput = z.infer<typeof roleUpdateBody>;

export const roleOut = z.object({
  id: z.uuid(),
  key: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  isAdmin: z.boolean(),
  isDefault: z.boolean(),
  permissions: z.record(z.string(), z.record(z.string(), scope)),
  fieldPermissions: z.record(z.string(), z.record(z.string(), fieldRule)),
  require2fa: z.boolean(),
  userCount: z.number().int(),
  version: z.number().int(),
});
export const roleList = z.object({ data: z.array(roleOut) });

export const teamBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  parentId: z.uuid().nullable().optional(),
  managerId: z.uuid().nullable().optional(),
  memberIds: z.array(z.uuid()).max(1000).optional(),
});
export type TeamInput = z.infer<typeof teamBody>;
export const teamUpdateBody = teamBody.partial();

export const teamOut = z.object({
  id: z.uuid(),
  name: z.string(),
  parentId: z.uuid().nullable(),
  managerId: z.uuid().nullable(),
  memberIds: z.array(z.uuid()),
  version: z.number().int(),
});
export const teamList = z.object({ data: z.array(teamOut) });

export const shareItemParams = z.object({ id: z.uuid(), shareId: z.uuid() });
export const shareBody = z
  .strictObject({
    userId: z.uuid().optional(),
    teamId: z.uuid().optional(),
    access: z.enum(['read', 'edit']).default('read'),
  })
  .refine((v) => Boolean(v.userId) !== Boolean(v.teamId), {
    path: ['userId'],
    message: 'access:errors.share_target',
  });
export const shareOut = z.object({
  id: z.uuid(),
  userId: z.uuid().nullable(),
  teamId: z.uuid().nullable(),
  access: z.enum(['read', 'edit']),
  createdBy: z.uuid().nullable(),
  createdAt: z.iso.datetime(),
});
export const shareList = z.object({ data: z.array(shareOut) });

export const securityBody = z.strictObject({
  passwordMinLength: z.number().int().min(8).max(128).optional(),
  passwordBlockCommon: z.boolean().optional(),
  passwordExpiryDays: z.number().int().min(1).max(3650).nullable().optional(),
  lockoutThreshold: z.number().int().min(3).max(100).optional(),
  lockoutMinutes: z.number().int().min(1).max(1440).optional(),
  auditRetentionDays: z.number().int().min(30).max(36500).nullable().optional(),
});
export type SecurityInput = z.infer<typeof securityBody>;
export const securityOut = z.object({
  passwordMinLength: z.number().int(),
  passwordBlockCommon: z.boolean(),
  passwordExpiryDays: z.number().int().nullable(),
  lockoutThreshold: z.number().int(),
  lockoutMinutes: z.number().int(),
  auditRetentionDays: z.number().int().nullable(),
});

export const auditQuery = z.strictObject({
  recordId: z.uuid().optional(),
  object: z.string().max(50).optional(),
  userId: z.uuid().optional(),
  action: z.string().max(50).optional(),
  from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});
export const auditOut = z.object({
  id: z.uuid(),
  at: z.iso.datetime(),
  actorId: z.uuid().nullable(),
  actorName: z.string().nullable(),
  actorType: z.string(),
  action: z.string(),
  object: z.string(),
  recordId: z.uuid().nullable(),
  changes: z.record(z.string(), z.tuple([z.unknown(), z.unknown()])).nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
});
export const auditList = z.object({ data: z.array(auditOut), nextCursor: z.string().nullable() });

export const userAccessBody = z.strictObject({
  role: z.string().min(1).max(40).optional(),
  teamIds: z.array(z.uuid()).max(100).optional(),
  deputyId: z.uuid().nullable().optional(),
});
