/** Rules of the sales pipeline: pipelines and stages, lost reasons, deals, line items, moves. */
import { lineTotals, sumTotals, type LineTotals } from '../../common/money.js';
import type { Currency } from '../../common/locales.js';
import { localized } from '../../common/records.js';
import { searchDocument } from '../../common/search/normalize.js';
import * as catalogRepo from '../catalog/repository.js';
import { defaultVatRate, requireVatRate, resolvePrice } from '../catalog/service.js';
import { parseListQuery, withTypoFallback } from '../db/list-query.js';
import { publish } from '../events/bus.js';
import {
  customListFields,
  fieldsOf,
  searchableCustomText,
  validateCustomValues,
  type FieldDefinition,
} from '../fields/service.js';
import { diffFields, recordAudit } from '../platform/audit.js';
import { inTransaction, type Ctx } from '../platform/context.js';
import { AppError, type ErrorDetail } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import { findHeads } from '../records/repository.js';
import { checkOwner, deleteRecord, restoreRecord } from '../records/service.js';
import { DEFAULT_LOST_REASONS, DEFAULT_PIPELINE_NAME, DEFAULT_STAGES } from './defaults.js';
import * as repo from './repository.js';
import type {
  DealCreateInput,
  DealUpdateInput,
  LineInput,
  LostReasonCreateInput,
  LostReasonUpdateInput,
  MoveInput,
  PipelineCreateInput,
  PipelineUpdateInput,
  StageInput,
} from './schema.js';
import { deals } from './tables.js';

const SEED = 'pipelines';

/** Fields whose changes the timeline shows. */
export const AUDITED = [
  'title',
  'contactId',
  'companyId',
  'pipelineId',
  'stageId',
  'amount',
  'currency',
  'probability',
  'expectedCloseDate',
  'ownerId',
  'source',
  'campaign',
  'tags',
  'custom',
  'status',
  'lostReasonId',
  'lostNote',
] as const;

// Defaults

/** Creates the default pipeline and lost reasons once per workspace; later edits stick. */
export async function ensurePipelineDefaults(ctx: Ctx): Promise<void> {
  if (await catalogRepo.seedExists(ctx, SEED)) return;
  await inTransaction(ctx, async (tx) => {
    if (!(await catalogRepo.claimSeed(tx, SEED))) return;
    const pipelineId = newId();
    await repo.insertPipeline(tx, { id: pipelineId, name: DEFAULT_PIPELINE_NAME, position: 0 });
    await repo.insertStages(
      tx,
      DEFAULT_STAGES.map((s, position) => ({ id: newId(), pipelineId, position, ...s })),
    );
    await repo.insertLostReasons(
      tx,
      DEFAULT_LOST_REASONS.map((name, position) => ({ id: newId(), name, position })),
    );
  });
}

// Pipelines and stages

export interface PipelineWithStages {
  pipeline: repo.PipelineRow;
  stages: repo.StageRow[];
}

export async function listPipelines(ctx: Ctx): Promise<PipelineWithStages[]> {
  await ensurePipelineDefaults(ctx);
  const [pipelines, stages] = [await repo.listPipelines(ctx), await repo.listStages(ctx)];
  return pipelines.map((pipeline) => ({
    pipeline,
    stages: stages.filter((s) => s.pipelineId === pipeline.id),
  }));
}

export async function getPipeline(ctx: Ctx, id: string): Promise<PipelineWithStages> {
  await ensurePipelineDefaults(ctx);
  const pipeline = await repo.findPipeline(ctx, id);
  if (!pipeline) throw AppError.notFound();
  return { pipeline, stages: await repo.listStages(ctx, id) };
}

