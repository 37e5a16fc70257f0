/**
 * The kanban board of a pipeline: the open stages as columns, each with its count and sum in the
 * workspace currency and its first cards; further cards page by a cursor per column. Both read
 * the board index `(workspace_id, pipeline_id, stage_id, board_position, id)`, so the cost grows
 * with the cards shown, not with the deals in the pipeline.
 */
import * as catalogRepo from '../catalog/repository.js';
import { convertMinor, today } from '../catalog/service.js';
import { searchCondition } from '../db/list-query.js';
import type { Ctx } from '../platform/context.js';
import { AppError } from '../platform/errors.js';
import { isUuid } from '../platform/ids.js';
import * as repo from './repository.js';
import type { BoardColumnQuery, BoardQuery, CardOut } from './schema.js';
import { getPipeline, type PipelineWithStages } from './service.js';
import { deals } from './tables.js';

export interface BoardColumn {
  stageId: string;
  count: number;
  total: number;
  unconverted: number;
  deals: CardOut[];
  nextCursor: string | null;
}

function filterOf(ctx: Ctx, query: BoardQuery): repo.BoardFilter {
  return {
    ...(query.ownerId
      ? { ownerId: query.ownerId === 'me' ? (ctx.actor.userId ?? undefined) : query.ownerId }
      : {}),
    ...(query.source ? { source: query.source } : {}),
    ...(query.tag ? { tag: query.tag } : {}),
    ...(query.closeFrom ? { closeFrom: query.closeFrom } : {}),
    ...(query.closeTo ? { closeTo: query.closeTo } : {}),
    // The board's own alias `d` keeps the trigram index usable.
    ...(query.q ? { search: searchCondition(deals.searchText, query.q) } : {}),
  };
}

function presentCard(row: repo.CardRow): CardOut {
  return {
    id: row.id,
    title: row.title,
    stageId: row.stage_id,
    amount: Number(row.amount),
    currency: row.currency,
    companyName: row.company_name,
    contactName: row.contact_name,
    ownerId: row.owner_id,
    expectedCloseDate: row.expected_close_date,
    tags: row.tags,
    version: row.version,
  };
}

function encodeCursor(row: repo.CardRow): string {
  return Buffer.from(JSON.stringify([row.board_position, row.id])).toString('base64url');
}

function decodeCursor(raw: string): { position: number; id: string } {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2) {
      const [position, id] = parsed as [unknown, unknown];
      if (typeof position === 'number' && Number.isFinite(position) && typeof id === 'string')
        if (isUuid(id)) return { position, id };
    }
  } catch {
    // fall through
  }
  throw AppError.invalid('cursor', 'list.invalid_cursor');
}

export async function getBoard(
  ctx: Ctx,
  pipelineId: string,
  query: BoardQuery,
): Promise<{ pipeline: PipelineWithStages; currency: string; columns: BoardColumn[] }> {
  const pipeline = await getPipeline(ctx, pipelineId);
  const stageIds = pipeline.stages.filter((s) => s.kind === 'open').map((s) => s.id);
  const filter = filterOf(ctx, query);
  const totals = await repo.columnTotals(ctx, pipelineId, stageIds, filter);
  const cards = await repo.boardCards(ctx, pipelineId, stageIds, filter, query.limit);
  const rates = totals.some((t) => t.currency !== ctx.workspace.currency)
    ? await catalogRepo.ratesOn(ctx, today())
    : new Map<string, number>();
  const columns = stageIds.map((stageId): BoardColumn => {
    let count = 0;
    let total = 0;
    let unconverted = 0;
    for (const row of totals.filter((t) => t.stage_id === stageId)) {
      const n = Number(row.count);
      count += n;
      const converted = convertMinor(
        Number(row.total),
        row.currency,
        ctx.workspace.currency,
        ctx.workspace.currency,
        rates,
      );
      if (converted === null) unconverted += n;
      else total += converted;
    }
    const rows = cards.filter((c) => c.stage_id === stageId);
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      stageId,
      count,
      total,
      unconverted,
      deals: page.map(presentCard),
      nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null,
    };
  });
  return { pipeline, currency: ctx.workspace.currency, columns };
}

/** The next cards of one column ("load more"). */
export async function getColumnPage(
  ctx: Ctx,
  pipelineId: string,
  stageId: string,
  query: BoardColumnQuery,
): Promise<{ deals: CardOut[]; nextCursor: string | null }> {
  const after = decodeCursor(query.cursor);
  const pipeline = await getPipeline(ctx, pipelineId);
  if (!pipeline.stages.some((s) => s.id === stageId && s.kind === 'open'))
    throw AppError.notFound();
  const rows = await repo.boardCards(
    ctx,
    pipelineId,
    [stageId],
    filterOf(ctx, query),
    query.limit,
    after,
  );
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    deals: page.map(presentCard),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null,
  };
}
