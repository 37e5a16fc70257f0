/** SQL shared by every record table (contacts, companies, leads). */
import { and, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import type { RecordObject } from '../../common/records.js';
import { contactPoints, users } from '../db/schema.js';
import type { Ctx } from '../platform/context.js';
import { scopeTo } from '../platform/permissions.js';
import { recordTables } from './tables.js';

/** A generic view of a record table; all record tables have these columns (schema.ts). */
function table(object: RecordObject) {
  return recordTables[object] as (typeof recordTables)['contacts'];
}

export interface RecordHead {
  id: string;
  ownerId: string | null;
  tags: string[];
  version: number;
  deletedAt: Date | null;
}

function headColumns(object: RecordObject) {
  const t = table(object);
  return { id: t.id, ownerId: t.ownerId, tags: t.tags, version: t.version, deletedAt: t.deletedAt };
}

/** Existence and state of visible records (deleted ones included). */
export async function findHeads(
  ctx: Ctx,
  object: RecordObject,
  ids: string[],
): Promise<RecordHead[]> {
  if (ids.length === 0) return [];
  const t = table(object);
  return ctx.db
    .select(headColumns(object))
    .from(t)
    .where(and(scopeTo(ctx, t), inArray(t.id, ids)));
}

export async function referenceExists(ctx: Ctx, object: string, id: string): Promise<boolean> {
  if (object === 'users') {
    const [row] = await ctx.db
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.workspaceId, ctx.workspace.id), eq(users.id, id)));
    return Boolean(row);
  }
  if (!(object in recordTables)) return false;
  const t = table(object as RecordObject);
  const [row] = await ctx.db
    .select({ id: t.id })
    .from(t)
    .where(and(scopeTo(ctx, t), eq(t.id, id), isNull(t.deletedAt)));
  return Boolean(row);
}

/** Sets `deleted_at` (soft delete) or clears it (restore); returns the ids that changed. */
export async function setDeleted(
  ctx: Ctx,
  object: RecordObject,
  ids: string[],
  deleted: boolean,
): Promise<string[]> {
  const t = table(object);
  const rows = await ctx.db
    .update(t)
    .set({
      deletedAt: deleted ? sql`now()` : null,
      version: sql`${t.version} + 1`,
      updatedAt: sql`now()`,
      updatedBy: ctx.actor.userId,
    })
    .where(
      and(
        scopeTo(ctx, t),
        inArray(t.id, ids),
        deleted ? isNull(t.deletedAt) : isNotNull(t.deletedAt),
      ),
    )
    .returning({ id: t.id });
  return rows.map((r) => r.id);
}

export async function setOwner(
  ctx: Ctx,
  object: RecordObject,
  ids: string[],
  ownerId: string | null,
): Promise<RecordHead[]> {
  const t = table(object);
  return ctx.db
    .update(t)
    .set({
      ownerId,
      version: sql`${t.version} + 1`,
      updatedAt: sql`now()`,
      updatedBy: ctx.actor.userId,
    })
    .where(and(scopeTo(ctx, t), inArray(t.id, ids), isNull(t.deletedAt)))
    .returning(headColumns(object));
}

export async function setTags(
  ctx: Ctx,
  object: RecordObject,
  id: string,
  tags: string[],
): Promise<void> {
  const t = table(object);
  await ctx.db
    .update(t)
    .set({
      tags,
      version: sql`${t.version} + 1`,
      updatedAt: sql`now()`,
      updatedBy: ctx.actor.userId,
    })
    .where(and(scopeTo(ctx, t), eq(t.id, id)));
}

/** Hand-over: every live record owned by one user moves to another. Returns the ids moved. */
export async function reassignAll(
  ctx: Ctx,
  object: RecordObject,
  fromUserId: string,
  toUserId: string,
): Promise<string[]> {
  const t = table(object);
  const rows = await ctx.db
    .update(t)
    .set({
      ownerId: toUserId,
      version: sql`${t.version} + 1`,
      updatedAt: sql`now()`,
      updatedBy: ctx.actor.userId,
    })
    .where(and(scopeTo(ctx, t), eq(t.ownerId, fromUserId), isNull(t.deletedAt)))
    .returning({ id: t.id });
  return rows.map((r) => r.id);
}

export async function removeCustomKey(ctx: Ctx, object: RecordObject, key: string): Promise<void> {
  const t = table(object);
  await ctx.db
    .update(t)
    .set({ custom: sql`${t.custom} - ${key}::text` })
    .where(and(eq(t.workspaceId, ctx.workspace.id), sql`${t.custom} ? ${key}::text`));
}

export interface ContactPointRow {
  kind: 'phone' | 'email';
  value: string;
  national: string | null;
}

/** Replaces the normalized phones/emails of one record (same transaction as the record). */
export async function replaceContactPoints(
  ctx: Ctx,
  object: RecordObject,
  recordId: string,
  points: ContactPointRow[],
): Promise<void> {
  await ctx.db
    .delete(contactPoints)
    .where(
      and(
        eq(contactPoints.workspaceId, ctx.workspace.id),
        eq(contactPoints.recordType, object),
        eq(contactPoints.recordId, recordId),
      ),
    );
  await insertContactPoints(ctx, object, recordId, points);
}

/** The normalized phones/emails of a record just created (it has none to replace). */
export async function insertContactPoints(
  ctx: Ctx,
  object: RecordObject,
  recordId: string,
  points: ContactPointRow[],
): Promise<void> {
  const unique = new Map(points.map((p) => [`${p.kind}|${p.value}`, p]));
  if (unique.size === 0) return;
  await ctx.db.insert(contactPoints).values(
    [...unique.values()].map((p) => ({
      workspaceId: ctx.workspace.id,
      recordType: object,
      recordId,
      kind: p.kind,
      value: p.value,
      national: p.national,
    })),
  );
}
