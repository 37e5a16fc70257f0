/**
 * Notifications to employees: in the app (bell, toast, browser notification over SSE
 * `notification.created`) and by email, as each user chose, with quiet hours. Any feature calls
 * `notify(ctx, …)` inside its transaction; a `dedupeKey` makes a notification exactly-once per
 * user (reminders, escalations, automation runs).
 */
import { and, count, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { isLocale, type Locale } from '../../common/locales.js';
import { minuteOfDay, zonedInstant, wallTime } from '../../common/time.js';
import { publish } from '../events/bus.js';
import { queueMail } from '../mail/service.js';
import { inTransaction, type Ctx } from '../platform/context.js';
import { AppError } from '../platform/errors.js';
import { translator } from '../platform/i18n.js';
import { newId } from '../platform/ids.js';
import { usersByIds, type UserInfo } from '../tasks/repository.js';
import { notificationPreferences, notifications, type NotificationRow } from './tables.js';

export interface NotifyInput {
  userIds: readonly string[];
  /** What happened; the title is `notifications:kinds.<kind>` in the reader's language. */
  kind: string;
  /** Placeholders of the title (`{{title}}`); `context` picks a variant (`kinds.<kind>_<context>`). */
  params?: Record<string, unknown>;
  /** A literal title instead of the translated one (automation messages). */
  title?: string | null;
  body?: string | null;
  /** Path inside the app (`/tasks?id=…`) or an absolute URL. */
  link?: string | null;
  /** The same key never reaches the same user twice. */
  dedupeKey?: string | null;
}

export interface Preferences {
  inApp: boolean;
  email: boolean;
  /** Minutes after local midnight; quiet when from ≤ now < to (wrapping midnight when from > to). */
  quietFrom: number | null;
  quietTo: number | null;
}

const DEFAULT_PREFERENCES: Preferences = {
  inApp: true,
  email: true,
  quietFrom: null,
  quietTo: null,
};

export async function preferencesOf(
  ctx: Ctx,
  userIds: string[],
): Promise<Map<string, Preferences>> {
  if (userIds.length === 0) return new Map();
  const rows = await ctx.db
    .select()
    .from(notificationPreferences)
    .where(
      and(
        eq(notificationPreferences.workspaceId, ctx.workspace.id),
        inArray(notificationPreferences.userId, userIds),
      ),
    );
  return new Map(
    rows.map((r) => [
      r.userId,
      { inApp: r.inApp, email: r.email, quietFrom: r.quietFrom, quietTo: r.quietTo },
    ]),
  );
}

/** Whether `at` falls into the quiet hours, and when they end. */
export function quietUntil(prefs: Preferences, at: Date, timeZone: string): Date | null {
  const { quietFrom: from, quietTo: to } = prefs;
  if (from === null || to === null || from === to) return null;
  const minute = minuteOfDay(at, timeZone);
  const quiet = from < to ? minute >= from && minute < to : minute >= from || minute < to;
  if (!quiet) return null;
  const w = wallTime(at, timeZone);
  const endToday = zonedInstant(
    { ...w, hour: Math.floor(to / 60), minute: to % 60, second: 0 },
    timeZone,
  );
  return endToday.getTime() > at.getTime()
    ? endToday
    : new Date(endToday.getTime() + 24 * 3600 * 1000);
}

export function titleOf(
  row: Pick<NotificationRow, 'kind' | 'params' | 'title'>,
  locale: Locale,
): string {
  if (row.title) return row.title;
  const t = translator(locale);
  return t(`notifications:kinds.${row.kind}`, {
    ...row.params,
    defaultValue: row.kind,
  });
}

function absoluteLink(link: string | null): string | null {
  if (!link) return null;
  if (/^https?:\/\//.test(link)) return link;
  const base = process.env.ODNOS_PUBLIC_URL?.replace(/\/$/, '') ?? 'http://localhost:3000';
  return `${base}${link.startsWith('/') ? '' : '/'}${link}`;
}

/** Notifies users of `ctx.workspace`; returns the ids of the notifications created. */
export async function notify(ctx: Ctx, input: NotifyInput, now = new Date()): Promise<string[]> {
  if (input.userIds.length === 0) return [];
  return inTransaction(ctx, (tx) => notifyWithin(tx, input, now));
}

/** `notify` for a caller already inside its transaction (`tx.db` is it): no savepoint. */
export async function notifyWithin(
  tx: Ctx,
  input: NotifyInput,
  now = new Date(),
): Promise<string[]> {
  const ids = [...new Set(input.userIds)];
  if (ids.length === 0) return [];
  const people = await usersByIds(tx, ids);
  const prefs = await preferencesOf(tx, ids);
  const created: string[] = [];
  for (const userId of ids) {
    const user = people.get(userId);
    if (!user?.active) continue;
    const pref = prefs.get(userId) ?? DEFAULT_PREFERENCES;
    const id = newId();
    const inserted = await tx.db
      .insert(notifications)
      .values({
        workspaceId: tx.workspace.id,
        id,
        userId,
        kind: input.kind,
        params: input.params ?? {},
        title: input.title ?? null,
        body: input.body ?? null,
        link: input.link ?? null,
        dedupeKey: input.dedupeKey ?? null,
        // Without the in-app channel the row only records that the user was told.
        readAt: pref.inApp ? null : now,
      })
      .onConflictDoNothing()
      .returning();
    const row = inserted[0];
    if (!row) continue; // already notified under this key
    created.push(id);
    const zone = user.timezone ?? tx.workspace.timezone;
    const quietEnd = quietUntil(pref, now, zone);
    if (pref.inApp) {
      await publish(
        tx,
        { userIds: [userId] },
        {
          type: 'notification.created',
          data: { ...presentNotification(row, localeOf(user)), quiet: quietEnd !== null },
        },
      );
    }
    if (pref.email) await emailNotification(tx, row, user, quietEnd);
  }
  return created;
}

const localeOf = (user: UserInfo): Locale => (isLocale(user.locale) ? user.locale : 'en');

async function emailNotification(
  ctx: Ctx,
  row: NotificationRow,
  user: UserInfo,
  sendAfter: Date | null,
): Promise<void> {
  const locale = localeOf(user);
  const title = titleOf(row, locale);
  const link = absoluteLink(row.link);
  const t = translator(locale);
  const text = [row.body, link ? `${t('notifications:email.open')}: ${link}` : null]
    .filter(Boolean)
    .join('\n\n');
  await queueMail(ctx, {
    to: user.email,
    subject: title,
    text: text || title,
    sendAfter,
  });
}

export function presentNotification(row: NotificationRow, locale: Locale) {
  return {
    id: row.id,
    kind: row.kind,
    title: titleOf(row, locale),
    body: row.body,
    link: row.link,
    params: row.params,
    read: row.readAt !== null,
    readAt: row.readAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

const mine = (ctx: Ctx): SQL => {
  if (!ctx.actor.userId) throw new AppError('forbidden');
  return and(
    eq(notifications.workspaceId, ctx.workspace.id),
    eq(notifications.userId, ctx.actor.userId),
  ) as SQL;
};

function decodeCursor(cursor: string | undefined): { at: string; id: string } | null {
  if (!cursor) return null;
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [
      string,
      string,
    ];
    if (typeof at === 'string' && typeof id === 'string' && !Number.isNaN(Date.parse(at)))
      return { at, id };
  } catch {
    // fall through
  }
  throw AppError.invalid('cursor', 'list.invalid_cursor');
}

export async function listNotifications(
  ctx: Ctx,
  query: { limit: number; cursor?: string | undefined; unread?: boolean | undefined },
) {
  const after = decodeCursor(query.cursor);
  const rows = await ctx.db
    .select()
    .from(notifications)
    .where(
      and(
        mine(ctx),
        query.unread ? isNull(notifications.readAt) : undefined,
        after
          ? sql`(${notifications.createdAt}, ${notifications.id}) < (${after.at}::timestamptz, ${after.id}::uuid)`
          : undefined,
      ),
    )
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    rows: page,
    nextCursor:
      rows.length > query.limit && last
        ? Buffer.from(JSON.stringify([last.createdAt.toISOString(), last.id])).toString('base64url')
        : null,
  };
}

export async function unreadCount(ctx: Ctx): Promise<number> {
  const [row] = await ctx.db
    .select({ n: count() })
    .from(notifications)
    .where(and(mine(ctx), isNull(notifications.readAt)));
  return row?.n ?? 0;
}

/** Marks the given notifications (or all) read; returns how many changed. */
export async function markRead(ctx: Ctx, ids: string[] | null): Promise<number> {
  return inTransaction(ctx, async (tx) => {
    const rows = await tx.db
      .update(notifications)
      .set({ readAt: sql`now()` })
      .where(
        and(
          mine(tx),
          isNull(notifications.readAt),
          ids
            ? inArray(notifications.id, ids.length ? ids : ['00000000-0000-0000-0000-000000000000'])
            : undefined,
        ),
      )
      .returning({ id: notifications.id });
    if (rows.length > 0 && tx.actor.userId)
      await publish(
        tx,
        { userIds: [tx.actor.userId] },
        { type: 'notification.read', data: { ids: rows.map((r) => r.id) } },
      );
    return rows.length;
  });
}

export async function getPreferences(ctx: Ctx): Promise<Preferences> {
  if (!ctx.actor.userId) throw new AppError('forbidden');
  return (
    (await preferencesOf(ctx, [ctx.actor.userId])).get(ctx.actor.userId) ?? DEFAULT_PREFERENCES
  );
}

export async function savePreferences(ctx: Ctx, input: Partial<Preferences>): Promise<Preferences> {
  const userId = ctx.actor.userId;
  if (!userId) throw new AppError('forbidden');
  return inTransaction(ctx, async (tx) => {
    const before = await getPreferences(tx);
    const values = { ...before, ...input };
    if ((values.quietFrom === null) !== (values.quietTo === null))
      throw AppError.invalid(values.quietFrom === null ? 'quietFrom' : 'quietTo', 'field.required');
    await tx.db
      .insert(notificationPreferences)
      .values({ workspaceId: tx.workspace.id, userId, ...values })
      .onConflictDoUpdate({
        target: [notificationPreferences.workspaceId, notificationPreferences.userId],
        set: { ...values, updatedAt: sql`now()` },
      });
    return values;
  });
}
