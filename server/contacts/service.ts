import { searchDocument } from '../../common/search/normalize.js';
import type { CustomValues } from '../../common/records.js';
import { findCompanyName } from '../companies/repository.js';
import { parseListQuery, withTypoFallback } from '../db/list-query.js';
import { contacts } from '../db/schema.js';
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
import { insertContactPoints, replaceContactPoints } from '../records/repository.js';
import {
  checkOwner,
  contactPointRows,
  normalizeEmails,
  normalizePhones,
} from '../records/service.js';
import * as repo from './repository.js';
import type { ContactCreateInput, ContactUpdateInput } from './schema.js';

export const AUDITED = [
  'firstName',
  'lastName',
  'jobTitle',
  'emails',
  'phones',
  'addresses',
  'birthday',
  'locale',
  'tags',
  'ownerId',
  'companyId',
  'custom',
] as const;

export function contactSearchText(
  row: Pick<
    repo.ContactRow,
    'firstName' | 'lastName' | 'jobTitle' | 'emails' | 'phones' | 'tags' | 'custom'
  >,
  companyName: string | null,
  definitions: FieldDefinition[],
): string {
  return searchDocument([
    row.firstName,
    row.lastName,
    row.jobTitle,
    ...row.emails.map((e) => e.value),
    ...row.phones.map((p) => p.value),
    companyName,
    ...row.tags,
    ...searchableCustomText(definitions, row.custom),
  ]);
}

export async function getContact(ctx: Ctx, id: string): Promise<repo.ContactRow> {
  const row = await repo.findContact(ctx, id);
  if (!row) throw AppError.notFound();
  return row;
}

export async function listContacts(ctx: Ctx, query: Record<string, unknown>) {
  const fields = {
    ...repo.contactListFields,
    ...customListFields(await fieldsOf(ctx, 'contacts'), contacts.custom),
  };
  const params = parseListQuery(query, fields, { sort: '-createdAt' }, ctx.actor.userId);
  const page = await withTypoFallback(params, (p) => repo.listContacts(ctx, p, fields));
  return { ...page, fields: params.fields };
}

async function companyNameFor(
  ctx: Ctx,
  companyId: string | null | undefined,
): Promise<string | null> {
  if (!companyId) return null;
  const name = await findCompanyName(ctx, companyId);
  if (name === null) throw AppError.invalid('companyId', 'field.invalid_reference');
  return name;
}

function contactPoints(ctx: Ctx, input: Pick<ContactUpdateInput, 'emails' | 'phones'>) {
  const problems: ErrorDetail[] = [];
  const phones = input.phones && normalizePhones(ctx, input.phones, 'phones', problems);
  const emails = input.emails && normalizeEmails(input.emails, 'emails', problems);
  if (problems.length) throw new AppError('validation_failed', {}, problems);
  return { phones, emails };
}

export async function createContact(ctx: Ctx, input: ContactCreateInput): Promise<repo.ContactRow> {
  const { phones = [], emails = [] } = contactPoints(ctx, input);
  const custom = await validateCustomValues(ctx, 'contacts', input.custom, null);
  const definitions = await fieldsOf(ctx, 'contacts');
  return inTransaction(ctx, async (tx) => {
    const ownerId = input.ownerId === undefined ? tx.actor.userId : input.ownerId;
    await checkOwner(tx, ownerId);
    const companyName = await companyNameFor(tx, input.companyId);
    const values = {
      id: newId(),
      firstName: input.firstName ?? '',
      lastName: input.lastName ?? '',
      jobTitle: input.jobTitle ?? null,
      emails,
      phones,
      addresses: input.addresses ?? [],
      birthday: input.birthday ?? null,
      locale: input.locale ?? null,
      tags: input.tags ?? [],
      ownerId,
      companyId: input.companyId ?? null,
      custom,
      createdBy: tx.actor.userId,
      updatedBy: tx.actor.userId,
    };
    await repo.insertContact(tx, {
      ...values,
      searchText: contactSearchText(values, companyName, definitions),
    });
    await insertContactPoints(tx, 'contacts', values.id, contactPointRows(tx, phones, emails));
    await recordAudit(tx, {
      action: 'create',
      object: 'contacts',
      recordId: values.id,
      changes: diffFields({}, values, AUDITED),
    });
    return getContact(tx, values.id);
  });
}

export async function updateContact(
  ctx: Ctx,
  id: string,
  input: ContactUpdateInput,
  expectedVersion: number | null,
): Promise<repo.ContactRow> {
  const { phones, emails } = contactPoints(ctx, input);
  const definitions = await fieldsOf(ctx, 'contacts');
  return inTransaction(ctx, async (tx) => {
    const before = await getContact(tx, id);
    if (before.deletedAt)
      throw new AppError('conflict', {}, [{ path: 'id', message: 'record.deleted' }]);
    if (expectedVersion !== null && expectedVersion !== before.version)
      throw new AppError('version_conflict');
    const custom: CustomValues =
      input.custom === undefined
        ? before.custom
        : await validateCustomValues(tx, 'contacts', input.custom, before.custom);
    if (input.ownerId !== undefined && input.ownerId !== before.ownerId)
      await checkOwner(tx, input.ownerId);
    const companyId = input.companyId === undefined ? before.companyId : input.companyId;
    const companyName =
      companyId === before.companyId ? before.companyName : await companyNameFor(tx, companyId);
    const after = {
      firstName: input.firstName ?? before.firstName,
      lastName: input.lastName ?? before.lastName,
      jobTitle: input.jobTitle === undefined ? before.jobTitle : input.jobTitle,
      emails: emails ?? before.emails,
      phones: phones ?? before.phones,
      addresses: input.addresses ?? before.addresses,
      birthday: input.birthday === undefined ? before.birthday : input.birthday,
      locale: input.locale === undefined ? before.locale : input.locale,
      tags: input.tags ?? before.tags,
      ownerId: input.ownerId === undefined ? before.ownerId : input.ownerId,
      companyId,
      custom,
    };
    if (!after.firstName.trim() && !after.lastName.trim())
      throw AppError.invalid('lastName', 'field.name_required');
    const changes = diffFields(before, after, AUDITED);
    if (Object.keys(changes).length === 0) return before;
    const updated = await repo.updateContact(tx, id, before.version, {
      ...after,
      searchText: contactSearchText(after, companyName, definitions),
    });
    if (!updated) throw new AppError('version_conflict');
    if (changes.phones || changes.emails) {
      await replaceContactPoints(
        tx,
        'contacts',
        id,
        contactPointRows(tx, after.phones, after.emails),
      );
    }
    await recordAudit(tx, { action: 'update', object: 'contacts', recordId: id, changes });
    return getContact(tx, id);
  });
}

/** After a company is renamed, its contacts are found by the new name. */
export async function refreshContactsOfCompany(ctx: Ctx, companyId: string): Promise<void> {
  const definitions = await fieldsOf(ctx, 'contacts');
  for (const row of await repo.contactsOfCompany(ctx, companyId)) {
    await repo.setSearchText(ctx, row.id, contactSearchText(row, row.companyName, definitions));
  }
}
