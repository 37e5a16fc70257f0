/**
 * Tasks (R5): owner, due time in a time zone, reminder, RRULE recurrence, result on completion.
 * Every change is audited, published to the people concerned (`task.changed`) and, for tasks
 * about a record, written to that record's timeline. Reminders and overdue escalation run as
 * jobs (`reminders.ts`); a task due while its owner is absent goes to the deputy (`schedule/`).
 */
import { and, isNull, or, sql, type SQL } from 'drizzle-orm';
import { searchDocument } from '../../common/search/normalize.js';
import { isTimeZone, localDate, parseDueTime, startOfLocalDay } from '../../common/time.js';
import { parseListQuery } from '../db/list-query.js';
import { publish } from '../events/bus.js';
import { recordAudit, type Changes } from '../platform/audit.js';
import { inTransaction, type Ctx } from '../platform/context.js';
import { AppError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import { deputyFor } from '../schedule/service.js';
import { insertActivity } from '../timeline/repository.js';
import { scheduleTaskJobs } from './reminders.js';
import { nextOccurrence, normalizeRrule } from './recurrence.js';
import * as repo from './repository.js';
import {
  DUE_BUCKETS,
  type DueBucket,
  type TaskCreateInput,
  type TaskRelatedType,
  type TaskUpdateInput,
} from './schema.js';
import { tasks, type TaskRow } from './tables.js';

const TIMELINE_OBJECTS = new Set(['contacts', 'companies', 'leads', 'deals', 'invoices']);

function checkTimeZone(value: string): string {
  if (!isTimeZone(value)) throw AppError.invalid('timeZone', 'tasks:errors.invalid_time_zone');
  return value;
}

function parseDue(value: string | null | undefined, timeZone: string): Date | null {
  if (value === null || value === undefined || value === '') return null;
  const due = parseDueTime(value, timeZone);
  if (!due || due.getUTCFullYear() < 1900 || due.getUTCFullYear() > 2999)
    throw AppError.invalid('dueAt', 'tasks:errors.invalid_due');
  return due;
}

function checkRecurrence(value: string | null | undefined): string | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  const rule = normalizeRrule(value);
  if (!rule) throw AppError.invalid('recurrence', 'tasks:errors.invalid_rrule');
  return rule;
}

async function checkOwner(ctx: Ctx, ownerId: string): Promise<void> {
  const user = (await repo.usersByIds(ctx, [ownerId])).get(ownerId);
  if (!user?.active) throw AppError.invalid('ownerId', 'field.invalid_user');
}

async function checkRelated(
  ctx: Ctx,
  type: TaskRelatedType | null | undefined,
  id: string | null | undefined,
): Promise<void> {
  if (!type && !id) return;
  if (!type || !id)
    throw AppError.invalid(type ? 'relatedId' : 'relatedType', 'tasks:errors.related_incomplete');
  const names = await repo.relatedNames(ctx, type, [id]);
  if (!names.has(id)) throw AppError.invalid('relatedId', 'field.invalid_reference');
}

const remindAtOf = (dueAt: Date | null, minutes: number | null): Date | null =>
  dueAt && minutes !== null ? new Date(dueAt.getTime() - minutes * 60_000) : null;

/** Who should hear that a task changed: its owner, the previous owner, and whoever changed it. */
async function announce(ctx: Ctx, row: TaskRow, previousOwner?: string): Promise<void> {
  await publish(
    ctx,
    {
      userIds: [row.ownerId, previousOwner, ctx.actor.userId].filter(
        (id): id is string => typeof id === 'string',
      ),
    },
    { type: 'task.changed', data: { id: row.id, status: row.status, ownerId: row.ownerId } },
  );
}

async function toTimeline(
  ctx: Ctx,
  row: TaskRow,
  event: 'created' | 'completed' | 'cancelled' | 'reassigned',
): Promise<void> {
  if (!row.relatedType || !row.relatedId || !TIMELINE_OBJECTS.has(row.relatedType)) return;
  await insertActivity(ctx, {
    id: newId(),
    recordType: row.relatedType,
    recordId: row.relatedId,
    kind: 'task',
    body: event === 'completed' ? row.result : null,
    data: {
      taskId: row.id,
      event,
      title: row.title,
      type: row.type,
      ownerId: row.ownerId,
      dueAt: row.dueAt?.toISOString() ?? null,
      status: row.status,
    },
    actorId: ctx.actor.userId,
  });
}

