/**
 * Funnel analysis (R21). The cohort is the deals that entered the pipeline in the period
 * (`pipeline_entered_at`); each deal row carries how far it got (`funnel_reached_stage_id`,
 * `funnel_lost_from_stage_id`, kept in step with the stage history in the move's transaction):
 * - a deal "entered" an open stage when it reached that stage or a later one (skipped stages
 *   count as passed); a won deal passed every open stage;
 * - conversion to the next stage = entered(next) / entered(this); for the last open stage, the
 *   next is "won"; conversion to won = won / entered(this);
 * - time in stage = average and median of completed stays (`left_at - at`) of the cohort; the
 *   database returns them as a histogram of 1 % buckets, so the average is exact and the median
 *   within 1 %;
 * - a lost deal is lost "in" the stage it was in when it moved to the lost stage.
 * Two index-only aggregates (run side by side) return a few hundred rows however many deals;
 * the arithmetic here is linear in those groups.
 */
import { minorDigits } from '../../common/money.js';
import { localized } from '../../common/records.js';
import * as catalogRepo from '../catalog/repository.js';
import { convertMinor, today } from '../catalog/service.js';
import type { Ctx } from '../platform/context.js';
import { csvText, type CsvCell } from '../platform/csv.js';
import { AppError } from '../platform/errors.js';
import { requireCan, scopeOf } from '../platform/permissions.js';
import { translator } from '../platform/i18n.js';
import * as repo from './repository.js';
import type { FunnelOut, FunnelQuery } from './schema.js';
import { getPipeline, listLostReasons } from './service.js';

/** The deal owners whose figures the caller may see; null: everyone's. */
function reportOwners(ctx: Ctx, action: 'read' | 'export'): string[] | null {
  const scope = scopeOf(ctx, action, 'reports');
  if (scope === 'all' || !ctx.access) return null;
  if (scope === 'own') return ctx.actor.userId ? [ctx.actor.userId] : [];
  return ctx.access.teamUserIds;
}

const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10_000) / 10_000 : null);

