/**
 * The record types rules can watch: how to read one as a flat snapshot (what conditions and
 * templates see), which fields exist, which of them an action may write, who "the record's
 * contact" is, and which field is its stage. A feature that adds a record type (deals) registers
 * it here with `registerAutomationObject`.
 */
import type { ZodType } from 'zod';
import { RECORD_OBJECTS, localized, type RecordObject } from '../../common/records.js';
import { getDocument } from '../billing/service.js';
import { findStage, listStages } from '../deals/repository.js';
import { dealUpdateBody } from '../deals/schema.js';
import { getDealRow, updateDeal } from '../deals/service.js';
import { getCompany, updateCompany } from '../companies/service.js';
import { companyUpdateBody } from '../companies/schema.js';
import { getContact, updateContact } from '../contacts/service.js';
import { contactUpdateBody } from '../contacts/schema.js';
import { fieldsOf } from '../fields/service.js';
import { getLead, updateLead } from '../leads/service.js';
import { leadUpdateBody } from '../leads/schema.js';
import type { Ctx } from '../platform/context.js';
import { AppError } from '../platform/errors.js';
import type { AutomationObject, FieldInfo } from './schema.js';

/** A record as rules see it: plain fields, `custom` values, ISO strings for dates. */
export type Snapshot = Record<string, unknown> & { id: string; custom?: Record<string, unknown> };

export interface Recipient {
  email: string | null;
  name: string;
  locale: string | null;
}

export interface BuiltinField {
  name: string;
  type: FieldInfo['type'];
  choices?: readonly string[];
  writable?: boolean;
}

export interface ObjectSpec {
  object: AutomationObject;
  /** `object` of the audit events its service writes. */
  auditObject: string;
  fields: BuiltinField[];
  /** Custom fields come from this object's field definitions. */
  customObject: RecordObject | null;
  /** The field whose change is "stage changed". */
  stageField: string | null;
  /** The raw row (as the service returns it) → snapshot. Also used on before/after overlays. */
  derive(row: Record<string, unknown>): Snapshot;
  load(ctx: Ctx, id: string): Promise<Record<string, unknown> | null>;
  /** Audit events of `auditObject` can be of another object (billing documents by type). */
  matches?(row: Record<string, unknown>): boolean;
  /** Validates and applies a partial update through the record's own service. */
  update?: { schema: ZodType; apply(ctx: Ctx, id: string, patch: object): Promise<unknown> };
  contactOf(ctx: Ctx, snapshot: Snapshot): Promise<Recipient | null>;
  /** Values of choice fields with their labels (deal stages: id → name), for the editor. */
  choices?(ctx: Ctx): Promise<Record<string, { value: string; label: string }[]>>;
  /** Does a stage value match what a trigger names (an id, or a stage's name)? */
  stageMatches?(ctx: Ctx, value: unknown, expected: string): Promise<boolean>;
}

const iso = (value: unknown): unknown => (value instanceof Date ? value.toISOString() : value);
const first = (points: unknown): string | null =>
  Array.isArray(points) && points.length ? ((points[0] as { value?: string }).value ?? null) : null;

function common(row: Record<string, unknown>) {
  return {
    id: row.id as string,
    ownerId: row.ownerId ?? null,
    tags: row.tags ?? [],
    custom: (row.custom as Record<string, unknown> | undefined) ?? {},
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

async function notFoundAsNull<T>(work: () => Promise<T>): Promise<T | null> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') return null;
    throw error;
  }
}

const RECORD_META: BuiltinField[] = [
  { name: 'ownerId', type: 'user', writable: true },
  { name: 'tags', type: 'list', writable: true },
  { name: 'createdAt', type: 'date' },
  { name: 'updatedAt', type: 'date' },
];

