import { DEFAULT_ROLES } from '../../common/access.js';
import type { Ctx } from '../platform/context.js';
import type { MeResponse } from './schema.js';

export function presentMe(ctx: Ctx, user: { id: string; name: string; email: string }): MeResponse {
  return {
    user: {
      id: user.id,
      name: user.name,
      email: user.email,
      role: ctx.actor.role,
      locale: ctx.locale,
    },
    workspace: { ...ctx.workspace },
    access: {
      roleKey: ctx.access?.roleKey ?? 'admin',
      isAdmin: ctx.access?.isAdmin ?? true,
      permissions: ctx.access?.permissions ?? DEFAULT_ROLES.admin.permissions,
      fieldPermissions: ctx.access?.fieldPermissions ?? {},
      teamIds: ctx.access?.teamIds ?? [],
      restricted: ctx.access?.restricted ?? null,
    },
  };
}

export function presentApiKey(row: {
  id: string;
  name: string;
  prefix: string;
  userId: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}) {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    userId: row.userId,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  };
}