export async function funnelReport(ctx: Ctx, query: FunnelQuery): Promise<FunnelOut> {
  if (query.to < query.from) throw AppError.invalid('to', 'deals:errors.to_before_from');
  // Like every report: the `reports` right, and its scope (own / team / all) by deal owner.
  requireCan(ctx, 'read', 'reports');
  if (query.format === 'csv') requireCan(ctx, 'export', 'reports');
  const ownerIds = reportOwners(ctx, query.format === 'csv' ? 'export' : 'read');
  const { stages } = await getPipeline(ctx, query.pipelineId);
  const [allRows, buckets] = await Promise.all([
    repo.funnelDeals(ctx, query.pipelineId, query.from, query.to),
    repo.funnelStayBuckets(ctx, query.pipelineId, query.from, query.to, ownerIds),
  ]);
  const rows = ownerIds
    ? allRows.filter((r) => r.owner_id !== null && ownerIds.includes(r.owner_id))
    : allRows;
  const times = stageTimes(buckets);
  const rates = await catalogRepo.ratesOn(ctx, today());
  const inBase = (amount: number, currency: string) =>
    convertMinor(amount, currency, ctx.workspace.currency, ctx.workspace.currency, rates) ?? 0;

  const openStages = stages.filter((s) => s.kind === 'open');
  const position = new Map(stages.map((s) => [s.id, s.position]));
  const positionOf = (stageId: string | null) => (stageId ? position.get(stageId) : undefined);
  const reachedOf = (row: repo.FunnelDealRow) =>
    row.status === 'won'
      ? Number.POSITIVE_INFINITY
      : (positionOf(row.reached_stage_id) ?? Number.NEGATIVE_INFINITY);
  const count = (list: repo.FunnelDealRow[]) => list.reduce((n, r) => n + r.deals, 0);
  const won = rows.filter((r) => r.status === 'won');
  const lost = rows.filter((r) => r.status === 'lost');
  const wonCount = count(won);
  const lostCount = count(lost);
  const entered = openStages.map((s) => count(rows.filter((r) => reachedOf(r) >= s.position)));

  const out: FunnelOut['stages'] = stages.map((stage) => {
    const time = times.get(stage.id);
    const base = {
      stageId: stage.id,
      name: localized(stage.name, ctx.locale),
      kind: stage.kind as 'open' | 'won' | 'lost',
      avgSeconds: time?.avgSeconds ?? null,
      medianSeconds: time?.medianSeconds ?? null,
    };
    if (stage.kind !== 'open') {
      return {
        ...base,
        entered: stage.kind === 'won' ? wonCount : lostCount,
        conversionToNext: null,
        conversionToWon: null,
        lost: 0,
      };
    }
    const index = openStages.indexOf(stage);
    const here = entered[index] ?? 0;
    const next = index + 1 < openStages.length ? (entered[index + 1] ?? 0) : wonCount;
    return {
      ...base,
      entered: here,
      conversionToNext: ratio(next, here),
      conversionToWon: ratio(wonCount, here),
      lost: count(lost.filter((r) => positionOf(r.lost_from_stage_id) === stage.position)),
    };
  });

  const reasons = new Map((await listLostReasons(ctx)).map((r) => [r.id, r]));
  const t = translator(ctx.locale);
  const byReason = new Map<string | null, number>();
  for (const row of lost)
    byReason.set(row.lost_reason_id, (byReason.get(row.lost_reason_id) ?? 0) + row.deals);
  const lostReasons = [...byReason.entries()]
    .map(([reasonId, count]) => {
      const reason = reasonId ? reasons.get(reasonId) : undefined;
      return {
        reasonId,
        name: reason ? localized(reason.name, ctx.locale) : t('deals:funnel.noReason'),
        count,
      };
    })
    .sort((a, b) => b.count - a.count);

  const group = (
    key: (r: repo.FunnelDealRow) => string | null,
    name: (k: string | null) => string,
  ) => {
    const groups = new Map<string | null, repo.FunnelDealRow[]>();
    for (const row of rows) {
      const k = key(row);
      const list = groups.get(k);
      if (list) list.push(row);
      else groups.set(k, [row]);
    }
    return [...groups.entries()]
      .map(([k, list]) => {
        const w = list.filter((r) => r.status === 'won');
        const all = count(list);
        const wins = count(w);
        const l = count(list.filter((r) => r.status === 'lost'));
        return {
          key: k,
          name: name(k),
          deals: all,
          won: wins,
          lost: l,
          open: all - wins - l,
          wonAmount: w.reduce((sum, r) => sum + inBase(Number(r.amount), r.currency), 0),
          winRate: ratio(wins, wins + l),
        };
      })
      .sort((a, b) => b.deals - a.deals || a.name.localeCompare(b.name));
  };
  const users = await repo.usersByIds(ctx, [
    ...new Set(rows.map((r) => r.owner_id).filter((id): id is string => Boolean(id))),
  ]);

  return {
    pipelineId: query.pipelineId,
    from: query.from,
    to: query.to,
    currency: ctx.workspace.currency,
    deals: count(rows),
    won: wonCount,
    lost: lostCount,
    stages: out,
    lostReasons,
    owners: group(
      (r) => r.owner_id,
      (k) => (k ? (users.get(k) ?? '') : t('deals:funnel.noOwner')),
    ),
    sources: group(
      (r) => r.source,
      (k) => k ?? t('deals:funnel.noSource'),
    ),
  };
}

