/**
 * The calendar of tasks and meetings (day/week/month, per user or team) and each user's secret
 * ICS feed (`/api/v1/calendar/<token>.ics`) for Outlook, Google and Apple calendars.
 */
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Database } from '../db/connection.js';
import { users } from '../db/schema.js';
import { isLocale } from '../../common/locales.js';
import { systemContext, type Ctx } from '../platform/context.js';
import { AppError } from '../platform/errors.js';
import { translator } from '../platform/i18n.js';
import { workspaces } from '../db/schema.js';
import * as tasksRepo from '../tasks/repository.js';
import { calendarFeeds } from '../tasks/tables.js';
import { buildCalendar, type IcsEvent } from './ics.js';

const MAX_RANGE_DAYS = 62;
const DURATION_MINUTES: Record<string, number> = { meeting: 60, call: 15 };

export async function calendarTasks(
  ctx: Ctx,
  query: { from: string; to: string; ownerId?: string | undefined; team?: boolean | undefined },
) {
  const from = new Date(query.from);
  const to = new Date(query.to);
  if (Number.isNaN(from.getTime())) throw AppError.invalid('from', 'field.invalid_date');
  if (Number.isNaN(to.getTime()) || to <= from) throw AppError.invalid('to', 'field.invalid_date');
  if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * 86400_000)
    throw AppError.invalid('to', 'field.out_of_range', { minimum: 1, maximum: MAX_RANGE_DAYS });
  const owners = query.team ? null : [query.ownerId ?? ctx.actor.userId ?? ''];
  return tasksRepo.tasksBetween(ctx, from, to, owners);
}

const newToken = () => randomBytes(24).toString('base64url');

/** The caller's feed token, created on first use. */
export async function feedToken(ctx: Ctx, regenerate = false): Promise<string> {
  const userId = ctx.actor.userId;
  if (!userId) throw new AppError('forbidden');
  const existing = await tasksRepo.feedOf(ctx, userId);
  if (existing && !regenerate) return existing.token;
  const token = newToken();
  await tasksRepo.saveFeed(ctx, userId, token);
  return token;
}

/** The ICS text of the feed with this token, or null for an unknown (or replaced) token. */
export async function feedCalendar(database: Database, token: string): Promise<string | null> {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return null;
  const [feed] = await database.db
    .select()
    .from(calendarFeeds)
    .where(eq(calendarFeeds.token, token));
  if (!feed) return null;
  const [workspace] = await database.db
    .select()
    .from(workspaces)
    .where(eq(workspaces.id, feed.workspaceId));
  if (!workspace) return null;
  const ctx = systemContext(database, {
    id: workspace.id,
    name: workspace.name,
    locale: isLocale(workspace.locale) ? workspace.locale : 'en',
    currency: workspace.currency,
    country: workspace.country,
    timezone: workspace.timezone,
  });
  const [user] = await database.db
    .select({ name: users.name, locale: users.locale, active: users.active })
    .from(users)
    .where(eq(users.id, feed.userId));
  if (!user?.active) return null;
  const now = new Date();
  const rows = await tasksRepo.tasksBetween(
    ctx,
    new Date(now.getTime() - 60 * 86400_000),
    new Date(now.getTime() + 400 * 86400_000),
    [feed.userId],
    5000,
  );
  const t = translator(isLocale(user.locale) ? user.locale : 'en');
  const base = process.env.ODNOS_PUBLIC_URL?.replace(/\/$/, '') ?? null;
  const events: IcsEvent[] = rows.flatMap((row) => {
    if (!row.dueAt) return [];
    const minutes = DURATION_MINUTES[row.type] ?? 30;
    return [
      {
        uid: `${row.id}@odnos`,
        start: row.dueAt,
        end: new Date(row.dueAt.getTime() + minutes * 60_000),
        summary: row.status === 'done' ? `✓ ${row.title}` : row.title,
        description: [row.description, row.result].filter(Boolean).join('\n\n') || null,
        url: base ? `${base}/tasks?task=${row.id}` : null,
        status: 'CONFIRMED' as const,
        alarmMinutes: row.status === 'open' ? row.reminderMinutes : null,
        updatedAt: row.updatedAt,
        categories: [t(`tasks:types.${row.type}`)],
      },
    ];
  });
  return buildCalendar(`Odnos — ${user.name}`, events, now);
}