const contactsSpec: ObjectSpec = {
  object: 'contacts',
  auditObject: 'contacts',
  customObject: 'contacts',
  stageField: null,
  fields: [
    { name: 'firstName', type: 'text', writable: true },
    { name: 'lastName', type: 'text', writable: true },
    { name: 'name', type: 'text' },
    { name: 'jobTitle', type: 'text', writable: true },
    { name: 'email', type: 'text' },
    { name: 'phone', type: 'text' },
    { name: 'birthday', type: 'date', writable: true },
    { name: 'locale', type: 'text', writable: true },
    { name: 'companyId', type: 'reference', writable: true },
    { name: 'companyName', type: 'text' },
    ...RECORD_META,
  ],
  derive: (row) => ({
    ...common(row),
    firstName: row.firstName,
    lastName: row.lastName,
    name: [row.firstName, row.lastName].filter(Boolean).join(' '),
    jobTitle: row.jobTitle ?? null,
    email: first(row.emails),
    phone: first(row.phones),
    birthday: row.birthday ?? null,
    locale: row.locale ?? null,
    companyId: row.companyId ?? null,
    companyName: row.companyName ?? null,
  }),
  load: (ctx, id) => notFoundAsNull(() => getContact(ctx, id)),
  update: {
    schema: contactUpdateBody,
    apply: (ctx, id, patch) => updateContact(ctx, id, patch, null),
  },
  contactOf: (_ctx, s) =>
    Promise.resolve({
      email: (s.email as string | null) ?? null,
      name: s.name as string,
      locale: (s.locale as string | null) ?? null,
    }),
};

const companiesSpec: ObjectSpec = {
  object: 'companies',
  auditObject: 'companies',
  customObject: 'companies',
  stageField: null,
  fields: [
    { name: 'name', type: 'text', writable: true },
    { name: 'legalName', type: 'text', writable: true },
    { name: 'vatId', type: 'text', writable: true },
    { name: 'industry', type: 'text', writable: true },
    { name: 'website', type: 'text', writable: true },
    { name: 'kinds', type: 'list', writable: true },
    { name: 'email', type: 'text' },
    { name: 'phone', type: 'text' },
    { name: 'parentId', type: 'reference', writable: true },
    ...RECORD_META,
  ],
  derive: (row) => ({
    ...common(row),
    name: row.name,
    legalName: row.legalName ?? null,
    vatId: row.vatId ?? null,
    industry: row.industry ?? null,
    website: row.website ?? null,
    kinds: row.kinds ?? [],
    email: first(row.emails),
    phone: first(row.phones),
    parentId: row.parentId ?? null,
  }),
  load: (ctx, id) => notFoundAsNull(() => getCompany(ctx, id)),
  update: {
    schema: companyUpdateBody,
    apply: (ctx, id, patch) => updateCompany(ctx, id, patch, null),
  },
  contactOf: (_ctx, s) =>
    Promise.resolve({
      email: (s.email as string | null) ?? null,
      name: s.name as string,
      locale: null,
    }),
};

const LEAD_STATUS_CHOICES = ['new', 'in_progress', 'qualified', 'disqualified', 'converted'];
const leadsSpec: ObjectSpec = {
  object: 'leads',
  auditObject: 'leads',
  customObject: 'leads',
  stageField: 'status',
  fields: [
    { name: 'name', type: 'text', writable: true },
    { name: 'companyName', type: 'text', writable: true },
    { name: 'email', type: 'text', writable: true },
    { name: 'phone', type: 'text', writable: true },
    {
      name: 'source',
      type: 'choice',
      choices: ['web_form', 'call', 'email', 'chat', 'referral', 'import', 'other'],
      writable: true,
    },
    { name: 'status', type: 'choice', choices: LEAD_STATUS_CHOICES, writable: true },
    { name: 'message', type: 'text', writable: true },
    { name: 'utmSource', type: 'text', writable: true },
    { name: 'utmMedium', type: 'text', writable: true },
    { name: 'utmCampaign', type: 'text', writable: true },
    ...RECORD_META,
  ],
  derive: (row) => ({
    ...common(row),
    name: row.name,
    companyName: row.companyName ?? null,
    email: row.email ?? null,
    phone: row.phone ?? null,
    source: row.source,
    status: row.status,
    message: row.message ?? null,
    utmSource: row.utmSource ?? null,
    utmMedium: row.utmMedium ?? null,
    utmCampaign: row.utmCampaign ?? null,
  }),
  load: (ctx, id) => notFoundAsNull(() => getLead(ctx, id)),
  update: {
    schema: leadUpdateBody,
    apply: (ctx, id, patch) => updateLead(ctx, id, patch, null),
  },
  contactOf: (_ctx, s) =>
    Promise.resolve({
      email: (s.email as string | null) ?? null,
      name: s.name as string,
      locale: null,
    }),
};

