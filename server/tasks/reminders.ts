/**
 * Reminders ("time to call", "time to send the letter") and overdue escalation ("the
 * commercial-offer task is 2 days overdue") as durable jobs. A task write enqueues its
 * `tasks.remind` job (startAfter = remind time) in the same transaction; a one-minute
 * `tasks.sweep` schedule catches everything else (escalations, reminders written while no job
 * queue ran). Exactly once: the notification and `reminded_at`/`escalated_at` are written in one
 * transaction under the task's row lock, and the notification carries a dedupe key — a second
 * process, a retried job or a sweep racing a job finds the task already handled.
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import { isLocale } from '../../common/locales.js';
import type { Database, Db } from '../db/connection.js';
import { workspaces } from '../db/schema.js';
import { enqueue, ensureQueue, jobsOf, work } from '../jobs/queue.js';
import { jobsRunning } from '../mail/service.js';
import { notifyWithin } from '../notifications/service.js';
import { systemContext, type Ctx, type WorkspaceInfo } from '../platform/context.js';
import { managerOf } from '../schedule/service.js';
import * as repo from './repository.js';
import { tasks, type TaskRow } from './tables.js';

export const REMIND_QUEUE = 'tasks.remind';
export const SWEEP_QUEUE = 'tasks.sweep';
/** Reminders older than this when first seen (queue down for a day) are dropped, not sent. */
const STALE_REMINDER_HOURS = 24;

/** Enqueues the reminder job of a task (when it has a future-or-now reminder). */
export async function scheduleTaskJobs(ctx: Ctx, row: TaskRow): Promise<void> {
  if (!row.remindAt || row.remindedAt || row.status !== 'open') return;
  if (!jobsRunning(ctx.database)) return; // the sweep will find it
  await enqueue(
    ctx,
    REMIND_QUEUE,
    { workspaceId: ctx.workspace.id, taskId: row.id },
    {
      startAfter: row.remindAt,
      singletonKey: `${row.id}:${row.remindAt.toISOString()}`,
      retryLimit: 5,
      retryBackoff: true,
    },
  );
}

function taskLink(row: TaskRow): string {
  return `/tasks?task=${row.id}`;
}

/** Sends the reminder of a task the caller has locked, if it is due and unsent; true when sent. */
async function deliverReminder(tx: Ctx, row: TaskRow, now: Date): Promise<boolean> {
  if (row.status !== 'open' || row.deletedAt || !row.remindAt || row.remindedAt) return false;
  if (row.remindAt.getTime() > now.getTime()) return false;
  await repo.markJobDone(tx, row.id, { remindedAt: now });
  if (now.getTime() - row.remindAt.getTime() > STALE_REMINDER_HOURS * 3600_000) return false;
  await notifyWithin(
    tx,
    {
      userIds: [row.ownerId],
      kind: 'task_reminder',
      params: { title: row.title, context: row.type, dueAt: row.dueAt?.toISOString() ?? null },
      link: taskLink(row),
      dedupeKey: `task-reminder:${row.id}:${row.remindAt.toISOString()}`,
    },
    now,
  );
  return true;
}

/** Escalates a locked overdue task to its owner and (configurable) their manager. */
async function deliverEscalation(tx: Ctx, row: TaskRow, now: Date): Promise<boolean> {
  if (row.status !== 'open' || row.deletedAt || !row.dueAt || row.escalatedAt) return false;
  const settings = await repo.findSettings(tx);
  const days = settings?.escalationDays ?? 2;
  const overdueMs = now.getTime() - row.dueAt.getTime();
  if (overdueMs < days * 24 * 3600_000) return false;
  await repo.markJobDone(tx, row.id, { escalatedAt: now });
  const recipients = [row.ownerId];
  if (settings?.escalateToManager ?? true) {
    const manager = await managerOf(tx, row.ownerId);
    if (manager) recipients.push(manager);
  }
  const owner = (await repo.usersByIds(tx, [row.ownerId])).get(row.ownerId);
  await notifyWithin(
    tx,
    {
      userIds: recipients,
      kind: 'task_overdue',
      params: {
        title: row.title,
        context: row.type,
        count: Math.floor(overdueMs / (24 * 3600_000)),
        owner: owner?.name ?? '',
      },
      link: taskLink(row),
      dedupeKey: `task-overdue:${row.id}:${row.dueAt.toISOString()}`,
    },
    now,
  );
  return true;
}