/** Final stages last is not required, but a pipeline needs an open stage and one of each end. */
function checkStages(stages: StageInput[]): void {
  const problems: ErrorDetail[] = [];
  const count = (kind: string) => stages.filter((s) => s.kind === kind).length;
  if (count('open') === 0)
    problems.push({ path: 'stages', message: 'deals:errors.open_stage_required' });
  for (const kind of ['won', 'lost'] as const) {
    if (count(kind) !== 1)
      problems.push({ path: 'stages', message: `deals:errors.one_${kind}_stage` });
  }
  const ids = stages.map((s) => s.id).filter(Boolean);
  if (new Set(ids).size !== ids.length)
    problems.push({ path: 'stages', message: 'deals:errors.duplicate_stage' });
  if (problems.length) throw new AppError('validation_failed', {}, problems);
}

const defaultProbability = (s: StageInput) =>
  s.probability ?? (s.kind === 'won' ? 100 : s.kind === 'lost' ? 0 : 10);

export async function createPipeline(
  ctx: Ctx,
  input: PipelineCreateInput,
): Promise<PipelineWithStages> {
  const stages: StageInput[] =
    input.stages ??
    DEFAULT_STAGES.map((s) => ({
      name: s.name,
      kind: s.kind,
      probability: s.probability,
      color: s.color as StageInput['color'],
    }));
  if (stages.some((s) => s.id)) throw AppError.invalid('stages', 'deals:errors.unknown_stage');
  checkStages(stages);
  await ensurePipelineDefaults(ctx);
  const id = newId();
  await inTransaction(ctx, async (tx) => {
    const existing = await repo.listPipelines(tx);
    await repo.insertPipeline(tx, {
      id,
      name: input.name,
      position: input.position ?? existing.length,
    });
    await repo.insertStages(
      tx,
      stages.map((s, position) => ({
        id: newId(),
        pipelineId: id,
        name: s.name,
        kind: s.kind,
        probability: defaultProbability(s),
        color: s.color,
        position,
      })),
    );
    await recordAudit(tx, {
      action: 'create',
      object: 'pipelines',
      recordId: id,
      changes: { name: [null, input.name] },
    });
    await publish(tx, { workspace: true }, { type: 'pipeline.changed', data: { id } });
  });
  return getPipeline(ctx, id);
}

export async function updatePipeline(
  ctx: Ctx,
  id: string,
  input: PipelineUpdateInput,
  expectedVersion: number | null,
): Promise<PipelineWithStages> {
  await inTransaction(ctx, async (tx) => {
    const { pipeline, stages: before } = await getPipeline(tx, id);
    if (expectedVersion !== null && expectedVersion !== pipeline.version)
      throw new AppError('version_conflict');
    const changes: Record<string, [unknown, unknown]> = {};
    if (input.stages) {
      const stages = input.stages;
      checkStages(stages);
      const byId = new Map(before.map((s) => [s.id, s]));
      const counts = await repo.dealCountsByStage(tx, id);
      const problems: ErrorDetail[] = [];
      stages.forEach((s, index) => {
        if (!s.id) return;
        const old = byId.get(s.id);
        if (!old)
          problems.push({ path: `stages.${index}.id`, message: 'deals:errors.unknown_stage' });
        else if (old.kind !== s.kind && (counts.get(s.id) ?? 0) > 0)
          problems.push({
            path: `stages.${index}.kind`,
            message: 'deals:errors.stage_kind_has_deals',
          });
      });
      const kept = new Set(stages.map((s) => s.id).filter(Boolean));
      const removed = before.filter((s) => !kept.has(s.id));
      for (const stage of removed) {
        if ((counts.get(stage.id) ?? 0) > 0)
          problems.push({
            path: 'stages',
            message: 'deals:errors.stage_has_deals',
            params: { stage: localized(stage.name, tx.locale) },
          });
      }
      if (problems.length) throw new AppError('validation_failed', {}, problems);
      for (const stage of removed) await repo.updateStage(tx, stage.id, { deletedAt: sqlNow() });
      const fresh: repo.StageInsert[] = [];
      for (const [position, s] of stages.entries()) {
        const values = {
          name: s.name,
          kind: s.kind,
          probability: defaultProbability(s),
          color: s.color,
          position,
        };
        if (s.id) await repo.updateStage(tx, s.id, values);
        else fresh.push({ id: newId(), pipelineId: id, ...values });
      }
      await repo.insertStages(tx, fresh);
      changes.stages = [
        before.map((s) => localized(s.name, tx.locale)),
        stages.map((s) => localized(s.name, tx.locale)),
      ];
    }
    const values = {
      name: input.name ?? pipeline.name,
      position: input.position ?? pipeline.position,
    };
    Object.assign(changes, diffFields(pipeline, values, ['name', 'position']));
    if (!(await repo.updatePipeline(tx, id, pipeline.version, values)))
      throw new AppError('version_conflict');
    await recordAudit(tx, { action: 'update', object: 'pipelines', recordId: id, changes });
    await publish(tx, { workspace: true }, { type: 'pipeline.changed', data: { id } });
  });
  return getPipeline(ctx, id);
}

