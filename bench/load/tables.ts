/**
 * What the loader writes, one entry per kind of record. An entry names the tables and columns it
 * fills and turns synthetic record N into rows exactly as the application's services would
 * write them: the same `search_text` (the services' own functions), the same `contact_points`,
 * the same `audit_events` (create, and an update for records that were handed over).
 *
 * Adding a table of a new feature = adding one entry to LOADERS. An entry whose tables or
 * columns do not exist in the database (the feature is not merged yet) is skipped with a reason.
 */
import { type LineAmountsInput, lineAmounts, normalizeRate } from '../../common/billing/totals.js';
import type { Locale } from '../../common/locales.js';
import type { ContactPoint, LocalizedLabel, RecordObject } from '../../common/records.js';
import { addressText } from '../../server/billing/repository.js';
import {
  addDays,
  DEFAULT_PAYMENT_TERMS_DAYS,
  documentSearchText,
  formatNumber,
  totalsOf,
} from '../../server/billing/service.js';
import type { CustomerDetails } from '../../server/billing/tables.js';
import { PRODUCT_AUDITED, productSearchText } from '../../server/catalog/service.js';
import { AUDITED as COMPANY_AUDITED, companySearchText } from '../../server/companies/service.js';
import { AUDITED as CONTACT_AUDITED, contactSearchText } from '../../server/contacts/service.js';
import type { FieldDefinition } from '../../server/fields/service.js';
import { AUDITED as DEAL_AUDITED, dealSearchText } from '../../server/deals/service.js';
import { AUDITED as LEAD_AUDITED, leadSearchText } from '../../server/leads/service.js';
import { diffFields } from '../../server/platform/audit.js';
import { COUNTRY_DATA, type CountryCode } from '../synthetic/countries.js';
import type { SynthCompany, SyntheticCompany } from '../synthetic/generator.js';
import { streamFor, uuidV7 } from '../synthetic/random.js';
import { json, NULL, text, textArray, timestamp, type TableWriter } from './copy.js';

export interface LoadEnv {
  gen: SyntheticCompany;
  seed: number;
  workspaceId: string;
  definitions: Record<RecordObject, FieldDefinition[]>;
  /** A synthetic user's id in the workspace (synthetic user 0 is the signed-in administrator). */
  user(id: string): string;
  /** Added to every synthetic time: demo data ends today, benchmarks keep the fixed epoch. */
  shift: number;
  /** Company names by index, filled by the companies entry (contacts search by company name). */
  companyNames: string[];
  /** Contact names by id, filled by the contacts entry when deals are loaded (deal search text). */
  contactNames: Map<string, string> | null;
  /** The default pipeline's stage per synthetic stage, when the deals feature is on the build. */
  pipeline: DealPipeline | null;
  /** The workspace's language and currency (documents and prices default to them). */
  locale: Locale;
  currency: string;
  /** VAT rate ids of the workspace by normalized rate ("22", "9.5"), when the catalog is on. */
  vatRates: Map<string, string>;
  /** What an invoice copies from its customer, by company index (filled by the companies entry). */
  customers: (BillingCustomer | undefined)[];
  /** Invoice numbers, given in issue-date order like the application (see invoiceNumbers). */
  invoiceNumbers: InvoiceNumbers | null;
  /** The workspace's last invoice number per year before the load (a demo refill continues). */
  invoiceNumberBase: Map<number, number>;
}

export interface BillingCustomer {
  name: string;
  ownerId: string;
  details: CustomerDetails;
}

export interface InvoiceNumbers {
  /** number_seq of invoice N within its year. */
  seq: Int32Array;
  /** The last number given per year, to store in billing_sequences after the load. */
  lastByYear: Map<number, number>;
}

export interface DealPipeline {
  id: string;
  /** Synthetic stage name (qualification … won, lost) → stage id. */
  stages: Record<string, string>;
  firstStage: string;
  /** Synthetic lost reason (price, competitor, …) → lost reason id. */
  lostReasons: Record<string, string>;
}

export type Writers = Record<string, TableWriter>;

export interface Loader {
  name: string;
  tables: Record<string, readonly string[]>;
  count(env: LoadEnv): number;
  emit(env: LoadEnv, index: number, out: Writers): void;
}

