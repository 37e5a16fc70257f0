/** Tables of access levels (migration 20261203130001-access-levels.sql). */
import { sql } from 'drizzle-orm';
import {
  boolean,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import type { FieldPermissions, Permissions } from '../../common/access.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date', precision: 3 });

export const roles = pgTable(
  'roles',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull(),
    key: text('key').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    isAdmin: boolean('is_admin').notNull().default(false),
    isDefault: boolean('is_default').notNull().default(false),
    permissions: jsonb('permissions').$type<Permissions>().notNull(),
    fieldPermissions: jsonb('field_permissions')
      .$type<FieldPermissions>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    require2fa: boolean('require_2fa').notNull().default(false),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

export const teams = pgTable(
  'teams',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull(),
    name: text('name').notNull(),
    parentId: uuid('parent_id'),
    managerId: uuid('manager_id'),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

export const teamMembers = pgTable(
  'team_members',
  {
    workspaceId: uuid('workspace_id').notNull(),
    teamId: uuid('team_id').notNull(),
    userId: uuid('user_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.teamId, t.userId] })],
);

export const recordShares = pgTable(
  'record_shares',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull(),
    object: text('object').notNull(),
    recordId: uuid('record_id').notNull(),
    userId: uuid('user_id'),
    teamId: uuid('team_id'),
    access: text('access').notNull().default('read'),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

export const workspaceSecurity = pgTable('workspace_security', {
  workspaceId: uuid('workspace_id').primaryKey(),
  passwordMinLength: integer('password_min_length').notNull().default(10),
  passwordBlockCommon: boolean('password_block_common').notNull().default(true),
  passwordExpiryDays: integer('password_expiry_days'),
  lockoutThreshold: integer('lockout_threshold').notNull().default(5),
  lockoutMinutes: integer('lockout_minutes').notNull().default(15),
  auditRetentionDays: integer('audit_retention_days'),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});
