import sanitizeHtml from 'sanitize-html';
import type { RecordObject } from '../../common/records.js';
import { recordAudit } from '../platform/audit.js';
import { inTransaction, type Ctx } from '../platform/context.js';
import { AppError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import { findHeads } from '../records/repository.js';
import { visibleField } from '../platform/permissions.js';
import * as repo from './repository.js';
import type { TimelineItem } from './schema.js';

/** What a note may contain: the formatting of the notes editor, nothing executable. */
export function sanitizeNote(html: string): string {
  return sanitizeHtml(html, {
    allowedTags: [
      'p',
      'br',
      'strong',
      'b',
      'em',
      'i',
      'u',
      's',
      'ul',
      'ol',
      'li',
      'a',
      'blockquote',
      'code',
      'pre',
      'h2',
      'h3',
      'h4',
      'span',
    ],
    allowedAttributes: { a: ['href', 'target', 'rel'] },
    allowedSchemes: ['http', 'https', 'mailto', 'tel'],
    transformTags: {
      a: sanitizeHtml.simpleTransform('a', { target: '_blank', rel: 'noopener noreferrer' }),
    },
  }).trim();
}

async function visibleRecord(ctx: Ctx, object: RecordObject, id: string): Promise<void> {
  const [head] = await findHeads(ctx, object, [id]);
  if (!head) throw AppError.notFound();
}

const AUDIT_KINDS: Record<string, string> = {
  create: 'created',
  update: 'changed',
  delete: 'deleted',
  restore: 'restored',
  convert: 'converted',
};

function flattenChanges(changes: Record<string, [unknown, unknown]> | null) {
  if (!changes) return null;
  const out: { field: string; from: unknown; to: unknown }[] = [];
  for (const [field, [from, to]] of Object.entries(changes)) {
    if (field === 'custom' && isObject(from ?? {}) && isObject(to ?? {})) {
      const a = (from ?? {}) as Record<string, unknown>;
      const b = (to ?? {}) as Record<string, unknown>;
      for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
        if (JSON.stringify(a[key] ?? null) !== JSON.stringify(b[key] ?? null)) {
          out.push({ field: `custom.${key}`, from: a[key] ?? null, to: b[key] ?? null });
        }
      }
    } else out.push({ field, from, to });
  }
  return out;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function canEdit(ctx: Ctx, actorId: string | null): boolean {
  return actorId === ctx.actor.userId || ctx.actor.role !== 'member';
}

function present(ctx: Ctx, row: repo.TimelineRow): TimelineItem {
  return {
    id: row.id,
    kind: row.source === 'audit' ? (AUDIT_KINDS[row.kind] ?? row.kind) : row.kind,
    at: row.at,
    actor: row.actor_id ? { id: row.actor_id, name: row.actor_name ?? '' } : null,
    body: row.body,
    data: row.data,
    changes: row.source === 'audit' ? flattenChanges(row.changes) : null,
    editable: row.source === 'activity' && row.kind === 'note' && canEdit(ctx, row.actor_id),
  };
}

function decodeCursor(cursor: string | undefined): { at: string; id: string } | null {
  if (!cursor) return null;
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [
      unknown,
      unknown,
    ];
    if (typeof at === 'string' && typeof id === 'string' && !Number.isNaN(Date.parse(at)))
      return { at, id };
  } catch {
    // fall through
  }
  throw AppError.invalid('cursor', 'list.invalid_cursor');
}

export async function getTimeline(
  ctx: Ctx,
  object: RecordObject,
  recordId: string,
  query: { limit: number; cursor?: string | undefined; kinds?: string | undefined },
): Promise<{ data: TimelineItem[]; nextCursor: string | null }> {
  await visibleRecord(ctx, object, recordId);
  const kinds = query.kinds
    ? query.kinds
        .split(',')
        .map((k) => k.trim())
        .filter(Boolean)
    : null;
  const rows = await repo.timeline(ctx, object, recordId, {
    limit: query.limit + 1,
    before: decodeCursor(query.cursor),
    kinds,
  });
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    // Before/after of fields hidden from the caller's role never leave the server (issue 9).
    data: page
      .map((row) => present(ctx, row))
      .map((item) =>
        item.changes
          ? { ...item, changes: item.changes.filter((c) => visibleField(ctx, object, c.field)) }
          : item,
      )
      .filter((item) => item.kind !== 'changed' || (item.changes?.length ?? 0) > 0),
    nextCursor:
      rows.length > query.limit && last
        ? Buffer.from(JSON.stringify([last.at, last.id])).toString('base64url')
        : null,
  };
}

export async function addNote(
  ctx: Ctx,
  object: RecordObject,
  recordId: string,
  body: string,
): Promise<TimelineItem> {
  const clean = sanitizeNote(body);
  if (!clean) throw AppError.invalid('body', 'field.required');
  return inTransaction(ctx, async (tx) => {
    await visibleRecord(tx, object, recordId);
    const row = await repo.insertActivity(tx, {
      id: newId(),
      recordType: object,
      recordId,
      kind: 'note',
      body: clean,
      actorId: tx.actor.userId,
    });
    await recordAudit(tx, { action: 'create', object: 'notes', recordId: row.id });
    return noteItem(tx, row);
  });
}

async function noteItem(ctx: Ctx, row: repo.ActivityRow): Promise<TimelineItem> {
  const names = await repo.userNames(ctx, row.actorId ? [row.actorId] : []);
  return present(ctx, {
    id: row.id,
    source: 'activity',
    kind: row.kind,
    at: row.occurredAt.toISOString(),
    actor_id: row.actorId,
    actor_name: row.actorId ? (names.get(row.actorId) ?? null) : null,
    body: row.body,
    data: row.data,
    changes: null,
  });
}

async function editableNote(
  ctx: Ctx,
  object: RecordObject,
  recordId: string,
  noteId: string,
): Promise<repo.ActivityRow> {
  await visibleRecord(ctx, object, recordId);
  const note = await repo.findActivity(ctx, object, recordId, noteId);
  if (!note || note.kind !== 'note') throw AppError.notFound();
  if (!canEdit(ctx, note.actorId)) throw new AppError('forbidden');
  return note;
}

export async function editNote(
  ctx: Ctx,
  object: RecordObject,
  recordId: string,
  noteId: string,
  body: string,
): Promise<TimelineItem> {
  const clean = sanitizeNote(body);
  if (!clean) throw AppError.invalid('body', 'field.required');
  return inTransaction(ctx, async (tx) => {
    const before = await editableNote(tx, object, recordId, noteId);
    const row = await repo.updateActivityBody(tx, noteId, clean);
    if (!row) throw AppError.notFound();
    await recordAudit(tx, {
      action: 'update',
      object: 'notes',
      recordId: noteId,
      changes: { body: [before.body, clean] },
    });
    return noteItem(tx, row);
  });
}

export async function deleteNote(
  ctx: Ctx,
  object: RecordObject,
  recordId: string,
  noteId: string,
): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const before = await editableNote(tx, object, recordId, noteId);
    await repo.softDeleteActivity(tx, noteId);
    await recordAudit(tx, {
      action: 'delete',
      object: 'notes',
      recordId: noteId,
      changes: { body: [before.body, null] },
    });
  });
}