const CONTACT_POINTS = ['workspace_id', 'record_type', 'record_id', 'kind', 'value', 'national'];
const AUDIT = [
  'workspace_id',
  'id',
  'at',
  'actor_id',
  'actor_type',
  'action',
  'object',
  'record_id',
  'changes',
];
const RECORD_HEAD = [
  'workspace_id',
  'id',
  'owner_id',
  'tags',
  'custom',
  'search_text',
  'version',
  'created_at',
  'updated_at',
  'created_by',
  'updated_by',
  'deleted_at',
];

function contactPoints(
  env: LoadEnv,
  out: Writers,
  object: RecordObject,
  id: string,
  country: CountryCode,
  phones: ContactPoint[],
  emails: ContactPoint[],
): void {
  const prefix = `+${COUNTRY_DATA[country].callingCode}`;
  for (const p of phones) {
    const national = p.value.startsWith(prefix) ? p.value.slice(prefix.length) : null;
    out.contact_points?.write([
      env.workspaceId,
      object,
      id,
      'phone',
      text(p.value),
      text(national),
    ]);
  }
  for (const e of emails)
    out.contact_points?.write([env.workspaceId, object, id, 'email', text(e.value), NULL]);
}

function audit(
  env: LoadEnv,
  out: Writers,
  event: {
    at: number;
    actor: string;
    action: string;
    object: string;
    recordId: string;
    changes: unknown;
    seedIndex: number;
  },
): void {
  const rng = streamFor(env.seed, `audit:${event.object}:${event.action}`, event.seedIndex);
  out.audit_events?.write([
    env.workspaceId,
    uuidV7(event.at, rng),
    timestamp(event.at),
    event.actor,
    'user',
    event.action,
    event.object,
    event.recordId,
    json(event.changes),
  ]);
}

/** Writes the create event and, for handed-over records, the owner change. */
function history(
  env: LoadEnv,
  out: Writers,
  object: RecordObject,
  record: { id: string; createdAt: number; updatedAt: number; index: number },
  values: Record<string, unknown>,
  fields: readonly string[],
  owner: string,
  previousOwner: string | null,
): void {
  audit(env, out, {
    at: record.createdAt + env.shift,
    actor: previousOwner ?? owner,
    action: 'create',
    object,
    recordId: record.id,
    changes: diffFields({}, { ...values, ownerId: previousOwner ?? owner }, fields),
    seedIndex: record.index,
  });
  if (previousOwner) {
    audit(env, out, {
      at: record.updatedAt + env.shift,
      actor: previousOwner,
      action: 'update',
      object,
      recordId: record.id,
      changes: { ownerId: [previousOwner, owner] },
      seedIndex: record.index,
    });
  }
}

/** Half a percent of records sit in the "deleted" view. */
function deletedAt(env: LoadEnv, object: string, index: number, updatedAt: number): string {
  const rng = streamFor(env.seed, `${object}#deleted`, index);
  return rng.chance(0.005) ? timestamp(updatedAt + env.shift) : NULL;
}

/** What billing's findCustomer reads from a company (name, address, tax ids, e-mail). */
function billingCustomer(env: LoadEnv, c: SynthCompany): BillingCustomer {
  return {
    name: c.legalName || c.name,
    ownerId: env.user(c.ownerId),
    details: {
      address: addressText(c.addresses),
      vatId: c.vatId,
      registrationNumber: c.registrationNumber,
      email: c.emails[0]?.value ?? null,
    },
  };
}

const DAY_MS = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The application numbers an invoice when it is issued, from a gap-free counter per type,
 * series and year, so numbers follow the issue dates. Synthetic invoice N has a random date;
 * one pass over the invoice heads (cheap: no lines) gives each its number in date order,
 * after the numbers the workspace already gave.
 */
export function invoiceNumbers(env: LoadEnv): InvoiceNumbers {
  if (env.invoiceNumbers) return env.invoiceNumbers;
  const count = env.gen.invoiceCount;
  const at = new Float64Array(count);
  for (let i = 0; i < count; i++) at[i] = env.gen.invoice(i).issuedAt + env.shift;
  const order = Array.from({ length: count }, (_, i) => i).sort(
    (a, b) => (at[a] as number) - (at[b] as number) || a - b,
  );
  const seq = new Int32Array(count);
  const lastByYear = new Map<number, number>();
  for (const i of order) {
    const year = new Date(at[i] as number).getUTCFullYear();
    const next = (lastByYear.get(year) ?? env.invoiceNumberBase.get(year) ?? 0) + 1;
    lastByYear.set(year, next);
    seq[i] = next;
  }
  env.invoiceNumbers = { seq, lastByYear };
  return env.invoiceNumbers;
}