/**
 * The owner a task really gets: when the intended owner is absent on the due day and named a
 * deputy, the deputy (R27, R4).
 */
async function effectiveOwner(ctx: Ctx, ownerId: string, dueAt: Date | null): Promise<string> {
  if (!dueAt) return ownerId;
  return (await deputyFor(ctx, ownerId, dueAt)) ?? ownerId;
}

export async function createTask(ctx: Ctx, input: TaskCreateInput): Promise<TaskRow> {
  return inTransaction(ctx, async (tx) => {
    const intendedOwner = input.ownerId ?? tx.actor.userId;
    if (!intendedOwner) throw AppError.invalid('ownerId', 'field.required');
    await checkOwner(tx, intendedOwner);
    const timeZone = checkTimeZone(input.timeZone ?? (await repo.userTimeZone(tx, intendedOwner)));
    const dueAt = parseDue(input.dueAt, timeZone);
    const recurrence = checkRecurrence(input.recurrence);
    if (recurrence && !dueAt)
      throw AppError.invalid('recurrence', 'tasks:errors.recurrence_needs_due');
    await checkRelated(tx, input.relatedType, input.relatedId);
    const ownerId = await effectiveOwner(tx, intendedOwner, dueAt);
    const reminderMinutes = input.reminderMinutes ?? null;
    const row = await repo.insertTask(tx, {
      id: newId(),
      title: input.title,
      description: input.description ?? null,
      type: input.type,
      relatedType: input.relatedType ?? null,
      relatedId: input.relatedId ?? null,
      ownerId,
      dueAt,
      timeZone,
      priority: input.priority,
      reminderMinutes,
      remindAt: remindAtOf(dueAt, reminderMinutes),
      recurrence,
      searchText: searchDocument([input.title, input.description]),
      createdBy: tx.actor.userId,
      updatedBy: tx.actor.userId,
    });
    await recordAudit(tx, { action: 'create', object: 'tasks', recordId: row.id });
    await toTimeline(tx, row, 'created');
    await scheduleTaskJobs(tx, row);
    await announce(tx, row);
    return row;
  });
}

export async function getTask(ctx: Ctx, id: string): Promise<TaskRow> {
  const row = await repo.findTask(ctx, id);
  if (!row) throw AppError.notFound();
  return row;
}

const AUDITED: (keyof TaskRow)[] = [
  'title',
  'description',
  'type',
  'relatedType',
  'relatedId',
  'ownerId',
  'dueAt',
  'timeZone',
  'priority',
  'reminderMinutes',
  'recurrence',
  'status',
  'result',
];

function changesOf(before: TaskRow, after: TaskRow): Changes {
  const changes: Changes = {};
  for (const key of AUDITED) {
    const a = before[key] instanceof Date ? (before[key] as Date).toISOString() : before[key];
    const b = after[key] instanceof Date ? (after[key] as Date).toISOString() : after[key];
    if ((a ?? null) !== (b ?? null)) changes[key] = [a ?? null, b ?? null];
  }
  return changes;
}

