import { z } from 'zod';
import { COMPANY_KINDS } from '../../common/records.js';
import {
  address,
  addressInput,
  contactPoint,
  contactPointInput,
  contactPointOut,
  recordMeta,
  tagsInput,
} from '../records/schema.js';

const website = z
  .string()
  .trim()
  .max(500)
  .transform((v) => (v && !/^https?:\/\//i.test(v) ? `https://${v}` : v))
  .refine((v) => {
    if (!v) return true;
    try {
      return new URL(v).hostname.includes('.');
    } catch {
      return false;
    }
  }, 'field.invalid_url');

const companyFields = {
  name: z.string().trim().min(1).max(200),
  legalName: z.string().trim().max(300).nullable(),
  vatId: z
    .string()
    .trim()
    .max(30)
    .transform((v) => v.replace(/[\s.-]/g, '').toUpperCase())
    .nullable(),
  registrationNumber: z.string().trim().max(30).nullable(),
  kinds: z
    .array(z.enum(COMPANY_KINDS))
    .min(1)
    .transform((k) => [...new Set(k)]),
  emails: z.array(contactPointInput).max(20),
  phones: z.array(contactPointInput).max(20),
  addresses: z.array(addressInput).max(20),
  website: website.nullable(),
  industry: z.string().trim().max(100).nullable(),
  ownerId: z.uuid().nullable(),
  parentId: z.uuid().nullable(),
  tags: tagsInput,
  custom: z.record(z.string(), z.unknown()),
};

export const companyCreateBody = z.strictObject(companyFields).partial().required({ name: true });
export type CompanyCreateInput = z.infer<typeof companyCreateBody>;

export const companyUpdateBody = z.strictObject(companyFields).partial();
export type CompanyUpdateInput = z.infer<typeof companyUpdateBody>;

export const companyOut = z.object({
  ...recordMeta,
  name: z.string(),
  legalName: z.string().nullable(),
  vatId: z.string().nullable(),
  registrationNumber: z.string().nullable(),
  kinds: z.array(z.enum(COMPANY_KINDS)),
  emails: z.array(contactPoint),
  phones: z.array(contactPointOut),
  addresses: z.array(address),
  website: z.string().nullable(),
  industry: z.string().nullable(),
  parentId: z.uuid().nullable(),
  parentName: z.string().nullable(),
});
export type CompanyOut = z.infer<typeof companyOut>;