export async function deletePipeline(ctx: Ctx, id: string): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const { pipeline } = await getPipeline(tx, id);
    if ((await repo.listPipelines(tx)).length <= 1)
      throw new AppError('conflict', {}, [{ path: 'id', message: 'deals:errors.last_pipeline' }]);
    const counts = await repo.dealCountsByStage(tx, id);
    if ([...counts.values()].some((n) => n > 0))
      throw new AppError('conflict', {}, [
        { path: 'id', message: 'deals:errors.pipeline_has_deals' },
      ]);
    await repo.updatePipeline(tx, id, pipeline.version, { deletedAt: sqlNow() });
    await recordAudit(tx, { action: 'delete', object: 'pipelines', recordId: id });
    await publish(tx, { workspace: true }, { type: 'pipeline.changed', data: { id } });
  });
}

const sqlNow = repo.now;

// Lost reasons

export async function listLostReasons(ctx: Ctx): Promise<repo.LostReasonRow[]> {
  await ensurePipelineDefaults(ctx);
  return repo.listLostReasons(ctx);
}

export async function createLostReason(
  ctx: Ctx,
  input: LostReasonCreateInput,
): Promise<repo.LostReasonRow> {
  await ensurePipelineDefaults(ctx);
  return inTransaction(ctx, async (tx) => {
    const id = newId();
    const position = input.position ?? (await repo.listLostReasons(tx)).length;
    await repo.insertLostReasons(tx, [{ id, name: input.name, position, active: input.active }]);
    await recordAudit(tx, {
      action: 'create',
      object: 'lost_reasons',
      recordId: id,
      changes: { name: [null, input.name] },
    });
    const row = await repo.findLostReason(tx, id);
    if (!row) throw AppError.notFound();
    return row;
  });
}

export async function updateLostReason(
  ctx: Ctx,
  id: string,
  input: LostReasonUpdateInput,
): Promise<repo.LostReasonRow> {
  return inTransaction(ctx, async (tx) => {
    const before = await repo.findLostReason(tx, id);
    if (!before) throw AppError.notFound();
    const after = {
      name: input.name ?? before.name,
      position: input.position ?? before.position,
      active: input.active ?? before.active,
    };
    const changes = diffFields(before, after, ['name', 'position', 'active']);
    if (Object.keys(changes).length === 0) return before;
    await repo.updateLostReason(tx, id, after);
    await recordAudit(tx, { action: 'update', object: 'lost_reasons', recordId: id, changes });
    return { ...before, ...after };
  });
}

// Deals

export function dealSearchText(
  row: Pick<repo.DealRow, 'title' | 'source' | 'campaign' | 'tags' | 'custom'>,
  companyName: string | null,
  contactName: string | null,
  definitions: FieldDefinition[],
): string {
  return searchDocument([
    row.title,
    companyName,
    contactName,
    row.source,
    row.campaign,
    ...row.tags,
    ...searchableCustomText(definitions, row.custom),
  ]);
}

export interface DealDetail {
  deal: repo.DealRow;
  stage: repo.StageRow;
  lines: repo.LineRow[] | null;
}

export async function getDealRow(ctx: Ctx, id: string): Promise<repo.DealRow> {
  const row = await repo.findDeal(ctx, id);
  if (!row) throw AppError.notFound();
  return row;
}

