/**
 * Permission checks of the shared record routes (contacts, companies, leads and every collection
 * built on `recordRoutes`): the action must be allowed at all (403), the record must be within
 * the action's scope (404 when invisible, 403 when visible but not editable), written fields must
 * be editable and filters/sorts may not touch hidden fields.
 */
import type { RecordObject } from '../../common/records.js';
import type { Ctx } from '../platform/context.js';
import { AppError } from '../platform/errors.js';
import {
  requireCan,
  requireEditableFields,
  requireOwnerInScope,
  requireVisibleListParams,
} from '../platform/permissions.js';
import { findHeads } from '../records/repository.js';
import { requireRecordAction } from './service.js';

export function guardList(ctx: Ctx, object: RecordObject, query: Record<string, unknown>): void {
  requireCan(ctx, 'read', object);
  requireVisibleListParams(ctx, object, query);
}

export function guardCreate(ctx: Ctx, object: RecordObject, body: Record<string, unknown>): void {
  requireCan(ctx, 'create', object);
  requireEditableFields(ctx, object, body);
  const ownerId = body.ownerId === undefined ? ctx.actor.userId : (body.ownerId as string | null);
  requireOwnerInScope(ctx, 'create', object, ownerId);
}

export async function guardUpdate(
  ctx: Ctx,
  object: RecordObject,
  id: string,
  body: Record<string, unknown>,
): Promise<void> {
  const [head] = await findHeads(ctx, object, [id]);
  if (!head) throw AppError.notFound();
  await requireRecordAction(ctx, 'edit', object, id, head.ownerId);
  requireEditableFields(ctx, object, body);
  if (body.ownerId !== undefined && body.ownerId !== head.ownerId)
    requireOwnerInScope(ctx, 'edit', object, body.ownerId as string | null);
}

export async function guardDelete(ctx: Ctx, object: RecordObject, id: string): Promise<void> {
  const [head] = await findHeads(ctx, object, [id]);
  if (!head) throw AppError.notFound();
  await requireRecordAction(ctx, 'delete', object, id, head.ownerId);
}
