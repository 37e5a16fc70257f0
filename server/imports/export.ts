/**
 * Export of a list as the user sees it: the list's own query (filters, search, sort, visible
 * fields, the caller's scope) read in keyset pages and streamed out as CSV, XLSX or vCard, so a
 * million rows never sit in memory. Headers use the import field names of the user's language,
 * so an exported file imports back with the suggested mapping.
 */
import { PassThrough, type Readable } from 'node:stream';
import { and, eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import {
  EXPORT_FORMATS,
  safeCell,
  type ExportFormat,
  type ExportObject,
} from '../../common/imports.js';
import { minorDigits } from '../../common/money.js';
import {
  localized,
  type Address,
  type ContactPoint,
  type RecordObject,
} from '../../common/records.js';
import { localDateTime } from '../../common/time.js';
import * as catalogRepo from '../catalog/repository.js';
import * as companyRepo from '../companies/repository.js';
import * as contactRepo from '../contacts/repository.js';
import {
  buildListQuery,
  parseListQuery,
  type ListFields,
  type ListParams,
} from '../db/list-query.js';
import { products } from '../catalog/tables.js';
import { companies, contacts, leads } from '../db/schema.js';
import * as dealRepo from '../deals/repository.js';
import { deals } from '../deals/tables.js';
import { customListFields, fieldsOf, type FieldDefinition } from '../fields/service.js';
import * as leadRepo from '../leads/repository.js';
import { recordAudit } from '../platform/audit.js';
import {
  hiddenFields,
  requireCan,
  requireVisibleListParams,
  scopeTo,
  visibleField,
} from '../platform/permissions.js';
import type { Ctx } from '../platform/context.js';
import { AppError } from '../platform/errors.js';
import { userEmails } from './repository.js';
import { translator } from '../platform/i18n.js';

export { EXPORT_FORMATS, type ExportFormat };

type Row = Record<string, unknown>;
interface ExportColumn {
  /** list field name (for `fields=`) */
  field: string;
  header: string;
  value(row: Row): string;
}

const PAGE = 5_000;

const points = (v: unknown) => ((v as ContactPoint[] | null) ?? []).map((p) => p.value).join('; ');
const firstAddress = (row: Row) => ((row.addresses as Address[] | null) ?? [])[0];
/** A stored value as text; a structured value (not expected in these columns) as JSON. */
function text(v: unknown): string {
  switch (typeof v) {
    case 'undefined':
      return '';
    case 'string':
      return v;
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(v);
    default:
      if (v === null) return '';
      return v instanceof Date ? String(v) : JSON.stringify(v);
  }
}

/** A custom field's cells: choices by their label in the user's language, money in units. */
function customCell(
  definition: FieldDefinition,
  locale: Ctx['locale'],
): (value: unknown) => string {
  const labels = new Map(
    (definition.options.choices ?? []).map((c) => [c.value, localized(c.label, locale) || c.value]),
  );
  const choice = (v: string) => labels.get(v) ?? v;
  return (value) => {
    if (value === null || value === undefined) return '';
    if (definition.type === 'select') return choice(text(value));
    if (definition.type === 'multi_select') return (value as string[]).map(choice).join(', ');
    if (definition.type === 'money') return (Number(value) / 100).toFixed(2);
    return text(value);
  };
}

/** Minor units as a decimal number with the currency's digits ("1234.50"). */
function money(minor: unknown, currency: unknown): string {
  if (minor === null || minor === undefined) return '';
  const digits = minorDigits(text(currency));
  return (Number(minor) / 10 ** digits).toFixed(digits);
}

/**
 * Names of what deals and products refer to by id — pipelines, stages (removed ones too),
 * lost reasons and VAT rates — in the user's language, read once per export.
 */
async function referenceNames(ctx: Ctx, object: ExportObject) {
  const names = new Map<string, string>();
  const probabilities = new Map<string, number>();
  if (object === 'deals') {
    const [pipelines, stages, reasons] = await Promise.all([
      dealRepo.listAllPipelines(ctx),
      dealRepo.listAllStages(ctx),
      dealRepo.listLostReasons(ctx),
    ]);
    for (const r of [...pipelines, ...stages, ...reasons])
      names.set(r.id, localized(r.name, ctx.locale));
    for (const s of stages) probabilities.set(s.id, s.probability);
  }
  if (object === 'products')
    for (const r of await catalogRepo.listVatRates(ctx)) names.set(r.id, String(Number(r.rate)));
  return { name: (id: unknown) => names.get(id as string) ?? '', probabilities };
}

function columnsOf(
  ctx: Ctx,
  object: ExportObject,
  definitions: FieldDefinition[],
  ownerEmails: Map<string, string>,
  refs: Awaited<ReturnType<typeof referenceNames>>,
): ExportColumn[] {
  const t = translator(ctx.locale);
  const time = (v: unknown) =>
    v instanceof Date ? localDateTime(v, ctx.workspace.timezone).replace('T', ' ') : '';
  const label = (target: string) => t(`imports:fields.${target}`);
  const col = (field: string, target: string, value: (row: Row) => string): ExportColumn => ({
    field,
    header: label(target),
    value,
  });
  const address = [
    col('addresses', 'street', (r) => text(firstAddress(r)?.street)),
    col('addresses', 'city', (r) => text(firstAddress(r)?.city)),
    col('addresses', 'postalCode', (r) => text(firstAddress(r)?.postalCode)),
    col('addresses', 'country', (r) => text(firstAddress(r)?.country)),
  ];
  // Owners by e-mail, as the import reads them back.
  const common = [
    col('ownerId', 'ownerEmail', (r) => ownerEmails.get(r.ownerId as string) ?? ''),
    col('tags', 'tags', (r) => ((r.tags ?? []) as string[]).join(', ')),
  ];
  const custom = definitions
    .filter((d) => !d.hidden)
    .map((d) => {
      const cell = customCell(d, ctx.locale);
      return {
        field: `custom.${d.key}`,
        header: localized(d.label, ctx.locale) || d.key,
        value: (r: Row) => cell((r.custom as Row | null)?.[d.key]),
      };
    });
  switch (object) {
    case 'contacts':
      return [
        col('firstName', 'firstName', (r) => text(r.firstName)),
        col('lastName', 'lastName', (r) => text(r.lastName)),
        col('jobTitle', 'jobTitle', (r) => text(r.jobTitle)),
        col('emails', 'email', (r) => points(r.emails)),
        col('phones', 'phone', (r) => points(r.phones)),
        col('companyId', 'companyName', (r) => text(r.companyName)),
        ...address,
        col('birthday', 'birthday', (r) => text(r.birthday)),
        ...common,
        ...custom,
      ];
    case 'companies':
      return [
        col('name', 'name', (r) => text(r.name)),
        col('legalName', 'legalName', (r) => text(r.legalName)),
        col('vatId', 'vatId', (r) => text(r.vatId)),
        col('registrationNumber', 'registrationNumber', (r) => text(r.registrationNumber)),
        col('emails', 'email', (r) => points(r.emails)),
        col('phones', 'phone', (r) => points(r.phones)),
        col('website', 'website', (r) => text(r.website)),
        col('industry', 'industry', (r) => text(r.industry)),
        ...address,
        ...common,
        ...custom,
      ];
    case 'leads':
      return [
        col('name', 'fullName', (r) => text(r.name)),
        col('companyName', 'companyName', (r) => text(r.companyName)),
        col('email', 'email', (r) => text(r.email)),
        col('phone', 'phone', (r) => text(r.phone)),
        col('source', 'source', (r) => text(r.source)),
        col('message', 'message', (r) => text(r.message)),
        col('utmSource', 'utmSource', (r) => text(r.utmSource)),
        col('utmMedium', 'utmMedium', (r) => text(r.utmMedium)),
        col('utmCampaign', 'utmCampaign', (r) => text(r.utmCampaign)),
        ...common,
        ...custom,
      ];
    case 'deals':
      return [
        col('title', 'title', (r) => text(r.title)),
        col('companyId', 'companyName', (r) => text(r.companyName)),
        col('contactId', 'contactName', (r) => text(r.contactName)),
        col('pipelineId', 'pipeline', (r) => refs.name(r.pipelineId)),
        col('stageId', 'stage', (r) => refs.name(r.stageId)),
        col('status', 'status', (r) => t(`deals:status.${text(r.status)}`)),
        col('amount', 'amount', (r) => money(r.amount, r.currency)),
        col('currency', 'currency', (r) => text(r.currency)),
        // No probability of its own: the stage's.
        col('probability', 'probability', (r) =>
          text(r.probability ?? refs.probabilities.get(r.stageId as string)),
        ),
        col('expectedCloseDate', 'expectedCloseDate', (r) => text(r.expectedCloseDate)),
        col('closedAt', 'closedAt', (r) => time(r.closedAt)),
        col('lostReasonId', 'lostReason', (r) => refs.name(r.lostReasonId)),
        col('source', 'source', (r) => text(r.source)),
        col('campaign', 'campaign', (r) => text(r.campaign)),
        ...common,
        col('createdAt', 'createdAt', (r) => time(r.createdAt)),
        ...custom,
      ];
    case 'products':
      return [
        col('sku', 'sku', (r) => text(r.sku)),
        col('name', 'name', (r) => localized(r.name as never, ctx.locale)),
        col('description', 'description', (r) => text(r.description)),
        col('kind', 'kind', (r) => t(`deals:products.kinds.${text(r.kind)}`)),
        col('unit', 'unit', (r) => text(r.unit)),
        col('category', 'category', (r) => text(r.category)),
        col('price', 'price', (r) => money(r.price, r.currency)),
        col('currency', 'currency', (r) => text(r.currency)),
        col('vatRateId', 'vatRate', (r) => refs.name(r.vatRateId)),
        col('costPrice', 'costPrice', (r) => money(r.costPrice, r.currency)),
        col('active', 'active', (r) =>
          t(r.active ? 'deals:products.active' : 'deals:products.inactive'),
        ),
      ];
  }
}

/**
 * Contacts page by page with their organization's name, each name read once per export (the
 * list query's join looks it up for every contact).
 */
function contactPages() {
  const names = new Map<string, string | null>();
  return async (ctx: Ctx, params: ListParams, fields: ListFields) => {
    const page = await contactRepo.exportContactRows(ctx, params, fields);
    const missing = new Set<string>();
    for (const row of page.rows)
      if (row.companyId && !names.has(row.companyId)) missing.add(row.companyId);
    const found = await contactRepo.companyNames(ctx, [...missing]);
    for (const id of missing) names.set(id, found.get(id) ?? null);
    const rows = page.rows as ((typeof page.rows)[number] & { companyName?: string | null })[];
    for (const row of rows) row.companyName = row.companyId ? names.get(row.companyId) : null;
    return page;
  };
}

const LISTS = {
  contacts: {
    fields: contactRepo.contactListFields,
    table: contacts,
    list: contactPages,
  },
  companies: {
    fields: companyRepo.companyListFields,
    table: companies,
    list: () => companyRepo.listCompanies,
  },
  leads: { fields: leadRepo.leadListFields, table: leads, list: () => leadRepo.listLeads },
  deals: { fields: dealRepo.dealListFields, table: deals, list: () => dealRepo.listDeals },
  // The catalog is the workspace's: no owners, no custom fields.
  products: {
    fields: catalogRepo.productListFields,
    table: null,
    list: () => (ctx: Ctx, params: ListParams) => catalogRepo.listProducts(ctx, params),
  },
} as const;

/** Every row of the list query, page by page (keyset), in the list's order. */
async function* listRows(
  ctx: Ctx,
  object: ExportObject,
  params: ListParams,
  fields: ListFields,
  onRows?: (rows: number) => void,
): AsyncGenerator<Row[]> {
  type Page = { rows: (Row & { id: string; sortValue: unknown })[]; nextCursor: string | null };
  const list = LISTS[object].list() as (
    ctx: Ctx,
    params: ListParams,
    fields: ListFields,
  ) => Promise<Page>;
  const fetchPage = (cursor: ListParams['cursor']) =>
    list(ctx, { ...params, limit: PAGE, cursor }, fields);
  let next: Promise<Page> | null = fetchPage(null);
  let read = 0;
  while (next) {
    const page: Page = await next;
    const last = page.rows.at(-1);
    // The next page is read while this one is written out.
    next =
      page.nextCursor && last
        ? fetchPage({ value: last.sortValue as string | number | null, id: last.id })
        : null;
    // Its failure is reported by the next `await next`, not as an unhandled rejection.
    next?.catch(() => undefined);
    read += page.rows.length;
    onRows?.(read);
    if (page.rows.length) yield page.rows;
  }
}

export interface ExportRequest {
  object: ExportObject;
  format: ExportFormat;
  query: Record<string, unknown>;
}

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  vcf: 'text/vcard; charset=utf-8',
};