async function stageOf(ctx: Ctx, id: string): Promise<repo.StageRow> {
  const stage = await repo.findStage(ctx, id);
  if (!stage) throw AppError.notFound();
  return stage;
}

/** One deal with its stage and (for the deal page) its line items. */
export async function getDeal(ctx: Ctx, id: string, withLines = true): Promise<DealDetail> {
  const deal = await getDealRow(ctx, id);
  return {
    deal,
    stage: await stageOf(ctx, deal.stageId),
    lines: withLines ? await repo.listLines(ctx, id) : null,
  };
}

export async function listDeals(ctx: Ctx, query: Record<string, unknown>) {
  const fields = {
    ...repo.dealListFields,
    ...customListFields(await fieldsOf(ctx, 'deals'), deals.custom),
  };
  const params = parseListQuery(query, fields, { sort: '-createdAt' }, ctx.actor.userId);
  const page = await withTypoFallback(params, (p) => repo.listDeals(ctx, p, fields));
  const stages = new Map((await repo.listStages(ctx)).map((s) => [s.id, s]));
  const details: DealDetail[] = [];
  for (const deal of page.rows) {
    let stage = stages.get(deal.stageId);
    if (!stage) {
      // A stage an administrator removed (closed deals may still point at it).
      stage = await stageOf(ctx, deal.stageId);
      stages.set(stage.id, stage);
    }
    details.push({ deal, stage, lines: null });
  }
  return { details, nextCursor: page.nextCursor, fields: params.fields };
}

/** The stage a deal goes to: the given one (of the given pipeline), or the first open stage. */
async function resolveStage(
  ctx: Ctx,
  pipelineId: string | undefined,
  stageId: string | undefined,
): Promise<repo.StageRow> {
  await ensurePipelineDefaults(ctx);
  if (stageId) {
    const stage = await repo.findStage(ctx, stageId);
    if (!stage || stage.deletedAt) throw AppError.invalid('stageId', 'deals:errors.unknown_stage');
    if (pipelineId && stage.pipelineId !== pipelineId)
      throw AppError.invalid('stageId', 'deals:errors.stage_of_other_pipeline');
    return stage;
  }
  let pipeline: repo.PipelineRow | null;
  if (pipelineId) {
    pipeline = await repo.findPipeline(ctx, pipelineId);
    if (!pipeline) throw AppError.invalid('pipelineId', 'deals:errors.unknown_pipeline');
  } else {
    [pipeline = null] = await repo.listPipelines(ctx);
    if (!pipeline) throw AppError.invalid('pipelineId', 'field.required');
  }
  const first = (await repo.listStages(ctx, pipeline.id)).find((s) => s.kind === 'open');
  if (!first) throw AppError.invalid('stageId', 'field.required');
  return first;
}

/** The customer must be a visible, live contact / organization. */
async function customerNames(
  ctx: Ctx,
  contactId: string | null,
  companyId: string | null,
): Promise<{ contactName: string | null; companyName: string | null }> {
  const problems: ErrorDetail[] = [];
  if (contactId) {
    const [head] = await findHeads(ctx, 'contacts', [contactId]);
    if (!head || head.deletedAt)
      problems.push({ path: 'contactId', message: 'field.invalid_reference' });
  }
  if (companyId) {
    const [head] = await findHeads(ctx, 'companies', [companyId]);
    if (!head || head.deletedAt)
      problems.push({ path: 'companyId', message: 'field.invalid_reference' });
  }
  if (problems.length) throw new AppError('validation_failed', {}, problems);
  return repo.customerNames(ctx, contactId, companyId);
}

async function checkLostReason(
  ctx: Ctx,
  stage: repo.StageRow,
  lostReasonId: string | null | undefined,
): Promise<string | null> {
  if (stage.kind !== 'lost') return null;
  if (lostReasonId) {
    const reason = await repo.findLostReason(ctx, lostReasonId);
    if (!reason?.active) throw AppError.invalid('lostReasonId', 'deals:errors.unknown_lost_reason');
    return reason.id;
  }
  const reasons = (await listLostReasons(ctx)).filter((r) => r.active);
  if (reasons.length > 0)
    throw AppError.invalid('lostReasonId', 'deals:errors.lost_reason_required');
  return null;
}

