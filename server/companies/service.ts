import type { CustomValues } from '../../common/records.js';
import { searchDocument } from '../../common/search/normalize.js';
import { refreshContactsOfCompany } from '../contacts/service.js';
import { parseListQuery, withTypoFallback } from '../db/list-query.js';
import { companies } from '../db/schema.js';
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
import type { CompanyCreateInput, CompanyUpdateInput } from './schema.js';

export const AUDITED = [
  'name',
  'legalName',
  'vatId',
  'registrationNumber',
  'kinds',
  'emails',
  'phones',
  'addresses',
  'website',
  'industry',
  'ownerId',
  'parentId',
  'tags',
  'custom',
] as const;

export function companySearchText(
  row: Pick<
    repo.CompanyRow,
    | 'name'
    | 'legalName'
    | 'vatId'
    | 'registrationNumber'
    | 'emails'
    | 'phones'
    | 'website'
    | 'tags'
    | 'custom'
  >,
  definitions: FieldDefinition[],
): string {
  return searchDocument([
    row.name,
    row.legalName,
    row.vatId,
    row.registrationNumber,
    ...row.emails.map((e) => e.value),
    ...row.phones.map((p) => p.value),
    row.website?.replace(/^https?:\/\/(www\.)?/, '') ?? null,
    ...row.tags,
    ...searchableCustomText(definitions, row.custom),
  ]);
}

export async function getCompany(ctx: Ctx, id: string): Promise<repo.CompanyRow> {
  const row = await repo.findCompany(ctx, id);
  if (!row) throw AppError.notFound();
  return row;
}

export async function listCompanies(ctx: Ctx, query: Record<string, unknown>) {
  const fields = {
    ...repo.companyListFields,
    ...customListFields(await fieldsOf(ctx, 'companies'), companies.custom),
  };
  const params = parseListQuery(query, fields, { sort: '-createdAt' }, ctx.actor.userId);
  const page = await withTypoFallback(params, (p) => repo.listCompanies(ctx, p, fields));
  return { ...page, fields: params.fields };
}

function contactPoints(ctx: Ctx, input: Pick<CompanyUpdateInput, 'emails' | 'phones'>) {
  const problems: ErrorDetail[] = [];
  const phones = input.phones && normalizePhones(ctx, input.phones, 'phones', problems);
  const emails = input.emails && normalizeEmails(input.emails, 'emails', problems);
  if (problems.length) throw new AppError('validation_failed', {}, problems);
  return { phones, emails };
}

/** The parent must be a visible live company and must not make a cycle. */
async function checkParent(
  ctx: Ctx,
  companyId: string | null,
  parentId: string | null | undefined,
): Promise<void> {
  if (!parentId) return;
  if (parentId === companyId) throw AppError.invalid('parentId', 'field.parent_cycle');
  if ((await repo.findCompanyName(ctx, parentId)) === null)
    throw AppError.invalid('parentId', 'field.invalid_reference');
  if (companyId === null) return; // a new company has no descendants, so no cycle
  let cursor: string | null = parentId;
  for (let depth = 0; cursor && depth < 100; depth++) {
    cursor = await repo.parentOf(ctx, cursor);
    if (cursor === companyId) throw AppError.invalid('parentId', 'field.parent_cycle');
  }
}

export async function createCompany(ctx: Ctx, input: CompanyCreateInput): Promise<repo.CompanyRow> {
  const { phones = [], emails = [] } = contactPoints(ctx, input);
  const custom = await validateCustomValues(ctx, 'companies', input.custom, null);
  const definitions = await fieldsOf(ctx, 'companies');
  return inTransaction(ctx, async (tx) => {
    const ownerId = input.ownerId === undefined ? tx.actor.userId : input.ownerId;
    await checkOwner(tx, ownerId);
    await checkParent(tx, null, input.parentId);
    const values = {
      id: newId(),
      name: input.name,
      legalName: input.legalName ?? null,
      vatId: input.vatId || null,
      registrationNumber: input.registrationNumber ?? null,
      kinds: input.kinds ?? ['customer'],
      emails,
      phones,
      addresses: input.addresses ?? [],
      website: input.website || null,
      industry: input.industry ?? null,
      ownerId,
      parentId: input.parentId ?? null,
      tags: input.tags ?? [],
      custom,
      createdBy: tx.actor.userId,
      updatedBy: tx.actor.userId,
    };
    await repo.insertCompany(tx, { ...values, searchText: companySearchText(values, definitions) });
    await insertContactPoints(tx, 'companies', values.id, contactPointRows(tx, phones, emails));
    await recordAudit(tx, {
      action: 'create',
      object: 'companies',
      recordId: values.id,
      changes: diffFields({}, values, AUDITED),
    });
    return getCompany(tx, values.id);
  });
}

export async function updateCompany(
  ctx: Ctx,
  id: string,
  input: CompanyUpdateInput,
  expectedVersion: number | null,
): Promise<repo.CompanyRow> {
  const { phones, emails } = contactPoints(ctx, input);
  const definitions = await fieldsOf(ctx, 'companies');
  return inTransaction(ctx, async (tx) => {
    const before = await getCompany(tx, id);
    if (before.deletedAt)
      throw new AppError('conflict', {}, [{ path: 'id', message: 'record.deleted' }]);
    if (expectedVersion !== null && expectedVersion !== before.version)
      throw new AppError('version_conflict');
    const custom: CustomValues =
      input.custom === undefined
        ? before.custom
        : await validateCustomValues(tx, 'companies', input.custom, before.custom);
    if (input.ownerId !== undefined && input.ownerId !== before.ownerId)
      await checkOwner(tx, input.ownerId);
    if (input.parentId !== undefined && input.parentId !== before.parentId)
      await checkParent(tx, id, input.parentId);
    const after = {
      name: input.name ?? before.name,
      legalName: input.legalName === undefined ? before.legalName : input.legalName,
      vatId: input.vatId === undefined ? before.vatId : input.vatId || null,
      registrationNumber:
        input.registrationNumber === undefined
          ? before.registrationNumber
          : input.registrationNumber,
      kinds: input.kinds ?? before.kinds,
      emails: emails ?? before.emails,
      phones: phones ?? before.phones,
      addresses: input.addresses ?? before.addresses,
      website: input.website === undefined ? before.website : input.website || null,
      industry: input.industry === undefined ? before.industry : input.industry,
      ownerId: input.ownerId === undefined ? before.ownerId : input.ownerId,
      parentId: input.parentId === undefined ? before.parentId : input.parentId,
      tags: input.tags ?? before.tags,
      custom,
    };
    const changes = diffFields(before, after, AUDITED);
    if (Object.keys(changes).length === 0) return before;
    if (
      !(await repo.updateCompany(tx, id, before.version, {
        ...after,
        searchText: companySearchText(after, definitions),
      }))
    ) {
      throw new AppError('version_conflict');
    }
    if (changes.phones || changes.emails) {
      await replaceContactPoints(
        tx,
        'companies',
        id,
        contactPointRows(tx, after.phones, after.emails),
      );
    }
    if (changes.name) await refreshContactsOfCompany(tx, id);
    await recordAudit(tx, { action: 'update', object: 'companies', recordId: id, changes });
    return getCompany(tx, id);
  });
}
