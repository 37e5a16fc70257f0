import { searchDocument } from '../../common/search/normalize.js';
import {
  documentTotals,
  lineCosts,
  ISSUED_STATUS,
  lineAmounts,
  NUMBER_PREFIX,
  TRANSITIONS,
  type DocumentStatus,
  type DocumentType,
} from '../../common/billing/totals.js';
import { isLocale, type Locale } from '../../common/locales.js';
import { parseListQuery } from '../db/list-query.js';
import { recordAudit } from '../platform/audit.js';
import { inTransaction, type Ctx } from '../platform/context.js';
import { AppError } from '../platform/errors.js';
import { translator } from '../platform/i18n.js';
import { newId } from '../platform/ids.js';
import { getDeal } from '../deals/service.js';
import { sendMail } from '../mail/service.js';
import { insertActivity } from '../timeline/repository.js';
import { money, renderPdf } from './pdf.js';
import { amountInWords } from './words.js';
import * as repo from './repository.js';
import type {
  CustomerType,
  DocumentCreateInput,
  DocumentUpdateInput,
  EmailInput,
  LineInput,
} from './schema.js';
import { defaultTemplate, renderTemplate, type TemplateData } from './templates.js';

export const DEFAULT_PAYMENT_TERMS_DAYS = 15;

/** Which document types each collection of the API serves. */
export const COLLECTION_TYPES = {
  quotes: ['quote'],
  orders: ['order'],
  invoices: ['invoice', 'proforma', 'credit_note'],
} as const satisfies Record<string, readonly DocumentType[]>;
export type Collection = keyof typeof COLLECTION_TYPES;

export interface Warning {
  code: string;
  message: string;
  params: Record<string, unknown>;
}

export interface DocumentWithLines {
  document: repo.DocumentRow;
  lines: repo.LineRow[];
  warnings?: Warning[];
}

/** Today in the workspace's time zone, as YYYY-MM-DD. */
export function today(ctx: Ctx): string {
  try {
    let format = dayFormats.get(ctx.workspace.timezone);
    if (!format) {
      format = new Intl.DateTimeFormat('en-CA', { timeZone: ctx.workspace.timezone });
      dayFormats.set(ctx.workspace.timezone, format);
    }
    return format.format(new Date());
  } catch {
    return new Date().toISOString().slice(0, 10);
  }
}
// Building a DateTimeFormat costs more than the finance query itself; one per time zone.
const dayFormats = new Map<string, Intl.DateTimeFormat>();

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

function inCollection(collection: Collection, type: string): boolean {
  return (COLLECTION_TYPES[collection] as readonly string[]).includes(type);
}

export async function getDocument(
  ctx: Ctx,
  id: string,
  collection?: Collection,
): Promise<DocumentWithLines> {
  const document = await repo.findDocument(ctx, id);
  if (!document || (collection && !inCollection(collection, document.type)))
    throw AppError.notFound();
  return { document, lines: await repo.findLines(ctx, id) };
}

export async function listDocuments(
  ctx: Ctx,
  collection: Collection,
  query: Record<string, unknown>,
) {
  const params = parseListQuery(
    query,
    repo.documentListFields,
    { sort: '-createdAt' },
    ctx.actor.userId,
  );
  return repo.listDocuments(ctx, COLLECTION_TYPES[collection], params, repo.documentListFields);
}

export function documentSearchText(doc: {
  number: string | null;
  customerName: string;
  notes: string | null;
  placeOfIssue: string | null;
}) {
  return searchDocument([doc.number, doc.customerName, doc.placeOfIssue, doc.notes]);
}

function lineRows(lines: LineInput[]) {
  return lines.map((line, position) => {
    const amounts = lineAmounts(line);
    return {
      id: newId(),
      position,
      productId: line.productId ?? null,
      description: line.description,
      quantity: String(line.quantity),
      unit: line.unit,
      unitPrice: line.unitPrice,
      unitCost: line.unitCost ?? null,
      discountPercent: String(line.discountPercent),
      vatRate: String(line.vatRate),
      ...amounts,
    };
  });
}