/** The reminder job: one task; skipped when another worker holds it (the sweep covers it). */
export async function remindTask(ctx: Ctx, taskId: string, now = new Date()): Promise<boolean> {
  return ctx.db.transaction(async (db) => {
    const tx = { ...ctx, db };
    const row = await repo.findTask(tx, taskId, { skipLocked: true });
    return row ? deliverReminder(tx, row, now) : false;
  });
}

async function workspaceInfo(db: Db, id: string): Promise<WorkspaceInfo | null> {
  const [row] = await db.select().from(workspaces).where(eq(workspaces.id, id));
  if (!row) return null;
  return {
    id: row.id,
    name: row.name,
    locale: isLocale(row.locale) ? row.locale : 'en',
    currency: row.currency,
    country: row.country,
    timezone: row.timezone,
  };
}

/** `db` is the caller's transaction when it holds one (PGlite has a single connection). */
async function contextFor(
  database: Database,
  workspaceId: string,
  db: Db = database.db,
): Promise<Ctx | null> {
  const info = await workspaceInfo(db, workspaceId);
  return info ? systemContext(database, info) : null;
}

/**
 * Claims up to `batch` due tasks with `FOR UPDATE SKIP LOCKED` and handles them in one
 * transaction (one commit per batch: NOTIFY serializes commits, so per-task transactions would
 * cap throughput at the disk's flush rate). Workers in other processes claim other rows.
 */
async function sweepBatch(
  database: Database,
  what: 'remind' | 'escalate',
  now: Date,
  batch: number,
  contexts: Map<string, Ctx | null>,
): Promise<{ claimed: number; sent: number }> {
  return database.db.transaction(async (db) => {
    const nowIso = now.toISOString();
    const due =
      what === 'remind'
        ? sql`${tasks.remindedAt} IS NULL AND ${tasks.remindAt} <= ${nowIso}::timestamptz`
        : sql`${tasks.escalatedAt} IS NULL AND ${tasks.dueAt} <= ${nowIso}::timestamptz -
              make_interval(days => coalesce((SELECT s.escalation_days FROM task_settings s
                                              WHERE s.workspace_id = ${tasks.workspaceId}), 2))`;
    const rows = await db
      .select()
      .from(tasks)
      .where(and(eq(tasks.status, 'open'), isNull(tasks.deletedAt), due))
      .orderBy(what === 'remind' ? tasks.remindAt : tasks.dueAt)
      .limit(batch)
      .for('update', { skipLocked: true });
    let sent = 0;
    for (const row of rows) {
      if (!contexts.has(row.workspaceId))
        contexts.set(row.workspaceId, await contextFor(database, row.workspaceId, db));
      const ctx = contexts.get(row.workspaceId);
      if (!ctx) continue;
      const tx = { ...ctx, db };
      const done =
        what === 'remind'
          ? await deliverReminder(tx, row, now)
          : await deliverEscalation(tx, row, now);
      if (done) sent++;
    }
    return { claimed: rows.length, sent };
  });
}

/**
 * Delivers every due reminder and overdue escalation (all workspaces), batch by batch, until
 * none is left. Safe to run in several processes at once.
 */
export async function sweepDueTasks(
  database: Database,
  now = new Date(),
  batch = 100,
): Promise<{ reminded: number; escalated: number }> {
  const contexts = new Map<string, Ctx | null>();
  const result = { reminded: 0, escalated: 0 };
  for (const what of ['remind', 'escalate'] as const) {
    for (;;) {
      const { claimed, sent } = await sweepBatch(database, what, now, batch, contexts);
      result[what === 'remind' ? 'reminded' : 'escalated'] += sent;
      if (claimed < batch) break;
    }
  }
  return result;
}

export async function registerTaskWorkers(database: Database): Promise<void> {
  await ensureQueue(database, REMIND_QUEUE, { retryLimit: 5, retryBackoff: true });
  await ensureQueue(database, SWEEP_QUEUE, { retryLimit: 0, expireInSeconds: 300 });
  await work<{ workspaceId: string; taskId: string }>(database, REMIND_QUEUE, async (job) => {
    const ctx = await contextFor(database, job.data.workspaceId);
    if (ctx) await remindTask(ctx, job.data.taskId);
  });
  await work(database, SWEEP_QUEUE, async () => {
    await sweepDueTasks(database);
  });
  await jobsOf(database).boss.schedule(SWEEP_QUEUE, '* * * * *');
}
