import { z } from 'zod';

export const duplicateCheckBody = z.strictObject({
  name: z.string().trim().max(200).optional(),
  companyName: z.string().trim().max(200).optional(),
  emails: z.array(z.string().trim().max(254)).max(20).default([]),
  phones: z.array(z.string().trim().max(40)).max(20).default([]),
  vatId: z.string().trim().max(30).optional(),
  /** Leave this record out of the answer (the record being edited or converted). */
  excludeId: z.uuid().optional(),
});
export type DuplicateCheckInput = z.infer<typeof duplicateCheckBody>;

export const duplicateMatch = z.object({
  type: z.enum(['contacts', 'companies', 'leads']),
  id: z.uuid(),
  title: z.string(),
  subtitle: z.string().nullable(),
  reasons: z.array(z.enum(['email', 'phone', 'name', 'vat_id'])),
});
export const duplicateList = z.object({ data: z.array(duplicateMatch) });
export type DuplicateMatch = z.infer<typeof duplicateMatch>;

export const duplicatePairsQuery = z.strictObject({
  object: z.enum(['contacts', 'companies', 'leads']).default('contacts'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

const pairRecord = z.object({ id: z.uuid(), title: z.string(), subtitle: z.string().nullable() });
export const duplicatePairList = z.object({
  data: z.array(
    z.object({
      reasons: z.array(z.enum(['email', 'phone', 'name', 'vat_id'])),
      records: z.tuple([pairRecord, pairRecord]),
    }),
  ),
});

export const mergeBody = z.strictObject({
  primaryId: z.uuid(),
  duplicateId: z.uuid(),
  /** Which record's value to keep per field (default: the primary's, lists united). */
  values: z.record(z.string(), z.enum(['primary', 'duplicate'])).default({}),
});
export const mergeResult = z.object({ id: z.uuid() });