/** Line items with their totals, priced from the catalog where the caller left values out. */
async function priceLines(
  ctx: Ctx,
  lines: LineInput[],
  deal: { currency: string; companyId: string | null; contactId: string | null },
): Promise<{ rows: repo.LineInsert[]; totals: LineTotals }> {
  const rows: repo.LineInsert[] = [];
  const problems: ErrorDetail[] = [];
  const fallbackVat = lines.some((l) => l.vatRateId === undefined)
    ? await defaultVatRate(ctx)
    : null;
  for (const [index, line] of lines.entries()) {
    const path = `lines.${index}`;
    const product = line.productId ? await catalogRepo.findProduct(ctx, line.productId) : null;
    if (line.productId && (!product || product.deletedAt)) {
      problems.push({ path: `${path}.productId`, message: 'products:errors.unknown_product' });
      continue;
    }
    let unitPrice = line.unitPrice;
    let discount = line.discountPercent;
    if (product && (unitPrice === undefined || discount === undefined)) {
      const price = await resolvePrice(
        ctx,
        product.id,
        {
          currency: deal.currency as Currency,
          companyId: deal.companyId ?? undefined,
          contactId: deal.contactId ?? undefined,
        },
        `${path}.productId`,
      );
      unitPrice ??= price.unitPrice;
      discount ??= price.discountPercent;
    }
    if (unitPrice === undefined) {
      problems.push({ path: `${path}.unitPrice`, message: 'field.required' });
      continue;
    }
    const description =
      line.description ?? (product ? localized(product.name, ctx.workspace.locale) : null);
    if (!description) {
      problems.push({ path: `${path}.description`, message: 'field.required' });
      continue;
    }
    const vatRateId =
      line.vatRateId === undefined
        ? (product?.vatRateId ?? fallbackVat?.id ?? null)
        : line.vatRateId;
    let vatRate = '0';
    if (vatRateId) {
      try {
        vatRate = (await requireVatRate(ctx, vatRateId, `${path}.vatRateId`)).rate;
      } catch (error) {
        if (error instanceof AppError) {
          problems.push(...error.details);
          continue;
        }
        throw error;
      }
    }
    const quantity = String(line.quantity);
    const discountPercent = String(discount ?? 0);
    const totals = lineTotals({ quantity, unitPrice, discountPercent, vatRate });
    rows.push({
      id: newId(),
      position: index,
      productId: product?.id ?? null,
      description,
      quantity,
      unit: line.unit ?? product?.unit ?? null,
      unitPrice,
      discountPercent,
      vatRateId,
      vatRate,
      ...totals,
    });
  }
  if (problems.length) throw new AppError('validation_failed', {}, problems);
  return { rows, totals: sumTotals(rows) };
}

async function dealPublish(ctx: Ctx, type: 'deal.changed' | 'deal.moved', data: object) {
  await publish(ctx, { workspace: true }, { type, data });
}

