import { fireRecordTriggers } from '../automations/hook.js';
import { auditEvents } from '../db/schema.js';
import type { Ctx } from './context.js';
import { newId } from './ids.js';

export type AuditAction =
  | 'create'
  | 'update'
  | 'delete'
  | 'restore'
  | 'convert'
  | 'sign_in'
  | 'sign_in_failed'
  | 'sign_out'
  | 'export'
  | 'import'
  | 'permission_change';

export type Changes = Record<string, [unknown, unknown]>;

/** JSON with object keys sorted: jsonb reorders keys, so plain JSON.stringify would see changes. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );
}

/** Fields whose values differ between `before` and `after` (compared as canonical JSON). */
export function diffFields(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  fields: readonly string[],
): Changes {
  const changes: Changes = {};
  for (const field of fields) {
    const a = before[field] ?? null;
    const b = after[field] ?? null;
    if (canonicalJson(a) !== canonicalJson(b)) changes[field] = [a, b];
  }
  return changes;
}

/** Writes one audit row; call inside the transaction of the change it records. */
export async function recordAudit(
  ctx: Ctx,
  event: { action: AuditAction; object: string; recordId: string | null; changes?: Changes | null },
): Promise<void> {
  await ctx.db.insert(auditEvents).values({
    workspaceId: ctx.workspace.id,
    id: newId(),
    actorId: ctx.actor.userId,
    actorType: ctx.actor.type,
    action: event.action,
    object: event.object,
    recordId: event.recordId,
    changes: event.changes ?? null,
    ip: ctx.ip,
    userAgent: ctx.userAgent,
  });
  // Automation rules listen here: one hook for every record service, in the same transaction.
  await fireRecordTriggers(ctx, event);
}
