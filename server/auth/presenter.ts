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
    ...row,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  };
}
