import { formatPhone } from '../../common/phone.js';
import type { LeadSource, LeadStatus } from '../../common/records.js';
import type { Ctx } from '../platform/context.js';
import { withRecordMeta } from '../records/presenter.js';
import type { LeadRow } from './repository.js';
import type { LeadOut } from './schema.js';

export function presentLead(ctx: Ctx, row: LeadRow): LeadOut {
  return withRecordMeta(row, {
    name: row.name,
    companyName: row.companyName,
    email: row.email,
    phone: row.phone,
    phoneFormatted: row.phone ? formatPhone(row.phone, ctx.workspace.country) : null,
    source: row.source as LeadSource,
    message: row.message,
    utmSource: row.utmSource,
    utmMedium: row.utmMedium,
    utmCampaign: row.utmCampaign,
    utmTerm: row.utmTerm,
    utmContent: row.utmContent,
    status: row.status as LeadStatus,
    disqualifyReason: row.disqualifyReason,
    convertedAt: row.convertedAt?.toISOString() ?? null,
    convertedContactId: row.convertedContactId,
    convertedCompanyId: row.convertedCompanyId,
  });
}