/** Document totals as stored (the bulk loader computes them with this too). */
export function totalsOf(lines: LineInput[]) {
  const totals = documentTotals(lines);
  const costs = lineCosts(lines);
  return {
    netTotal: totals.net,
    vatTotal: totals.vat,
    grossTotal: totals.gross,
    vatBreakdown: totals.byRate,
    costTotal: costs.cost,
    costKnownNet: costs.knownNet,
  };
}

async function customerOf(ctx: Ctx, type: CustomerType, id: string) {
  const customer = await repo.findCustomer(ctx, type, id);
  if (!customer) throw AppError.invalid('customerId', 'field.invalid_reference');
  return customer;
}

async function termsDays(ctx: Ctx, type: CustomerType, id: string): Promise<number> {
  return (await repo.findTerms(ctx, type, id))?.paymentTermsDays ?? DEFAULT_PAYMENT_TERMS_DAYS;
}

/** A warning (not a refusal) when an order or invoice would take the customer over the limit. */
async function creditWarnings(ctx: Ctx, doc: repo.DocumentRow): Promise<Warning[]> {
  if (doc.type !== 'invoice' && doc.type !== 'order') return [];
  if (doc.status === 'cancelled' || doc.status === 'paid') return [];
  const terms = await repo.findTerms(ctx, doc.customerType as CustomerType, doc.customerId);
  if (terms?.creditLimit === null || terms?.creditLimit === undefined) return [];
  const open = await repo.openBalance(
    ctx,
    doc.customerType as CustomerType,
    doc.customerId,
    doc.currency,
    doc.id,
  );
  const after = open + doc.grossTotal - doc.paidTotal;
  if (after <= terms.creditLimit) return [];
  const t = translator(ctx.locale);
  const params = {
    limit: money(terms.creditLimit, doc.currency, ctx.locale),
    balance: money(after, doc.currency, ctx.locale),
  };
  return [
    {
      code: 'credit_limit_exceeded',
      message: t('billing:warnings.credit_limit_exceeded', params),
      params: { limit: terms.creditLimit, balance: after },
    },
  ];
}

function checkLines(type: DocumentType, lines: LineInput[]): void {
  const totals = documentTotals(lines);
  if (type !== 'credit_note' && totals.gross < 0)
    throw AppError.invalid('lines', 'billing:errors.negative_total');
  if (type === 'credit_note' && totals.gross < 0)
    throw AppError.invalid('lines', 'billing:errors.credit_note_negative');
}

export async function createDocument(
  ctx: Ctx,
  collection: Collection,
  input: DocumentCreateInput,
  extra: { sourceId?: string | null; status?: DocumentStatus } = {},
): Promise<DocumentWithLines> {
  const type: DocumentType = input.type ?? COLLECTION_TYPES[collection][0];
  if (!inCollection(collection, type))
    throw AppError.invalid('type', 'field.invalid_choice', {
      options: COLLECTION_TYPES[collection].join(', '),
    });
  const lines = input.lines ?? [];
  checkLines(type, lines);
  return inTransaction(ctx, async (tx) => {
    const customer = await customerOf(tx, input.customerType, input.customerId);
    const days = await termsDays(tx, input.customerType, input.customerId);
    const language: Locale =
      input.language ?? (isLocale(customer.locale) ? customer.locale : tx.workspace.locale);
    const values = {
      id: newId(),
      type,
      status: 'draft',
      series: input.series ?? '',
      customerType: input.customerType,
      customerId: input.customerId,
      customerName: customer.name,
      customerDetails: {
        address: customer.address,
        vatId: customer.vatId,
        registrationNumber: customer.registrationNumber,
        email: customer.email,
      },
      language,
      currency: input.currency ?? tx.workspace.currency,
      issueDate: input.issueDate ?? null,
      dueDate: input.dueDate ?? null,
      deliveryDate: input.deliveryDate ?? null,
      validUntil: input.validUntil ?? null,
      placeOfIssue: input.placeOfIssue ?? null,
      notes: input.notes ?? null,
      paymentTermsDays: days,
      ...totalsOf(lines),
      statusDates: { draft: new Date().toISOString() },
      sourceId: extra.sourceId ?? null,
      dealId: input.dealId ?? null,
      ownerId: tx.actor.userId,
      number: null,
      createdBy: tx.actor.userId,
      updatedBy: tx.actor.userId,
    };
    await repo.insertDocument(tx, { ...values, searchText: documentSearchText(values) });
    await repo.replaceLines(tx, values.id, lineRows(lines));
    await recordAudit(tx, {
      action: 'create',
      object: 'billing_documents',
      recordId: values.id,
      changes: {
        type: [null, type],
        status: [null, 'draft'],
        grossTotal: [null, values.grossTotal],
      },
    });
    const result = await getDocument(tx, values.id);
    return { ...result, warnings: await creditWarnings(tx, result.document) };
  });
}

