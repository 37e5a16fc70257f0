import { localDateTime } from '../../common/time.js';
import type { Ctx } from '../platform/context.js';
import * as repo from './repository.js';
import type { TaskOut, TaskRelatedType } from './schema.js';
import type { TaskRow } from './tables.js';

export interface TaskLookups {
  users: Map<string, repo.UserInfo>;
  related: Map<string, string>;
  viewerTimeZone: string;
  now: Date;
}

/** Owner names, related record names and the viewer's time zone for a page of tasks. */
export async function taskLookups(ctx: Ctx, rows: TaskRow[]): Promise<TaskLookups> {
  const users = await repo.usersByIds(ctx, [
    ...rows.map((r) => r.ownerId),
    ...(ctx.actor.userId ? [ctx.actor.userId] : []),
  ]);
  const related = new Map<string, string>();
  const byType = new Map<string, string[]>();
  for (const row of rows) {
    if (!row.relatedType || !row.relatedId) continue;
    const list = byType.get(row.relatedType) ?? [];
    list.push(row.relatedId);
    byType.set(row.relatedType, list);
  }
  for (const [type, ids] of byType) {
    for (const [id, name] of await repo.relatedNames(ctx, type as TaskRelatedType, ids))
      related.set(`${type}:${id}`, name);
  }
  const viewer = ctx.actor.userId ? users.get(ctx.actor.userId) : undefined;
  return {
    users,
    related,
    viewerTimeZone: viewer?.timezone ?? ctx.workspace.timezone,
    now: new Date(),
  };
}

export function presentTask(row: TaskRow, lookups: TaskLookups): TaskOut {
  const owner = lookups.users.get(row.ownerId);
  const relatedName =
    row.relatedType && row.relatedId
      ? lookups.related.get(`${row.relatedType}:${row.relatedId}`)
      : undefined;
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    type: row.type as TaskOut['type'],
    relatedType: row.relatedType as TaskOut['relatedType'],
    relatedId: row.relatedId,
    related:
      row.relatedType && row.relatedId
        ? { type: row.relatedType, id: row.relatedId, name: relatedName ?? '' }
        : null,
    ownerId: row.ownerId,
    owner: owner ? { id: owner.id, name: owner.name } : null,
    dueAt: row.dueAt?.toISOString() ?? null,
    timeZone: row.timeZone,
    dueLocal: row.dueAt ? localDateTime(row.dueAt, lookups.viewerTimeZone) : null,
    viewerTimeZone: lookups.viewerTimeZone,
    overdue:
      row.status === 'open' && row.dueAt !== null && row.dueAt.getTime() < lookups.now.getTime(),
    priority: row.priority as TaskOut['priority'],
    reminderMinutes: row.reminderMinutes,
    remindAt: row.remindAt?.toISOString() ?? null,
    recurrence: row.recurrence,
    seriesId: row.seriesId,
    status: row.status as TaskOut['status'],
    result: row.result,
    completedAt: row.completedAt?.toISOString() ?? null,
    completedBy: row.completedBy,
    version: row.version,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function presentTasks(ctx: Ctx, rows: TaskRow[]): Promise<TaskOut[]> {
  const lookups = await taskLookups(ctx, rows);
  return rows.map((row) => presentTask(row, lookups));
}

export async function presentOne(ctx: Ctx, row: TaskRow): Promise<TaskOut> {
  return presentTask(row, await taskLookups(ctx, [row]));
}
