/**
 * The import engine: reads the file from its checkpoint, maps rows in batches, and writes each
 * batch — records, contact points, linked companies, external ids, notes, audit rows, undo items,
 * error rows and the moved checkpoint — in ONE transaction. A crash loses at most the batch in
 * flight, which the next run writes again; nothing is written twice.
 */
import { setImmediate } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import type { DuplicateKey, ImportObject } from '../../common/imports.js';
import { normalizePhone } from '../../common/phone.js';
import { LOCALES } from '../../common/locales.js';
import { localized } from '../../common/records.js';
import { listVatRates, PRODUCT_AUDITED, productSearchText } from '../catalog/service.js';
import { companySearchText } from '../companies/service.js';
import { contactSearchText, AUDITED as CONTACT_AUDITED } from '../contacts/service.js';
import { AUDITED as COMPANY_AUDITED } from '../companies/service.js';
import { AUDITED as LEAD_AUDITED, leadSearchText } from '../leads/service.js';
import { customerNamesById, topPositions } from '../deals/repository.js';
import { publish } from '../events/bus.js';
import {
  AUDITED as DEAL_AUDITED,
  dealSearchText,
  listLostReasons,
  listPipelines,
} from '../deals/service.js';
import type { FieldDefinition } from '../fields/service.js';
import { canonicalJson, diffFields, recordAudit, type Changes } from '../platform/audit.js';
import { inTransaction, type Ctx } from '../platform/context.js';
import { translator } from '../platform/i18n.js';
import { newId } from '../platform/ids.js';
import { readRows, type FileFormat, type SourceRow } from './readers.js';
import * as repo from './repository.js';
import { customFieldsOf, estimateRows } from './service.js';
import type { ImportOptions } from './tables.js';
import {
  keyValues,
  RowProblem,
  splitFullName,
  transformRow,
  type Candidate,
  type DealContext,
  type ProductContext,
  type TransformOptions,
} from './transform.js';

export const BATCH_SIZE = 2_000;

type Values = Record<string, unknown>;

const col = (key: string, name: string, type: string): repo.Column => ({ key, name, type });
const RECORD_COLUMNS = [
  col('id', 'id', 'uuid'),
  col('ownerId', 'owner_id', 'uuid'),
  col('tags', 'tags', 'text[]'),
  col('custom', 'custom', 'jsonb'),
  col('searchText', 'search_text', 'text'),
  col('createdBy', 'created_by', 'uuid'),
  col('updatedBy', 'updated_by', 'uuid'),
];

interface ObjectSpec {
  columns: repo.Column[];
  audited: readonly string[];
  create(c: Candidate, ctx: Ctx, options: ImportOptions): Values;
  /** `companyName`: the organization a contact works at (not a column of contacts). */
  searchText(values: Values, companyName: string | null, definitions: FieldDefinition[]): string;
}

const CONTACT_POINT_COLUMNS = [
  col('recordType', 'record_type', 'text'),
  col('recordId', 'record_id', 'uuid'),
  col('kind', 'kind', 'text'),
  col('value', 'value', 'text'),
  col('national', 'national', 'text'),
];
const AUDIT_COLUMNS = [
  col('id', 'id', 'uuid'),
  col('actorId', 'actor_id', 'uuid'),
  col('actorType', 'actor_type', 'text'),
  col('action', 'action', 'text'),
  col('object', 'object', 'text'),
  col('recordId', 'record_id', 'uuid'),
  col('changes', 'changes', 'jsonb'),
];
const ITEM_COLUMNS = [
  col('importId', 'import_id', 'uuid'),
  col('object', 'object', 'text'),
  col('recordId', 'record_id', 'uuid'),
  col('action', 'action', 'text'),
  col('before', 'before', 'jsonb'),
];
const EXTERNAL_COLUMNS = [
  col('object', 'object', 'text'),
  col('externalId', 'external_id', 'text'),
  col('recordId', 'record_id', 'uuid'),
];
const NOTE_COLUMNS = [
  col('id', 'id', 'uuid'),
  col('recordType', 'record_type', 'text'),
  col('recordId', 'record_id', 'uuid'),
  col('kind', 'kind', 'text'),
  col('body', 'body', 'text'),
  col('actorId', 'actor_id', 'uuid'),
];

/**
 * The columns every created record has; the specs extend it with `Object.assign` (in V8 each
 * property written after a spread in an object literal is a slow runtime call).
 */