const immutable = () =>
  new AppError('conflict', {}, [{ path: 'status', message: 'billing:errors.issued_immutable' }]);

export async function updateDocument(
  ctx: Ctx,
  collection: Collection,
  id: string,
  input: DocumentUpdateInput,
  expectedVersion: number | null,
): Promise<DocumentWithLines> {
  return inTransaction(ctx, async (tx) => {
    const before = await repo.findDocument(tx, id, { lock: true });
    if (!before || !inCollection(collection, before.type)) throw AppError.notFound();
    if (before.deletedAt)
      throw new AppError('conflict', {}, [{ path: 'id', message: 'record.deleted' }]);
    if (before.status !== 'draft') throw immutable();
    if (expectedVersion !== null && expectedVersion !== before.version)
      throw new AppError('version_conflict');
    const lines = input.lines;
    if (lines) checkLines(before.type as DocumentType, lines);
    const pick = <K extends keyof DocumentUpdateInput & keyof repo.DocumentRow>(key: K) =>
      input[key] === undefined ? before[key] : input[key];
    const after = {
      series: pick('series'),
      language: pick('language'),
      currency: pick('currency'),
      issueDate: pick('issueDate'),
      dueDate: pick('dueDate'),
      deliveryDate: pick('deliveryDate'),
      validUntil: pick('validUntil'),
      placeOfIssue: pick('placeOfIssue'),
      notes: pick('notes'),
      dealId: pick('dealId'),
      ...(lines ? totalsOf(lines) : {}),
    };
    const changes: Record<string, [unknown, unknown]> = {};
    for (const [key, value] of Object.entries(after)) {
      const old = before[key as keyof repo.DocumentRow];
      if (JSON.stringify(old) !== JSON.stringify(value)) changes[key] = [old, value];
    }
    if (lines) changes.lines = [null, lines.length];
    if (
      !(await repo.updateDocument(tx, id, before.version, {
        ...after,
        searchText: documentSearchText({ ...before, ...after }),
      }))
    )
      throw new AppError('version_conflict');
    if (lines) await repo.replaceLines(tx, id, lineRows(lines));
    await recordAudit(tx, { action: 'update', object: 'billing_documents', recordId: id, changes });
    const result = await getDocument(tx, id);
    return { ...result, warnings: await creditWarnings(tx, result.document) };
  });
}

export async function deleteDocument(ctx: Ctx, collection: Collection, id: string): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const before = await repo.findDocument(tx, id, { lock: true });
    if (!before || !inCollection(collection, before.type) || before.deletedAt)
      throw AppError.notFound();
    // An issued document keeps its number for ever; only drafts can go (cancel the others).
    if (before.status !== 'draft') throw immutable();
    await repo.updateDocument(tx, id, before.version, { deletedAt: new Date() });
    await recordAudit(tx, { action: 'delete', object: 'billing_documents', recordId: id });
  });
}

export function formatNumber(type: DocumentType, series: string, year: number, seq: number) {
  return [NUMBER_PREFIX[type], series || null, String(year), String(seq).padStart(5, '0')]
    .filter(Boolean)
    .join('-');
}

async function customerActivity(
  ctx: Ctx,
  doc: repo.DocumentRow,
  kind: string,
  data: Record<string, unknown>,
): Promise<void> {
  await insertActivity(ctx, {
    id: newId(),
    recordType: doc.customerType,
    recordId: doc.customerId,
    kind,
    body: null,
    data: {
      documentId: doc.id,
      documentType: doc.type,
      number: doc.number,
      grossTotal: doc.grossTotal,
      currency: doc.currency,
      ...data,
    },
    actorId: ctx.actor.userId,
  });
}

