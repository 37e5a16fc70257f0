import { and, eq, getTableName, is, sql, Table, type AnyColumn, type SQL } from 'drizzle-orm';
import {
  SCOPE_RANK,
  type AccessAction,
  type AccessObject,
  type AccessScope,
  type FieldPermissions,
  type Permissions,
} from '../../common/access.js';
import type { Ctx } from './context.js';
import { AppError } from './errors.js';

/**
 * What the caller may do, resolved once per request from their role, teams and shares
 * (`server/access/service.ts` `loadAccess`). A context without `access` is the system's own
 * (jobs, setup, CLI): it may do everything.
 */
export interface Access {
  roleId: string;
  roleKey: string;
  isAdmin: boolean;
  permissions: Permissions;
  fieldPermissions: FieldPermissions;
  /** Teams the user belongs to or manages. */
  teamIds: string[];
  /** Members of those teams and of all their sub-teams, the user included ("team" scope). */
  teamUserIds: string[];
  /** The user's teams and their parents: a record shared with one of them reaches the user. */
  shareTeamIds: string[];
  /** Objects with at least one record shared with the user (else the share clause is skipped). */
  sharedObjects: string[];
  /** Set when the user must finish something before using the workspace. */
  restricted: null | 'two_factor_setup' | 'password_expired';
}

/** Tables whose rows belong to an access object; features register theirs (one line each). */
const TABLE_OBJECTS = new Map<string, AccessObject>([
  ['contacts', 'contacts'],
  ['companies', 'companies'],
  ['leads', 'leads'],
  ['deals', 'deals'],
  ['tasks', 'tasks'],
  ['products', 'products'],
  ['billing_documents', 'documents'],
  ['billing_payments', 'payments'],
]);

export function registerAccessTable(tableName: string, object: AccessObject): void {
  TABLE_OBJECTS.set(tableName, object);
}

export function accessObjectOf(table: object): AccessObject | null {
  return is(table, Table) ? (TABLE_OBJECTS.get(getTableName(table)) ?? null) : null;
}

type ScopedTable = {
  workspaceId: AnyColumn;
  ownerId?: AnyColumn;
  createdBy?: AnyColumn;
  id?: AnyColumn;
};

/**
 * The one place that decides which rows a caller may see. Every repository query on a tenant
 * table goes through `scopeTo`: the workspace condition always, and the caller's read scope on
 * the table's object (own / team / all, plus records shared with them). Rows outside the scope do
 * not exist for the caller: services answer 404 for them.
 */
export function scopeTo(ctx: Ctx, table: ScopedTable): SQL {
  const object = accessObjectOf(table);
  const visible = object ? scopeCondition(ctx, 'read', object, table) : undefined;
  return and(eq(table.workspaceId, ctx.workspace.id), visible) as SQL;
}

/** The scope of one action on one object for the caller (`all` for system contexts). */
export function scopeOf(ctx: Ctx, action: AccessAction, object: AccessObject): AccessScope {
  if (!ctx.access) return 'all';
  return ctx.access.permissions[object][action];
}

const uuidArray = (ids: string[]) => sql`${`{${ids.join(',')}}`}::uuid[]`;

/**
 * The SQL predicate for an action's scope (no per-row subqueries: the team is an array literal,
 * shares an uncorrelated IN the planner hashes once). `undefined` means every row.
 */
export function scopeCondition(
  ctx: Ctx,
  action: AccessAction,
  object: AccessObject,
  table: ScopedTable,
): SQL | undefined {
  const scope = scopeOf(ctx, action, object);
  if (scope === 'all' || !ctx.access) return undefined;
  const ownerColumn = table.ownerId ?? table.createdBy;
  if (!ownerColumn) return scope === 'none' ? sql`false` : undefined;
  const access = ctx.access;
  const me = ctx.actor.userId ?? '00000000-0000-0000-0000-000000000000';
  const byRule =
    scope === 'none'
      ? null
      : scope === 'own'
        ? sql`${ownerColumn} = ${me}::uuid`
        : sql`${ownerColumn} = any(${uuidArray(access.teamUserIds)})`;
  const shared =
    table.id && (action === 'read' || action === 'edit') && access.sharedObjects.includes(object)
      ? sql`${table.id} in (select s.record_id from record_shares s where s.workspace_id = ${ctx.workspace.id}::uuid and s.object = ${object} and (s.user_id = ${me}::uuid or s.team_id = any(${uuidArray(access.shareTeamIds)}))${action === 'edit' ? sql` and s.access = 'edit'` : sql``})`
      : null;
  if (byRule && shared) return sql`(${byRule} or ${shared})`;
  return byRule ?? shared ?? sql`false`;
}

/**
 * May the caller do `action` on `object` — at all, or on this record (by its owner; records shared
 * with the caller count through `shared`). Pure: no query.
 */