function billingSpec(object: 'invoices' | 'quotes', type: 'invoice' | 'quote'): ObjectSpec {
  const statuses =
    type === 'invoice'
      ? ['draft', 'issued', 'partially_paid', 'paid', 'cancelled']
      : ['draft', 'sent', 'accepted', 'declined', 'expired', 'converted'];
  return {
    object,
    auditObject: 'billing_documents',
    customObject: null,
    stageField: 'status',
    fields: [
      { name: 'number', type: 'text' },
      { name: 'status', type: 'choice', choices: statuses },
      { name: 'customerName', type: 'text' },
      { name: 'customerEmail', type: 'text' },
      { name: 'currency', type: 'text' },
      { name: 'grossTotal', type: 'number' },
      { name: 'paidTotal', type: 'number' },
      { name: 'balance', type: 'number' },
      { name: 'issueDate', type: 'date' },
      type === 'invoice' ? { name: 'dueDate', type: 'date' } : { name: 'validUntil', type: 'date' },
      { name: 'ownerId', type: 'user' },
      { name: 'createdAt', type: 'date' },
      { name: 'updatedAt', type: 'date' },
    ],
    derive: (row) => {
      const details = (row.customerDetails ?? {}) as { email?: string | null };
      const gross = Number(row.grossTotal ?? 0);
      const paid = Number(row.paidTotal ?? 0);
      return {
        id: row.id as string,
        type: row.type,
        number: row.number ?? null,
        status: row.status,
        customerType: row.customerType,
        customerId: row.customerId,
        customerName: row.customerName,
        customerEmail: details.email ?? null,
        language: row.language,
        currency: row.currency,
        grossTotal: gross,
        paidTotal: paid,
        balance: gross - paid,
        issueDate: row.issueDate ?? null,
        dueDate: row.dueDate ?? null,
        validUntil: row.validUntil ?? null,
        ownerId: row.ownerId ?? null,
        createdAt: iso(row.createdAt),
        updatedAt: iso(row.updatedAt),
      };
    },
    matches: (row) => row.type === type,
    load: async (ctx, id) => {
      const found = await notFoundAsNull(() => getDocument(ctx, id));
      return found && found.document.type === type && !found.document.deletedAt
        ? found.document
        : null;
    },
    contactOf: async (ctx, s) => {
      const email = (s.customerEmail as string | null) ?? null;
      if (email) return { email, name: s.customerName as string, locale: s.language as string };
      const customer =
        s.customerType === 'contacts'
          ? await contactsSpec.load(ctx, s.customerId as string)
          : await companiesSpec.load(ctx, s.customerId as string);
      const snapshot = customer
        ? (s.customerType === 'contacts' ? contactsSpec : companiesSpec).derive(customer)
        : null;
      return {
        email: (snapshot?.email as string | null) ?? null,
        name: s.customerName as string,
        locale: (s.language as string | null) ?? null,
      };
    },
  };
}

const dealsSpec: ObjectSpec = {
  object: 'deals',
  auditObject: 'deals',
  customObject: 'deals',
  stageField: 'stageId',
  fields: [
    { name: 'title', type: 'text', writable: true },
    { name: 'stageId', type: 'choice', writable: true },
    { name: 'stageName', type: 'text' },
    { name: 'status', type: 'choice', choices: ['open', 'won', 'lost'] },
    { name: 'amount', type: 'number', writable: true },
    { name: 'currency', type: 'text' },
    { name: 'probability', type: 'number', writable: true },
    { name: 'expectedCloseDate', type: 'date', writable: true },
    { name: 'source', type: 'text', writable: true },
    { name: 'campaign', type: 'text', writable: true },
    { name: 'contactId', type: 'reference' },
    { name: 'contactName', type: 'text' },
    { name: 'companyId', type: 'reference' },
    { name: 'companyName', type: 'text' },
    ...RECORD_META,
  ],
  derive: (row) => ({
    ...common(row),
    title: row.title,
    name: row.title,
    pipelineId: row.pipelineId,
    stageId: row.stageId,
    stageName: row.stageName ?? null,
    status: row.status,
    amount: Number(row.amount ?? 0),
    currency: row.currency,
    probability: row.probability ?? null,
    expectedCloseDate: row.expectedCloseDate ?? null,
    source: row.source ?? null,
    campaign: row.campaign ?? null,
    contactId: row.contactId ?? null,
    contactName: row.contactName ?? null,
    companyId: row.companyId ?? null,
    companyName: row.companyName ?? null,
  }),
  load: async (ctx, id) => {
    const row = await notFoundAsNull(() => getDealRow(ctx, id));
    if (!row) return null;
    const stage = await findStage(ctx, row.stageId);
    return { ...row, stageName: stage ? localized(stage.name, ctx.locale) : null };
  },
  update: {
    schema: dealUpdateBody,
    apply: (ctx, id, patch) => updateDeal(ctx, id, patch, null),
  },
  contactOf: async (ctx, s) => {
    if (typeof s.contactId === 'string') {
      const contact = await contactsSpec.load(ctx, s.contactId);
      if (contact) return contactsSpec.contactOf(ctx, contactsSpec.derive(contact));
    }
    if (typeof s.companyId === 'string') {
      const company = await companiesSpec.load(ctx, s.companyId);
      if (company) return companiesSpec.contactOf(ctx, companiesSpec.derive(company));
    }
    return null;
  },
  choices: async (ctx) => ({
    stageId: (await listStages(ctx)).map((stage) => ({
      value: stage.id,
      label: localized(stage.name, ctx.locale),
    })),
  }),
  stageMatches: async (ctx, value, expected) => {
    if (value === expected) return true;
    const stage = typeof value === 'string' ? await findStage(ctx, value) : null;
    const wanted = expected.trim().toLowerCase();
    return Boolean(
      stage && Object.values(stage.name).some((n) => n.trim().toLowerCase() === wanted),
    );
  },
};