/**
 * Issues a draft: takes the next number of its sequence inside this transaction (so a failure
 * anywhere rolls the number back), fixes the dates and freezes the document.
 */
export async function issueDocument(
  ctx: Ctx,
  collection: Collection,
  id: string,
): Promise<DocumentWithLines> {
  return inTransaction(ctx, async (tx) => {
    const before = await repo.findDocument(tx, id, { lock: true });
    if (!before || !inCollection(collection, before.type) || before.deletedAt)
      throw AppError.notFound();
    if (before.status !== 'draft')
      throw new AppError('conflict', {}, [
        { path: 'status', message: 'billing:errors.already_issued' },
      ]);
    const lines = await repo.findLines(tx, id);
    if (lines.length === 0) throw AppError.invalid('lines', 'billing:errors.no_lines');
    const type = before.type as DocumentType;
    const issueDate = before.issueDate ?? today(tx);
    const year = Number(issueDate.slice(0, 4));
    const seq = await repo.nextNumber(tx, type, before.series, year);
    const number = formatNumber(type, before.series, year, seq);
    const status = ISSUED_STATUS[type];
    const terms = before.paymentTermsDays ?? DEFAULT_PAYMENT_TERMS_DAYS;
    const dueDate =
      before.dueDate ??
      (type === 'invoice' || type === 'proforma' ? addDays(issueDate, terms) : null);
    const validUntil = before.validUntil ?? (type === 'quote' ? addDays(issueDate, 30) : null);
    const at = new Date().toISOString();
    await repo.updateDocument(tx, id, before.version, {
      number,
      numberYear: year,
      numberSeq: seq,
      status,
      issueDate,
      dueDate,
      validUntil,
      deliveryDate: before.deliveryDate ?? (type === 'invoice' ? issueDate : null),
      statusDates: { ...before.statusDates, [status]: at },
      searchText: documentSearchText({ ...before, number }),
    });
    await recordAudit(tx, {
      action: 'update',
      object: 'billing_documents',
      recordId: id,
      changes: { status: [before.status, status], number: [null, number] },
    });
    const result = await getDocument(tx, id);
    await customerActivity(tx, result.document, 'document_issued', { status });
    return { ...result, warnings: await creditWarnings(tx, result.document) };
  });
}

export async function changeStatus(
  ctx: Ctx,
  collection: Collection,
  id: string,
  status: DocumentStatus,
): Promise<DocumentWithLines> {
  return inTransaction(ctx, async (tx) => {
    const before = await repo.findDocument(tx, id, { lock: true });
    if (!before || !inCollection(collection, before.type) || before.deletedAt)
      throw AppError.notFound();
    const allowed = TRANSITIONS[before.type as DocumentType][before.status as DocumentStatus] ?? [];
    if (!allowed.includes(status))
      throw new AppError('conflict', {}, [
        {
          path: 'status',
          message: 'billing:errors.transition_not_allowed',
          params: { from: before.status, to: status },
        },
      ]);
    if (status === 'cancelled' && before.paidTotal > 0)
      throw new AppError('conflict', {}, [
        { path: 'status', message: 'billing:errors.cancel_paid' },
      ]);
    await repo.updateDocument(tx, id, before.version, {
      status,
      statusDates: { ...before.statusDates, [status]: new Date().toISOString() },
    });
    await recordAudit(tx, {
      action: 'update',
      object: 'billing_documents',
      recordId: id,
      changes: { status: [before.status, status] },
    });
    const result = await getDocument(tx, id);
    await customerActivity(tx, result.document, 'document_status', { status, from: before.status });
    return result;
  });
}

const CONVERSIONS: Record<string, { from: DocumentStatus[]; to: DocumentType[] }> = {
  quote: { from: ['accepted'], to: ['order', 'invoice', 'proforma'] },
  order: { from: ['confirmed', 'fulfilled'], to: ['invoice', 'proforma'] },
  proforma: { from: ['issued'], to: ['invoice'] },
  invoice: { from: ['issued', 'partially_paid', 'paid'], to: ['credit_note'] },
};

