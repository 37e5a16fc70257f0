/**
 * Work schedule (R27): working hours, deputy and manager per employee, absences (vacation, sick
 * leave). While someone is absent their due tasks — and new leads assigned to them — go to the
 * deputy they named (R4 hand-over).
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import { isTimeZone, localDate, startOfLocalDay } from '../../common/time.js';
import { users } from '../db/schema.js';
import { notify } from '../notifications/service.js';
import { recordAudit } from '../platform/audit.js';
import { inTransaction, type Ctx } from '../platform/context.js';
import { AppError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import { absences, workSchedules, type AbsenceRow, type WorkingHours } from './tables.js';

export const ABSENCE_KINDS = ['vacation', 'sick_leave', 'other'] as const;
export type AbsenceKind = (typeof ABSENCE_KINDS)[number];

async function userRow(ctx: Ctx, userId: string) {
  const [row] = await ctx.db
    .select({
      id: users.id,
      name: users.name,
      active: users.active,
      timezone: users.timezone,
      deputyId: users.deputyId,
    })
    .from(users)
    .where(and(eq(users.workspaceId, ctx.workspace.id), eq(users.id, userId)));
  return row ?? null;
}

async function scheduleRow(ctx: Ctx, userId: string) {
  const [row] = await ctx.db
    .select()
    .from(workSchedules)
    .where(and(eq(workSchedules.workspaceId, ctx.workspace.id), eq(workSchedules.userId, userId)));
  return row ?? null;
}

/** Members manage their own schedule and absences; managers and admins everyone's. */
function mayManage(ctx: Ctx, userId: string): void {
  if (ctx.actor.role === 'member' && ctx.actor.userId !== userId) throw new AppError('forbidden');
}

async function absenceOn(ctx: Ctx, userId: string, date: string): Promise<AbsenceRow | null> {
  const [row] = await ctx.db
    .select()
    .from(absences)
    .where(
      and(
        eq(absences.workspaceId, ctx.workspace.id),
        eq(absences.userId, userId),
        isNull(absences.deletedAt),
        sql`${absences.startsOn} <= ${date}::date`,
        sql`${absences.endsOn} >= ${date}::date`,
      ),
    )
    .limit(1);
  return row ?? null;
}

/**
 * Who stands in for `userId` at `at`: null when they are not absent then (on their own
 * calendar) or named no active deputy. A deputy who is away too hands on to their own deputy.
 */
export async function deputyFor(ctx: Ctx, userId: string, at: Date): Promise<string | null> {
  const seen = new Set([userId]);
  let current = userId;
  let deputy: string | null = null;
  for (let step = 0; step < 5; step++) {
    const user = await userRow(ctx, current);
    const zone = user?.timezone ?? ctx.workspace.timezone;
    const absence = await absenceOn(ctx, current, localDate(at, zone));
    if (!absence) break;
    const next =
      absence.deputyId ?? (await scheduleRow(ctx, current))?.deputyId ?? user?.deputyId ?? null;
    if (!next || seen.has(next)) break;
    const nextUser = await userRow(ctx, next);
    if (!nextUser?.active) break;
    deputy = next;
    seen.add(next);
    current = next;
  }
  return deputy;
}

/** The manager named in a user's work schedule (overdue escalation), if any. */
export async function managerOf(ctx: Ctx, userId: string): Promise<string | null> {
  return (await scheduleRow(ctx, userId))?.managerId ?? null;
}

export interface ScheduleOut {
  userId: string;
  timeZone: string;
  hours: WorkingHours[];
  deputyId: string | null;
  managerId: string | null;
}

export async function getSchedule(ctx: Ctx, userId: string): Promise<ScheduleOut> {
  const user = await userRow(ctx, userId);
  if (!user) throw AppError.notFound();
  const row = await scheduleRow(ctx, userId);
  return {
    userId,
    timeZone: user.timezone ?? ctx.workspace.timezone,
    hours: row?.hours ?? [],
    deputyId: row?.deputyId ?? null,
    managerId: row?.managerId ?? null,
  };
}

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

export async function saveSchedule(
  ctx: Ctx,
  userId: string,
  input: {
    timeZone?: string | undefined;
    hours?: WorkingHours[] | undefined;
    deputyId?: string | null | undefined;
    managerId?: string | null | undefined;
  },
): Promise<ScheduleOut> {
  mayManage(ctx, userId);
  return inTransaction(ctx, async (tx) => {
    const before = await getSchedule(tx, userId);
    if (input.timeZone !== undefined && !isTimeZone(input.timeZone))
      throw AppError.invalid('timeZone', 'tasks:errors.invalid_time_zone');
    for (const [i, h] of (input.hours ?? []).entries()) {
      if (!HHMM.test(h.from) || !HHMM.test(h.to) || h.from >= h.to)
        throw AppError.invalid(`hours.${i}`, 'tasks:errors.invalid_hours');
    }
    for (const key of ['deputyId', 'managerId'] as const) {
      const id = input[key];
      if (id === undefined || id === null) continue;
      if (id === userId) throw AppError.invalid(key, 'tasks:errors.not_yourself');
      if (!(await userRow(tx, id))?.active) throw AppError.invalid(key, 'field.invalid_user');
    }
    if (input.timeZone !== undefined)
      await tx.db
        .update(users)
        .set({ timezone: input.timeZone, updatedAt: sql`now()` })
        .where(and(eq(users.workspaceId, tx.workspace.id), eq(users.id, userId)));
    const values = {
      hours: input.hours ?? before.hours,
      deputyId: input.deputyId !== undefined ? input.deputyId : before.deputyId,
      managerId: input.managerId !== undefined ? input.managerId : before.managerId,
    };
    await tx.db
      .insert(workSchedules)
      .values({ workspaceId: tx.workspace.id, userId, ...values })
      .onConflictDoUpdate({
        target: [workSchedules.workspaceId, workSchedules.userId],
        set: { ...values, updatedAt: sql`now()` },
      });
    const after = await getSchedule(tx, userId);
    await recordAudit(tx, {
      action: 'update',
      object: 'work_schedules',
      recordId: userId,
      changes: { schedule: [before, after] },
    });
    return after;
  });
}

