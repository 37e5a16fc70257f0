import { z } from 'zod';
import { ACCESS_SCOPES } from '../../common/access.js';
import { LOCALES } from '../../common/locales.js';
import { USER_ROLES } from '../../common/records.js';

export const loginBody = z.strictObject({
  email: z.string().trim().min(1).max(254),
  password: z.string().min(1).max(200),
  /** The second factor: a 6-digit code from the authenticator app or a recovery code. */
  code: z.string().max(40).optional(),
});

/** What the signed-in user may do (issue 9); the web app shapes menus and forms by it. */
export const meAccess = z.object({
  roleKey: z.string(),
  isAdmin: z.boolean(),
  permissions: z.record(z.string(), z.record(z.string(), z.enum(ACCESS_SCOPES))),
  fieldPermissions: z.record(z.string(), z.record(z.string(), z.enum(['hidden', 'read_only']))),
  teamIds: z.array(z.uuid()),
  restricted: z.enum(['two_factor_setup', 'password_expired']).nullable(),
});

export const meResponse = z.object({
  user: z.object({
    id: z.uuid(),
    name: z.string(),
    email: z.string(),
    role: z.enum(USER_ROLES),
    locale: z.enum(LOCALES),
  }),
  access: meAccess,
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