export async function createDeal(ctx: Ctx, input: DealCreateInput): Promise<DealDetail> {
  const definitions = await fieldsOf(ctx, 'deals');
  const stage = await resolveStage(ctx, input.pipelineId, input.stageId);
  const id = newId();
  await inTransaction(ctx, async (tx) => {
    const custom = await validateCustomValues(tx, 'deals', input.custom ?? {}, null);
    const ownerId = input.ownerId === undefined ? tx.actor.userId : input.ownerId;
    await checkOwner(tx, ownerId);
    const contactId = input.contactId ?? null;
    const companyId = input.companyId ?? null;
    const names = await customerNames(tx, contactId, companyId);
    const currency = input.currency ?? tx.workspace.currency;
    const lines = input.lines?.length
      ? await priceLines(tx, input.lines, { currency, companyId, contactId })
      : null;
    const values = {
      id,
      title: input.title,
      contactId,
      companyId,
      pipelineId: stage.pipelineId,
      stageId: stage.id,
      amount: lines ? lines.totals.net : (input.amount ?? 0),
      currency,
      probability: input.probability ?? null,
      expectedCloseDate: input.expectedCloseDate ?? null,
      ownerId,
      source: input.source ?? null,
      campaign: input.campaign ?? null,
      tags: input.tags ?? [],
      custom,
      status: stage.kind,
      closedAt: stage.kind === 'open' ? null : new Date(),
      lostReasonId: null,
      lostNote: null,
    };
    if (stage.kind === 'lost') await checkLostReason(tx, stage, null);
    await repo.insertDeal(tx, {
      ...values,
      boardPosition: await repo.topPosition(tx, stage.pipelineId, stage.id),
      searchText: dealSearchText(values, names.companyName, names.contactName, definitions),
      createdBy: tx.actor.userId,
      updatedBy: tx.actor.userId,
    });
    if (lines) await repo.replaceLines(tx, id, lines.rows);
    await repo.recordStageEntry(tx, {
      id: newId(),
      dealId: id,
      pipelineId: stage.pipelineId,
      fromStageId: null,
      toStageId: stage.id,
      actorId: tx.actor.userId,
      ownerId,
      amount: values.amount,
      currency,
    });
    await recordAudit(tx, {
      action: 'create',
      object: 'deals',
      recordId: id,
      changes: diffFields({}, values, AUDITED),
    });
    await dealPublish(tx, 'deal.changed', { id, pipelineId: stage.pipelineId });
  });
  return getDeal(ctx, id);
}

/** Status fields that follow the stage a deal enters. */
function statusFor(
  stage: repo.StageRow,
  before: repo.DealRow,
  lostReasonId: string | null,
  lostNote: string | null | undefined,
) {
  if (stage.kind === 'open')
    return { status: 'open', closedAt: null, lostReasonId: null, lostNote: null };
  return {
    status: stage.kind,
    closedAt: before.status === stage.kind && before.closedAt ? before.closedAt : new Date(),
    lostReasonId: stage.kind === 'lost' ? lostReasonId : null,
    lostNote: stage.kind === 'lost' ? (lostNote ?? null) : null,
  };
}

