import { isLocale } from '../../common/locales.js';
import type { UserRole } from '../../common/records.js';
import type { UserRow } from './repository.js';

export function presentUser(
  row: UserRow,
  access: { roleKeys?: Map<string, string>; teams?: Map<string, string[]> } = {},
) {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    role: row.role as UserRole,
    roleId: row.roleId,
    roleKey: row.roleId ? (access.roleKeys?.get(row.roleId) ?? null) : null,
    teamIds: access.teams?.get(row.id) ?? [],
    deputyId: row.deputyId,
    twoFactor: Boolean(row.totpEnabledAt),
    lockedUntil:
      row.lockedUntil && row.lockedUntil > new Date() ? row.lockedUntil.toISOString() : null,
    locale: isLocale(row.locale) ? row.locale : 'en',
    active: row.active,
    lastLoginAt: row.lastLoginAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}