/** What an export writes: the list query and the columns, checked against the caller's rights. */
export interface ExportPlan {
  object: ExportObject;
  format: ExportFormat;
  query: Record<string, unknown>;
  params: ListParams;
  fields: ListFields;
  columns: ExportColumn[];
}

/** Checks the request (rights, hidden fields, the list query) and plans the export. */
export async function planExport(ctx: Ctx, request: ExportRequest): Promise<ExportPlan> {
  const { object, format } = request;
  requireCan(ctx, 'export', object);
  requireVisibleListParams(ctx, object, request.query);
  if (format === 'vcf' && object !== 'contacts') throw AppError.invalid('format', 'field.invalid');
  const { table } = LISTS[object];
  const definitions = table ? await fieldsOf(ctx, object as RecordObject) : [];
  const fields: ListFields = {
    ...LISTS[object].fields,
    ...(table ? customListFields(definitions, table.custom) : {}),
  };
  const query = { ...request.query };
  delete query.format;
  delete query.limit;
  delete query.cursor;
  const params = parseListQuery(
    query,
    fields,
    { sort: object === 'products' ? 'sku' : '-createdAt' },
    ctx.actor.userId,
  );
  // Search without a sort orders by relevance, which has no stable cursor: newest first instead.
  params.relevance = false;
  // Fields hidden from the caller's role are not exported (issue 9).
  const ownerEmails = new Map(
    (await userEmails(ctx, { activeOnly: false })).map((u) => [u.id, u.email]),
  );
  const refs = await referenceNames(ctx, object);
  let columns = columnsOf(ctx, object, definitions, ownerEmails, refs).filter((c) =>
    visibleField(ctx, object, c.field),
  );
  if (format === 'vcf' && hiddenFields(ctx, object).length)
    throw new AppError('forbidden', {}, [
      { path: 'format', message: 'access:errors.forbidden_export' },
    ]);
  if (params.fields.length) {
    // The list's column keys, in the names export columns use.
    const aliases: Record<string, string[]> = {
      name: object === 'contacts' ? ['firstName', 'lastName'] : ['name'],
      company: ['companyId', 'companyName'],
      email: ['emails', 'email'],
      phone: ['phones', 'phone'],
      address: ['addresses'],
      owner: ['ownerId'],
      contact: ['contactId'],
      amount: ['amount', 'currency'],
      stage: ['pipelineId', 'stageId'],
      status: ['status', 'closedAt', 'lostReasonId'],
    };
    const visible = new Set(params.fields.flatMap((f) => [f, ...(aliases[f] ?? [])]));
    const chosen = columns.filter((c) => visible.has(c.field));
    if (chosen.length) columns = chosen;
  }
  return { object, format, query, params, fields, columns };
}

