import { z } from 'zod';
import { LOCALES } from '../../common/locales.js';
import { isIsoDate } from '../db/list-query.js';
import {
  address,
  addressInput,
  contactPoint,
  contactPointInput,
  contactPointOut,
  recordMeta,
  tagsInput,
} from '../records/schema.js';

const birthday = z
  .string()
  .refine(isIsoDate, 'field.invalid_date')
  .refine(
    (d) => d <= new Date().toISOString().slice(0, 10) && d >= '1900-01-01',
    'field.invalid_birthday',
  );

const contactFields = {
  firstName: z.string().trim().max(100),
  lastName: z.string().trim().max(100),
  jobTitle: z.string().trim().max(200).nullable(),
  emails: z.array(contactPointInput).max(20),
  phones: z.array(contactPointInput).max(20),
  addresses: z.array(addressInput).max(10),
  birthday: birthday.nullable(),
  locale: z.enum(LOCALES).nullable(),
  tags: tagsInput,
  ownerId: z.uuid().nullable(),
  companyId: z.uuid().nullable(),
  custom: z.record(z.string(), z.unknown()),
};

export const contactCreateBody = z
  .strictObject(contactFields)
  .partial()
  .refine((c) => Boolean(c.firstName?.trim() || c.lastName?.trim()), {
    message: 'field.name_required',
    path: ['lastName'],
  });
export type ContactCreateInput = z.infer<typeof contactCreateBody>;

export const contactUpdateBody = z.strictObject(contactFields).partial();
export type ContactUpdateInput = z.infer<typeof contactUpdateBody>;

export const contactOut = z.object({
  ...recordMeta,
  name: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  jobTitle: z.string().nullable(),
  emails: z.array(contactPoint),
  phones: z.array(contactPointOut),
  addresses: z.array(address),
  birthday: z.string().nullable(),
  locale: z.enum(LOCALES).nullable(),
  companyId: z.uuid().nullable(),
  companyName: z.string().nullable(),
});
export type ContactOut = z.infer<typeof contactOut>;
