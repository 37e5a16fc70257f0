import { z } from 'zod';
import { LOCALES } from '../../common/locales.js';
import { RECORD_OBJECTS, USER_ROLES } from '../../common/records.js';

export const password = z.string().min(8).max(200);

export const userCreateBody = z.strictObject({
  name: z.string().trim().min(1).max(200),
  email: z
    .email()
    .max(254)
    .transform((v) => v.toLowerCase()),
  password,
  /** A role key (`sales_rep`, …); the old `admin`/`manager`/`member` still work. */
  role: z.string().min(1).max(40).default('sales_rep'),
  locale: z.enum(LOCALES).default('en'),
  teamIds: z.array(z.uuid()).max(100).optional(),
  deputyId: z.uuid().nullable().optional(),
});
export type UserCreateInput = z.infer<typeof userCreateBody>;

export const userUpdateBody = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  role: z.string().min(1).max(40).optional(),
  locale: z.enum(LOCALES).optional(),
  active: z.boolean().optional(),
  password: password.optional(),
  teamIds: z.array(z.uuid()).max(100).optional(),
  deputyId: z.uuid().nullable().optional(),
});
export type UserUpdateInput = z.infer<typeof userUpdateBody>;

export const meUpdateBody = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  locale: z.enum(LOCALES).optional(),
  password: password.optional(),
  currentPassword: z.string().max(200).optional(),
});

export const userOut = z.object({
  id: z.uuid(),
  name: z.string(),
  email: z.string(),
  /** The old coarse tier (admin / manager / member). */
  role: z.enum(USER_ROLES),
  roleId: z.uuid().nullable(),
  roleKey: z.string().nullable(),
  teamIds: z.array(z.uuid()),
  deputyId: z.uuid().nullable(),
  twoFactor: z.boolean(),
  lockedUntil: z.iso.datetime().nullable(),
  locale: z.enum(LOCALES),
  active: z.boolean(),
  lastLoginAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});
export const userList = z.object({ data: z.array(userOut) });

export const handOverBody = z.strictObject({
  toUserId: z.uuid(),
  objects: z
    .array(z.enum(RECORD_OBJECTS))
    .min(1)
    .default([...RECORD_OBJECTS]),
});
export const handOverResponse = z.object({ moved: z.record(z.string(), z.number().int()) });
