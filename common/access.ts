/**
 * Access levels (issue 9): what a role may do with each kind of record, at which scope, and which
 * fields it sees. Shared by the server (enforcement) and the web app (the roles matrix).
 */

/** The object types permissions are granted on. Features with their own records use these keys. */
export const ACCESS_OBJECTS = [
  'contacts',
  'companies',
  'leads',
  'deals',
  'products',
  'documents',
  'payments',
  'tasks',
  'reports',
  'settings',
] as const;
export type AccessObject = (typeof ACCESS_OBJECTS)[number];

export const ACCESS_ACTIONS = [
  'read',
  'create',
  'edit',
  'delete',
  'export',
  'import',
  'bulk_assign',
] as const;
export type AccessAction = (typeof ACCESS_ACTIONS)[number];

/** none < own < team (the user's teams and their sub-teams) < all. */
export const ACCESS_SCOPES = ['none', 'own', 'team', 'all'] as const;
export type AccessScope = (typeof ACCESS_SCOPES)[number];

export type ObjectPermissions = Record<AccessAction, AccessScope>;
export type Permissions = Record<AccessObject, ObjectPermissions>;

/** Per object, per field: `hidden` or `read_only`; a field not listed is editable. */
export const FIELD_ACCESS = ['hidden', 'read_only', 'editable'] as const;
export type FieldAccess = (typeof FIELD_ACCESS)[number];
export type FieldPermissions = Partial<
  Record<AccessObject, Record<string, 'hidden' | 'read_only'>>
>;

export const DEFAULT_ROLE_KEYS = [
  'admin',
  'manager',
  'sales_rep',
  'support',
  'marketing',
  'accountant',
  'read_only',
] as const;
export type DefaultRoleKey = (typeof DEFAULT_ROLE_KEYS)[number];

/** The foundation's three roles map onto the default roles. */
export const LEGACY_ROLE_KEYS: Record<string, DefaultRoleKey> = {
  admin: 'admin',
  manager: 'manager',
  member: 'sales_rep',
};

export const SCOPE_RANK: Record<AccessScope, number> = { none: 0, own: 1, team: 2, all: 3 };

export function widerScope(a: AccessScope, b: AccessScope): AccessScope {
  return SCOPE_RANK[a] >= SCOPE_RANK[b] ? a : b;
}

function uniform(scope: AccessScope): ObjectPermissions {
  return Object.fromEntries(ACCESS_ACTIONS.map((a) => [a, scope])) as ObjectPermissions;
}

/** Builds permissions: every object and action `fallback`, then the given overrides. */
export function permissionsOf(
  fallback: AccessScope,
  overrides: Partial<Record<AccessObject, Partial<ObjectPermissions>>> = {},
): Permissions {
  return Object.fromEntries(
    ACCESS_OBJECTS.map((o) => [o, { ...uniform(fallback), ...overrides[o] }]),
  ) as Permissions;
}

/** A complete permission set from a stored (possibly partial or older) one; unknown keys drop. */
export function normalizePermissions(stored: unknown): Permissions {
  const source = (stored && typeof stored === 'object' ? stored : {}) as Record<
    string,
    Record<string, unknown> | undefined
  >;
  return Object.fromEntries(
    ACCESS_OBJECTS.map((o) => [
      o,
      Object.fromEntries(
        ACCESS_ACTIONS.map((a) => {
          const v = source[o]?.[a];
          return [a, ACCESS_SCOPES.includes(v as AccessScope) ? v : 'none'];
        }),
      ),
    ]),
  ) as Permissions;
}

const own = (extra: Partial<ObjectPermissions> = {}): ObjectPermissions => ({
  ...uniform('own'),
  bulk_assign: 'none',
  ...extra,
});
const readAll: Partial<ObjectPermissions> = { read: 'all' };

/** The defaults every workspace starts with; administrators edit them afterwards. */
export const DEFAULT_ROLES: Record<
  DefaultRoleKey,
  { permissions: Permissions; fieldPermissions: FieldPermissions; isAdmin?: boolean }
> = {
  admin: { permissions: permissionsOf('all'), fieldPermissions: {}, isAdmin: true },
  manager: { permissions: permissionsOf('all'), fieldPermissions: {} },
  sales_rep: {
    permissions: permissionsOf('none', {
      contacts: own(),
      companies: own(),
      leads: own(),
      deals: own(),
      tasks: own(),
      documents: own({ delete: 'none', import: 'none' }),
      payments: { read: 'own' },
      products: readAll,
      reports: { read: 'own' },
    }),
    fieldPermissions: { products: { costPrice: 'hidden', margin: 'hidden' } },
  },
  support: {
    permissions: permissionsOf('none', {
      contacts: { read: 'all', create: 'all', edit: 'all', export: 'own' },
      companies: { read: 'all', create: 'all', edit: 'all' },
      leads: { read: 'all', create: 'all', edit: 'own' },
      deals: readAll,
      tasks: own(),
      documents: readAll,
      products: readAll,
      reports: { read: 'team' },
    }),
    fieldPermissions: { products: { costPrice: 'hidden', margin: 'hidden' } },
  },
  marketing: {
    permissions: permissionsOf('none', {
      contacts: { read: 'all', create: 'all', edit: 'all', export: 'all', import: 'all' },
      companies: { read: 'all', create: 'all', edit: 'all', export: 'all', import: 'all' },
      leads: {
        read: 'all',
        create: 'all',
        edit: 'all',
        delete: 'own',
        export: 'all',
        import: 'all',
        bulk_assign: 'all',
      },
      deals: readAll,
      tasks: own(),
      products: readAll,
      reports: readAll,
    }),
    fieldPermissions: { products: { costPrice: 'hidden', margin: 'hidden' } },
  },
  accountant: {
    permissions: permissionsOf('none', {
      contacts: { read: 'all', edit: 'all', export: 'all' },
      companies: { read: 'all', edit: 'all', export: 'all' },
      deals: readAll,
      products: { read: 'all', create: 'all', edit: 'all', export: 'all', import: 'all' },
      documents: { ...uniform('all'), bulk_assign: 'none' },
      payments: { ...uniform('all'), bulk_assign: 'none' },
      tasks: own(),
      reports: readAll,
    }),
    fieldPermissions: {},
  },
  read_only: {
    permissions: permissionsOf('none', {
      contacts: readAll,
      companies: readAll,
      leads: readAll,
      deals: readAll,
      products: readAll,
      documents: readAll,
      payments: readAll,
      tasks: readAll,
      reports: readAll,
    }),
    fieldPermissions: { products: { costPrice: 'hidden', margin: 'hidden' } },
  },
};

/**
 * The foundation's coarse tier (`admin` / `manager` / `member`) that older checks
 * (`ctxWithRole`) still read: administrators; roles that may edit settings; everyone else.
 */
export function tierOf(role: { isAdmin: boolean; permissions: Permissions }) {
  if (role.isAdmin) return 'admin' as const;
  if (role.permissions.settings.edit !== 'none') return 'manager' as const;
  return 'member' as const;
}

/** Role keys: lower-case letters, digits and underscores. */
export const ROLE_KEY = /^[a-z][a-z0-9_]{1,39}$/;
