/** The API contract of the sales pipeline: pipelines and stages, lost reasons, deals, board, funnel. */
import { z } from 'zod';
import { localizedLabel } from '../fields/schema.js';
import { currency, isoDate, minorUnits } from '../catalog/schema.js';
import { recordMeta, tagsInput } from '../records/schema.js';

export const STAGE_KINDS = ['open', 'won', 'lost'] as const;
export const DEAL_STATUSES = ['open', 'won', 'lost'] as const;
export const STAGE_COLORS = [
  'gray',
  'blue',
  'cyan',
  'teal',
  'green',
  'lime',
  'yellow',
  'orange',
  'red',
  'pink',
  'grape',
  'violet',
  'indigo',
] as const;

/** A positive decimal with at most `scale` decimals (quantities). */
const decimal = (scale: number, max: number) =>
  z
    .number({ message: 'field.invalid_number' })
    .max(max)
    .refine(
      (v) => Number.isInteger(Math.round(v * 10 ** scale * 1e6) / 1e6),
      'field.invalid_number',
    );

// Pipelines and stages

const stageInput = z.strictObject({
  /** An existing stage keeps its id; a stage without one is new. */
  id: z.uuid().optional(),
  name: localizedLabel,
  kind: z.enum(STAGE_KINDS).default('open'),
  probability: z.number().int().min(0).max(100).optional(),
  color: z.enum(STAGE_COLORS).default('blue'),
});
export type StageInput = z.infer<typeof stageInput>;

export const pipelineCreateBody = z.strictObject({
  name: localizedLabel,
  position: z.number().int().min(0).max(10_000).optional(),
  stages: z.array(stageInput).min(1).max(30).optional(),
});
export type PipelineCreateInput = z.infer<typeof pipelineCreateBody>;

export const pipelineUpdateBody = z.strictObject({
  name: localizedLabel.optional(),
  position: z.number().int().min(0).max(10_000).optional(),
  /** The full ordered list: stages left out are removed (only when no deal is in them). */
  stages: z.array(stageInput).min(1).max(30).optional(),
});
export type PipelineUpdateInput = z.infer<typeof pipelineUpdateBody>;

export const stageOut = z.object({
  id: z.uuid(),
  pipelineId: z.uuid(),
  name: z.record(z.string(), z.string()),
  displayName: z.string(),
  kind: z.enum(STAGE_KINDS),
  probability: z.number().int(),
  color: z.string(),
  position: z.number().int(),
});
export type StageOut = z.infer<typeof stageOut>;

export const pipelineOut = z.object({
  id: z.uuid(),
  name: z.record(z.string(), z.string()),
  displayName: z.string(),
  position: z.number().int(),
  version: z.number().int(),
  stages: z.array(stageOut),
});
export type PipelineOut = z.infer<typeof pipelineOut>;
export const pipelineList = z.object({ data: z.array(pipelineOut) });

// Lost reasons

export const lostReasonCreateBody = z.strictObject({
  name: localizedLabel,
  position: z.number().int().min(0).max(10_000).optional(),
  active: z.boolean().default(true),
});
export type LostReasonCreateInput = z.infer<typeof lostReasonCreateBody>;
export const lostReasonUpdateBody = z
  .strictObject({
    name: localizedLabel,
    position: z.number().int().min(0).max(10_000),
    active: z.boolean(),
  })
  .partial();
export type LostReasonUpdateInput = z.infer<typeof lostReasonUpdateBody>;
export const lostReasonOut = z.object({
  id: z.uuid(),
  name: z.record(z.string(), z.string()),
  displayName: z.string(),
  position: z.number().int(),
  active: z.boolean(),
});
export type LostReasonOut = z.infer<typeof lostReasonOut>;
export const lostReasonList = z.object({ data: z.array(lostReasonOut) });

// Deals

