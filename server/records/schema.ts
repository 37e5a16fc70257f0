/** Zod pieces shared by every record collection's contract. */
import { z } from 'zod';

export const idParams = z.strictObject({ id: z.uuid() });

export const contactPointInput = z.strictObject({
  value: z.string().trim().min(1).max(254),
  label: z
    .string()
    .trim()
    .max(50)
    .nullish()
    .transform((v) => v || null),
});

export const addressInput = z.strictObject({
  label: z
    .string()
    .trim()
    .max(50)
    .nullish()
    .transform((v) => v || null),
  street: z
    .string()
    .trim()
    .max(200)
    .nullish()
    .transform((v) => v || null),
  city: z
    .string()
    .trim()
    .max(100)
    .nullish()
    .transform((v) => v || null),
  postalCode: z
    .string()
    .trim()
    .max(20)
    .nullish()
    .transform((v) => v || null),
  region: z
    .string()
    .trim()
    .max(100)
    .nullish()
    .transform((v) => v || null),
  country: z
    .string()
    .trim()
    .regex(/^[A-Za-z]{2}$/, 'field.invalid_country')
    .transform((v) => v.toUpperCase())
    .nullish()
    .transform((v) => v ?? null),
});

export const tagsInput = z
  .array(z.string().trim().min(1).max(50))
  .max(50)
  .transform((tags) => [...new Set(tags)]);

export const contactPoint = z.object({ value: z.string(), label: z.string().nullable() });
export const contactPointOut = contactPoint.extend({ formatted: z.string() });
export const address = z.object({
  label: z.string().nullable(),
  street: z.string().nullable(),
  city: z.string().nullable(),
  postalCode: z.string().nullable(),
  region: z.string().nullable(),
  country: z.string().nullable(),
});

/** Fields every record carries in the API. */
export const recordMeta = {
  id: z.uuid(),
  ownerId: z.uuid().nullable(),
  tags: z.array(z.string()),
  custom: z.record(z.string(), z.unknown()),
  version: z.number().int(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  deletedAt: z.iso.datetime().nullable(),
};

export const listQuery = z
  .object({
    q: z.string().optional().describe('Search across scripts (names, emails, phones, ids)'),
    sort: z.string().optional().describe('Field to sort by; prefix with "-" for descending'),
    limit: z.string().optional().describe('Page size, 1–200 (default 50)'),
    cursor: z.string().optional().describe('nextCursor of the previous page'),
    deleted: z.string().optional().describe('"true" lists soft-deleted records'),
    fields: z.string().optional().describe('Comma-separated fields to return'),
  })
  .catchall(z.union([z.string(), z.array(z.string())]))
  .describe(
    'Also filter[<field>][<op>]=<value>, ops eq ne gt gte lt lte in nin contains empty; custom fields as filter[custom.<key>]',
  );

export const ifMatchHeaders = z.object({ 'if-match': z.string().optional() });

export const bulkBody = z.discriminatedUnion('action', [
  z.strictObject({
    action: z.literal('assign'),
    ids: z.array(z.uuid()).min(1).max(1000),
    ownerId: z.uuid().nullable(),
  }),
  z.strictObject({
    action: z.literal('tag'),
    ids: z.array(z.uuid()).min(1).max(1000),
    tags: tagsInput,
  }),
  z.strictObject({
    action: z.literal('untag'),
    ids: z.array(z.uuid()).min(1).max(1000),
    tags: tagsInput,
  }),
  z.strictObject({ action: z.literal('delete'), ids: z.array(z.uuid()).min(1).max(1000) }),
]);
export type BulkInput = z.infer<typeof bulkBody>;
export const bulkResponse = z.object({ updated: z.number().int() });