export async function updateDeal(
  ctx: Ctx,
  id: string,
  input: DealUpdateInput,
  expectedVersion: number | null,
): Promise<DealDetail> {
  const definitions = await fieldsOf(ctx, 'deals');
  await inTransaction(ctx, async (tx) => {
    const before = await getDealRow(tx, id);
    if (before.deletedAt)
      throw new AppError('conflict', {}, [{ path: 'id', message: 'record.deleted' }]);
    if (expectedVersion !== null && expectedVersion !== before.version)
      throw new AppError('version_conflict');
    const custom =
      input.custom === undefined
        ? before.custom
        : await validateCustomValues(tx, 'deals', input.custom, before.custom);
    if (input.ownerId !== undefined && input.ownerId !== before.ownerId)
      await checkOwner(tx, input.ownerId);
    const contactId = input.contactId === undefined ? before.contactId : input.contactId;
    const companyId = input.companyId === undefined ? before.companyId : input.companyId;
    const names =
      contactId === before.contactId && companyId === before.companyId
        ? { contactName: before.contactName, companyName: before.companyName }
        : await customerNames(tx, contactId, companyId);

    const stageChanged =
      (input.stageId !== undefined && input.stageId !== before.stageId) ||
      (input.pipelineId !== undefined && input.pipelineId !== before.pipelineId);
    const stage = stageChanged
      ? await resolveStage(tx, input.pipelineId ?? before.pipelineId, input.stageId)
      : await stageOf(tx, before.stageId);

    const currency = input.currency ?? before.currency;
    const existingLines = await repo.listLines(tx, id);
    let amount = input.amount ?? before.amount;
    let lines: { rows: repo.LineInsert[]; totals: LineTotals } | null = null;
    if (input.lines !== undefined) {
      lines = await priceLines(tx, input.lines, { currency, companyId, contactId });
      if (input.lines.length > 0) amount = lines.totals.net;
    } else if (existingLines.length > 0) {
      if (input.amount !== undefined && input.amount !== before.amount)
        throw AppError.invalid('amount', 'deals:errors.amount_from_lines');
      if (currency !== before.currency)
        throw AppError.invalid('currency', 'deals:errors.currency_with_lines');
    }

    const lostReasonId = stageChanged
      ? await checkLostReason(tx, stage, input.lostReasonId)
      : stage.kind === 'lost' && input.lostReasonId !== undefined
        ? await checkLostReason(tx, stage, input.lostReasonId)
        : before.lostReasonId;
    const after = {
      title: input.title ?? before.title,
      contactId,
      companyId,
      pipelineId: stage.pipelineId,
      stageId: stage.id,
      amount,
      currency,
      probability: input.probability === undefined ? before.probability : input.probability,
      expectedCloseDate:
        input.expectedCloseDate === undefined ? before.expectedCloseDate : input.expectedCloseDate,
      ownerId: input.ownerId === undefined ? before.ownerId : input.ownerId,
      source: input.source === undefined ? before.source : input.source,
      campaign: input.campaign === undefined ? before.campaign : input.campaign,
      tags: input.tags ?? before.tags,
      custom,
      ...(stageChanged
        ? statusFor(stage, before, lostReasonId, input.lostNote)
        : {
            status: before.status,
            closedAt: before.closedAt,
            lostReasonId,
            lostNote:
              stage.kind === 'lost' && input.lostNote !== undefined
                ? input.lostNote
                : before.lostNote,
          }),
    };
    const changes = diffFields(before, after, AUDITED);
    const linesChanged = lines !== null && (lines.rows.length > 0 || existingLines.length > 0);
    if (Object.keys(changes).length === 0 && !linesChanged) return;
    const moved = before.stageId !== stage.id;
    const ok = await repo.updateDeal(tx, id, before.version, {
      ...after,
      searchText: dealSearchText(after, names.companyName, names.contactName, definitions),
      ...(moved
        ? {
            stageEnteredAt: new Date(),
            boardPosition: await repo.topPosition(tx, stage.pipelineId, stage.id),
            ...(before.pipelineId !== stage.pipelineId ? { pipelineEnteredAt: new Date() } : {}),
          }
        : {}),
    });
    if (!ok) throw new AppError('version_conflict');
    if (lines) await repo.replaceLines(tx, id, lines.rows);
    if (moved) {
      await repo.recordStageEntry(tx, {
        id: newId(),
        dealId: id,
        pipelineId: stage.pipelineId,
        fromStageId: before.pipelineId === stage.pipelineId ? before.stageId : null,
        toStageId: stage.id,
        actorId: tx.actor.userId,
        ownerId: after.ownerId,
        amount: after.amount,
        currency: after.currency,
      });
    }
    if (linesChanged && !changes.amount)
      changes.lines = [existingLines.length, lines?.rows.length ?? 0];
    await recordAudit(tx, { action: 'update', object: 'deals', recordId: id, changes });
    await dealPublish(tx, moved ? 'deal.moved' : 'deal.changed', {
      id,
      pipelineId: stage.pipelineId,
      ...(moved ? { fromStageId: before.stageId, toStageId: stage.id } : {}),
    });
  });
  return getDeal(ctx, id);
}

/** Where a card lands in a column: between its new neighbours (index 0 = top). */
async function boardPositionAt(
  ctx: Ctx,
  pipelineId: string,
  stageId: string,
  index: number | undefined,
  dealId: string,
): Promise<number> {
  if (index === undefined || index === 0) {
    const [first] = await repo.positionsAround(ctx, pipelineId, stageId, 0, dealId);
    return first === undefined ? 0 : first - 1;
  }
  const [before, after] = await repo.positionsAround(ctx, pipelineId, stageId, index, dealId);
  if (before === undefined) return 0;
  if (after === undefined) return before + 1;
  return (before + after) / 2;
}

