/**
 * Activity report (R20): activities per month, kind and employee over a period, read from the
 * roll-ups `activity_months` (whole months) and `activity_days` (the days around them). The
 * caller sees the activities their `reports` read scope allows, by actor: their own, their
 * teams' members', or everyone's; the CSV export needs the `reports` export right and uses its
 * scope.
 */
import { teamMemberIds } from '../access/repository.js';
import type { Ctx } from '../platform/context.js';
import { csvText, type CsvCell } from '../platform/csv.js';
import { AppError } from '../platform/errors.js';
import { translator } from '../platform/i18n.js';
import { requireCan } from '../platform/permissions.js';
import { userNames } from '../timeline/repository.js';
import * as repo from './repository.js';
import type { ActivityReportOut, ActivityReportQuery } from './schema.js';

/** Every month (`YYYY-MM`) the days [from, to] touch. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  const d = new Date(`${from.slice(0, 7)}-01T00:00:00Z`);
  const last = to.slice(0, 7);
  for (let month = from.slice(0, 7); month <= last; month = d.toISOString().slice(0, 7)) {
    out.push(month);
    d.setUTCMonth(d.getUTCMonth() + 1);
  }
  return out;
}

/** Periods longer than this are refused (the month list would grow without bound). */
const MAX_MONTHS = 120;

export async function activityReport(
  ctx: Ctx,
  query: ActivityReportQuery,
): Promise<ActivityReportOut> {
  if (query.to < query.from) throw AppError.invalid('to', 'reports:errors.to_before_from');
  const months = monthsBetween(query.from, query.to);
  if (months.length > MAX_MONTHS) throw AppError.invalid('from', 'reports:errors.period_too_long');
  const csv = query.format === 'csv';
  requireCan(ctx, 'read', 'reports');
  if (csv) requireCan(ctx, 'export', 'reports');

  let actorIds: string[] | null = null;
  if (query.teamId) actorIds = await teamMemberIds(ctx, query.teamId);
  if (query.ownerId)
    actorIds = actorIds ? actorIds.filter((id) => id === query.ownerId) : [query.ownerId];
  const rows =
    actorIds && actorIds.length === 0
      ? []
      : await repo.activityCounts(ctx, csv ? 'export' : 'read', {
          from: query.from,
          to: query.to,
          actorIds,
          kind: query.kind ?? null,
        });

  const byMonth = new Map<string, { month: string; count: number; kinds: Counts }>(
    months.map((m) => [m, { month: m, count: 0, kinds: {} }]),
  );
  const byKind = new Map<string, number>();
  const byActor = new Map<string | null, { count: number; kinds: Counts }>();
  let total = 0;
  for (const row of rows) {
    total += row.n;
    const month = byMonth.get(row.month);
    if (month) {
      month.count += row.n;
      add(month.kinds, row.kind, row.n);
    }
    byKind.set(row.kind, (byKind.get(row.kind) ?? 0) + row.n);
    const actor = byActor.get(row.actor_id) ?? { count: 0, kinds: {} };
    actor.count += row.n;
    add(actor.kinds, row.kind, row.n);
    byActor.set(row.actor_id, actor);
  }

  const names = await userNames(ctx, [
    ...new Set(rows.map((r) => r.actor_id).filter((id): id is string => Boolean(id))),
  ]);
  const t = translator(ctx.locale);
  return {
    from: query.from,
    to: query.to,
    total,
    months: [...byMonth.values()],
    kinds: [...byKind.entries()]
      .map(([kind, count]) => ({ kind, count }))
      .sort((a, b) => b.count - a.count || a.kind.localeCompare(b.kind)),
    employees: [...byActor.entries()]
      .map(([userId, counts]) => ({
        userId,
        name: userId ? (names.get(userId) ?? '') : t('reports:activity.noEmployee'),
        ...counts,
      }))
      .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name)),
  };
}

type Counts = Record<string, number>;

function add(counts: Counts, kind: string, n: number): void {
  counts[kind] = (counts[kind] ?? 0) + n;
}

/** The report as CSV: months × kinds, then employees × kinds, each with a header row. */
export function activityCsv(ctx: Ctx, report: ActivityReportOut): string {
  const t = translator(ctx.locale);
  const h = (key: string) => t(`reports:activity.columns.${key}`);
  const kinds = report.kinds.map((k) => k.kind);
  const kindName = (kind: string) => t(`reports:kinds.${kind}`, { defaultValue: kind });
  const lines: CsvCell[][] = [
    [h('month'), h('total'), ...kinds.map(kindName)],
    ...report.months.map((m) => [m.month, m.count, ...kinds.map((k) => m.kinds[k] ?? 0)]),
    [],
    [h('employee'), h('total'), ...kinds.map(kindName)],
    ...report.employees.map((e) => [e.name, e.count, ...kinds.map((k) => e.kinds[k] ?? 0)]),
  ];
  return csvText(lines);
}
