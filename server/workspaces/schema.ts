import { z } from 'zod';
import { COUNTRY_CODES, CURRENCIES, LOCALES } from '../../common/locales.js';
import { password } from '../users/schema.js';

export const setupBody = z.strictObject({
  workspaceName: z.string().trim().min(1).max(200),
  locale: z.enum(LOCALES),
  currency: z.enum(CURRENCIES),
  country: z.enum(COUNTRY_CODES).optional(),
  timezone: z.string().max(60).optional(),
  name: z.string().trim().min(1).max(200),
  email: z
    .email()
    .max(254)
    .transform((v) => v.toLowerCase()),
  password,
  /** Fill the new workspace with demo data. */
  demo: z.boolean().default(false),
});
export type SetupInput = z.infer<typeof setupBody>;

export const setupStatus = z.object({ needed: z.boolean() });

export const workspaceOut = z.object({
  id: z.uuid(),
  name: z.string(),
  locale: z.enum(LOCALES),
  currency: z.string(),
  country: z.string(),
  timezone: z.string(),
});

export const workspaceUpdateBody = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  locale: z.enum(LOCALES).optional(),
  currency: z.enum(CURRENCIES).optional(),
  country: z.enum(COUNTRY_CODES).optional(),
  timezone: z.string().max(60).optional(),
});
