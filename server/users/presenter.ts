import { isLocale } from '../../common/locales.js';
import type { UserRole } from '../../common/records.js';
import type { UserRow } from './repository.js';

export function presentUser(row: UserRow) {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    role: row.role as UserRole,
    locale: isLocale(row.locale) ? row.locale : 'en',
    active: row.active,
    lastLoginAt: row.lastLoginAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}
