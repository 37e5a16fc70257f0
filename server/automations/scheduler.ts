/**
 * Time-based triggers. A pg-boss cron schedule runs `tickAutomations` every minute (in every
 * process; compare-and-set updates make sure only one of them acts on each rule):
 * - schedules: rules whose `next_run_at` has passed get one run job and their next time;
 * - date triggers and "no activity": once per workspace-local day (from the rule's hour on), the
 *   matching records get a run job each, keyed so a record fires once per date / quiet period.
 * `now` is a parameter so tests drive the clock.
 */
import { CronExpressionParser } from 'cron-parser';
import type { Database } from '../db/connection.js';
import { enqueue } from '../jobs/queue.js';
import { inTransaction } from '../platform/context.js';
import * as repo from './repository.js';
import { localDay, RUN_QUEUE, type RunJob } from './runner.js';
import type { RuleTrigger } from './schema.js';
import { workspaceContext } from './workspace.js';

export const TICK_QUEUE = 'automations.tick';
/** Date triggers fire from this local hour on (birthday greetings are not sent at midnight). */
export const DATE_TRIGGER_HOUR = 8;

/** The next time a cron expression fires after `after`, in a time zone; throws when invalid. */
export function nextCronTime(cron: string, timezone: string, after: Date): Date {
  return CronExpressionParser.parse(cron, { currentDate: after, tz: timezone, strict: false })
    .next()
    .toDate();
}

export function isValidTimezone(timezone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
    return true;
  } catch {
    return false;
  }
}

function localHour(at: Date, timeZone: string): number {
  return Number(
    new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' }).format(at),
  );
}

function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

export interface TickResult {
  scheduled: number;
  dated: number;
}

export async function tickAutomations(database: Database, now = new Date()): Promise<TickResult> {
  const result: TickResult = { scheduled: 0, dated: 0 };
  for (const rule of await repo.dueScheduleRules(database.db, now)) {
    const trigger = rule.trigger;
    if (trigger.kind !== 'schedule' || !rule.nextRunAt) continue;
    const ctx = await workspaceContext(database, rule.workspaceId);
    if (!ctx) continue;
    let next: Date | null = null;
    try {
      next = nextCronTime(trigger.cron, trigger.timezone ?? ctx.workspace.timezone, now);
    } catch {
      next = null;
    }
    const due = rule.nextRunAt;
    await inTransaction(ctx, async (tx) => {
      if (!(await repo.advanceSchedule(tx.db, rule, next))) return;
      const job: RunJob = {
        workspaceId: rule.workspaceId,
        ruleId: rule.id,
        eventKey: `schedule:${due.toISOString()}`,
        object: null,
        recordId: null,
      };
      await enqueue(tx, RUN_QUEUE, job);
      result.scheduled++;
    });
  }

  for (const rule of await repo.dateRulesToScan(database.db)) {
    const today = localDay(now, rule.timezone);
    if (rule.lastScanOn && rule.lastScanOn >= today) continue;
    if (localHour(now, rule.timezone) < DATE_TRIGGER_HOUR) continue;
    const ctx = await workspaceContext(database, rule.workspaceId);
    if (!ctx) continue;
    await inTransaction(ctx, async (tx) => {
      if (!(await repo.claimScan(tx.db, rule, today))) return;
      for (const job of await dueRecords(tx.db, rule, rule.trigger, today, now)) {
        await enqueue(tx, RUN_QUEUE, job);
        result.dated++;
      }
    });
  }
  return result;
}

async function dueRecords(
  db: Database['db'],
  rule: repo.RuleRow,
  trigger: RuleTrigger,
  today: string,
  now: Date,
): Promise<RunJob[]> {
  const base = { workspaceId: rule.workspaceId, ruleId: rule.id };
  if (trigger.kind === 'date_reached') {
    // Fires `offsetDays` after the date: today's records are those dated today − offset.
    const day = addDays(today, -trigger.offsetDays);
    const yearly = trigger.yearly ?? trigger.field === 'birthday';
    const ids = await repo.recordsOnDate(
      db,
      rule.workspaceId,
      trigger.object,
      trigger.field,
      day,
      yearly,
    );
    return ids.map((recordId) => ({
      ...base,
      eventKey: `date:${today}:${recordId}`,
      object: trigger.object,
      recordId,
    }));
  }
  if (trigger.kind === 'no_activity') {
    const since = new Date(now.getTime() - trigger.days * 86_400_000);
    const idle = await repo.idleRecords(db, rule.workspaceId, trigger.object, since);
    return idle.map(({ id, lastActivity }) => ({
      ...base,
      eventKey: `idle:${lastActivity}:${id}`,
      object: trigger.object,
      recordId: id,
    }));
  }
  return [];
}
