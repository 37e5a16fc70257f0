import { isLocale } from '../../common/locales.js';
import type { Ctx } from '../platform/context.js';
import { presentPhones, withRecordMeta } from '../records/presenter.js';
import type { ContactRow } from './repository.js';
import type { ContactOut } from './schema.js';

export function contactDisplayName(row: { firstName: string; lastName: string }): string {
  return [row.firstName, row.lastName].filter(Boolean).join(' ');
}

export function presentContact(ctx: Ctx, row: ContactRow): ContactOut {
  return withRecordMeta(row, {
    name: contactDisplayName(row),
    firstName: row.firstName,
    lastName: row.lastName,
    jobTitle: row.jobTitle,
    emails: row.emails,
    phones: presentPhones(ctx, row.phones),
    addresses: row.addresses,
    birthday: row.birthday,
    locale: isLocale(row.locale) ? row.locale : null,
    companyId: row.companyId,
    companyName: row.companyName,
  });
}
