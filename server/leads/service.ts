import { normalizePhone } from '../../common/phone.js';
import type { CustomValues } from '../../common/records.js';
import { searchDocument } from '../../common/search/normalize.js';
import { createCompany } from '../companies/service.js';
import { findCompanyName } from '../companies/repository.js';
import { createContact, getContact } from '../contacts/service.js';
import { parseListQuery, withTypoFallback } from '../db/list-query.js';
import { leads } from '../db/schema.js';
import {
  customListFields,
  fieldsOf,
  searchableCustomText,
  validateCustomValues,
  type FieldDefinition,
} from '../fields/service.js';
import { diffFields, recordAudit } from '../platform/audit.js';
import { inTransaction, type Ctx } from '../platform/context.js';
import { AppError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import { insertContactPoints, replaceContactPoints } from '../records/repository.js';
import { checkOwner, contactPointRows } from '../records/service.js';
import { deputyFor } from '../schedule/service.js';
import { insertActivity } from '../timeline/repository.js';
import * as repo from './repository.js';
import type { ConvertInput, LeadCreateInput, LeadUpdateInput } from './schema.js';

export const AUDITED = [
  'name',
  'companyName',
  'email',
  'phone',
  'source',
  'message',
  'utmSource',
  'utmMedium',
  'utmCampaign',
  'utmTerm',
  'utmContent',
  'status',
  'disqualifyReason',
  'ownerId',
  'tags',
  'custom',
] as const;

export function leadSearchText(
  row: Pick<
    repo.LeadRow,
    'name' | 'companyName' | 'email' | 'phone' | 'utmCampaign' | 'tags' | 'custom'
  >,
  definitions: FieldDefinition[],
): string {
  return searchDocument([
    row.name,
    row.companyName,
    row.email,
    row.phone,
    row.utmCampaign,
    ...row.tags,
    ...searchableCustomText(definitions, row.custom),
  ]);
}

export async function getLead(ctx: Ctx, id: string): Promise<repo.LeadRow> {
  const row = await repo.findLead(ctx, id);
  if (!row) throw AppError.notFound();
  return row;
}

export async function listLeads(ctx: Ctx, query: Record<string, unknown>) {
  const fields = {
    ...repo.leadListFields,
    ...customListFields(await fieldsOf(ctx, 'leads'), leads.custom),
  };
  const params = parseListQuery(query, fields, { sort: '-createdAt' }, ctx.actor.userId);
  const page = await withTypoFallback(params, (p) => repo.listLeads(ctx, p, fields));
  return { ...page, fields: params.fields };
}

function leadPhone(ctx: Ctx, phone: string | null | undefined): string | null {
  if (!phone) return null;
  const normalized = normalizePhone(phone, ctx.workspace.country);
  if (!normalized) throw AppError.invalid('phone', 'field.invalid_phone');
  return normalized.e164;
}

function checkDisqualification(status: string, reason: string | null): void {
  if (status === 'disqualified' && !reason?.trim())
    throw AppError.invalid('disqualifyReason', 'field.reason_required');
}

export async function createLead(ctx: Ctx, input: LeadCreateInput): Promise<repo.LeadRow> {
  const phone = leadPhone(ctx, input.phone);
  const custom = await validateCustomValues(ctx, 'leads', input.custom, null);
  const definitions = await fieldsOf(ctx, 'leads');
  const status = input.status ?? 'new';
  checkDisqualification(status, input.disqualifyReason ?? null);
  return inTransaction(ctx, async (tx) => {
    const requestedOwner = input.ownerId === undefined ? tx.actor.userId : input.ownerId;
    await checkOwner(tx, requestedOwner);
    // R27: a new lead for someone who is away today goes to their deputy.
    const ownerId = requestedOwner
      ? ((await deputyFor(tx, requestedOwner, new Date())) ?? requestedOwner)
      : requestedOwner;
    const values = {
      id: newId(),
      name: input.name ?? '',
      companyName: input.companyName ?? null,
      email: input.email ?? null,
      phone,
      source: input.source ?? 'other',
      message: input.message ?? null,
      utmSource: input.utmSource ?? null,
      utmMedium: input.utmMedium ?? null,
      utmCampaign: input.utmCampaign ?? null,
      utmTerm: input.utmTerm ?? null,
      utmContent: input.utmContent ?? null,
      status,
      disqualifyReason: status === 'disqualified' ? (input.disqualifyReason ?? null) : null,
      ownerId,
      tags: input.tags ?? [],
      custom,
      createdBy: tx.actor.userId,
      updatedBy: tx.actor.userId,
    };
    await repo.insertLead(tx, { ...values, searchText: leadSearchText(values, definitions) });
    await insertContactPoints(tx, 'leads', values.id, leadContactPoints(tx, values));
    await recordAudit(tx, {
      action: 'create',
      object: 'leads',
      recordId: values.id,
      changes: diffFields({}, values, AUDITED),
    });
    return getLead(tx, values.id);
  });
}

function leadContactPoints(ctx: Ctx, lead: { phone: string | null; email: string | null }) {
  return contactPointRows(
    ctx,
    lead.phone ? [{ value: lead.phone, label: null }] : [],
    lead.email ? [{ value: lead.email, label: null }] : [],
  );
}

export async function updateLead(
  ctx: Ctx,
  id: string,
  input: LeadUpdateInput,
  expectedVersion: number | null,
): Promise<repo.LeadRow> {
  const phone = input.phone === undefined ? undefined : leadPhone(ctx, input.phone);
  const definitions = await fieldsOf(ctx, 'leads');
  return inTransaction(ctx, async (tx) => {
    const before = await getLead(tx, id);
    if (before.deletedAt)
      throw new AppError('conflict', {}, [{ path: 'id', message: 'record.deleted' }]);
    if (before.status === 'converted')
      throw new AppError('conflict', {}, [{ path: 'status', message: 'lead.already_converted' }]);
    if (expectedVersion !== null && expectedVersion !== before.version)
      throw new AppError('version_conflict');
    const custom: CustomValues =
      input.custom === undefined
        ? before.custom
        : await validateCustomValues(tx, 'leads', input.custom, before.custom);
    if (input.ownerId !== undefined && input.ownerId !== before.ownerId)
      await checkOwner(tx, input.ownerId);
    const pick = <K extends keyof LeadUpdateInput & keyof repo.LeadRow>(key: K) =>
      (input[key] === undefined ? before[key] : input[key]) as repo.LeadRow[K];
    const status = pick('status');
    const after = {
      name: pick('name'),
      companyName: pick('companyName'),
      email: pick('email'),
      phone: phone === undefined ? before.phone : phone,
      source: pick('source'),
      message: pick('message'),
      utmSource: pick('utmSource'),
      utmMedium: pick('utmMedium'),
      utmCampaign: pick('utmCampaign'),
      utmTerm: pick('utmTerm'),
      utmContent: pick('utmContent'),
      status,
      disqualifyReason: status === 'disqualified' ? pick('disqualifyReason') : null,
      ownerId: pick('ownerId'),
      tags: pick('tags'),
      custom,
    };
    checkDisqualification(after.status, after.disqualifyReason);
    const changes = diffFields(before, after, AUDITED);
    if (Object.keys(changes).length === 0) return before;
    if (
      !(await repo.updateLead(tx, id, before.version, {
        ...after,
        searchText: leadSearchText(after, definitions),
      }))
    ) {
      throw new AppError('version_conflict');
    }
    if (changes.phone || changes.email)
      await replaceContactPoints(tx, 'leads', id, leadContactPoints(tx, after));
    await recordAudit(tx, { action: 'update', object: 'leads', recordId: id, changes });
    return getLead(tx, id);
  });
}

function splitName(name: string): { firstName: string; lastName: string } {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  if (parts.length <= 1) return { firstName: '', lastName: parts[0] ?? '' };
  return { firstName: parts.slice(0, -1).join(' '), lastName: parts[parts.length - 1] ?? '' };
}

/**
 * Converts a lead into a contact (+ organization) in one transaction, without retyping (R3).
 * Existing records found as duplicates can be linked instead of creating new ones.
 */
export async function convertLead(ctx: Ctx, id: string, input: ConvertInput) {
  return inTransaction(ctx, async (tx) => {
    const lead = await getLead(tx, id);
    if (lead.deletedAt)
      throw new AppError('conflict', {}, [{ path: 'id', message: 'record.deleted' }]);
    if (lead.status === 'converted')
      throw new AppError('conflict', {}, [{ path: 'status', message: 'lead.already_converted' }]);

    let companyId: string | null = null;
    let createdCompany = false;
    if (input.companyId) {
      if ((await findCompanyName(tx, input.companyId)) === null)
        throw AppError.invalid('companyId', 'field.invalid_reference');
      companyId = input.companyId;
    } else if (input.createCompany && lead.companyName?.trim()) {
      const company = await createCompany(tx, {
        name: lead.companyName.trim(),
        ownerId: lead.ownerId,
        tags: lead.tags,
      });
      companyId = company.id;
      createdCompany = true;
    }

    let contactId: string;
    let createdContact = false;
    if (input.contactId) {
      const existing = await getContact(tx, input.contactId);
      if (existing.deletedAt) throw AppError.invalid('contactId', 'field.invalid_reference');
      contactId = existing.id;
    } else {
      const names = splitName(lead.name || lead.email?.split('@')[0] || lead.companyName || '');
      const contact = await createContact(tx, {
        firstName: input.firstName ?? names.firstName,
        lastName: input.lastName ?? names.lastName,
        emails: lead.email ? [{ value: lead.email, label: null }] : [],
        phones: lead.phone ? [{ value: lead.phone, label: null }] : [],
        ownerId: lead.ownerId,
        companyId,
        tags: lead.tags,
      });
      contactId = contact.id;
      createdContact = true;
    }

    await repo.updateLead(tx, id, lead.version, {
      status: 'converted',
      convertedAt: new Date(),
      convertedContactId: contactId,
      convertedCompanyId: companyId,
    });
    await recordAudit(tx, {
      action: 'convert',
      object: 'leads',
      recordId: id,
      changes: {
        status: [lead.status, 'converted'],
        convertedContactId: [null, contactId],
        convertedCompanyId: [null, companyId],
      },
    });
    // The contact's timeline tells where the customer came from (source, campaign, first message).
    await insertActivity(tx, {
      id: newId(),
      recordType: 'contacts',
      recordId: contactId,
      kind: 'lead_converted',
      body: lead.message,
      data: {
        leadId: id,
        source: lead.source,
        utmCampaign: lead.utmCampaign,
        utmSource: lead.utmSource,
      },
      actorId: tx.actor.userId,
    });
    return { leadId: id, contactId, companyId, createdContact, createdCompany };
  });
}