export function can(
  ctx: Ctx,
  action: AccessAction,
  object: AccessObject,
  record?: { ownerId: string | null; shared?: boolean },
): boolean {
  const scope = scopeOf(ctx, action, object);
  if (!record) return scope !== 'none';
  if (scope === 'all') return true;
  if (record.shared && (action === 'read' || action === 'edit')) return true;
  if (scope === 'none' || !ctx.access) return scope !== 'none';
  if (!record.ownerId) return false;
  if (scope === 'own') return record.ownerId === ctx.actor.userId;
  return ctx.access.teamUserIds.includes(record.ownerId);
}

/** Throws 403 (translated) unless the caller may do `action` on `object` (on this record). */
export function requireCan(
  ctx: Ctx,
  action: AccessAction,
  object: AccessObject,
  record?: { ownerId: string | null; shared?: boolean },
): void {
  if (!can(ctx, action, object, record)) {
    throw new AppError('forbidden', {}, [
      { path: object, message: `access:errors.forbidden_${action}` },
    ]);
  }
}

/** The new owner of a record must be within the caller's create/assign scope. */
export function requireOwnerInScope(
  ctx: Ctx,
  action: AccessAction,
  object: AccessObject,
  ownerId: string | null,
): void {
  if (SCOPE_RANK[scopeOf(ctx, action, object)] >= SCOPE_RANK.all) return;
  if (!can(ctx, action, object, { ownerId })) {
    throw new AppError('forbidden', {}, [
      { path: 'ownerId', message: 'access:errors.owner_out_of_scope' },
    ]);
  }
}

/** Only administrators (roles, teams, security, the audit log). */
export function requireAdmin(ctx: Ctx): void {
  if (ctx.access && !ctx.access.isAdmin) throw new AppError('forbidden');
}

/** `hidden` / `read_only` per field of an object for the caller; fields not listed are editable. */
export function fieldRules(ctx: Ctx, object: AccessObject): Record<string, 'hidden' | 'read_only'> {
  if (!ctx.access || ctx.access.isAdmin) return {};
  return ctx.access.fieldPermissions[object] ?? {};
}

/** Fields (`name` or `custom.key`) the caller may not see. */
export function hiddenFields(ctx: Ctx, object: AccessObject): string[] {
  return Object.entries(fieldRules(ctx, object))
    .filter(([, rule]) => rule === 'hidden')
    .map(([field]) => field);
}

/** Is this field (`name` or `custom.key`) visible to the caller? */
export function visibleField(ctx: Ctx, object: AccessObject, field: string): boolean {
  return fieldRules(ctx, object)[field] !== 'hidden';
}

/** Removes hidden fields (`custom.x` inside `custom`) from one record shaped for the API. */
export function redact<T>(ctx: Ctx, object: AccessObject, record: T): T {
  const hidden = hiddenFields(ctx, object);
  if (hidden.length === 0 || !record || typeof record !== 'object') return record;
  const hiddenCustom = new Set(
    hidden.filter((f) => f.startsWith('custom.')).map((f) => f.slice(7)),
  );
  const out = Object.fromEntries(
    Object.entries(record as Record<string, unknown>).filter(([key]) => !hidden.includes(key)),
  );
  if (hiddenCustom.size && out.custom && typeof out.custom === 'object')
    out.custom = Object.fromEntries(
      Object.entries(out.custom as Record<string, unknown>).filter(([k]) => !hiddenCustom.has(k)),
    );
  return out as T;
}

/** Refuses writes to fields the caller may not edit (hidden or read-only), naming each field. */
export function requireEditableFields(
  ctx: Ctx,
  object: AccessObject,
  input: Record<string, unknown>,
): void {
  const rules = fieldRules(ctx, object);
  if (Object.keys(rules).length === 0) return;
  const problems = [];
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined) continue;
    if (key === 'custom' && value && typeof value === 'object') {
      for (const customKey of Object.keys(value)) {
        if (rules[`custom.${customKey}`])
          problems.push({ path: `custom.${customKey}`, message: 'access:errors.field_read_only' });
      }
    } else if (rules[key]) problems.push({ path: key, message: 'access:errors.field_read_only' });
  }
  if (problems.length) throw new AppError('forbidden', {}, problems);
}

/** List queries may not filter or sort on hidden fields: a clear 400 names the parameter. */
export function requireVisibleListParams(
  ctx: Ctx,
  object: AccessObject,
  query: Record<string, unknown>,
): void {
  const hidden = new Set(hiddenFields(ctx, object));
  if (hidden.size === 0) return;
  const problems = [];
  for (const key of Object.keys(query)) {
    const match = /^filter\[([A-Za-z0-9_.]+)\]/.exec(key);
    if (match?.[1] && hidden.has(match[1]))
      problems.push({
        path: key,
        message: 'access:errors.field_hidden',
        params: { field: match[1] },
      });
  }
  const sort = typeof query.sort === 'string' ? query.sort.replace(/^[-+]/, '') : null;
  if (sort && hidden.has(sort))
    problems.push({ path: 'sort', message: 'access:errors.field_hidden', params: { field: sort } });
  if (problems.length) throw new AppError('validation_failed', {}, problems);
}