export async function updateTask(
  ctx: Ctx,
  id: string,
  input: TaskUpdateInput,
  expectedVersion: number | null,
): Promise<TaskRow> {
  return inTransaction(ctx, async (tx) => {
    const before = await repo.findTask(tx, id, { forUpdate: true });
    if (!before) throw AppError.notFound();
    if (expectedVersion !== null && expectedVersion !== before.version)
      throw new AppError('version_conflict');
    if (input.ownerId !== undefined && input.ownerId !== before.ownerId)
      await checkOwner(tx, input.ownerId);
    const timeZone = input.timeZone !== undefined ? checkTimeZone(input.timeZone) : before.timeZone;
    const dueAt = input.dueAt !== undefined ? parseDue(input.dueAt, timeZone) : before.dueAt;
    const recurrence =
      input.recurrence !== undefined ? checkRecurrence(input.recurrence) : before.recurrence;
    if (recurrence && !dueAt)
      throw AppError.invalid('recurrence', 'tasks:errors.recurrence_needs_due');
    const relatedType = input.relatedType !== undefined ? input.relatedType : before.relatedType;
    const relatedId = input.relatedId !== undefined ? input.relatedId : before.relatedId;
    if (input.relatedType !== undefined || input.relatedId !== undefined)
      await checkRelated(tx, relatedType as TaskRelatedType | null, relatedId);
    const reminderMinutes =
      input.reminderMinutes !== undefined ? input.reminderMinutes : before.reminderMinutes;
    const remindAt = remindAtOf(dueAt, reminderMinutes);
    const dueChanged = (dueAt?.getTime() ?? null) !== (before.dueAt?.getTime() ?? null);
    const remindChanged = (remindAt?.getTime() ?? null) !== (before.remindAt?.getTime() ?? null);
    let ownerId = input.ownerId ?? before.ownerId;
    if (dueChanged || input.ownerId !== undefined)
      ownerId = await effectiveOwner(tx, ownerId, dueAt);
    const title = input.title ?? before.title;
    const description = input.description !== undefined ? input.description : before.description;
    let status = input.status ?? before.status;
    if (before.status === 'done' && input.status === undefined) status = 'done';
    const row = await repo.updateTask(tx, id, {
      title,
      description,
      type: input.type ?? before.type,
      relatedType,
      relatedId,
      ownerId,
      dueAt,
      timeZone,
      priority: input.priority ?? before.priority,
      reminderMinutes,
      remindAt,
      // A new reminder time is a new reminder; a new due time can be overdue again.
      ...(remindChanged ? { remindedAt: null } : {}),
      ...(dueChanged ? { escalatedAt: null } : {}),
      recurrence,
      status,
      ...(status === 'open' && before.status !== 'open'
        ? { completedAt: null, completedBy: null, result: null }
        : {}),
      searchText: searchDocument([title, description]),
    });
    const changes = changesOf(before, row);
    if (Object.keys(changes).length > 0)
      await recordAudit(tx, { action: 'update', object: 'tasks', recordId: id, changes });
    if (status === 'cancelled' && before.status !== 'cancelled')
      await toTimeline(tx, row, 'cancelled');
    if (row.ownerId !== before.ownerId) await toTimeline(tx, row, 'reassigned');
    if (remindChanged || dueChanged) await scheduleTaskJobs(tx, row);
    await announce(tx, row, before.ownerId);
    return row;
  });
}

/**
 * Marks a task done with its result note; a recurring task gets its next occurrence (same
 * owner, type, record, reminder and wall-clock time in its time zone) in the same transaction.
 */
export async function completeTask(
  ctx: Ctx,
  id: string,
  result: string | undefined,
  now: Date = new Date(),
): Promise<{ task: TaskRow; next: TaskRow | null }> {
  return inTransaction(ctx, async (tx) => {
    const before = await repo.findTask(tx, id, { forUpdate: true });
    if (!before) throw AppError.notFound();
    if (before.status !== 'open')
      throw new AppError('conflict', {}, [{ path: 'status', message: 'tasks:errors.not_open' }]);
    const task = await repo.updateTask(tx, id, {
      status: 'done',
      result: result?.trim() ? result.trim() : null,
      completedAt: now,
      completedBy: tx.actor.userId,
    });
    await recordAudit(tx, {
      action: 'update',
      object: 'tasks',
      recordId: id,
      changes: changesOf(before, task),
    });
    await toTimeline(tx, task, 'completed');
    await announce(tx, task);

    let next: TaskRow | null = null;
    if (task.recurrence && task.dueAt) {
      const occurrence = nextOccurrence(task.recurrence, task.dueAt, task.timeZone, now);
      if (occurrence) {
        const ownerId = await effectiveOwner(tx, task.ownerId, occurrence.dueAt);
        next = await repo.insertTask(tx, {
          id: newId(),
          title: task.title,
          description: task.description,
          type: task.type,
          relatedType: task.relatedType,
          relatedId: task.relatedId,
          ownerId,
          dueAt: occurrence.dueAt,
          timeZone: task.timeZone,
          priority: task.priority,
          reminderMinutes: task.reminderMinutes,
          remindAt: remindAtOf(occurrence.dueAt, task.reminderMinutes),
          recurrence: occurrence.rule,
          seriesId: task.seriesId ?? task.id,
          searchText: task.searchText,
          createdBy: tx.actor.userId,
          updatedBy: tx.actor.userId,
        });
        await recordAudit(tx, { action: 'create', object: 'tasks', recordId: next.id });
        await toTimeline(tx, next, 'created');
        await scheduleTaskJobs(tx, next);
        await announce(tx, next);
      }
    }
    return { task, next };
  });
}