function base(c: Candidate, ctx: Ctx, options: ImportOptions): Values {
  return {
    id: newId(),
    ownerId: c.fields.ownerId ?? options.defaults.ownerId ?? ctx.actor.userId,
    tags: c.fields.tags ?? [],
    custom: c.fields.custom ?? {},
    createdBy: ctx.actor.userId,
    updatedBy: ctx.actor.userId,
  };
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

export const SPECS: Record<ImportObject, ObjectSpec> = {
  contacts: {
    columns: [
      ...RECORD_COLUMNS,
      col('firstName', 'first_name', 'text'),
      col('lastName', 'last_name', 'text'),
      col('jobTitle', 'job_title', 'text'),
      col('emails', 'emails', 'jsonb'),
      col('phones', 'phones', 'jsonb'),
      col('addresses', 'addresses', 'jsonb'),
      col('birthday', 'birthday', 'date'),
      col('companyId', 'company_id', 'uuid'),
    ],
    audited: CONTACT_AUDITED,
    create: (c, ctx, options) =>
      Object.assign(base(c, ctx, options), {
        firstName: str(c.fields.firstName) ?? '',
        lastName: str(c.fields.lastName) ?? '',
        jobTitle: str(c.fields.jobTitle),
        emails: c.emails,
        phones: c.phones.map((p) => ({ value: p.value, label: p.label })),
        addresses: c.fields.addresses ?? [],
        birthday: str(c.fields.birthday),
        companyId: null,
      }),
    searchText: (v, companyName, d) => contactSearchText(v as never, companyName, d),
  },
  companies: {
    columns: [
      ...RECORD_COLUMNS,
      col('name', 'name', 'text'),
      col('legalName', 'legal_name', 'text'),
      col('vatId', 'vat_id', 'text'),
      col('registrationNumber', 'registration_number', 'text'),
      col('emails', 'emails', 'jsonb'),
      col('phones', 'phones', 'jsonb'),
      col('addresses', 'addresses', 'jsonb'),
      col('website', 'website', 'text'),
      col('industry', 'industry', 'text'),
    ],
    audited: COMPANY_AUDITED,
    create: (c, ctx, options) =>
      Object.assign(base(c, ctx, options), {
        name: str(c.fields.name) ?? '',
        legalName: str(c.fields.legalName),
        vatId: str(c.fields.vatId),
        registrationNumber: str(c.fields.registrationNumber),
        emails: c.emails,
        phones: c.phones.map((p) => ({ value: p.value, label: p.label })),
        addresses: c.fields.addresses ?? [],
        website: str(c.fields.website),
        industry: str(c.fields.industry),
      }),
    searchText: (v, _companyName, d) => companySearchText(v as never, d),
  },
  leads: {
    columns: [
      ...RECORD_COLUMNS,
      col('name', 'name', 'text'),
      col('companyName', 'company_name', 'text'),
      col('email', 'email', 'text'),
      col('phone', 'phone', 'text'),
      col('source', 'source', 'text'),
      col('message', 'message', 'text'),
      col('utmSource', 'utm_source', 'text'),
      col('utmMedium', 'utm_medium', 'text'),
      col('utmCampaign', 'utm_campaign', 'text'),
    ],
    audited: LEAD_AUDITED,
    create: (c, ctx, options) =>
      Object.assign(base(c, ctx, options), {
        name: str(c.fields.name) ?? '',
        companyName: str(c.fields.companyName),
        email: c.emails[0]?.value ?? null,
        phone: c.phones[0]?.value ?? null,
        source: str(c.fields.source) ?? 'import',
        message: str(c.fields.message),
        utmSource: str(c.fields.utmSource),
        utmMedium: str(c.fields.utmMedium),
        utmCampaign: str(c.fields.utmCampaign),
      }),
    searchText: (v, _companyName, d) => leadSearchText(v as never, d),
  },
  deals: {
    columns: [
      ...RECORD_COLUMNS,
      col('title', 'title', 'text'),
      col('companyId', 'company_id', 'uuid'),
      col('contactId', 'contact_id', 'uuid'),
      col('pipelineId', 'pipeline_id', 'uuid'),
      col('stageId', 'stage_id', 'uuid'),
      col('amount', 'amount', 'bigint'),
      col('currency', 'currency', 'text'),
      col('probability', 'probability', 'integer'),
      col('expectedCloseDate', 'expected_close_date', 'date'),
      col('status', 'status', 'text'),
      col('closedAt', 'closed_at', 'timestamptz'),
      col('lostReasonId', 'lost_reason_id', 'uuid'),
      col('source', 'source', 'text'),
      col('campaign', 'campaign', 'text'),
      col('boardPosition', 'board_position', 'float8'),
    ],
    audited: DEAL_AUDITED,
    create: (c, ctx, options) =>
      Object.assign(base(c, ctx, options), {
        title: str(c.fields.title) ?? '',
        companyId: null,
        contactId: null,
        pipelineId: c.fields.pipelineId,
        stageId: c.fields.stageId,
        amount: c.fields.amount ?? 0,
        currency: c.fields.currency,
        probability: c.fields.probability ?? null,
        expectedCloseDate: str(c.fields.expectedCloseDate),
        status: c.fields.status,
        closedAt: c.fields.closedAt ?? null,
        lostReasonId: c.fields.lostReasonId ?? null,
        source: str(c.fields.source),
        campaign: str(c.fields.campaign),
        boardPosition: 0,
        contactName: str(c.fields.contactName),
      }),
    // The contact's name is a transient value of the row (`contactName`), set when linked.
    searchText: (v, companyName, d) =>
      dealSearchText(v as never, companyName, str(v.contactName), d),
  },
  // The catalog is the workspace's: no owner, tags or custom fields; names per language.
  products: {
    columns: [
      col('id', 'id', 'uuid'),
      col('sku', 'sku', 'text'),
      col('name', 'name', 'jsonb'),
      col('description', 'description', 'text'),
      col('kind', 'kind', 'text'),
      col('unit', 'unit', 'text'),
      col('category', 'category', 'text'),
      col('price', 'price', 'bigint'),
      col('currency', 'currency', 'text'),
      col('vatRateId', 'vat_rate_id', 'uuid'),
      col('costPrice', 'cost_price', 'bigint'),
      col('active', 'active', 'boolean'),
      col('searchText', 'search_text', 'text'),
      col('createdBy', 'created_by', 'uuid'),
      col('updatedBy', 'updated_by', 'uuid'),
    ],
    audited: PRODUCT_AUDITED,
    create: (c, ctx) => ({
      id: newId(),
      sku: c.fields.sku,
      name: c.fields.name ?? {},
      description: str(c.fields.description),
      kind: str(c.fields.kind) ?? 'product',
      unit: str(c.fields.unit) ?? 'pcs',
      category: str(c.fields.category),
      price: c.fields.price ?? 0,
      currency: c.fields.currency,
      vatRateId: c.fields.vatRateId ?? null,
      costPrice: c.fields.costPrice ?? null,
      active: c.fields.active ?? true,
      createdBy: ctx.actor.userId,
      updatedBy: ctx.actor.userId,
    }),
    searchText: (v) => productSearchText(v as never),
  },
};

/** Pipelines, stages and lost reasons by their names in every language; status labels. */
async function dealContext(ctx: Ctx): Promise<DealContext> {
  const lower = (label: Record<string, string | undefined>) =>
    [...new Set(Object.values(label).filter((l): l is string => Boolean(l)))].map((l) =>
      l.toLowerCase(),
    );
  const pipelines = new Map<string, string>();
  const stages: DealContext['stages'] = [];
  const all = await listPipelines(ctx);
  for (const { pipeline, stages: own } of all) {
    for (const name of lower(pipeline.name))
      if (!pipelines.has(name)) pipelines.set(name, pipeline.id);
    for (const s of own)
      stages.push({
        id: s.id,
        pipelineId: s.pipelineId,
        kind: s.kind as 'open' | 'won' | 'lost',
        names: lower(s.name),
      });
  }
  const lostReasons = new Map<string, string>();
  for (const r of await listLostReasons(ctx))
    for (const name of lower(r.name)) if (!lostReasons.has(name)) lostReasons.set(name, r.id);
  const statuses = new Map<string, 'open' | 'won' | 'lost'>();
  for (const status of ['open', 'won', 'lost'] as const) {
    statuses.set(status, status);
    for (const locale of LOCALES)
      statuses.set(translator(locale)(`deals:status.${status}`).toLowerCase(), status);
  }
  return {
    currency: ctx.workspace.currency,
    timeZone: ctx.workspace.timezone,
    pipelines,
    defaultPipelineId: all[0]?.pipeline.id ?? '',
    stages,
    lostReasons,
    statuses,
  };
}

/** Kind and active labels in every language, VAT rates by percent and name. */
async function productContext(ctx: Ctx): Promise<ProductContext> {
  const kinds = new Map<string, string>();
  const activeLabels = new Map<string, boolean>();
  for (const locale of LOCALES) {
    const t = translator(locale);
    for (const kind of ['product', 'service'])
      kinds.set(t(`deals:products.kinds.${kind}`).toLowerCase(), kind);
    activeLabels.set(t('deals:products.active').toLowerCase(), true);
    activeLabels.set(t('deals:products.inactive').toLowerCase(), false);
  }
  for (const kind of ['product', 'service']) kinds.set(kind, kind);
  const vatRates = new Map<string, string>();
  let defaultVatRateId: string | null = null;
  // Active rates first: a percent shared by an old rate and a current one means the current one.
  const rates = [...(await listVatRates(ctx))].sort((a, b) => Number(b.active) - Number(a.active));
  for (const r of rates) {
    if (!vatRates.has(String(Number(r.rate)))) vatRates.set(String(Number(r.rate)), r.id);
    if (!vatRates.has(r.name.toLowerCase())) vatRates.set(r.name.toLowerCase(), r.id);
    if (r.isDefault && r.active) defaultVatRateId = r.id;
  }
  return {
    locale: ctx.locale,
    currency: ctx.workspace.currency,
    vatRates,
    defaultVatRateId,
    kinds,
    activeLabels,
  };
}

/** Candidate applied onto an existing record (update mode): only what the row had changes. */
function mergeInto(object: ImportObject, before: Values, c: Candidate): Values {
  const after: Values = { ...before };
  for (const key of c.present) {
    if (key === 'emails' || key === 'phones' || key === 'companyName') continue;
    if (key === 'tags')
      after.tags = [...new Set([...(before.tags as string[]), ...(c.fields.tags as string[])])];
    else if (key === 'custom')
      after.custom = { ...(before.custom as Values), ...(c.fields.custom as Values) };
    else if (key in c.fields) after[key] = c.fields[key];
  }
  if (object === 'products') {
    // A name in one language adds to (or replaces) that language's name only; the code stays
    // (it is what the row was matched by, or unique: another product may have the file's).
    if (c.present.has('name'))
      after.name = { ...(before.name as Values), ...(c.fields.name as Values) };
    after.sku = before.sku;
  } else if (object === 'deals') {
    // Its columns only: organization and contact are linked by the writer.
  } else if (object === 'leads') {
    if (c.emails[0]) after.email = c.emails[0].value;
    if (c.phones[0]) after.phone = c.phones[0].value;
    if (c.fields.companyName) after.companyName = c.fields.companyName;
  } else {
    const emails = [...(before.emails as { value: string; label: string | null }[])];
    for (const e of c.emails) if (!emails.some((x) => x.value === e.value)) emails.push(e);
    const phones = [...(before.phones as { value: string; label: string | null }[])];
    for (const p of c.phones)
      if (!phones.some((x) => x.value === p.value)) phones.push({ value: p.value, label: p.label });
    after.emails = emails;
    after.phones = phones;
  }
  return after;
}

export interface Prepared {
  object: ImportObject;
  spec: ObjectSpec;
  definitions: FieldDefinition[];
  transform: TransformOptions;
  mapping: (string | null)[];
  options: ImportOptions;
  t: ReturnType<typeof translator>;
}

export async function prepare(
  ctx: Ctx,
  object: ImportObject,
  mapping: (string | null)[],
  options: ImportOptions,
): Promise<Prepared> {
  const definitions = await customFieldsOf(ctx, object);
  const users = new Map(
    (await repo.userEmails(ctx, { activeOnly: true })).map((u) => [u.email.toLowerCase(), u.id]),
  );
  return {
    object,
    spec: SPECS[object],
    definitions,
    mapping,
    options,
    t: translator(ctx.locale),
    transform: {
      object,
      country: ctx.workspace.country,
      dateFormat: options.dateFormat,
      decimalComma: options.decimalComma,
      users,
      unknownOwner: options.unknownOwner ?? 'refuse',
      products: object === 'products' ? await productContext(ctx) : null,
      deals: object === 'deals' ? await dealContext(ctx) : null,
      defaults: options.defaults,
      custom: new Map(
        definitions.map((d) => [
          d.key,
          {
            key: d.key,
            type: d.type,
            choices: (d.options.choices ?? []).map((c) => ({
              value: c.value,
              labels: Object.values(c.label).filter((l): l is string => Boolean(l)),
            })),
          },
        ]),
      ),
    },
  };
}

export interface BatchCounts {
  created: number;
  updated: number;
  skipped: number;
  failed: number;
}

function reasonText(p: Prepared, error: RowProblem): string {
  const key = error.reason.includes(':') ? error.reason : `errors:${error.reason}`;
  const message = p.t(key, error.params);
  const column = error.params.column;
  return typeof column === 'string' ? `${column}: ${message}` : message;
}

async function findExisting(
  ctx: Ctx,
  object: ImportObject,
  key: DuplicateKey,
  values: string[],
): Promise<Map<string, string>> {
  let rows: { value: string; id: string }[] = [];
  if ((key === 'email' || key === 'phone') && object !== 'products')
    rows = await repo.matchContactPoints(ctx, object, key, values);
  else if (key === 'vatId' && object === 'companies') rows = await repo.matchVatIds(ctx, values);
  else if (key === 'externalId') rows = await repo.matchExternalIds(ctx, object, values);
  else if (key === 'sku' && object === 'products') rows = await repo.matchSkus(ctx, values);
  const out = new Map<string, string>();
  for (const r of rows) if (!out.has(r.value)) out.set(r.value, r.id);
  return out;
}

function pointsOf(
  object: ImportObject,
  id: string,
  v: Values,
  national: (e164: string) => string | null,
) {
  const points: Values[] = [];
  if (object === 'products' || object === 'deals') return points;
  const emails =
    object === 'leads' ? (v.email ? [{ value: v.email }] : []) : (v.emails as { value: string }[]);
  const phones =
    object === 'leads' ? (v.phone ? [{ value: v.phone }] : []) : (v.phones as { value: string }[]);
  const seen = new Set<string>();
  for (const p of phones) {
    const value = p.value as string;
    if (seen.has(`p${value}`)) continue;
    seen.add(`p${value}`);
    points.push({
      recordType: object,
      recordId: id,
      kind: 'phone',
      value,
      national: national(value),
    });
  }
  for (const e of emails) {
    const value = e.value as string;
    if (seen.has(`e${value}`)) continue;
    seen.add(`e${value}`);
    points.push({ recordType: object, recordId: id, kind: 'email', value, national: null });
  }
  return points;
}

/** National number of an E.164 phone: from the row when known, else parsed again. */
function nationalResolver(known: Map<string, string>, country: string) {
  return (e164: string) => known.get(e164) ?? normalizePhone(e164, country)?.national ?? null;
}

/**
 * A batch mapped in memory, before any database work: the rows' candidates, their failures, and
 * each candidate's new-record values with its search text (what it becomes unless a duplicate
 * decides otherwise). Needs no database, so the next batch is planned while one is written.
 */
export interface BatchPlan {
  rows: SourceRow[];
  errors: { rowIndex: number; line: number; row: string[]; reason: string }[];
  candidates: Candidate[];
  nationals: Map<string, string>;
  created: Map<Candidate, Values>;
}

export function planBatch(ctx: Ctx, p: Prepared, rows: SourceRow[]): BatchPlan {
  const plan = emptyPlan(rows);
  planRows(ctx, p, rows, plan);
  return plan;
}

/**
 * `planBatch` in slices of `PLAN_SLICE` rows with a turn of the event loop between them: the
 * batch being written meanwhile sends its next statement as soon as the previous one returns,
 * instead of the database waiting for the whole plan.
 */
async function planBatchInSlices(ctx: Ctx, p: Prepared, rows: SourceRow[]): Promise<BatchPlan> {
  const plan = emptyPlan(rows);
  for (let start = 0; start < rows.length; start += PLAN_SLICE) {
    if (start > 0) await setImmediate();
    planRows(ctx, p, rows.slice(start, start + PLAN_SLICE), plan);
  }
  return plan;
}

const PLAN_SLICE = 200;

function emptyPlan(rows: SourceRow[]): BatchPlan {
  return { rows, errors: [], candidates: [], nationals: new Map(), created: new Map() };
}

function planRows(ctx: Ctx, p: Prepared, rows: SourceRow[], plan: BatchPlan): void {
  const { errors, candidates, nationals, created } = plan;
  for (const row of rows) {
    if (row.problem) {
      errors.push({
        rowIndex: row.index,
        line: row.line,
        row: row.values,
        reason: p.t(row.problem),
      });
      continue;
    }
    try {
      const c = transformRow(row, p.mapping, p.transform);
      for (const phone of c.phones) nationals.set(phone.value, phone.national);
      candidates.push(c);
      created.set(c, newRecordValues(ctx, p, c, []));
    } catch (error) {
      if (!(error instanceof RowProblem)) throw error;
      errors.push({
        rowIndex: row.index,
        line: row.line,
        row: row.values,
        reason: reasonText(p, error),
      });
    }
  }
}

/** The values of the record a candidate (and the later rows merged into it) creates. */
function newRecordValues(ctx: Ctx, p: Prepared, c: Candidate, merged: Candidate[]): Values {
  const { object, spec, options } = p;
  let values = spec.create(c, ctx, options);
  for (const later of merged) values = mergeInto(object, values, later);
  // Contacts and deals: the organization the file names goes into the search text.
  const companyName =
    object === 'contacts' || object === 'deals'
      ? ([c, ...merged].reverse().find((x) => x.companyName)?.companyName ?? null)
      : null;
  values.searchText = spec.searchText(values, companyName, p.definitions);
  return values;
}

/**
 * Writes one batch in the caller's transaction and returns its counts. `rows` are source rows
 * (problems included), or the batch already planned; the checkpoint is moved by the caller in
 * the same transaction.
 */
export async function writeBatch(
  ctx: Ctx,
  importId: string,
  p: Prepared,
  batch: SourceRow[] | BatchPlan,
): Promise<BatchCounts> {
  const plan = Array.isArray(batch) ? planBatch(ctx, p, batch) : batch;
  const { rows, errors, candidates } = plan;
  const counts: BatchCounts = { created: 0, updated: 0, skipped: 0, failed: 0 };
  const national = nationalResolver(plan.nationals, ctx.workspace.country);
  counts.failed = errors.length;

  const { object, spec, options } = p;
  const key = options.duplicateKey;
  const dedupe = options.duplicateMode !== 'create' && key !== 'none';
  const existing = dedupe
    ? await findExisting(ctx, object, key, [
        ...new Set(candidates.flatMap((c) => keyValues(c, key))),
      ])
    : new Map<string, string>();
  // Matches the importing user may not edit are left alone (counted as skipped), not updated.
  const editable =
    options.duplicateMode === 'update'
      ? await repo.editableIds(ctx, object, [...new Set(existing.values())])
      : null;

  const creates: Candidate[] = [];
  const pendingByKey = new Map<string, Candidate>();
  const merges = new Map<Candidate, Candidate[]>();
  const updates = new Map<string, Candidate[]>();
  for (const c of candidates) {
    const values = dedupe ? keyValues(c, key) : [];
    const match = values.map((v) => existing.get(v)).find(Boolean);
    const pending = values.map((v) => pendingByKey.get(v)).find(Boolean);
    if (match || pending) {
      if (options.duplicateMode === 'skip' || (match && editable && !editable.has(match))) {
        counts.skipped++;
      } else if (match) {
        updates.set(match, [...(updates.get(match) ?? []), c]);
      } else if (pending) {
        merges.set(pending, [...(merges.get(pending) ?? []), c]);
        counts.skipped++;
      }
      continue;
    }
    creates.push(c);
    for (const v of values) pendingByKey.set(v, c);
  }
  if (object === 'products' || object === 'deals')
    await refuseIncomplete(ctx, p, creates, errors, counts);

  // Organizations named in a contacts or deals file: link to an existing one or create it.
  const companyIds = new Map<string, string>();
  const companyRows: Values[] = [];
  if (object === 'contacts' || object === 'deals') {
    const names = new Map<string, string>();
    for (const c of [...creates, ...[...updates.values()].flat(), ...[...merges.values()].flat()])
      if (c.companyName) names.set(c.companyName.toLowerCase(), c.companyName);
    for (const r of await repo.companiesByName(ctx, [...names.keys()])) companyIds.set(r.key, r.id);
    for (const [lower, name] of names) {
      if (companyIds.has(lower)) continue;
      const values: Values = {
        id: newId(),
        ownerId: options.defaults.ownerId ?? ctx.actor.userId,
        tags: options.defaults.tags,
        custom: {},
        createdBy: ctx.actor.userId,
        updatedBy: ctx.actor.userId,
        name,
        legalName: null,
        vatId: null,
        registrationNumber: null,
        emails: [],
        phones: [],
        addresses: [],
        website: null,
        industry: null,
      };
      values.searchText = SPECS.companies.searchText(values, null, []);
      companyIds.set(lower, values.id as string);
      companyRows.push(values);
    }
  }
  const companyOf = (c: Candidate) =>
    c.companyName ? (companyIds.get(c.companyName.toLowerCase()) ?? null) : null;
  // Contacts named in a deals file: linked by their full name, or created at the organization.
  const people =
    object === 'deals'
      ? await dealContacts(ctx, options, [...creates, ...[...updates.values()].flat()], companyOf)
      : { contactOf: () => null, rows: [] as Values[] };

  // New records.
  const inserts: Values[] = [];
  const points: Values[] = [];
  const audits: Values[] = [];
  const items: Values[] = [];
  const externals: Values[] = [];
  const notes: Values[] = [];
  const audit = (action: string, obj: string, recordId: string, changes: Changes | null) =>
    audits.push({
      id: newId(),
      actorId: ctx.actor.userId,
      actorType: ctx.actor.type,
      action,
      object: obj,
      recordId,
      changes,
    });
  // Records made by an import are audited as created by it (the values are the record itself;
  // repeating them per row in the audit log would double the import's writes).
  const importChange: Changes = { import: [null, importId] };
  for (const values of companyRows) audit('create', 'companies', values.id as string, importChange);
  for (const values of people.rows) audit('create', 'contacts', values.id as string, importChange);
  for (const c of creates) {
    const merged = merges.get(c) ?? [];
    const values =
      merged.length === 0
        ? (plan.created.get(c) ?? newRecordValues(ctx, p, c, merged))
        : newRecordValues(ctx, p, c, merged);
    if (object === 'contacts' || object === 'deals') {
      const lastCompany = [c, ...merged].reverse().find((x) => x.companyName);
      values.companyId = lastCompany ? companyOf(lastCompany) : null;
    }
    if (object === 'deals') values.contactId = people.contactOf(c);
    const id = values.id as string;
    inserts.push(values);
    points.push(...pointsOf(object, id, values, national));
    audit('create', object, id, importChange);
    for (const x of [c, ...(merges.get(c) ?? [])]) {
      if (x.externalId) externals.push({ object, externalId: x.externalId, recordId: id });
      if (x.note)
        notes.push({
          id: newId(),
          recordType: object,
          recordId: id,
          kind: 'note',
          body: x.note,
          actorId: ctx.actor.userId,
        });
    }
  }
  counts.created = inserts.length;

  // Updated records (update mode): the stored row before, merged with the file's values.
  const updateRows: Values[] = [];
  const moved: repo.StageMove[] = [];
  if (updates.size) {
    const beforeRows = await repo.fullRows(ctx, object, [...updates.keys()]);
    // The file's values onto each stored record; then what the records it changes need.
    const changed: {
      before: Values;
      after: Values;
      changes: Changes;
      companyName: string | null;
    }[] = [];
    for (const before of beforeRows) {
      const id = before.id as string;
      let after: Values = { ...before };
      let companyName: string | null = null;
      for (const c of updates.get(id) ?? []) {
        after = mergeInto(object, after, c);
        if ((object === 'contacts' || object === 'deals') && c.companyName) {
          after.companyId = companyOf(c);
          companyName = c.companyName;
        }
        if (object === 'deals' && c.fields.contactName) after.contactId = people.contactOf(c);
        if (c.externalId) externals.push({ object, externalId: c.externalId, recordId: id });
        if (c.note)
          notes.push({
            id: newId(),
            recordType: object,
            recordId: id,
            kind: 'note',
            body: c.note,
            actorId: ctx.actor.userId,
          });
      }
      const changes = diffFields(before, after, spec.audited);
      counts.updated += (updates.get(id) ?? []).length;
      if (Object.keys(changes).length > 0) changed.push({ before, after, changes, companyName });
    }
    const names = await linkedNames(
      ctx,
      object,
      changed.map((x) => x.after),
      { companies: companyRows, contacts: people.rows },
    );
    for (const { before, after, changes, companyName } of changed) {
      const id = after.id as string;
      if (object === 'deals') after.contactName = names.contact(after);
      after.searchText = spec.searchText(after, companyName ?? names.company(after), p.definitions);
      updateRows.push(after);
      if (object === 'deals' && after.stageId !== before.stageId)
        moved.push(
          stageMove(ctx, after, str(before.stageId), after.pipelineId !== before.pipelineId),
        );
      audit('update', object, id, changes);
      items.push({
        importId,
        object,
        recordId: id,
        action: 'updated',
        before: snapshot(spec, before),
      });
      if (changes.emails || changes.phones || changes.email || changes.phone)
        points.push(...pointsOf(object, id, after, national));
    }
  }

  await repo.copyInsert(ctx, 'companies', SPECS.companies.columns, companyRows);
  await repo.copyInsert(ctx, 'contacts', SPECS.contacts.columns, people.rows);
  if (object === 'deals') await placeOnBoards(ctx, inserts);
  await repo.copyInsert(ctx, object, spec.columns, inserts);
  const updateColumns = spec.columns.filter(
    (c) => !['id', 'createdBy', 'updatedBy'].includes(c.key),
  );
  await repo.bulkUpdate(
    ctx,
    object,
    updateColumns,
    updateRows.map((r) => pick(r, ['id', ...updateColumns.map((c) => c.key)])),
  );
  const changedPoints = [...new Set(points.map((pt) => pt.recordId as string))].filter((id) =>
    updateRows.some((r) => r.id === id),
  );
  await repo.deleteContactPoints(ctx, object, changedPoints);
  await repo.copyInsert(ctx, 'contact_points', CONTACT_POINT_COLUMNS, points);
  await repo.copyInsert(ctx, 'audit_events', AUDIT_COLUMNS, audits);
  await repo.bulkInsert(ctx, 'import_items', ITEM_COLUMNS, items, sqlOnConflictNothing);
  const seq = rows[0]?.index ?? 0;
  await repo.insertCreated(
    ctx,
    importId,
    seq,
    'companies',
    companyRows.map((r) => r.id as string),
  );
  await repo.insertCreated(
    ctx,
    importId,
    seq,
    'contacts',
    people.rows.map((r) => r.id as string),
  );
  await repo.insertCreated(
    ctx,
    importId,
    seq,
    object,
    inserts.map((r) => r.id as string),
  );
  // A deal enters its stage (new ones, and updated ones the file moved): stage history and
  // funnel columns as when it is moved in the app.
  if (object === 'deals') {
    await repo.recordStageMoves(ctx, [
      ...inserts.map((v) => stageMove(ctx, v, null, false)),
      ...moved,
    ]);
    // Open boards reload (once per pipeline and batch, as the app tells them of a change).
    const pipelines = new Set([...inserts, ...updateRows].map((d) => d.pipelineId as string));
    for (const pipelineId of pipelines)
      await publish(ctx, { workspace: true }, { type: 'deal.changed', data: { pipelineId } });
  }
  await repo.bulkInsert(
    ctx,
    'external_ids',
    EXTERNAL_COLUMNS,
    dedupeExternal(externals),
    sqlOnConflictNothing,
  );
  await repo.copyInsert(ctx, 'activities', NOTE_COLUMNS, notes);
  await repo.insertErrors(ctx, importId, errors);
  return counts;
}

/**
 * What a new record needs that a row updating one may leave out — a deal's title, a product's
 * name — and product codes are unique: a new product whose code another live product (or an
 * earlier row of the batch) has is refused with the line and reason, whatever the key and mode.
 */
async function refuseIncomplete(
  ctx: Ctx,
  p: Prepared,
  creates: Candidate[],
  errors: BatchPlan['errors'],
  counts: BatchCounts,
): Promise<void> {
  const products = p.object === 'products';
  const code = (c: Candidate) => (products ? (c.fields.sku as string).toLowerCase() : '');
  const taken = new Set(
    products
      ? (await repo.matchSkus(ctx, [...new Set(creates.map(code))])).map((r) => r.value)
      : [],
  );
  const required = products ? 'name' : 'title';
  const kept = creates.filter((c) => {
    const problem = !c.present.has(required)
      ? new RowProblem('imports:errors.name_required', { column: required })
      : products && taken.has(code(c))
        ? new RowProblem('products:errors.sku_taken', { column: 'sku' })
        : null;
    if (!problem) {
      if (products) taken.add(code(c));
      return true;
    }
    errors.push({ rowIndex: c.index, line: c.line, row: c.raw, reason: reasonText(p, problem) });
    counts.failed++;
    return false;
  });
  creates.splice(0, creates.length, ...kept);
}

/** A deal entering its stage, as a stage-history row. */
function stageMove(
  ctx: Ctx,
  deal: Values,
  fromStageId: string | null,
  pipelineChanged: boolean,
): repo.StageMove {
  return {
    id: newId(),
    dealId: deal.id as string,
    pipelineId: deal.pipelineId as string,
    fromStageId,
    toStageId: deal.stageId as string,
    actorId: ctx.actor.userId,
    ownerId: str(deal.ownerId),
    amount: Number(deal.amount ?? 0),
    currency: deal.currency as string,
    pipelineChanged,
  };
}

/** New deals go on top of their board columns, in the file's order. */
async function placeOnBoards(ctx: Ctx, deals: Values[]): Promise<void> {
  if (deals.length === 0) return;
  const tops = await topPositions(ctx, [...new Set(deals.map((d) => d.stageId as string))]);
  const left = new Map<string, number>();
  for (const d of deals) left.set(d.stageId as string, (left.get(d.stageId as string) ?? 0) + 1);
  for (const d of deals) {
    const stage = d.stageId as string;
    const n = left.get(stage) ?? 1;
    left.set(stage, n - 1);
    d.boardPosition = (tops.get(stage) ?? 0) - n;
  }
}

/**
 * The contacts a deals file names: a visible live contact with that full name (the oldest), or
 * a new one at the row's organization, owned like the deal.
 */
async function dealContacts(
  ctx: Ctx,
  options: ImportOptions,
  candidates: Candidate[],
  companyOf: (c: Candidate) => string | null,
): Promise<{ contactOf: (c: Candidate) => string | null; rows: Values[] }> {
  const named = new Map<string, Candidate>();
  for (const c of candidates) {
    const name = str(c.fields.contactName);
    if (name && !named.has(name.toLowerCase())) named.set(name.toLowerCase(), c);
  }
  const ids = new Map<string, string>();
  for (const r of await repo.contactsByName(ctx, [...named.keys()])) ids.set(r.key, r.id);
  const rows: Values[] = [];
  for (const [lower, c] of named) {
    if (ids.has(lower)) continue;
    const values: Values = Object.assign(
      {
        id: newId(),
        ownerId: c.fields.ownerId ?? options.defaults.ownerId ?? ctx.actor.userId,
        tags: options.defaults.tags,
        custom: {},
        createdBy: ctx.actor.userId,
        updatedBy: ctx.actor.userId,
        jobTitle: null,
        emails: [],
        phones: [],
        addresses: [],
        birthday: null,
        companyId: companyOf(c),
      },
      splitFullName(c.fields.contactName as string),
    );
    values.searchText = SPECS.contacts.searchText(values, c.companyName, []);
    ids.set(lower, values.id as string);
    rows.push(values);
  }
  return {
    contactOf: (c) => {
      const name = str(c.fields.contactName);
      return name ? (ids.get(name.toLowerCase()) ?? null) : null;
    },
    rows,
  };
}

const sqlOnConflictNothing = sql`on conflict do nothing`;

function dedupeExternal(rows: Values[]): Values[] {
  const seen = new Map<string, Values>();
  for (const r of rows) if (!seen.has(r.externalId as string)) seen.set(r.externalId as string, r);
  return [...seen.values()];
}

function pick(values: Values, keys: string[]): Values {
  return Object.fromEntries(keys.map((k) => [k, values[k] ?? null]));
}

/** The columns an update may change, as they were (restored by undo). */
function snapshot(spec: ObjectSpec, row: Values): Values {
  return pick(
    row,
    spec.columns.filter((c) => !['id', 'createdBy', 'updatedBy'].includes(c.key)).map((c) => c.key),
  );
}

/**
 * The names of the organizations (and contacts, for deals) that contacts and deals point at, for
 * their search text: one query for the stored ones, whatever the number of records; those the
 * batch is creating (`pending`, not stored yet) named from their values.
 */
async function linkedNames(
  ctx: Ctx,
  object: ImportObject,
  records: Values[],
  pending: { companies: Values[]; contacts: Values[] } = { companies: [], contacts: [] },
): Promise<{ company: (v: Values) => string | null; contact: (v: Values) => string | null }> {
  const ids = (key: string) =>
    [...new Set(records.map((r) => str(r[key])))].filter((id): id is string => id !== null);
  const names = await customerNamesById(
    ctx,
    object === 'deals' ? ids('contactId') : [],
    object === 'deals' || object === 'contacts' ? ids('companyId') : [],
  );
  for (const c of pending.companies) names.companies.set(c.id as string, c.name as string);
  for (const c of pending.contacts) {
    const name = `${str(c.firstName) ?? ''} ${str(c.lastName) ?? ''}`.trim();
    if (name) names.contacts.set(c.id as string, name);
  }
  return {
    company: (v) => names.companies.get(str(v.companyId) ?? '') ?? null,
    contact: (v) => names.contacts.get(str(v.contactId) ?? '') ?? null,
  };
}

export interface RunHooks {
  /** Called after each committed batch (tests simulate a crash by throwing here). */
  afterBatch?: (rowsDone: number) => void | Promise<void>;
  batchSize?: number;
}

export type RunOutcome = 'done' | 'cancelled' | 'skipped';

/** Runs (or resumes) an import to the end. Safe to call again after a crash. */
export async function runImport(
  ctx: Ctx,
  importId: string,
  hooks: RunHooks = {},
): Promise<RunOutcome> {
  const row = await repo.findImport(ctx, importId);
  if (!row || !['queued', 'running'].includes(row.status) || !row.mapping || !row.options)
    return 'skipped';
  await repo.updateImport(ctx, importId, {
    status: 'running',
    startedAt: row.startedAt ?? new Date(),
    heartbeatAt: new Date(),
    ...(row.totalRows === null ? { totalRows: await estimateRows(row.filePath, row.format) } : {}),
  });
  const p = await prepare(ctx, row.object as ImportObject, row.mapping, row.options);
  const batchSize = hooks.batchSize ?? BATCH_SIZE;
  let batch: SourceRow[] = [];

  // The batch being written; the next one is read and planned meanwhile (Node's work overlaps
  // the database's), but a batch is only written once the one before it has committed.
  let writing: Promise<boolean> = Promise.resolve(true);

  const flush = async (): Promise<boolean> => {
    const last = batch.at(-1);
    if (!last) return writing;
    const rows = batch;
    batch = [];
    const plan = await planBatchInSlices(ctx, p, rows);
    if (!(await writing)) return false;
    writing = write(plan, last.index + 1);
    // Its failure is reported by the next `await writing`, not as an unhandled rejection.
    writing.catch(() => undefined);
    return true;
  };

  const write = async (plan: BatchPlan, next: number): Promise<boolean> => {
    const proceed = await inTransaction(ctx, async (tx) => {
      const current = await repo.findImport(tx, importId, true);
      if (!current || current.status !== 'running') return false;
      if (current.cancelRequested) {
        await repo.updateImport(tx, importId, { status: 'cancelled', finishedAt: new Date() });
        return false;
      }
      // Another run already wrote these rows (a duplicate job after a crash): nothing to do.
      if (current.rowsDone >= next) return true;
      await repo.relaxCommit(tx);
      const counts = await writeBatch(tx, importId, p, plan);
      await repo.advanceCheckpoint(tx, importId, next, 0, counts);
      return true;
    });
    if (proceed) await hooks.afterBatch?.(next);
    return proceed;
  };

  try {
    for await (const source of readRows(row.filePath, row.format as FileFormat, {
      encoding: row.settings.encoding as never,
      delimiter: row.settings.delimiter,
      sheet: row.settings.sheet,
    })) {
      if (source.index < 0 && row.format !== 'vcf') continue;
      if (source.index < row.rowsDone) continue;
      batch.push(source);
      if (batch.length >= batchSize && !(await flush())) return 'cancelled';
    }
    if (!(await flush()) || !(await writing)) return 'cancelled';
  } catch (error) {
    // Nothing may still be writing when the caller learns of the failure.
    await writing.catch(() => undefined);
    throw error;
  }
  return inTransaction(ctx, async (tx) => {
    const current = await repo.findImport(tx, importId, true);
    if (!current || current.status !== 'running') return 'skipped';
    await repo.updateImport(tx, importId, {
      status: 'done',
      finishedAt: new Date(),
      totalRows: current.rowsDone,
    });
    await recordAudit(tx, {
      action: 'import',
      object: current.object,
      recordId: importId,
      changes: {
        created: [null, current.created],
        updated: [null, current.updated],
        skipped: [null, current.skipped],
        failed: [null, current.failed],
      },
    });
    return 'done' as const;
  });
}

/** Undoes an import in batches: created records removed, updated ones restored. Resumable. */
export async function undoImport(
  ctx: Ctx,
  importId: string,
  batchSize = BATCH_SIZE,
): Promise<void> {
  const row = await repo.findImport(ctx, importId);
  if (!row || row.status !== 'undoing') return;
  // Records of the imported object first, then the organizations the import created.
  const order: ImportObject[] = [
    row.object as ImportObject,
    ...(row.object === 'contacts' ? ['companies' as const] : []),
    ...(row.object === 'deals' ? ['contacts' as const, 'companies' as const] : []),
  ];
  for (;;) {
    const more = await inTransaction(ctx, async (tx) => {
      const batches = (await repo.createdPage(tx, importId, 50)).sort(
        (a, b) => order.indexOf(a.object as ImportObject) - order.indexOf(b.object as ImportObject),
      );
      if (batches.length === 0) return false;
      await repo.relaxCommit(tx);
      for (const batch of batches) {
        const object = batch.object as ImportObject;
        await repo.hardDelete(tx, object, batch.ids);
        await repo.bulkInsert(
          tx,
          'audit_events',
          AUDIT_COLUMNS,
          batch.ids.map((id) => ({
            id: newId(),
            actorId: tx.actor.userId,
            actorType: tx.actor.type,
            action: 'delete',
            object,
            recordId: id,
            changes: { import: [importId, null] },
          })),
        );
        await repo.deleteCreated(tx, importId, batch.seq, batch.object);
      }
      return true;
    });
    if (!more) break;
  }
  for (;;) {
    const more = await inTransaction(ctx, async (tx) => {
      const items = await repo.itemsPage(tx, importId, 'updated', batchSize);
      if (items.length === 0) return false;
      const object = row.object as ImportObject;
      const spec = SPECS[object];
      const current = new Map(
        (
          await repo.fullRows(
            tx,
            object,
            items.map((i) => i.recordId),
          )
        ).map((r) => [r.id as string, r]),
      );
      const restores: Values[] = [];
      const points: Values[] = [];
      const audits: Values[] = [];
      const moves: repo.StageMove[] = [];
      const definitions = await customFieldsOf(tx, object);
      const national = nationalResolver(new Map(), tx.workspace.country);
      const restoring = items.flatMap((item) => {
        const now = current.get(item.recordId);
        const before = item.before;
        return now && before
          ? [{ recordId: item.recordId, before, now, restored: { ...now, ...before } }]
          : [];
      });
      const names = await linkedNames(
        tx,
        object,
        restoring.map((r) => r.restored),
      );
      for (const { recordId, before, now, restored } of restoring) {
        const companyName = names.company(restored);
        if (object === 'deals') {
          restored.contactName = names.contact(restored);
          if (restored.stageId !== now.stageId)
            moves.push(
              stageMove(tx, restored, str(now.stageId), restored.pipelineId !== now.pipelineId),
            );
        }
        restored.searchText = spec.searchText(restored, companyName, definitions);
        restores.push(pick(restored, ['id', ...Object.keys(before), 'searchText']));
        points.push(...pointsOf(object, recordId, restored, national));
        audits.push({
          id: newId(),
          actorId: tx.actor.userId,
          actorType: tx.actor.type,
          action: 'update',
          object,
          recordId,
          changes: diffFields(now, restored, spec.audited),
        });
      }
      const columns = spec.columns.filter((c) => !['id', 'createdBy', 'updatedBy'].includes(c.key));
      await repo.bulkUpdate(
        tx,
        object,
        columns,
        restores.map((r) => pick(r, ['id', ...columns.map((c) => c.key)])),
      );
      await repo.recordStageMoves(tx, moves);
      await repo.deleteContactPoints(
        tx,
        object,
        restores.map((r) => r.id as string),
      );
      await repo.bulkInsert(tx, 'contact_points', CONTACT_POINT_COLUMNS, points);
      await repo.bulkInsert(tx, 'audit_events', AUDIT_COLUMNS, audits);
      await repo.deleteItems(
        tx,
        importId,
        object,
        items.map((i) => i.recordId),
      );
      return true;
    });
    if (!more) break;
  }
  await repo.updateImport(ctx, importId, { status: 'undone', finishedAt: new Date() });
  await recordAudit(ctx, { action: 'delete', object: 'imports', recordId: importId });
}

/** Custom field labels for mapping suggestions. */
export function customTargets(definitions: FieldDefinition[]) {
  return definitions.map((d) => ({
    key: d.key,
    labels: Object.values(d.label).filter((l): l is string => Boolean(l)),
    label: (locale: Parameters<typeof localized>[1]) => localized(d.label, locale),
  }));
}

export { canonicalJson };