/** How many rows the export will write (the list query's count), for its progress. */
export async function countExport(ctx: Ctx, plan: ExportPlan): Promise<number> {
  const { object, params, fields } = plan;
  const table = object === 'products' ? products : LISTS[object].table;
  const q = buildListQuery({ ...params, cursor: null }, fields, table);
  const scope =
    object === 'products' ? eq(products.workspaceId, ctx.workspace.id) : scopeTo(ctx, table);
  const [row] = await ctx.db
    .select({ count: sql<number>`count(*)::int` })
    .from(table)
    .where(and(scope, ...q.where));
  return row?.count ?? 0;
}

/** Validates the request and returns the streamed body and its file name. */
export async function exportList(
  ctx: Ctx,
  request: ExportRequest,
): Promise<{ stream: Readable; contentType: string; fileName: string }> {
  return writeExport(ctx, await planExport(ctx, request));
}

/**
 * Streams a planned export (audited); `onRows` is told the rows read so far after each page
 * (background exports report their progress with it).
 */
export async function writeExport(
  ctx: Ctx,
  plan: ExportPlan,
  onRows?: (rows: number) => void,
): Promise<{ stream: Readable; contentType: string; fileName: string }> {
  const { object, format, query, params, fields, columns } = plan;
  await recordAudit(ctx, {
    action: 'export',
    object,
    recordId: null,
    changes: { format: [null, format], query: [null, query] },
  });
  const rows = listRows(ctx, object, params, fields, onRows);
  const stamp = new Date().toISOString().slice(0, 10);
  const fileName = `${object}-${stamp}.${format}`;
  const contentType = CONTENT_TYPES[format];
  switch (format) {
    case 'csv':
      return { stream: PassThroughFrom(csvChunks(columns, rows)), contentType, fileName };
    case 'xlsx': {
      const sheet = translator(ctx.locale)(`common:objects.${object}`);
      return { stream: xlsxStream(columns, rows, sheet), contentType, fileName };
    }
    case 'vcf':
      return { stream: PassThroughFrom(vcardChunks(rows)), contentType, fileName };
  }
}