export const lineInput = z.strictObject({
  productId: z.uuid().nullish(),
  /** Defaults to the product's name. */
  description: z.string().trim().max(1000).nullish(),
  quantity: decimal(4, 1_000_000_000).refine((v) => v > 0, 'deals:errors.quantity_positive'),
  unit: z.string().trim().max(20).nullish(),
  /** Defaults to the product's price for the deal's customer and currency. */
  unitPrice: minorUnits.optional(),
  /** Defaults to the customer's discount on the product. */
  discountPercent: decimal(3, 100).min(0).optional(),
  /** Defaults to the product's VAT rate, then the workspace default. */
  vatRateId: z.uuid().nullish(),
});
export type LineInput = z.infer<typeof lineInput>;

const nullableText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((v) => v || null);

const dealFields = {
  title: z.string().trim().min(1).max(200),
  contactId: z.uuid().nullable(),
  companyId: z.uuid().nullable(),
  pipelineId: z.uuid(),
  stageId: z.uuid(),
  amount: minorUnits,
  currency,
  probability: z.number().int().min(0).max(100).nullable(),
  expectedCloseDate: isoDate.nullable(),
  ownerId: z.uuid().nullable(),
  source: nullableText(100),
  campaign: nullableText(100),
  tags: tagsInput,
  custom: z.record(z.string(), z.unknown()),
  lines: z.array(lineInput).max(200),
};

export const dealCreateBody = z.strictObject({
  ...dealFields,
  contactId: dealFields.contactId.optional(),
  companyId: dealFields.companyId.optional(),
  pipelineId: dealFields.pipelineId.optional(),
  stageId: dealFields.stageId.optional(),
  amount: dealFields.amount.optional(),
  currency: dealFields.currency.optional(),
  probability: dealFields.probability.optional(),
  expectedCloseDate: dealFields.expectedCloseDate.optional(),
  ownerId: dealFields.ownerId.optional(),
  tags: dealFields.tags.optional(),
  custom: dealFields.custom.optional(),
  lines: dealFields.lines.optional(),
});
export type DealCreateInput = z.infer<typeof dealCreateBody>;

export const dealUpdateBody = z
  .strictObject({
    ...dealFields,
    /** With a move to the lost stage. */
    lostReasonId: z.uuid().nullable(),
    lostNote: nullableText(1000),
  })
  .partial();
export type DealUpdateInput = z.infer<typeof dealUpdateBody>;

export const moveBody = z.strictObject({
  stageId: z.uuid(),
  /** Index of the card in the target column (0 = top); default: top. */
  position: z.number().int().min(0).max(100_000).optional(),
  lostReasonId: z.uuid().nullish(),
  lostNote: nullableText(1000),
});
export type MoveInput = z.infer<typeof moveBody>;

export const lineOut = z.object({
  id: z.uuid(),
  productId: z.uuid().nullable(),
  description: z.string(),
  quantity: z.number(),
  unit: z.string().nullable(),
  unitPrice: z.number().int(),
  discountPercent: z.number(),
  vatRateId: z.uuid().nullable(),
  vatRate: z.number(),
  net: z.number().int(),
  vat: z.number().int(),
  gross: z.number().int(),
});
export type LineOut = z.infer<typeof lineOut>;

export const totalsOut = z.object({
  net: z.number().int(),
  vat: z.number().int(),
  gross: z.number().int(),
});

export const dealOut = z.object({
  ...recordMeta,
  title: z.string(),
  contactId: z.uuid().nullable(),
  contactName: z.string().nullable(),
  companyId: z.uuid().nullable(),
  companyName: z.string().nullable(),
  pipelineId: z.uuid(),
  stageId: z.uuid(),
  stageName: z.string(),
  amount: z.number().int(),
  currency: z.string(),
  /** Effective probability: the deal's own or its stage's. */
  probability: z.number().int(),
  probabilityOverride: z.number().int().nullable(),
  expectedCloseDate: z.string().nullable(),
  status: z.enum(DEAL_STATUSES),
  closedAt: z.iso.datetime().nullable(),
  lostReasonId: z.uuid().nullable(),
  lostNote: z.string().nullable(),
  source: z.string().nullable(),
  campaign: z.string().nullable(),
  stageEnteredAt: z.iso.datetime(),
  lines: z.array(lineOut).optional(),
  totals: totalsOut.optional(),
});
export type DealOut = z.infer<typeof dealOut>;