export async function deleteTask(ctx: Ctx, id: string): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const row = await repo.findTask(tx, id, { forUpdate: true });
    if (!row) throw AppError.notFound();
    await repo.updateTask(tx, id, { deletedAt: new Date() });
    await recordAudit(tx, { action: 'delete', object: 'tasks', recordId: id });
    await announce(tx, row);
  });
}

/** The conditions of a due bucket on the viewer's clock (open tasks only). */
export function dueCondition(bucket: DueBucket, now: Date, timeZone: string): SQL {
  const today = localDate(now, timeZone);
  const tomorrow = startOfLocalDay(today, timeZone, 1).toISOString();
  const open = sql`${tasks.status} = 'open'`;
  const nowIso = now.toISOString();
  switch (bucket) {
    case 'overdue':
      return and(open, sql`${tasks.dueAt} < ${nowIso}::timestamptz`) as SQL;
    case 'today':
      return and(
        open,
        sql`${tasks.dueAt} >= ${nowIso}::timestamptz`,
        sql`${tasks.dueAt} < ${tomorrow}::timestamptz`,
      ) as SQL;
    case 'upcoming':
      return and(
        open,
        or(sql`${tasks.dueAt} >= ${tomorrow}::timestamptz`, isNull(tasks.dueAt)),
      ) as SQL;
  }
}

/**
 * Lists tasks with the list contract plus `filter[due]=overdue|today|upcoming` (on the caller's
 * clock: "today" ends at their local midnight).
 */
export async function listTasks(ctx: Ctx, query: Record<string, unknown>, now = new Date()) {
  const { 'filter[due]': due, ...rest } = query;
  const extra: SQL[] = [];
  if (due !== undefined) {
    if (typeof due !== 'string' || !(DUE_BUCKETS as readonly string[]).includes(due))
      throw AppError.invalid('filter[due]', 'field.invalid_choice', {
        options: DUE_BUCKETS.join(', '),
      });
    extra.push(dueCondition(due as DueBucket, now, await repo.userTimeZone(ctx, ctx.actor.userId)));
  }
  const params = parseListQuery(rest, repo.taskListFields, { sort: 'dueAt' }, ctx.actor.userId);
  return repo.listTasks(ctx, params, extra);
}

export async function getSettings(ctx: Ctx) {
  const row = await repo.findSettings(ctx);
  return {
    escalationDays: row?.escalationDays ?? 2,
    escalateToManager: row?.escalateToManager ?? true,
  };
}

export async function updateSettings(
  ctx: Ctx,
  input: { escalationDays?: number | undefined; escalateToManager?: boolean | undefined },
) {
  return inTransaction(ctx, async (tx) => {
    const before = await getSettings(tx);
    await repo.saveSettings(tx, {
      ...(input.escalationDays !== undefined ? { escalationDays: input.escalationDays } : {}),
      ...(input.escalateToManager !== undefined
        ? { escalateToManager: input.escalateToManager }
        : {}),
    });
    const after = await getSettings(tx);
    await recordAudit(tx, {
      action: 'update',
      object: 'task_settings',
      recordId: null,
      changes: {
        escalationDays: [before.escalationDays, after.escalationDays],
        escalateToManager: [before.escalateToManager, after.escalateToManager],
      },
    });
    return after;
  });
}