function PassThroughFrom(chunks: AsyncGenerator<string>): Readable {
  const out = new PassThrough();
  void (async () => {
    try {
      for await (const chunk of chunks) {
        if (!out.write(chunk)) await new Promise((resolve) => out.once('drain', resolve));
      }
      out.end();
    } catch (error) {
      out.destroy(error as Error);
    }
  })();
  return out;
}

function csvCell(value: string): string {
  const safe = safeCell(value);
  return /[",\r\n;]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

async function* csvChunks(columns: ExportColumn[], pages: AsyncGenerator<Row[]>) {
  yield '\uFEFF' + columns.map((c) => csvCell(c.header)).join(',') + '\r\n';
  for await (const page of pages) {
    // One string per page, cell by cell (no array per row: a million rows are CPU-bound).
    let chunk = '';
    for (const row of page) {
      for (let i = 0; i < columns.length; i++) {
        if (i > 0) chunk += ',';
        chunk += csvCell((columns[i] as ExportColumn).value(row));
      }
      chunk += '\r\n';
    }
    yield chunk;
  }
}

function xlsxStream(
  columns: ExportColumn[],
  pages: AsyncGenerator<Row[]>,
  sheetName: string,
): Readable {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useSharedStrings: false,
    useStyles: false,
  });
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31) || 'Export');
  void (async () => {
    try {
      sheet.addRow(columns.map((c) => c.header)).commit();
      for await (const page of pages) {
        for (const row of page) sheet.addRow(columns.map((c) => safeCell(c.value(row)))).commit();
      }
      sheet.commit();
      await workbook.commit();
    } catch (error) {
      out.destroy(error as Error);
    }
  })();
  return out;
}