export const historyOut = z.object({
  id: z.uuid(),
  pipelineId: z.uuid(),
  fromStageId: z.uuid().nullable(),
  toStageId: z.uuid(),
  at: z.iso.datetime(),
  leftAt: z.iso.datetime().nullable(),
  actorId: z.uuid().nullable(),
  amount: z.number().int(),
  currency: z.string(),
});
export const historyList = z.object({ data: z.array(historyOut) });

// Board

export const boardQuery = z.strictObject({
  ownerId: z.union([z.uuid(), z.literal('me')]).optional(),
  source: z.string().trim().max(100).optional(),
  tag: z.string().trim().max(50).optional(),
  /** Expected close date range. */
  closeFrom: isoDate.optional(),
  closeTo: isoDate.optional(),
  q: z.string().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type BoardQuery = z.infer<typeof boardQuery>;
export const boardColumnQuery = boardQuery.extend({ cursor: z.string().max(200) });
export type BoardColumnQuery = z.infer<typeof boardColumnQuery>;

export const cardOut = z.object({
  id: z.uuid(),
  title: z.string(),
  stageId: z.uuid(),
  amount: z.number().int(),
  currency: z.string(),
  companyName: z.string().nullable(),
  contactName: z.string().nullable(),
  ownerId: z.uuid().nullable(),
  expectedCloseDate: z.string().nullable(),
  tags: z.array(z.string()),
  version: z.number().int(),
});
export type CardOut = z.infer<typeof cardOut>;

export const columnOut = z.object({
  stageId: z.uuid(),
  count: z.number().int(),
  /** Sum of the column's deals in the workspace currency (minor units). */
  total: z.number().int(),
  /** Deals whose currency had no exchange rate (left out of `total`). */
  unconverted: z.number().int(),
  deals: z.array(cardOut),
  nextCursor: z.string().nullable(),
});
export const boardOut = z.object({
  pipeline: pipelineOut,
  currency: z.string(),
  columns: z.array(columnOut),
});
export const columnPageOut = z.object({
  deals: z.array(cardOut),
  nextCursor: z.string().nullable(),
});

// Funnel

export const funnelQuery = z.strictObject({
  pipelineId: z.uuid(),
  from: isoDate,
  to: isoDate,
  format: z.enum(['json', 'csv']).default('json'),
});
export type FunnelQuery = z.infer<typeof funnelQuery>;

export const funnelStageOut = z.object({
  stageId: z.uuid(),
  name: z.string(),
  kind: z.enum(STAGE_KINDS),
  /** Deals of the cohort that reached this stage (or a later one). */
  entered: z.number().int(),
  /** Share of them that reached the next open stage (or won); null for the last stages. */
  conversionToNext: z.number().nullable(),
  conversionToWon: z.number().nullable(),
  /** Seconds spent in the stage by deals that left it. */
  avgSeconds: z.number().nullable(),
  medianSeconds: z.number().nullable(),
  /** Deals lost while in this stage. */
  lost: z.number().int(),
});
export const funnelGroupOut = z.object({
  key: z.string().nullable(),
  name: z.string(),
  deals: z.number().int(),
  won: z.number().int(),
  lost: z.number().int(),
  open: z.number().int(),
  /** Sum of won deals in the workspace currency. */
  wonAmount: z.number().int(),
  winRate: z.number().nullable(),
});
export const funnelOut = z.object({
  pipelineId: z.uuid(),
  from: z.string(),
  to: z.string(),
  currency: z.string(),
  deals: z.number().int(),
  won: z.number().int(),
  lost: z.number().int(),
  stages: z.array(funnelStageOut),
  lostReasons: z.array(
    z.object({ reasonId: z.uuid().nullable(), name: z.string(), count: z.number().int() }),
  ),
  owners: z.array(funnelGroupOut),
  sources: z.array(funnelGroupOut),
});
export type FunnelOut = z.infer<typeof funnelOut>;