const registry = new Map<AutomationObject, ObjectSpec>([
  ['deals', dealsSpec],
  ['contacts', contactsSpec],
  ['companies', companiesSpec],
  ['leads', leadsSpec],
  ['invoices', billingSpec('invoices', 'invoice')],
  ['quotes', billingSpec('quotes', 'quote')],
]);

/** Lets a feature (deals) make its records available to rules. */
export function registerAutomationObject(spec: ObjectSpec): void {
  registry.set(spec.object, spec);
}

export function objectSpec(object: AutomationObject): ObjectSpec | null {
  return registry.get(object) ?? null;
}

/** The automation objects whose changes an audit event of `auditObject` may be. */
export function objectsForAudit(auditObject: string): AutomationObject[] {
  return [...registry.values()].filter((s) => s.auditObject === auditObject).map((s) => s.object);
}

export async function loadSnapshot(
  ctx: Ctx,
  object: AutomationObject,
  id: string,
): Promise<Snapshot | null> {
  const spec = objectSpec(object);
  const row = spec ? await spec.load(ctx, id) : null;
  if (!spec || !row || row.deletedAt) return null;
  if (spec.matches && !spec.matches(row)) return null;
  return spec.derive(row);
}

/** Built-in and custom fields of an object, labelled in the caller's language. */
export async function fieldCatalog(ctx: Ctx, object: AutomationObject): Promise<FieldInfo[]> {
  const spec = objectSpec(object);
  if (!spec) return [];
  const dynamic = spec.choices ? await spec.choices(ctx) : {};
  const builtIn: FieldInfo[] = spec.fields.map((f) => {
    const options = dynamic[f.name];
    return {
      name: f.name,
      type: f.type,
      label: f.name,
      custom: false,
      writable: Boolean(f.writable && spec.update),
      ...(options
        ? {
            choices: options.map((o) => o.value),
            choiceLabels: Object.fromEntries(options.map((o) => [o.value, o.label])),
          }
        : f.choices
          ? { choices: [...f.choices] }
          : {}),
    };
  });
  const isRecordObject = (RECORD_OBJECTS as readonly string[]).includes(spec.customObject ?? '');
  const custom: FieldInfo[] =
    spec.customObject && isRecordObject
      ? (await fieldsOf(ctx, spec.customObject)).map((f) => ({
          name: `custom.${f.key}`,
          type: customType(f.type),
          label: localized(f.label, ctx.locale),
          custom: true,
          writable: Boolean(spec.update),
          ...(f.options.choices ? { choices: f.options.choices.map((c) => c.value) } : {}),
        }))
      : [];
  return [...builtIn, ...custom];
}

function customType(type: string): FieldInfo['type'] {
  switch (type) {
    case 'number':
    case 'money':
      return 'number';
    case 'date':
      return 'date';
    case 'boolean':
      return 'boolean';
    case 'multi_select':
      return 'list';
    case 'select':
      return 'choice';
    case 'user':
      return 'user';
    case 'record':
      return 'reference';
    default:
      return 'text';
  }
}
