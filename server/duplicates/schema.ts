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