const COLLECTION_OF: Record<DocumentType, Collection> = {
  quote: 'quotes',
  order: 'orders',
  invoice: 'invoices',
  proforma: 'invoices',
  credit_note: 'invoices',
};

/** A new draft from an accepted quote, an order, a proforma, or (credit note) an invoice. */
export async function convertDocument(
  ctx: Ctx,
  collection: Collection,
  id: string,
  to: DocumentType,
): Promise<DocumentWithLines> {
  return inTransaction(ctx, async (tx) => {
    const { document: source, lines } = await getDocument(tx, id, collection);
    const rule = CONVERSIONS[source.type];
    if (!rule || !rule.to.includes(to) || !rule.from.includes(source.status as DocumentStatus))
      throw new AppError('conflict', {}, [
        {
          path: 'to',
          message: 'billing:errors.conversion_not_allowed',
          params: { from: source.type, to },
        },
      ]);
    const created = await createDocument(
      tx,
      COLLECTION_OF[to],
      {
        type: to,
        customerType: source.customerType as CustomerType,
        customerId: source.customerId,
        series: source.series,
        language: source.language as Locale,
        currency: source.currency,
        placeOfIssue: source.placeOfIssue,
        notes: source.notes,
        dealId: source.dealId,
        deliveryDate: null,
        lines: lines.map((l) => ({
          productId: l.productId,
          description: l.description,
          quantity: l.quantity,
          unit: l.unit,
          unitPrice: l.unitPrice,
          unitCost: l.unitCost,
          discountPercent: l.discountPercent,
          vatRate: l.vatRate,
        })),
      },
      { sourceId: source.id },
    );
    if (source.type === 'quote') {
      await repo.updateDocument(tx, id, source.version, {
        status: 'converted',
        statusDates: { ...source.statusDates, converted: new Date().toISOString() },
      });
      await recordAudit(tx, {
        action: 'convert',
        object: 'billing_documents',
        recordId: id,
        changes: { status: [source.status, 'converted'], convertedTo: [null, created.document.id] },
      });
    }
    return created;
  });
}

// ----- PDF -----------------------------------------------------------------------------------

export async function templateFor(ctx: Ctx, type: DocumentType, language: Locale) {
  const row = await repo.findTemplate(ctx, type, language);
  return row
    ? {
        companyBlock: row.companyBlock,
        intro: row.intro,
        footer: row.footer,
        bankAccounts: row.bankAccounts,
        logo: row.logo,
        amountInWords: row.amountInWords,
        custom: true,
        updatedAt: row.updatedAt,
      }
    : { ...defaultTemplate(type, language), custom: false, updatedAt: null };
}

export function templateData(ctx: Ctx, doc: repo.DocumentRow): TemplateData {
  const locale = doc.language as Locale;
  const t = translator(locale);
  return {
    company: { name: ctx.workspace.name },
    customer: {
      name: doc.customerName,
      address: doc.customerDetails.address ?? '',
      vatId: doc.customerDetails.vatId ?? '',
      email: doc.customerDetails.email ?? '',
    },
    document: {
      type: t(`billing:types.${doc.type}`),
      number: doc.number ?? '',
      issueDate: doc.issueDate ?? '',
      dueDate: doc.dueDate ?? '',
      deliveryDate: doc.deliveryDate ?? '',
      validUntil: doc.validUntil ?? '',
      placeOfIssue: doc.placeOfIssue ?? '',
      total: money(doc.grossTotal, doc.currency, locale),
      totalInWords: amountInWords(doc.grossTotal, doc.currency, locale),
      currency: doc.currency,
      paymentTermsDays: String(doc.paymentTermsDays ?? ''),
    },
  };
}

