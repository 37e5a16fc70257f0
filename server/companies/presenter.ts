import type { CompanyKind } from '../../common/records.js';
import type { Ctx } from '../platform/context.js';
import { presentPhones, withRecordMeta } from '../records/presenter.js';
import type { CompanyRow } from './repository.js';
import type { CompanyOut } from './schema.js';

export function presentCompany(ctx: Ctx, row: CompanyRow): CompanyOut {
  return withRecordMeta(row, {
    name: row.name,
    legalName: row.legalName,
    vatId: row.vatId,
    registrationNumber: row.registrationNumber,
    kinds: row.kinds as CompanyKind[],
    emails: row.emails,
    phones: presentPhones(ctx, row.phones),
    addresses: row.addresses,
    website: row.website,
    industry: row.industry,
    parentId: row.parentId,
    parentName: row.parentName,
  });
}