/** The report as CSV: stages, then lost reasons, owners and sources, each with a header row. */
export function funnelCsv(ctx: Ctx, report: FunnelOut): string {
  const t = translator(ctx.locale);
  const h = (key: string) => t(`deals:funnel.columns.${key}`);
  const money = (minor: number) =>
    (minor / 10 ** minorDigits(report.currency)).toFixed(minorDigits(report.currency));
  const lines: CsvCell[][] = [
    [
      h('stage'),
      h('entered'),
      h('conversionToNext'),
      h('conversionToWon'),
      h('avgDays'),
      h('medianDays'),
      h('lost'),
    ],
    ...report.stages.map((s) => [
      s.name,
      s.entered,
      s.conversionToNext,
      s.conversionToWon,
      s.avgSeconds === null ? null : (s.avgSeconds / 86_400).toFixed(2),
      s.medianSeconds === null ? null : (s.medianSeconds / 86_400).toFixed(2),
      s.lost,
    ]),
    [],
    [h('lostReason'), h('count')],
    ...report.lostReasons.map((r) => [r.name, r.count]),
    [],
    [
      h('owner'),
      h('deals'),
      h('won'),
      h('lost'),
      h('open'),
      `${h('wonAmount')} (${report.currency})`,
      h('winRate'),
    ],
    ...report.owners.map((o) => [
      o.name,
      o.deals,
      o.won,
      o.lost,
      o.open,
      money(o.wonAmount),
      o.winRate,
    ]),
    [],
    [
      h('source'),
      h('deals'),
      h('won'),
      h('lost'),
      h('open'),
      `${h('wonAmount')} (${report.currency})`,
      h('winRate'),
    ],
    ...report.sources.map((o) => [
      o.name,
      o.deals,
      o.won,
      o.lost,
      o.open,
      money(o.wonAmount),
      o.winRate,
    ]),
  ];
  return csvText(lines);
}

/** Upper bound in seconds of logarithmic bucket `b` (`stay_bucket` = floor(ln(1 + s) · 100)). */
const bucketEnd = (b: number) => Math.exp((b + 1) / 100) - 1;
const bucketStart = (b: number) => Math.exp(b / 100) - 1;

/**
 * The median of stays given as 1 % buckets, as `percentile_cont(0.5)` would compute it: the
 * stays at the two middle ranks are placed evenly inside their buckets and interpolated — within
 * 1 % of the exact median.
 */
export function medianOfBuckets(buckets: { bucket: number; stays: number }[]): number | null {
  const sorted = [...buckets].sort((a, b) => a.bucket - b.bucket);
  const total = sorted.reduce((n, b) => n + b.stays, 0);
  if (total === 0) return null;
  const valueAt = (rank: number) => {
    let before = 0;
    for (const b of sorted) {
      if (rank < before + b.stays) {
        const start = bucketStart(b.bucket);
        return start + ((bucketEnd(b.bucket) - start) * (rank - before + 0.5)) / b.stays;
      }
      before += b.stays;
    }
    return bucketEnd(sorted[sorted.length - 1]?.bucket ?? 0);
  };
  const middle = (total - 1) / 2;
  const low = valueAt(Math.floor(middle));
  return low + (valueAt(Math.ceil(middle)) - low) * (middle - Math.floor(middle));
}

/** Average (exact) and median (from the buckets) time in each stage, in whole seconds. */
function stageTimes(
  rows: repo.StayBucketRow[],
): Map<string, { avgSeconds: number; medianSeconds: number | null }> {
  const byStage = new Map<string, repo.StayBucketRow[]>();
  for (const row of rows)
    byStage.set(row.to_stage_id, [...(byStage.get(row.to_stage_id) ?? []), row]);
  return new Map(
    [...byStage.entries()].map(([stageId, list]) => {
      const stays = list.reduce((n, r) => n + r.stays, 0);
      const seconds = list.reduce((n, r) => n + Number(r.seconds), 0);
      const median = medianOfBuckets(list);
      return [
        stageId,
        {
          avgSeconds: Math.round(seconds / stays),
          medianSeconds: median === null ? null : Math.round(median),
        },
      ];
    }),
  );
}
