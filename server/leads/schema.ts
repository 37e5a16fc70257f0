import { z } from 'zod';
import { LEAD_SOURCES, LEAD_STATUSES } from '../../common/records.js';
import { recordMeta, tagsInput } from '../records/schema.js';

const utm = z.string().trim().max(200).nullable();

const leadFields = {
  name: z.string().trim().max(200),
  companyName: z.string().trim().max(200).nullable(),
  email: z
    .email()
    .max(254)
    .transform((v) => v.toLowerCase())
    .nullable(),
  phone: z.string().trim().max(40).nullable(),
  source: z.enum(LEAD_SOURCES),
  message: z.string().trim().max(10_000).nullable(),
  utmSource: utm,
  utmMedium: utm,
  utmCampaign: utm,
  utmTerm: utm,
  utmContent: utm,
  status: z.enum(LEAD_STATUSES).exclude(['converted']),
  disqualifyReason: z.string().trim().max(500).nullable(),
  ownerId: z.uuid().nullable(),
  tags: tagsInput,
  custom: z.record(z.string(), z.unknown()),
};

export const leadCreateBody = z
  .strictObject(leadFields)
  .partial()
  .refine((l) => Boolean(l.name?.trim() || l.email || l.phone || l.companyName?.trim()), {
    message: 'field.lead_identity_required',
    path: ['name'],
  });
export type LeadCreateInput = z.infer<typeof leadCreateBody>;

export const leadUpdateBody = z.strictObject(leadFields).partial();
export type LeadUpdateInput = z.infer<typeof leadUpdateBody>;

export const leadOut = z.object({
  ...recordMeta,
  name: z.string(),
  companyName: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  phoneFormatted: z.string().nullable(),
  source: z.enum(LEAD_SOURCES),
  message: z.string().nullable(),
  utmSource: z.string().nullable(),
  utmMedium: z.string().nullable(),
  utmCampaign: z.string().nullable(),
  utmTerm: z.string().nullable(),
  utmContent: z.string().nullable(),
  status: z.enum(LEAD_STATUSES),
  disqualifyReason: z.string().nullable(),
  convertedAt: z.iso.datetime().nullable(),
  convertedContactId: z.uuid().nullable(),
  convertedCompanyId: z.uuid().nullable(),
});
export type LeadOut = z.infer<typeof leadOut>;

export const convertBody = z.preprocess(
  (body) => body ?? {},
  z.strictObject({
    /** Link to an existing contact instead of creating one (e.g. a duplicate found). */
    contactId: z.uuid().optional(),
    /** Link to an existing organization; otherwise one is created from `companyName` when present. */
    companyId: z.uuid().optional(),
    createCompany: z.boolean().default(true),
    firstName: z.string().trim().max(100).optional(),
    lastName: z.string().trim().max(100).optional(),
  }),
);
export type ConvertInput = z.infer<typeof convertBody>;

export const convertResponse = z.object({
  leadId: z.uuid(),
  contactId: z.uuid(),
  companyId: z.uuid().nullable(),
  createdContact: z.boolean(),
  createdCompany: z.boolean(),
});