export async function listAbsences(ctx: Ctx, userId: string | null) {
  return ctx.db
    .select()
    .from(absences)
    .where(
      and(
        eq(absences.workspaceId, ctx.workspace.id),
        isNull(absences.deletedAt),
        userId ? eq(absences.userId, userId) : undefined,
      ),
    )
    .orderBy(sql`${absences.startsOn} desc`, absences.id)
    .limit(500);
}

/** Moves the absent user's open tasks due during the absence to the deputy; returns how many. */
async function handOverTasks(ctx: Ctx, absence: AbsenceRow): Promise<number> {
  const user = await userRow(ctx, absence.userId);
  // The absence's deputy, else the work schedule's, else the deputy on the user (access).
  const deputy =
    absence.deputyId ??
    (await scheduleRow(ctx, absence.userId))?.deputyId ??
    user?.deputyId ??
    null;
  if (!deputy) return 0;
  const zone = user?.timezone ?? ctx.workspace.timezone;
  const from = startOfLocalDay(absence.startsOn, zone);
  const to = startOfLocalDay(absence.endsOn, zone, 1);
  // Imported lazily: tasks import this module for deputyFor.
  const { handOverOpenTasks } = await import('../tasks/handover.js');
  const moved = await handOverOpenTasks(ctx, absence.userId, deputy, from, to);
  await ctx.db
    .update(absences)
    .set({ handedOverAt: sql`now()` })
    .where(and(eq(absences.workspaceId, ctx.workspace.id), eq(absences.id, absence.id)));
  if (moved > 0)
    await notify(ctx, {
      userIds: [deputy],
      kind: 'tasks_handed_over',
      params: { count: moved, name: user?.name ?? '' },
      link: '/tasks',
    });
  return moved;
}

export async function createAbsence(
  ctx: Ctx,
  input: {
    userId?: string | undefined;
    kind: AbsenceKind;
    startsOn: string;
    endsOn: string;
    deputyId?: string | null | undefined;
    note?: string | null | undefined;
  },
): Promise<{ absence: AbsenceRow; handedOver: number }> {
  const userId = input.userId ?? ctx.actor.userId;
  if (!userId) throw AppError.invalid('userId', 'field.required');
  mayManage(ctx, userId);
  if (input.endsOn < input.startsOn)
    throw AppError.invalid('endsOn', 'tasks:errors.ends_before_starts');
  return inTransaction(ctx, async (tx) => {
    if (!(await userRow(tx, userId))) throw AppError.invalid('userId', 'field.invalid_user');
    if (input.deputyId) {
      if (input.deputyId === userId)
        throw AppError.invalid('deputyId', 'tasks:errors.not_yourself');
      if (!(await userRow(tx, input.deputyId))?.active)
        throw AppError.invalid('deputyId', 'field.invalid_user');
    }
    const [absence] = await tx.db
      .insert(absences)
      .values({
        workspaceId: tx.workspace.id,
        id: newId(),
        userId,
        kind: input.kind,
        startsOn: input.startsOn,
        endsOn: input.endsOn,
        deputyId: input.deputyId ?? null,
        note: input.note ?? null,
        createdBy: tx.actor.userId,
      })
      .returning();
    if (!absence) throw new Error('insert returned nothing');
    await recordAudit(tx, { action: 'create', object: 'absences', recordId: absence.id });
    const handedOver = await handOverTasks(tx, absence);
    return { absence, handedOver };
  });
}

export async function deleteAbsence(ctx: Ctx, id: string): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const [row] = await tx.db
      .select()
      .from(absences)
      .where(
        and(
          eq(absences.workspaceId, tx.workspace.id),
          eq(absences.id, id),
          isNull(absences.deletedAt),
        ),
      );
    if (!row) throw AppError.notFound();
    mayManage(tx, row.userId);
    await tx.db
      .update(absences)
      .set({ deletedAt: sql`now()`, updatedAt: sql`now()` })
      .where(and(eq(absences.workspaceId, tx.workspace.id), eq(absences.id, id)));
    await recordAudit(tx, { action: 'delete', object: 'absences', recordId: id });
  });
}