/**
 * Moves a deal to a stage of its pipeline (the board's drag and drop). A stale `If-Match`, or a
 * concurrent move of the same card, is a 409: one of two colleagues wins.
 */
export async function moveDeal(
  ctx: Ctx,
  id: string,
  input: MoveInput,
  expectedVersion: number | null,
): Promise<DealDetail> {
  await inTransaction(ctx, async (tx) => {
    const before = await getDealRow(tx, id);
    if (before.deletedAt)
      throw new AppError('conflict', {}, [{ path: 'id', message: 'record.deleted' }]);
    if (expectedVersion !== null && expectedVersion !== before.version)
      throw new AppError('version_conflict');
    const stage = await repo.findStage(tx, input.stageId);
    if (!stage || stage.deletedAt) throw AppError.invalid('stageId', 'deals:errors.unknown_stage');
    if (stage.pipelineId !== before.pipelineId)
      throw AppError.invalid('stageId', 'deals:errors.stage_of_other_pipeline');
    const moved = stage.id !== before.stageId;
    const lostReasonId =
      moved || stage.kind === 'lost' ? await checkLostReason(tx, stage, input.lostReasonId) : null;
    const status =
      moved || stage.kind === 'lost'
        ? statusFor(stage, before, lostReasonId, input.lostNote)
        : null;
    const boardPosition =
      stage.kind === 'open'
        ? await boardPositionAt(tx, stage.pipelineId, stage.id, input.position, id)
        : before.boardPosition;
    const after = { ...before, stageId: stage.id, ...(status ?? {}) };
    const changes = diffFields(before, after, AUDITED);
    const ok = await repo.updateDeal(tx, id, before.version, {
      stageId: stage.id,
      boardPosition,
      ...(status ?? {}),
      ...(moved ? { stageEnteredAt: new Date() } : {}),
    });
    if (!ok) throw new AppError('version_conflict');
    if (moved) {
      await repo.recordStageEntry(tx, {
        id: newId(),
        dealId: id,
        pipelineId: stage.pipelineId,
        fromStageId: before.stageId,
        toStageId: stage.id,
        actorId: tx.actor.userId,
        ownerId: before.ownerId,
        amount: before.amount,
        currency: before.currency,
      });
    }
    if (Object.keys(changes).length > 0)
      await recordAudit(tx, { action: 'update', object: 'deals', recordId: id, changes });
    await dealPublish(tx, 'deal.moved', {
      id,
      pipelineId: stage.pipelineId,
      fromStageId: before.stageId,
      toStageId: stage.id,
      version: before.version + 1,
    });
  });
  return getDeal(ctx, id);
}

export async function stageHistory(ctx: Ctx, id: string): Promise<repo.HistoryRow[]> {
  await getDealRow(ctx, id);
  return repo.listHistory(ctx, id);
}

/** After a company or contact is renamed, its deals are found by the new name. */
export async function refreshDealSearchText(ctx: Ctx, id: string): Promise<void> {
  const row = await getDealRow(ctx, id);
  const definitions = await fieldsOf(ctx, 'deals');
  await repo.setSearchText(
    ctx,
    id,
    dealSearchText(row, row.companyName, row.contactName, definitions),
  );
}

export async function deleteDeal(ctx: Ctx, id: string): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const row = await getDealRow(tx, id);
    await deleteRecord(tx, 'deals', id);
    await dealPublish(tx, 'deal.changed', { id, pipelineId: row.pipelineId });
  });
}

export async function restoreDeal(ctx: Ctx, id: string): Promise<DealDetail> {
  await inTransaction(ctx, async (tx) => {
    const row = await getDealRow(tx, id);
    await restoreRecord(tx, 'deals', id);
    await dealPublish(tx, 'deal.changed', { id, pipelineId: row.pipelineId });
  });
  return getDeal(ctx, id);
}
