import { sumTotals } from '../../common/money.js';
import { localized } from '../../common/records.js';
import type { Ctx } from '../platform/context.js';
import { withRecordMeta } from '../records/presenter.js';
import type { HistoryRow, LineRow, LostReasonRow, PipelineRow, StageRow } from './repository.js';
import type { DealDetail, PipelineWithStages } from './service.js';
import type {
  DealOut,
  DEAL_STATUSES,
  LineOut,
  LostReasonOut,
  PipelineOut,
  StageOut,
  STAGE_KINDS,
} from './schema.js';

export function presentStage(ctx: Ctx, row: StageRow): StageOut {
  return {
    id: row.id,
    pipelineId: row.pipelineId,
    name: row.name,
    displayName: localized(row.name, ctx.locale),
    kind: row.kind as (typeof STAGE_KINDS)[number],
    probability: row.probability,
    color: row.color,
    position: row.position,
  };
}

export function presentPipeline(
  ctx: Ctx,
  { pipeline, stages }: { pipeline: PipelineRow; stages: StageRow[] },
): PipelineOut {
  return {
    id: pipeline.id,
    name: pipeline.name,
    displayName: localized(pipeline.name, ctx.locale),
    position: pipeline.position,
    version: pipeline.version,
    stages: stages.map((s) => presentStage(ctx, s)),
  };
}

export const presentPipelines = (ctx: Ctx, rows: PipelineWithStages[]) =>
  rows.map((p) => presentPipeline(ctx, p));

export function presentLostReason(ctx: Ctx, row: LostReasonRow): LostReasonOut {
  return {
    id: row.id,
    name: row.name,
    displayName: localized(row.name, ctx.locale),
    position: row.position,
    active: row.active,
  };
}

export function presentLine(row: LineRow): LineOut {
  return {
    id: row.id,
    productId: row.productId,
    description: row.description,
    quantity: Number(row.quantity),
    unit: row.unit,
    unitPrice: row.unitPrice,
    discountPercent: Number(row.discountPercent),
    vatRateId: row.vatRateId,
    vatRate: Number(row.vatRate),
    net: row.net,
    vat: row.vat,
    gross: row.gross,
  };
}

export function presentDeal(ctx: Ctx, { deal, stage, lines }: DealDetail): DealOut {
  return withRecordMeta(deal, {
    title: deal.title,
    contactId: deal.contactId,
    contactName: deal.contactName,
    companyId: deal.companyId,
    companyName: deal.companyName,
    pipelineId: deal.pipelineId,
    stageId: deal.stageId,
    stageName: localized(stage.name, ctx.locale),
    amount: deal.amount,
    currency: deal.currency,
    probability: deal.probability ?? stage.probability,
    probabilityOverride: deal.probability,
    expectedCloseDate: deal.expectedCloseDate,
    status: deal.status as (typeof DEAL_STATUSES)[number],
    closedAt: deal.closedAt?.toISOString() ?? null,
    lostReasonId: deal.lostReasonId,
    lostNote: deal.lostNote,
    source: deal.source,
    campaign: deal.campaign,
    stageEnteredAt: deal.stageEnteredAt.toISOString(),
    ...(lines
      ? {
          lines: lines.map(presentLine),
          totals: lines.length
            ? sumTotals(lines)
            : { net: deal.amount, vat: 0, gross: deal.amount },
        }
      : {}),
  });
}

export function presentHistory(row: HistoryRow) {
  return {
    id: row.id,
    pipelineId: row.pipelineId,
    fromStageId: row.fromStageId,
    toStageId: row.toStageId,
    at: row.at.toISOString(),
    leftAt: row.leftAt?.toISOString() ?? null,
    actorId: row.actorId,
    amount: row.amount,
    currency: row.currency,
  };
}
