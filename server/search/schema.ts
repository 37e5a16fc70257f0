import { z } from 'zod';

export const searchQuery = z.strictObject({
  q: z.string().max(10_000).optional().describe('Search text in any script, a phone or an id'),
  types: z
    .string()
    .max(500)
    .optional()
    .describe('Comma-separated object types (contacts,companies,leads,…); all by default'),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export type SearchQuery = z.infer<typeof searchQuery>;

export const matchRank = z.enum(['exact', 'prefix', 'substring', 'fuzzy']);

export const searchHit = z.object({
  type: z.string().describe('Object type: contacts, companies, leads, …'),
  id: z.uuid(),
  title: z.string(),
  subtitle: z.string().nullable(),
  /** The original text the query matched in (title, email, phone, organization, tag…). */
  matched: z.string(),
  rank: matchRank,
  updatedAt: z.string(),
});
export type SearchHit = z.infer<typeof searchHit>;

export const searchResponse = z.object({
  data: z.array(searchHit),
  /** `too_short` when the query has fewer than two letters: type more. */
  hint: z.enum(['too_short']).nullable(),
});

export const recentQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(50).default(10),
});

export const phoneLookupQuery = z.strictObject({
  number: z.string().trim().min(1).max(40).describe('A phone number in any usual format'),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});
export type PhoneLookupQuery = z.infer<typeof phoneLookupQuery>;

export const phoneMatch = z.object({
  type: z.string(),
  id: z.uuid(),
  title: z.string(),
  subtitle: z.string().nullable(),
  /** The stored number (E.164). */
  phone: z.string(),
  /** `e164`: the very same number; `national`: the same national number. */
  match: z.enum(['e164', 'national']),
});
export type PhoneMatch = z.infer<typeof phoneMatch>;
export const phoneLookupResponse = z.object({ data: z.array(phoneMatch) });