const ACTIVITY = [
  'workspace_id',
  'id',
  'record_type',
  'record_id',
  'kind',
  'body',
  'data',
  'actor_id',
  'occurred_at',
  'created_at',
  'updated_at',
];

/** A timeline entry the billing service adds to the customer (document issued, payment, …). */
function billingActivity(
  env: LoadEnv,
  out: Writers,
  at: number,
  id: string,
  customerId: string,
  kind: string,
  actor: string,
  data: Record<string, unknown>,
): void {
  const when = timestamp(at);
  out.activities?.write([
    env.workspaceId,
    id,
    'companies',
    customerId,
    kind,
    NULL,
    json(data),
    actor,
    when,
    when,
    when,
  ]);
}

export const LOADERS: Loader[] = [
  {
    name: 'companies',
    tables: {
      companies: [
        ...RECORD_HEAD,
        'name',
        'legal_name',
        'vat_id',
        'registration_number',
        'kinds',
        'emails',
        'phones',
        'addresses',
        'website',
        'industry',
        'parent_id',
      ],
      contact_points: CONTACT_POINTS,
      audit_events: AUDIT,
    },
    count: (env) => env.gen.counts.companies,
    emit(env, index, out) {
      const c = env.gen.company(index);
      env.companyNames[index] = c.name;
      env.customers[index] = billingCustomer(env, c);
      const owner = env.user(c.ownerId);
      const previous = c.previousOwnerId ? env.user(c.previousOwnerId) : null;
      const values = {
        name: c.name,
        legalName: c.legalName,
        vatId: c.vatId,
        registrationNumber: c.registrationNumber,
        kinds: c.kinds,
        emails: c.emails,
        phones: c.phones,
        addresses: c.addresses,
        website: c.website,
        industry: c.industry,
        ownerId: owner,
        parentId: c.parentId,
        tags: c.tags,
        custom: c.custom,
      };
      out.companies?.write([
        env.workspaceId,
        c.id,
        owner,
        textArray(c.tags),
        json(c.custom),
        text(companySearchText(values, env.definitions.companies)),
        previous ? '2' : '1',
        timestamp(c.createdAt + env.shift),
        timestamp(c.updatedAt + env.shift),
        previous ?? owner,
        previous ?? owner,
        deletedAt(env, 'companies', index, c.updatedAt),
        text(c.name),
        text(c.legalName),
        text(c.vatId),
        text(c.registrationNumber),
        textArray(c.kinds),
        json(c.emails),
        json(c.phones),
        json(c.addresses),
        text(c.website),
        text(c.industry),
        c.parentId ?? NULL,
      ]);
      contactPoints(env, out, 'companies', c.id, c.country, c.phones, c.emails);
      history(env, out, 'companies', c, values, COMPANY_AUDITED, owner, previous);
    },
  },
  {
    name: 'contacts',
    tables: {
      contacts: [
        ...RECORD_HEAD,
        'first_name',
        'last_name',
        'job_title',
        'emails',
        'phones',
        'addresses',
        'birthday',
        'locale',
        'company_id',
      ],
      contact_points: CONTACT_POINTS,
      audit_events: AUDIT,
    },
    count: (env) => env.gen.counts.contacts,
    emit(env, index, out) {
      const c = env.gen.contact(index);
      env.contactNames?.set(c.id, `${c.firstName} ${c.lastName}`.trim());
      const owner = env.user(c.ownerId);
      const previous = c.previousOwnerId ? env.user(c.previousOwnerId) : null;
      const values = {
        firstName: c.firstName,
        lastName: c.lastName,
        jobTitle: c.jobTitle,
        emails: c.emails,
        phones: c.phones,
        addresses: c.addresses,
        birthday: c.birthday,
        locale: c.locale,
        tags: c.tags,
        ownerId: owner,
        companyId: c.companyId,
        custom: c.custom,
      };
      const companyName =
        c.companyIndex === null
          ? null
          : (env.companyNames[c.companyIndex] ?? env.gen.companyName(c.companyIndex));
      out.contacts?.write([
        env.workspaceId,
        c.id,
        owner,
        textArray(c.tags),
        json(c.custom),
        text(contactSearchText(values, companyName, env.definitions.contacts)),
        previous ? '2' : '1',
        timestamp(c.createdAt + env.shift),
        timestamp(c.updatedAt + env.shift),
        previous ?? owner,
        previous ?? owner,
        deletedAt(env, 'contacts', index, c.updatedAt),
        text(c.firstName),
        text(c.lastName),
        text(c.jobTitle),
        json(c.emails),
        json(c.phones),
        json(c.addresses),
        text(c.birthday),
        text(c.locale),
        c.companyId ?? NULL,
      ]);
      contactPoints(env, out, 'contacts', c.id, c.country, c.phones, c.emails);
      history(env, out, 'contacts', c, values, CONTACT_AUDITED, owner, previous);
    },
  },
  {
    name: 'leads',
    tables: {
      leads: [
        ...RECORD_HEAD,
        'name',
        'company_name',
        'email',
        'phone',
        'source',
        'message',
        'utm_source',
        'utm_medium',
        'utm_campaign',
        'utm_term',
        'utm_content',
        'status',
        'disqualify_reason',
      ],
      contact_points: CONTACT_POINTS,
      audit_events: AUDIT,
    },
    count: (env) => env.gen.counts.leads,
    emit(env, index, out) {
      const l = env.gen.lead(index);
      const owner = env.user(l.ownerId);
      const values = {
        name: l.name,
        companyName: l.companyName,
        email: l.email,
        phone: l.phone,
        source: l.source,
        message: l.message,
        utmSource: l.utmSource,
        utmMedium: l.utmMedium,
        utmCampaign: l.utmCampaign,
        utmTerm: l.utmTerm,
        utmContent: l.utmContent,
        status: l.status,
        disqualifyReason: l.disqualifyReason,
        ownerId: owner,
        tags: l.tags,
        custom: l.custom,
      };
      out.leads?.write([
        env.workspaceId,
        l.id,
        owner,
        textArray(l.tags),
        json(l.custom),
        text(leadSearchText(values, env.definitions.leads)),
        '1',
        timestamp(l.createdAt + env.shift),
        timestamp(l.createdAt + env.shift),
        owner,
        owner,
        deletedAt(env, 'leads', index, l.createdAt),
        text(l.name),
        text(l.companyName),
        text(l.email),
        text(l.phone),
        text(l.source),
        text(l.message),
        text(l.utmSource),
        text(l.utmMedium),
        text(l.utmCampaign),
        text(l.utmTerm),
        text(l.utmContent),
        text(l.status),
        text(l.disqualifyReason),
      ]);
      contactPoints(
        env,
        out,
        'leads',
        l.id,
        l.country,
        l.phone ? [{ value: l.phone, label: null }] : [],
        l.email ? [{ value: l.email, label: null }] : [],
      );
      history(
        env,
        out,
        'leads',
        { ...l, updatedAt: l.createdAt },
        values,
        LEAD_AUDITED,
        owner,
        null,
      );
    },
  },
  {
    name: 'deals',
    tables: {
      deals: [
        ...RECORD_HEAD,
        'title',
        'contact_id',
        'company_id',
        'pipeline_id',
        'stage_id',
        'amount',
        'currency',
        'probability',
        'expected_close_date',
        'status',
        'closed_at',
        'lost_reason_id',
        'stage_entered_at',
        'pipeline_entered_at',
        'board_position',
        'funnel_reached_stage_id',
      ],
      deal_stage_history: [
        'workspace_id',
        'id',
        'deal_id',
        'pipeline_id',
        'from_stage_id',
        'to_stage_id',
        'at',
        'actor_id',
        'owner_id',
        'amount',
        'currency',
        'deal_entered_at',
      ],
      audit_events: AUDIT,
    },
    count: (env) => (env.pipeline ? env.gen.counts.deals : 0),
    emit(env, index, out) {
      const pipeline = env.pipeline;
      if (!pipeline) return;
      const d = env.gen.deal(index);
      const owner = env.user(d.ownerId);
      const stageId = pipeline.stages[d.stage] ?? pipeline.firstStage;
      const lostReasonId = d.lostReason ? (pipeline.lostReasons[d.lostReason] ?? null) : null;
      const companyName = env.companyNames[d.companyIndex] ?? env.gen.companyName(d.companyIndex);
      const contactName = d.contactId ? (env.contactNames?.get(d.contactId) ?? null) : null;
      const values = {
        title: d.title,
        contactId: d.contactId,
        companyId: d.companyId,
        pipelineId: pipeline.id,
        stageId,
        amount: d.amount,
        currency: d.currency,
        probability: d.probability,
        expectedCloseDate: d.expectedCloseDate,
        ownerId: owner,
        source: null,
        campaign: null,
        tags: [] as string[],
        custom: {},
        status: d.status,
        lostReasonId,
        lostNote: null,
      };
      // The stage was entered when the deal closed, else at a point of its life.
      const entered = d.closedAt ?? d.createdAt;
      out.deals?.write([
        env.workspaceId,
        d.id,
        owner,
        textArray([]),
        json({}),
        text(dealSearchText(values, companyName, contactName, [])),
        '1',
        timestamp(d.createdAt + env.shift),
        timestamp(entered + env.shift),
        owner,
        owner,
        NULL,
        text(d.title),
        d.contactId ?? NULL,
        d.companyId,
        pipeline.id,
        stageId,
        String(d.amount),
        text(d.currency),
        String(d.probability),
        text(d.expectedCloseDate),
        text(d.status),
        d.closedAt === null ? NULL : timestamp(d.closedAt + env.shift),
        lostReasonId ?? NULL,
        timestamp(entered + env.shift),
        timestamp(d.createdAt + env.shift),
        String(-index),
        // What the funnel reads (see recordStageEntry): the one history row below is the stage.
        d.status === 'open' ? stageId : NULL,
      ]);
      const rng = streamFor(env.seed, 'deals#history', index);
      out.deal_stage_history?.write([
        env.workspaceId,
        uuidV7(d.createdAt, rng),
        d.id,
        pipeline.id,
        NULL,
        stageId,
        timestamp(entered + env.shift),
        owner,
        owner,
        String(d.amount),
        text(d.currency),
        timestamp(d.createdAt + env.shift),
      ]);
      history(
        env,
        out,
        'deals',
        { ...d, updatedAt: d.createdAt },
        values,
        DEAL_AUDITED,
        owner,
        null,
      );
    },
  },
  {
    name: 'products',
    tables: {
      products: [
        'workspace_id',
        'id',
        'sku',
        'name',
        'description',
        'kind',
        'unit',
        'category',
        'price',
        'currency',
        'vat_rate_id',
        'cost_price',
        'active',
        'search_text',
        'version',
        'created_at',
        'updated_at',
        'created_by',
        'updated_by',
        'deleted_at',
      ],
      audit_events: AUDIT,
    },
    count: (env) => env.gen.counts.products,
    emit(env, index, out) {
      const p = env.gen.product(index);
      // The catalog is the administrator's (synthetic user 0).
      const actor = env.user(env.gen.users[0]?.id ?? '');
      const family = p.sku.slice(0, 3);
      const name: LocalizedLabel = { [env.locale]: p.name };
      const values = {
        id: p.id,
        sku: p.sku,
        name,
        description: null,
        kind: family === 'SRV' || family === 'TRN' || family === 'LIC' ? 'service' : 'product',
        unit: p.unit,
        category: p.name.split(' ')[0] ?? null,
        price: p.unitPrice,
        currency: env.currency,
        vatRateId: env.vatRates.get(normalizeRate(p.taxRate)) ?? null,
        costPrice: p.unitCost,
        active: p.active,
      };
      const at = timestamp(p.createdAt + env.shift);
      out.products?.write([
        env.workspaceId,
        p.id,
        text(values.sku),
        json(values.name),
        NULL,
        values.kind,
        text(values.unit),
        text(values.category),
        String(values.price),
        values.currency,
        values.vatRateId ?? NULL,
        String(values.costPrice),
        values.active ? 't' : 'f',
        text(productSearchText(values)),
        '1',
        at,
        at,
        actor,
        actor,
        NULL,
      ]);
      audit(env, out, {
        at: p.createdAt + env.shift,
        actor,
        action: 'create',
        object: 'products',
        recordId: p.id,
        changes: diffFields({}, values, PRODUCT_AUDITED),
        seedIndex: index,
      });
    },
  },
  {
    // An invoice as the billing service leaves it after create → issue → (pay | cancel): the
    // document with its totals, its lines, the payment and its allocation, the audit rows and
    // the customer's timeline entries; the numbering counters are set to the last number.
    name: 'invoices',
    tables: {
      billing_documents: [
        'workspace_id',
        'id',
        'type',
        'status',
        'series',
        'number',
        'number_year',
        'number_seq',
        'customer_type',
        'customer_id',
        'customer_name',
        'customer_details',
        'language',
        'currency',
        'issue_date',
        'due_date',
        'delivery_date',
        'payment_terms_days',
        'net_total',
        'vat_total',
        'gross_total',
        'paid_total',
        'cost_total',
        'cost_known_net',
        'last_paid_on',
        'vat_breakdown',
        'status_dates',
        'owner_id',
        'search_text',
        'version',
        'created_at',
        'updated_at',
        'created_by',
        'updated_by',
      ],
      billing_document_lines: [
        'workspace_id',
        'id',
        'document_id',
        'position',
        'product_id',
        'description',
        'quantity',
        'unit',
        'unit_price',
        'unit_cost',
        'discount_percent',
        'vat_rate',
        'net',
        'vat',
        'gross',
      ],
      billing_payments: [
        'workspace_id',
        'id',
        'customer_type',
        'customer_id',
        'paid_on',
        'amount',
        'currency',
        'method',
        'reference',
        'unallocated',
        'created_at',
        'created_by',
      ],
      billing_payment_allocations: ['workspace_id', 'id', 'payment_id', 'document_id', 'amount'],
      activities: ACTIVITY,
      audit_events: AUDIT,
    },
    count: (env) => env.gen.invoiceCount,
    emit(env, index, out) {
      const numbers = invoiceNumbers(env);
      const gen = env.gen;
      const inv = gen.invoice(index);
      const customer =
        env.customers[inv.companyIndex] ?? billingCustomer(env, gen.company(inv.companyIndex));
      const owner = customer.ownerId;
      const rng = streamFor(env.seed, 'invoices#ids', index);
      const issuedAt = inv.issuedAt + env.shift;
      const draftAt = issuedAt - 10 * 60_000;
      const id = uuidV7(draftAt, rng);
      const issueDate = isoDay(issuedAt);
      const year = new Date(issuedAt).getUTCFullYear();
      const seq = numbers.seq[index] ?? 0;
      const number = formatNumber('invoice', '', year, seq);

      const lines: (LineAmountsInput & {
        id: string;
        productId: string;
        description: string;
        unit: string;
        unitCost: number;
      })[] = [];
      const end = Math.min(gen.counts.invoiceLines, index * 4 + 4);
      for (let i = index * 4; i < end; i++) {
        const l = gen.invoiceLine(i);
        lines.push({
          id: l.id,
          productId: l.productId,
          description: l.description,
          quantity: String(l.quantity),
          unit: l.unit,
          unitPrice: l.unitPrice,
          unitCost: l.unitCost,
          discountPercent: String(l.discountPercent),
          vatRate: String(l.taxRate),
        });
      }
      const totals = totalsOf(lines);

      // What happened after issuing: paid (in full or in part), cancelled, or still open.
      const paidAt = inv.paidAt === null ? null : inv.paidAt + env.shift;
      const paid =
        paidAt === null || totals.grossTotal <= 0
          ? 0
          : Math.max(1, Math.min(totals.grossTotal, Math.round(totals.grossTotal * inv.paidShare)));
      const status = inv.cancelled
        ? 'cancelled'
        : paid === 0
          ? 'issued'
          : paid >= totals.grossTotal
            ? 'paid'
            : 'partially_paid';
      const cancelledAt = issuedAt + 2 * DAY_MS;
      const statusDates: Record<string, string> = {
        draft: new Date(draftAt).toISOString(),
        issued: new Date(issuedAt).toISOString(),
      };
      if (status === 'cancelled') statusDates.cancelled = new Date(cancelledAt).toISOString();
      else if (paid > 0 && paidAt !== null) statusDates[status] = new Date(paidAt).toISOString();
      const lastAt =
        status === 'cancelled' ? cancelledAt : paid > 0 ? (paidAt ?? issuedAt) : issuedAt;

      out.billing_documents?.write([
        env.workspaceId,
        id,
        'invoice',
        status,
        '',
        number,
        String(year),
        String(seq),
        'companies',
        inv.companyId,
        text(customer.name),
        json(customer.details),
        env.locale,
        env.currency,
        issueDate,
        addDays(issueDate, DEFAULT_PAYMENT_TERMS_DAYS),
        issueDate,
        String(DEFAULT_PAYMENT_TERMS_DAYS),
        String(totals.netTotal),
        String(totals.vatTotal),
        String(totals.grossTotal),
        String(paid),
        String(totals.costTotal),
        String(totals.costKnownNet),
        paid > 0 && paidAt !== null ? isoDay(paidAt) : NULL,
        json(totals.vatBreakdown),
        json(statusDates),
        owner,
        text(
          documentSearchText({
            number,
            customerName: customer.name,
            notes: null,
            placeOfIssue: null,
          }),
        ),
        // create = 1, issue = 2, then one more for the payment or the cancellation
        status === 'issued' ? '2' : '3',
        timestamp(draftAt),
        timestamp(lastAt),
        owner,
        owner,
      ]);
      lines.forEach((line, position) => {
        const amounts = lineAmounts(line);
        out.billing_document_lines?.write([
          env.workspaceId,
          line.id,
          id,
          String(position),
          line.productId,
          text(line.description),
          String(line.quantity),
          text(line.unit),
          String(line.unitPrice),
          String(line.unitCost),
          String(line.discountPercent),
          String(line.vatRate),
          String(amounts.net),
          String(amounts.vat),
          String(amounts.gross),
        ]);
      });

      const event = (
        at: number,
        action: string,
        changes: unknown,
        k: number,
        object = 'billing_documents',
      ) =>
        audit(env, out, {
          at,
          actor: owner,
          action,
          object,
          recordId: id,
          changes,
          seedIndex: index * 4 + k,
        });
      event(
        draftAt,
        'create',
        {
          type: [null, 'invoice'],
          status: [null, 'draft'],
          grossTotal: [null, totals.grossTotal],
        },
        0,
      );
      event(issuedAt, 'update', { status: ['draft', 'issued'], number: [null, number] }, 1);
      const documentData = {
        documentId: id,
        documentType: 'invoice',
        number,
        grossTotal: totals.grossTotal,
        currency: env.currency,
      };
      billingActivity(
        env,
        out,
        issuedAt,
        uuidV7(issuedAt, rng),
        inv.companyId,
        'document_issued',
        owner,
        {
          ...documentData,
          status: 'issued',
        },
      );
      if (status === 'cancelled') {
        event(cancelledAt, 'update', { status: ['issued', 'cancelled'] }, 2);
        billingActivity(
          env,
          out,
          cancelledAt,
          uuidV7(cancelledAt, rng),
          inv.companyId,
          'document_status',
          owner,
          {
            ...documentData,
            status: 'cancelled',
            from: 'issued',
          },
        );
      } else if (paid > 0 && paidAt !== null) {
        const paymentId = uuidV7(paidAt, rng);
        out.billing_payments?.write([
          env.workspaceId,
          paymentId,
          'companies',
          inv.companyId,
          isoDay(paidAt),
          String(paid),
          env.currency,
          inv.method,
          number,
          '0',
          timestamp(paidAt),
          owner,
        ]);
        out.billing_payment_allocations?.write([
          env.workspaceId,
          uuidV7(paidAt, rng),
          paymentId,
          id,
          String(paid),
        ]);
        event(paidAt, 'update', { paidTotal: [0, paid], status: ['issued', status] }, 2);
        audit(env, out, {
          at: paidAt,
          actor: owner,
          action: 'create',
          object: 'billing_payments',
          recordId: paymentId,
          changes: { amount: [null, paid], currency: [null, env.currency] },
          seedIndex: index,
        });
        billingActivity(
          env,
          out,
          paidAt,
          uuidV7(paidAt, rng),
          inv.companyId,
          'payment_received',
          owner,
          {
            paymentId,
            amount: paid,
            currency: env.currency,
            numbers: [number],
          },
        );
      }
    },
  },
  {
    name: 'activities',
    tables: {
      activities: ACTIVITY,
      audit_events: AUDIT,
    },
    count: (env) => env.gen.counts.activities,
    emit(env, index, out) {
      const a = env.gen.activity(index);
      const actor = env.user(a.actorId);
      const at = timestamp(a.occurredAt + env.shift);
      out.activities?.write([
        env.workspaceId,
        a.id,
        a.recordType,
        a.recordId,
        a.kind,
        text(a.body),
        json(a.data),
        actor,
        at,
        at,
        at,
      ]);
      // Adding a note is audited (timeline/service.ts addNote); calls and emails arrive through
      // their own features and are not business-record changes.
      if (a.kind === 'note') {
        audit(env, out, {
          at: a.occurredAt + env.shift,
          actor,
          action: 'create',
          object: 'notes',
          recordId: a.id,
          changes: null,
          seedIndex: index,
        });
      }
    },
  },
];