export async function documentPdf(
  ctx: Ctx,
  collection: Collection,
  id: string,
): Promise<{ pdf: Buffer; fileName: string }> {
  const { document, lines } = await getDocument(ctx, id, collection);
  const template = await templateFor(
    ctx,
    document.type as DocumentType,
    document.language as Locale,
  );
  const rendered = renderTemplate(template, templateData(ctx, document));
  const pdf = await renderPdf(document, lines, rendered);
  const t = translator(document.language as Locale);
  const fileName = `${t(`billing:types.${document.type}`)} ${document.number ?? t('billing:draft')}.pdf`;
  return { pdf, fileName };
}

// ----- email ---------------------------------------------------------------------------------

/**
 * Sends an issued document as a PDF attachment (through the mail outbox, in this transaction:
 * the message leaves only if the send is recorded) and keeps the date on the document and on
 * the customer's timeline.
 */
export async function emailDocument(
  ctx: Ctx,
  collection: Collection,
  id: string,
  input: EmailInput,
): Promise<DocumentWithLines> {
  return inTransaction(ctx, async (tx) => {
    const before = await repo.findDocument(tx, id, { lock: true });
    if (!before || !inCollection(collection, before.type) || before.deletedAt)
      throw AppError.notFound();
    if (before.status === 'draft')
      throw new AppError('conflict', {}, [
        { path: 'status', message: 'billing:errors.email_draft' },
      ]);
    const { pdf, fileName } = await documentPdf(tx, collection, id);
    const t = translator(before.language as Locale);
    const text =
      input.message ??
      t('billing:email.defaultText', {
        type: t(`billing:types.${before.type}`),
        number: before.number ?? '',
        company: tx.workspace.name,
      });
    await sendMail(tx, {
      to: input.to,
      subject: input.subject,
      text,
      attachments: [{ filename: fileName, contentType: 'application/pdf', content: pdf }],
    });
    const at = new Date().toISOString();
    await repo.updateDocument(tx, id, before.version, {
      statusDates: { ...before.statusDates, emailed: at },
    });
    await recordAudit(tx, {
      action: 'update',
      object: 'billing_documents',
      recordId: id,
      changes: { emailedTo: [null, input.to] },
    });
    const result = await getDocument(tx, id);
    await customerActivity(tx, result.document, 'document_emailed', { to: input.to });
    return result;
  });
}

// ----- from a deal ---------------------------------------------------------------------------

/** Deal quantities and percentages carry more decimals than documents allow; never round them. */
function fitDecimal(value: string, digits: number, path: string): string {
  const trimmed = value.includes('.') ? value.replace(/0+$/, '').replace(/\.$/, '') : value;
  const decimals = trimmed.split('.')[1]?.length ?? 0;
  if (decimals > digits) throw AppError.invalid(path, 'billing:errors.deal_line_precision');
  return trimmed;
}

/**
 * A draft quote (or order, invoice, proforma) from a deal's line items in one step: the deal's
 * organization (else its contact) is the customer, its currency and lines are copied.
 */
export async function createFromDeal(
  ctx: Ctx,
  dealId: string,
  type: DocumentType,
): Promise<DocumentWithLines> {
  return inTransaction(ctx, async (tx) => {
    const { deal, lines } = await getDeal(tx, dealId);
    const customer: { customerType: CustomerType; customerId: string } | null = deal.companyId
      ? { customerType: 'companies', customerId: deal.companyId }
      : deal.contactId
        ? { customerType: 'contacts', customerId: deal.contactId }
        : null;
    if (!customer) throw AppError.invalid('dealId', 'billing:errors.deal_without_customer');
    const created = await createDocument(tx, COLLECTION_OF[type], {
      type,
      ...customer,
      currency: deal.currency,
      dealId: deal.id,
      notes: null,
      lines: (lines ?? []).map((line, index) => ({
        productId: line.productId,
        description: line.description,
        quantity: fitDecimal(line.quantity, 3, `lines.${index}.quantity`),
        unit: line.unit ?? '',
        unitPrice: line.unitPrice,
        unitCost: null,
        discountPercent: fitDecimal(line.discountPercent, 2, `lines.${index}.discountPercent`),
        vatRate: fitDecimal(line.vatRate, 2, `lines.${index}.vatRate`),
      })),
    });
    await customerActivity(tx, created.document, 'document_created_from_deal', {
      dealId: deal.id,
      dealTitle: deal.title,
    });
    return created;
  });
}