function vcardEscape(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/\n/g, '\\n')
    .replace(/([,;])/g, '\\$1');
}

async function* vcardChunks(pages: AsyncGenerator<Row[]>) {
  for await (const page of pages) {
    let chunk = '';
    for (const r of page) {
      const first = text(r.firstName);
      const last = text(r.lastName);
      const lines = [
        'BEGIN:VCARD',
        'VERSION:3.0',
        `N:${vcardEscape(last)};${vcardEscape(first)};;;`,
        `FN:${vcardEscape([first, last].filter(Boolean).join(' '))}`,
      ];
      if (r.companyName) lines.push(`ORG:${vcardEscape(text(r.companyName))}`);
      if (r.jobTitle) lines.push(`TITLE:${vcardEscape(text(r.jobTitle))}`);
      for (const e of (r.emails ?? []) as ContactPoint[])
        lines.push(`EMAIL;TYPE=INTERNET:${e.value}`);
      for (const p of (r.phones ?? []) as ContactPoint[]) lines.push(`TEL:${p.value}`);
      const a = firstAddress(r);
      if (a)
        lines.push(
          `ADR:;;${[a.street, a.city, a.region, a.postalCode, a.country].map((v) => vcardEscape(text(v))).join(';')}`,
        );
      if (r.birthday) lines.push(`BDAY:${text(r.birthday)}`);
      const tags = (r.tags ?? []) as string[];
      if (tags.length) lines.push(`CATEGORIES:${tags.map(vcardEscape).join(',')}`);
      lines.push(`UID:urn:uuid:${text(r.id)}`, 'END:VCARD');
      chunk += lines.join('\r\n') + '\r\n';
    }
    yield chunk;
  }
}
