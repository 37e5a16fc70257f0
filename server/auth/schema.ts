import { z } from 'zod';
import { LOCALES } from '../../common/locales.js';
import { USER_ROLES } from '../../common/records.js';

export const loginBody = z.strictObject({
  email: z.string().trim().min(1).max(254),
  password: z.string().min(1).max(200),
});

export const meResponse = z.object({
  user: z.object({
    id: z.uuid(),
    name: z.string(),
    email: z.string(),
    role: z.enum(USER_ROLES),
    locale: z.enum(LOCALES),
  }),
  workspace: z.object({
    id: z.uuid(),
    name: z.string(),
    locale: z.enum(LOCALES),
    currency: z.string(),
    country: z.string(),
    timezone: z.string(),
  }),
});
export type MeResponse = z.infer<typeof meResponse>;

export const apiKeyCreateBody = z.strictObject({ name: z.string().trim().min(1).max(100) });
export const apiKeyCreated = z.object({ id: z.uuid(), name: z.string(), key: z.string() });
export const apiKeyItem = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  userId: z.uuid(),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
});
export const apiKeyList = z.object({ data: z.array(apiKeyItem) });
