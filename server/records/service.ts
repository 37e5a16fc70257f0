/** Rules shared by every record object: owners, phones/emails, delete/restore, bulk, hand-over. */
import { normalizePhone } from '../../common/phone.js';
import type { ContactPoint, RecordObject } from '../../common/records.js';
import { recordAudit } from '../platform/audit.js';
import { inTransaction, type Ctx } from '../platform/context.js';
import { AppError, type ErrorDetail } from '../platform/errors.js';
import { findUser } from '../users/repository.js';
import { EMAIL } from '../fields/service.js';
import * as repo from './repository.js';
import { can, requireCan, requireOwnerInScope } from '../platform/permissions.js';
import type { BulkInput } from './schema.js';

export { referenceExists } from './repository.js';

/** The owner must be an active user of the workspace. */
export async function checkOwner(
  ctx: Ctx,
  ownerId: string | null | undefined,
  path = 'ownerId',
): Promise<void> {
  if (!ownerId) return;
  // A signed-in caller's own account was found active when the request was authenticated.
  if (ownerId === ctx.actor.userId && ctx.actor.type !== 'system') return;
  const user = await findUser(ctx, ownerId);
  if (!user?.active) throw AppError.invalid(path, 'field.invalid_user');
}

/** Phones in E.164 (workspace country for numbers typed without a country code). */
export function normalizePhones(
  ctx: Ctx,
  phones: ContactPoint[],
  path: string,
  problems: ErrorDetail[],
): ContactPoint[] {
  const out: ContactPoint[] = [];
  phones.forEach((phone, index) => {
    const normalized = normalizePhone(phone.value, ctx.workspace.country);
    if (!normalized)
      problems.push({ path: `${path}.${index}.value`, message: 'field.invalid_phone' });
    else if (!out.some((p) => p.value === normalized.e164))
      out.push({ value: normalized.e164, label: phone.label });
  });
  return out;
}

export function normalizeEmails(
  emails: ContactPoint[],
  path: string,
  problems: ErrorDetail[],
): ContactPoint[] {
  const out: ContactPoint[] = [];
  emails.forEach((email, index) => {
    const value = email.value.trim().toLowerCase();
    if (!EMAIL.test(value))
      problems.push({ path: `${path}.${index}.value`, message: 'field.invalid_email' });
    else if (!out.some((e) => e.value === value)) out.push({ value, label: email.label });
  });
  return out;
}

export function contactPointRows(
  ctx: Ctx,
  phones: ContactPoint[],
  emails: ContactPoint[],
): repo.ContactPointRow[] {
  return [
    ...phones.map((p) => ({
      kind: 'phone' as const,
      value: p.value,
      national: normalizePhone(p.value, ctx.workspace.country)?.national ?? null,
    })),
    ...emails.map((e) => ({ kind: 'email' as const, value: e.value, national: null })),
  ];
}

/** `If-Match: <version>` (quotes and W/ allowed); a stale version is a 409. */
export function expectedVersion(header: string | undefined): number | null {
  if (!header) return null;
  const version = Number(header.replace(/^W\//, '').replaceAll('"', ''));
  if (!Number.isInteger(version) || version < 1)
    throw AppError.invalid('If-Match', 'field.invalid_version');
  return version;
}

export async function deleteRecord(ctx: Ctx, object: RecordObject, id: string): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const [head] = await repo.findHeads(tx, object, [id]);
    if (!head || head.deletedAt) throw AppError.notFound();
    await repo.setDeleted(tx, object, [id], true);
    await recordAudit(tx, { action: 'delete', object, recordId: id });
  });
}

export async function restoreRecord(ctx: Ctx, object: RecordObject, id: string): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const [head] = await repo.findHeads(tx, object, [id]);
    if (!head) throw AppError.notFound();
    if (!head.deletedAt)
      throw new AppError('conflict', {}, [{ path: 'id', message: 'record.not_deleted' }]);
    await repo.setDeleted(tx, object, [id], false);
    await recordAudit(tx, { action: 'restore', object, recordId: id });
  });
}

/** Bulk actions on selected records; ids the caller cannot see are ignored. */
export async function bulkAction(
  ctx: Ctx,
  object: RecordObject,
  input: BulkInput,
): Promise<number> {
  // Each action needs its own permission; records outside its scope are left alone (issue 9).
  const action =
    input.action === 'assign' ? 'bulk_assign' : input.action === 'delete' ? 'delete' : 'edit';
  requireCan(ctx, action, object);
  if (input.action === 'assign') requireOwnerInScope(ctx, 'bulk_assign', object, input.ownerId);
  return inTransaction(ctx, async (tx) => {
    const heads = (await repo.findHeads(tx, object, input.ids)).filter(
      (h) => !h.deletedAt && can(tx, action, object, { ownerId: h.ownerId }),
    );
    const ids = heads.map((h) => h.id);
    if (ids.length === 0) return 0;
    switch (input.action) {
      case 'assign': {
        await checkOwner(tx, input.ownerId);
        await repo.setOwner(tx, object, ids, input.ownerId);
        for (const head of heads) {
          if (head.ownerId !== input.ownerId) {
            await recordAudit(tx, {
              action: 'update',
              object,
              recordId: head.id,
              changes: { ownerId: [head.ownerId, input.ownerId] },
            });
          }
        }
        return ids.length;
      }
      case 'tag':
      case 'untag': {
        for (const head of heads) {
          const tags =
            input.action === 'tag'
              ? [...new Set([...head.tags, ...input.tags])]
              : head.tags.filter((tag) => !input.tags.includes(tag));
          if (tags.length === head.tags.length && tags.every((t, i) => t === head.tags[i]))
            continue;
          await repo.setTags(tx, object, head.id, tags);
          await recordAudit(tx, {
            action: 'update',
            object,
            recordId: head.id,
            changes: { tags: [head.tags, tags] },
          });
        }
        return ids.length;
      }
      case 'delete': {
        const deleted = await repo.setDeleted(tx, object, ids, true);
        for (const id of deleted) await recordAudit(tx, { action: 'delete', object, recordId: id });
        return deleted.length;
      }
    }
  });
}

/** Hand-over of one employee's records of one object; audited per record. */
export async function reassignOwner(
  ctx: Ctx,
  object: RecordObject,
  fromUserId: string,
  toUserId: string,
): Promise<number> {
  const ids = await repo.reassignAll(ctx, object, fromUserId, toUserId);
  for (const id of ids) {
    await recordAudit(ctx, {
      action: 'update',
      object,
      recordId: id,
      changes: { ownerId: [fromUserId, toUserId] },
    });
  }
  return ids.length;
}
