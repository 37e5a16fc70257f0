/** SQL of the sales pipeline. Every query is scoped to the caller's workspace. */
import { and, asc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../db/connection.js';
import { periodRange, periodSplit } from '../db/month-rollup.js';
import {
  buildListQuery,
  pageOf,
  shownColumns,
  type ListFields,
  type ListParams,
} from '../db/list-query.js';
import { companies, contacts } from '../db/schema.js';
import type { Ctx } from '../platform/context.js';
import { scopeTo } from '../platform/permissions.js';
import {
  dealLines,
  dealStageHistory,
  deals,
  lostReasons,
  pipelineStages,
  pipelines,
} from './tables.js';

export type PipelineRow = typeof pipelines.$inferSelect;
export type StageRow = typeof pipelineStages.$inferSelect;
export type LostReasonRow = typeof lostReasons.$inferSelect;
export type LineRow = typeof dealLines.$inferSelect;
export type HistoryRow = typeof dealStageHistory.$inferSelect;
export type DealRow = Omit<typeof deals.$inferSelect, 'searchText'> & {
  companyName: string | null;
  contactName: string | null;
};

const ws = (ctx: Ctx) => ctx.workspace.id;

/** `deleted_at = now()` for soft deletes. */
export const now = (): SQL => sql`now()`;

// Pipelines and stages

export async function listPipelines(ctx: Ctx): Promise<PipelineRow[]> {
  return ctx.db
    .select()
    .from(pipelines)
    .where(and(eq(pipelines.workspaceId, ws(ctx)), isNull(pipelines.deletedAt)))
    .orderBy(asc(pipelines.position), asc(pipelines.createdAt));
}

export async function findPipeline(ctx: Ctx, id: string): Promise<PipelineRow | null> {
  const [row] = await ctx.db
    .select()
    .from(pipelines)
    .where(
      and(eq(pipelines.workspaceId, ws(ctx)), eq(pipelines.id, id), isNull(pipelines.deletedAt)),
    );
  return row ?? null;
}

export type PipelineInsert = Omit<typeof pipelines.$inferInsert, 'workspaceId'>;
export async function insertPipeline(ctx: Ctx, values: PipelineInsert): Promise<void> {
  await ctx.db.insert(pipelines).values({ ...values, workspaceId: ws(ctx) });
}

export async function updatePipeline(
  ctx: Ctx,
  id: string,
  version: number,
  values: Partial<Pick<PipelineRow, 'name' | 'position'>> & { deletedAt?: SQL | null },
): Promise<boolean> {
  const rows = await ctx.db
    .update(pipelines)
    .set({ ...values, version: sql`${pipelines.version} + 1`, updatedAt: sql`now()` })
    .where(
      and(eq(pipelines.workspaceId, ws(ctx)), eq(pipelines.id, id), eq(pipelines.version, version)),
    )
    .returning({ id: pipelines.id });
  return rows.length > 0;
}

/** Live stages of one pipeline (or of all), in board order. */
export async function listStages(ctx: Ctx, pipelineId?: string): Promise<StageRow[]> {
  return ctx.db
    .select()
    .from(pipelineStages)
    .where(
      and(
        eq(pipelineStages.workspaceId, ws(ctx)),
        isNull(pipelineStages.deletedAt),
        pipelineId ? eq(pipelineStages.pipelineId, pipelineId) : undefined,
      ),
    )
    .orderBy(asc(pipelineStages.position));
}

/** Every pipeline and stage, removed ones included (an export names what old deals point at). */
export async function listAllPipelines(ctx: Ctx): Promise<PipelineRow[]> {
  return ctx.db
    .select()
    .from(pipelines)
    .where(eq(pipelines.workspaceId, ws(ctx)));
}

export async function listAllStages(ctx: Ctx): Promise<StageRow[]> {
  return ctx.db
    .select()
    .from(pipelineStages)
    .where(eq(pipelineStages.workspaceId, ws(ctx)));
}

/** A stage by id, removed ones included (old deals and history may point at them). */
export async function findStage(ctx: Ctx, id: string): Promise<StageRow | null> {
  const [row] = await ctx.db
    .select()
    .from(pipelineStages)
    .where(and(eq(pipelineStages.workspaceId, ws(ctx)), eq(pipelineStages.id, id)));
  return row ?? null;
}

export type StageInsert = Omit<typeof pipelineStages.$inferInsert, 'workspaceId'>;
export async function insertStages(ctx: Ctx, values: StageInsert[]): Promise<void> {
  if (values.length === 0) return;
  await ctx.db.insert(pipelineStages).values(values.map((v) => ({ ...v, workspaceId: ws(ctx) })));
}

export async function updateStage(
  ctx: Ctx,
  id: string,
  values: Partial<Pick<StageRow, 'name' | 'kind' | 'probability' | 'color' | 'position'>> & {
    deletedAt?: SQL;
  },
): Promise<void> {
  await ctx.db
    .update(pipelineStages)
    .set({ ...values, updatedAt: sql`now()` })
    .where(and(eq(pipelineStages.workspaceId, ws(ctx)), eq(pipelineStages.id, id)));
}

/** Live deals per stage of a pipeline (to refuse removing a stage that still has deals). */
export async function dealCountsByStage(
  ctx: Ctx,
  pipelineId: string,
): Promise<Map<string, number>> {
  const rows = await ctx.db
    .select({ stageId: deals.stageId, count: sql<number>`count(*)::int`.mapWith(Number) })
    .from(deals)
    .where(
      and(
        eq(deals.workspaceId, ws(ctx)),
        eq(deals.pipelineId, pipelineId),
        isNull(deals.deletedAt),
      ),
    )
    .groupBy(deals.stageId);
  return new Map(rows.map((r) => [r.stageId, r.count]));
}

// Lost reasons

export async function listLostReasons(ctx: Ctx): Promise<LostReasonRow[]> {
  return ctx.db
    .select()
    .from(lostReasons)
    .where(eq(lostReasons.workspaceId, ws(ctx)))
    .orderBy(asc(lostReasons.position), asc(lostReasons.createdAt));
}

export async function findLostReason(ctx: Ctx, id: string): Promise<LostReasonRow | null> {
  const [row] = await ctx.db
    .select()
    .from(lostReasons)
    .where(and(eq(lostReasons.workspaceId, ws(ctx)), eq(lostReasons.id, id)));
  return row ?? null;
}

export type LostReasonInsert = Omit<typeof lostReasons.$inferInsert, 'workspaceId'>;
export async function insertLostReasons(ctx: Ctx, values: LostReasonInsert[]): Promise<void> {
  if (values.length === 0) return;
  await ctx.db.insert(lostReasons).values(values.map((v) => ({ ...v, workspaceId: ws(ctx) })));
}

export async function updateLostReason(
  ctx: Ctx,
  id: string,
  values: Partial<Pick<LostReasonRow, 'name' | 'position' | 'active'>>,
): Promise<void> {
  await ctx.db
    .update(lostReasons)
    .set({ ...values, updatedAt: sql`now()` })
    .where(and(eq(lostReasons.workspaceId, ws(ctx)), eq(lostReasons.id, id)));
}

// Deals

/** Built-in list fields of deals (custom fields are added per workspace). */
export const dealListFields: ListFields = {
  title: { expr: deals.title, kind: 'text', sortable: true },
  pipelineId: { expr: deals.pipelineId, kind: 'uuid' },
  stageId: { expr: deals.stageId, kind: 'uuid' },
  status: { expr: deals.status, kind: 'enum', values: ['open', 'won', 'lost'] },
  ownerId: { expr: deals.ownerId, kind: 'uuid', nullable: true },
  companyId: { expr: deals.companyId, kind: 'uuid', nullable: true },
  contactId: { expr: deals.contactId, kind: 'uuid', nullable: true },
  amount: { expr: deals.amount, kind: 'number', sortable: true },
  currency: { expr: deals.currency, kind: 'text' },
  source: { expr: deals.source, kind: 'text', sortable: true, nullable: true },
  campaign: { expr: deals.campaign, kind: 'text', nullable: true },
  tags: { expr: deals.tags, kind: 'text_array' },
  lostReasonId: { expr: deals.lostReasonId, kind: 'uuid', nullable: true },
  expectedCloseDate: {
    expr: deals.expectedCloseDate,
    kind: 'date',
    sortable: true,
    nullable: true,
  },
  closedAt: { expr: deals.closedAt, kind: 'timestamp', sortable: true, nullable: true },
  stageEnteredAt: { expr: deals.stageEnteredAt, kind: 'timestamp', sortable: true },
  createdAt: { expr: deals.createdAt, kind: 'timestamp', sortable: true },
  updatedAt: { expr: deals.updatedAt, kind: 'timestamp', sortable: true },
  deletedAt: { expr: deals.deletedAt, kind: 'timestamp', sortable: true, nullable: true },
};

const contactName = sql<
  string | null
>`nullif(trim(${contacts.firstName} || ' ' || ${contacts.lastName}), '')`;
const select = {
  ...shownColumns(deals),
  companyName: companies.name,
  contactName,
};
const companyJoin = and(
  eq(companies.workspaceId, deals.workspaceId),
  eq(companies.id, deals.companyId),
);
const contactJoin = and(
  eq(contacts.workspaceId, deals.workspaceId),
  eq(contacts.id, deals.contactId),
);

export async function findDeal(ctx: Ctx, id: string): Promise<DealRow | null> {
  const [row] = await ctx.db
    .select(select)
    .from(deals)
    .leftJoin(companies, companyJoin)
    .leftJoin(contacts, contactJoin)
    .where(and(scopeTo(ctx, deals), eq(deals.id, id)));
  return row ?? null;
}

export async function listDeals(ctx: Ctx, params: ListParams, fields: ListFields) {
  const q = buildListQuery(params, fields, deals);
  const rows = await ctx.db
    .select({ ...select, sortValue: q.sortValue })
    .from(deals)
    .leftJoin(companies, companyJoin)
    .leftJoin(contacts, contactJoin)
    .where(and(scopeTo(ctx, deals), ...q.where))
    .orderBy(...q.orderBy)
    .limit(q.limit);
  return pageOf(rows, params.limit);
}

export async function customerNames(
  ctx: Ctx,
  contactId: string | null,
  companyId: string | null,
): Promise<{ contactName: string | null; companyName: string | null }> {
  const names = await customerNamesById(
    ctx,
    contactId ? [contactId] : [],
    companyId ? [companyId] : [],
  );
  return {
    contactName: (contactId && names.contacts.get(contactId)) || null,
    companyName: (companyId && names.companies.get(companyId)) || null,
  };
}

/** Names of contacts and organizations by id (deals' search text), one query each. */
export async function customerNamesById(
  ctx: Ctx,
  contactIds: string[],
  companyIds: string[],
): Promise<{ contacts: Map<string, string>; companies: Map<string, string> }> {
  const contactRows = contactIds.length
    ? await ctx.db
        .select({ id: contacts.id, name: contactName })
        .from(contacts)
        .where(and(eq(contacts.workspaceId, ws(ctx)), inArray(contacts.id, contactIds)))
    : [];
  const companyRows = companyIds.length
    ? await ctx.db
        .select({ id: companies.id, name: companies.name })
        .from(companies)
        .where(and(eq(companies.workspaceId, ws(ctx)), inArray(companies.id, companyIds)))
    : [];
  const byId = (rows: { id: string; name: string | null }[]) =>
    new Map(rows.flatMap((r) => (r.name ? [[r.id, r.name] as const] : [])));
  return { contacts: byId(contactRows), companies: byId(companyRows) };
}

export type DealInsert = Omit<typeof deals.$inferInsert, 'workspaceId'>;
export async function insertDeal(ctx: Ctx, values: DealInsert): Promise<void> {
  await ctx.db.insert(deals).values({ ...values, workspaceId: ws(ctx) });
}

export type DealUpdate = Partial<Omit<DealInsert, 'id' | 'createdAt' | 'createdBy'>>;
/** Updates a live deal at the expected version; false when it changed meanwhile. */
export async function updateDeal(
  ctx: Ctx,
  id: string,
  version: number,
  values: DealUpdate,
): Promise<boolean> {
  const rows = await ctx.db
    .update(deals)
    .set({
      ...values,
      version: sql`${deals.version} + 1`,
      updatedAt: sql`now()`,
      updatedBy: ctx.actor.userId,
    })
    .where(
      and(
        scopeTo(ctx, deals),
        eq(deals.id, id),
        eq(deals.version, version),
        isNull(deals.deletedAt),
      ),
    )
    .returning({ id: deals.id });
  return rows.length > 0;
}

export async function setSearchText(ctx: Ctx, id: string, searchText: string): Promise<void> {
  await ctx.db
    .update(deals)
    .set({ searchText })
    .where(and(eq(deals.workspaceId, ws(ctx)), eq(deals.id, id)));
}

/** The first card position of a column (new and moved cards go on top). */
export async function topPosition(ctx: Ctx, pipelineId: string, stageId: string): Promise<number> {
  const [row] = await ctx.db
    .select({ position: sql<number | null>`min(${deals.boardPosition})` })
    .from(deals)
    .where(boardColumn(ctx, pipelineId, stageId));
  const top = row?.position ?? null;
  return top === null ? 0 : top - 1;
}

/**
 * The first card position of each of these columns (by stage) among the workspace's live open
 * deals, for cards added in bulk (an import); a column without cards is missing.
 */
export async function topPositions(ctx: Ctx, stageIds: string[]): Promise<Map<string, number>> {
  if (stageIds.length === 0) return new Map();
  const rows = await ctx.db
    .select({ stage: deals.stageId, top: sql<number>`min(${deals.boardPosition})` })
    .from(deals)
    .where(
      and(
        eq(deals.workspaceId, ws(ctx)),
        inArray(deals.stageId, stageIds),
        isNull(deals.deletedAt),
        eq(deals.status, 'open'),
      ),
    )
    .groupBy(deals.stageId);
  return new Map(rows.map((r) => [r.stage, r.top]));
}

/** Card positions of a column around an index (excluding the card being moved). */
export async function positionsAround(
  ctx: Ctx,
  pipelineId: string,
  stageId: string,
  index: number,
  excludeId: string,
): Promise<number[]> {
  const rows = await ctx.db
    .select({ position: deals.boardPosition })
    .from(deals)
    .where(and(boardColumn(ctx, pipelineId, stageId), sql`${deals.id} <> ${excludeId}::uuid`))
    .orderBy(asc(deals.boardPosition), asc(deals.id))
    .offset(Math.max(0, index - 1))
    .limit(index === 0 ? 1 : 2);
  return rows.map((r) => r.position);
}

function boardColumn(ctx: Ctx, pipelineId: string, stageId: string): SQL {
  return and(
    scopeTo(ctx, deals),
    eq(deals.pipelineId, pipelineId),
    eq(deals.stageId, stageId),
    isNull(deals.deletedAt),
    eq(deals.status, 'open'),
  ) as SQL;
}

// Lines

export async function listLines(ctx: Ctx, dealId: string): Promise<LineRow[]> {
  return ctx.db
    .select()
    .from(dealLines)
    .where(and(eq(dealLines.workspaceId, ws(ctx)), eq(dealLines.dealId, dealId)))
    .orderBy(asc(dealLines.position));
}

export type LineInsert = Omit<typeof dealLines.$inferInsert, 'workspaceId' | 'dealId'>;
export async function replaceLines(ctx: Ctx, dealId: string, lines: LineInsert[]): Promise<void> {
  await ctx.db
    .delete(dealLines)
    .where(and(eq(dealLines.workspaceId, ws(ctx)), eq(dealLines.dealId, dealId)));
  if (lines.length === 0) return;
  await ctx.db.insert(dealLines).values(lines.map((l) => ({ ...l, dealId, workspaceId: ws(ctx) })));
}

// Stage history

export type HistoryInsert = Omit<typeof dealStageHistory.$inferInsert, 'workspaceId'>;

/** Closes the deal's current history row and opens the next one (same transaction as the move). */
export async function recordStageEntry(ctx: Ctx, values: HistoryInsert): Promise<void> {
  await ctx.db
    .update(dealStageHistory)
    .set({ leftAt: values.at ?? sql`now()` })
    .where(
      and(
        eq(dealStageHistory.workspaceId, ws(ctx)),
        eq(dealStageHistory.dealId, values.dealId),
        isNull(dealStageHistory.leftAt),
      ),
    );
  await ctx.db.insert(dealStageHistory).values({ ...values, workspaceId: ws(ctx) });
  await refreshFunnelColumns(ctx, [values.dealId]);
}

/**
 * Keeps the deal's funnel columns in step with its stage history (called in the move's
 * transaction, after the deal row is written): the furthest open stage the deal entered in its
 * pipeline and the open stage it was lost from. The cohort of each stay and the monthly roll-ups
 * are kept by triggers (migration 20261204100000-funnel-columns.sql).
 */
export async function refreshFunnelColumns(ctx: Ctx, dealIds: string[]): Promise<void> {
  if (dealIds.length === 0) return;
  await ctx.db.execute(
    sql`update deals d set
          funnel_reached_stage_id = (
            select s.id from deal_stage_history h
            join pipeline_stages s on s.workspace_id = h.workspace_id and s.id = h.to_stage_id
            where h.workspace_id = d.workspace_id and h.deal_id = d.id
              and h.pipeline_id = d.pipeline_id and s.kind = 'open'
            order by s.position desc limit 1),
          funnel_lost_from_stage_id = (
            select h.from_stage_id from deal_stage_history h
            join pipeline_stages s on s.workspace_id = h.workspace_id and s.id = h.to_stage_id
            where h.workspace_id = d.workspace_id and h.deal_id = d.id
              and h.pipeline_id = d.pipeline_id and h.left_at is null and s.kind = 'lost'
            limit 1)
        where d.workspace_id = ${ws(ctx)}::uuid and d.id = any(${`{${dealIds.join(',')}}`}::uuid[])`,
  );
}

export async function listHistory(ctx: Ctx, dealId: string): Promise<HistoryRow[]> {
  return ctx.db
    .select()
    .from(dealStageHistory)
    .where(and(eq(dealStageHistory.workspaceId, ws(ctx)), eq(dealStageHistory.dealId, dealId)))
    .orderBy(asc(dealStageHistory.at), asc(dealStageHistory.id));
}

// Board

export interface BoardFilter {
  ownerId?: string;
  source?: string;
  tag?: string;
  closeFrom?: string;
  closeTo?: string;
  search?: SQL;
}

function filterConditions(filter: BoardFilter): SQL[] {
  const out: SQL[] = [];
  if (filter.ownerId) out.push(eq(deals.ownerId, filter.ownerId));
  if (filter.source) out.push(eq(deals.source, filter.source));
  if (filter.tag)
    out.push(sql`${deals.tags} @> ${`{"${filter.tag.replaceAll('"', '\\"')}"}`}::text[]`);
  if (filter.closeFrom) out.push(sql`${deals.expectedCloseDate} >= ${filter.closeFrom}::date`);
  if (filter.closeTo) out.push(sql`${deals.expectedCloseDate} <= ${filter.closeTo}::date`);
  if (filter.search) out.push(filter.search);
  return out;
}

export interface ColumnTotalRow {
  stage_id: string;
  currency: string;
  count: number | string;
  total: number | string;
}

/** Count and sum per stage and currency of a pipeline's open deals (from the board index). */
export async function columnTotals(
  ctx: Ctx,
  pipelineId: string,
  stageIds: string[],
  filter: BoardFilter,
): Promise<ColumnTotalRow[]> {
  if (stageIds.length === 0) return [];
  const where = [
    sql`deals.workspace_id = ${ws(ctx)}::uuid`,
    sql`deals.pipeline_id = ${pipelineId}::uuid`,
    sql`deals.stage_id in (${sql.join(
      stageIds.map((id) => sql`${id}::uuid`),
      sql`, `,
    )})`,
    sql`deals.deleted_at is null`,
    sql`deals.status = 'open'`,
    ...filterConditions(filter),
  ];
  return queryRows<ColumnTotalRow>(
    ctx.db,
    sql`select deals.stage_id, deals.currency, count(*) as count,
               coalesce(sum(deals.amount), 0) as total
        from deals where ${sql.join(where, sql` and `)}
        group by deals.stage_id, deals.currency`,
  );
}

export interface CardRow {
  id: string;
  title: string;
  stage_id: string;
  amount: number | string;
  currency: string;
  owner_id: string | null;
  expected_close_date: string | null;
  tags: string[];
  version: number;
  board_position: number;
  company_name: string | null;
  contact_name: string | null;
}

/**
 * The first `limit + 1` cards of each column (one index range per stage through LATERAL), or
 * the next page of one column after a cursor.
 */
export async function boardCards(
  ctx: Ctx,
  pipelineId: string,
  stageIds: string[],
  filter: BoardFilter,
  limit: number,
  after?: { position: number; id: string },
): Promise<CardRow[]> {
  if (stageIds.length === 0) return [];
  const where = [
    sql`deals.workspace_id = ${ws(ctx)}::uuid`,
    sql`deals.pipeline_id = ${pipelineId}::uuid`,
    sql`deals.stage_id = s.id`,
    sql`deals.deleted_at is null`,
    sql`deals.status = 'open'`,
    ...filterConditions(filter),
  ];
  if (after)
    where.push(
      sql`(deals.board_position, deals.id) > (${after.position}::float8, ${after.id}::uuid)`,
    );
  const ids = sql`array[${sql.join(
    stageIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  )}]`;
  return queryRows<CardRow>(
    ctx.db,
    sql`select c.*, co.name as company_name,
               nullif(trim(ct.first_name || ' ' || ct.last_name), '') as contact_name
        from unnest(${ids}) as s(id)
        cross join lateral (
          select deals.id, deals.title, deals.stage_id, deals.amount, deals.currency,
                 deals.owner_id, deals.expected_close_date::text as expected_close_date,
                 deals.tags, deals.version, deals.board_position, deals.company_id,
                 deals.contact_id, deals.workspace_id
          from deals
          where ${sql.join(where, sql` and `)}
          order by deals.board_position, deals.id
          limit ${limit + 1}
        ) c
        left join companies co on co.workspace_id = c.workspace_id and co.id = c.company_id
        left join contacts ct on ct.workspace_id = c.workspace_id and ct.id = c.contact_id
        order by c.stage_id, c.board_position, c.id`,
  );
}

// Funnel

/** A group of cohort deals that share every column below (the database does the counting). */
export interface FunnelDealRow {
  /** How many deals the group holds. */
  deals: number;
  status: string;
  owner_id: string | null;
  source: string | null;
  /** Sum of the group's amounts, in `currency`. */
  amount: number | string;
  currency: string;
  lost_reason_id: string | null;
  /** The furthest open stage the deals entered. */
  reached_stage_id: string | null;
  /** The open stage the deals were in when they were lost. */
  lost_from_stage_id: string | null;
}

/**
 * The funnel cohort: deals that entered the pipeline in the days [from, to] (UTC), grouped by
 * status, owner, source, currency, lost reason, the furthest open stage reached and where it was
 * lost — a few hundred rows however many deals. Whole months come from `deal_funnel_months`
 * (kept by triggers on `deals`), the days around them from `deals_funnel_idx`.
 */
export async function funnelDeals(
  ctx: Ctx,
  pipelineId: string,
  from: string,
  to: string,
): Promise<FunnelDealRow[]> {
  const { months, days } = periodSplit(sql`pipeline_entered_at`, from, to);
  const monthRows = months
    ? sql`select deals, status, owner_id, source, amount, currency, lost_reason_id,
                 reached_stage_id, lost_from_stage_id
          from deal_funnel_months
          where workspace_id = ${ws(ctx)}::uuid and pipeline_id = ${pipelineId}::uuid
            and month >= ${months.start}::date and month < ${months.end}::date and deals <> 0
          union all`
    : sql``;
  return queryRows<FunnelDealRow>(
    ctx.db,
    sql`select sum(deals)::int as deals, status, owner_id, source, sum(amount)::bigint as amount,
               currency, lost_reason_id, reached_stage_id, lost_from_stage_id
        from (
          ${monthRows}
          select count(*)::int as deals, status, owner_id, source, sum(amount)::bigint as amount,
                 currency, lost_reason_id, funnel_reached_stage_id as reached_stage_id,
                 funnel_lost_from_stage_id as lost_from_stage_id
          from deals
          where workspace_id = ${ws(ctx)}::uuid and pipeline_id = ${pipelineId}::uuid
            and deleted_at is null and ${days}
          group by status, owner_id, source, currency, lost_reason_id, funnel_reached_stage_id,
                   funnel_lost_from_stage_id
        ) cohort
        group by status, owner_id, source, currency, lost_reason_id, reached_stage_id,
                 lost_from_stage_id`,
  );
}

/**
 * Recounts the funnel roll-ups of a workspace from its rows (after a bulk load that ran with the
 * triggers off, see bench/load); the triggers keep them from then on.
 */
export async function rebuildFunnelRollups(db: Db, workspaceId: string): Promise<void> {
  await db.execute(sql`delete from deal_funnel_months where workspace_id = ${workspaceId}::uuid`);
  await db.execute(
    sql`insert into deal_funnel_months
        select workspace_id, pipeline_id,
               date_trunc('month', pipeline_entered_at at time zone 'UTC')::date, status, owner_id,
               source, currency, lost_reason_id, funnel_reached_stage_id,
               funnel_lost_from_stage_id, count(*), sum(amount)
        from deals where workspace_id = ${workspaceId}::uuid and deleted_at is null
        group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10`,
  );
  await db.execute(sql`delete from deal_stay_months where workspace_id = ${workspaceId}::uuid`);
  await db.execute(
    sql`insert into deal_stay_months
        select workspace_id, pipeline_id,
               date_trunc('month', deal_entered_at at time zone 'UTC')::date, to_stage_id,
               stay_bucket, count(*), sum(stay_seconds)
        from deal_stage_history
        where workspace_id = ${workspaceId}::uuid and left_at is not null
          and deal_entered_at is not null
        group by 1, 2, 3, 4, 5`,
  );
}

/** Completed stays of the cohort in one stage whose length falls in one 1 % bucket. */
export interface StayBucketRow {
  to_stage_id: string;
  bucket: number;
  stays: number;
  seconds: number | string;
}

/**
 * Time in stage over the cohort's completed stays, as a histogram of logarithmic 1 % buckets
 * (`stay_bucket`) with exact counts and sums: the average is exact, the median is taken from the
 * buckets (see `medianOfBuckets`). Whole months come from `deal_stay_months`, the days around
 * them from `deal_stage_history_funnel_idx`; stays of deleted deals have no cohort.
 */
export async function funnelStayBuckets(
  ctx: Ctx,
  pipelineId: string,
  from: string,
  to: string,
  /** Only deals of these owners (a caller who may see their own or their team's reports). */
  ownerIds: string[] | null = null,
): Promise<StayBucketRow[]> {
  if (ownerIds) {
    // The roll-up has no owner; one owner's or one team's stays are few enough to count.
    return queryRows<StayBucketRow>(
      ctx.db,
      sql`select h.to_stage_id, h.stay_bucket as bucket, count(*)::int as stays,
                 sum(h.stay_seconds)::bigint as seconds
          from deal_stage_history h
          join deals d on d.workspace_id = h.workspace_id and d.id = h.deal_id
          where h.workspace_id = ${ws(ctx)}::uuid and h.pipeline_id = ${pipelineId}::uuid
            and h.left_at is not null and ${periodRange(sql`h.deal_entered_at`, from, to)}
            and d.owner_id = any(${`{${ownerIds.join(',')}}`}::uuid[])
          group by h.to_stage_id, h.stay_bucket`,
    );
  }
  const { months, days } = periodSplit(sql`deal_entered_at`, from, to);
  const monthRows = months
    ? sql`select stage_id as to_stage_id, bucket, stays, seconds
          from deal_stay_months
          where workspace_id = ${ws(ctx)}::uuid and pipeline_id = ${pipelineId}::uuid
            and month >= ${months.start}::date and month < ${months.end}::date and stays <> 0
          union all`
    : sql``;
  return queryRows<StayBucketRow>(
    ctx.db,
    sql`select to_stage_id, bucket, sum(stays)::int as stays, sum(seconds)::bigint as seconds
        from (
          ${monthRows}
          select to_stage_id, stay_bucket as bucket, count(*)::int as stays,
                 sum(stay_seconds)::bigint as seconds
          from deal_stage_history
          where workspace_id = ${ws(ctx)}::uuid and pipeline_id = ${pipelineId}::uuid
            and left_at is not null and ${days}
          group by to_stage_id, stay_bucket
        ) stays
        group by to_stage_id, bucket`,
  );
}

export async function usersByIds(ctx: Ctx, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await queryRows<{ id: string; name: string }>(
    ctx.db,
    sql`select id, name from users where workspace_id = ${ws(ctx)}::uuid
        and id in (${sql.join(
          ids.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})`,
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}
