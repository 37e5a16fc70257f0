/**
 * SQL of imports. Bulk writes pass a whole batch as ONE jsonb parameter and expand it with
 * `jsonb_to_recordset`: the same statement on PGlite and PostgreSQL, no parameter limit, and the
 * server parses the batch in C. On PostgreSQL, the new rows of a batch (records, contact points,
 * audit rows, notes) go in by `COPY … FROM STDIN` on the batch's own transaction instead
 * (`copyInsert`): same columns, same values, less work per row for the server.
 */
import { finished } from 'node:stream/promises';
import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { queryRows } from '../db/connection.js';
import { users } from '../db/schema.js';
import type { Ctx } from '../platform/context.js';
import { scopeCondition, scopeOf, scopeTo } from '../platform/permissions.js';
import { recordTables } from '../records/tables.js';
import type { ImportObject } from '../../common/imports.js';
import { products } from '../catalog/tables.js';
import { refreshFunnelColumns } from '../deals/repository.js';
import {
  exportJobs,
  importCreated,
  importErrors,
  importItems,
  importMappings,
  imports,
} from './tables.js';

export type ImportRow = typeof imports.$inferSelect;

export interface Column {
  /** key in the row objects */
  key: string;
  /** SQL column name */
  name: string;
  /** SQL type for jsonb_to_recordset */
  type: string;
}

function recordsetSpec(columns: readonly Column[]): SQL {
  return sql.raw(columns.map((c) => `"${c.key}" ${c.type}`).join(', '));
}

/** INSERT … SELECT FROM jsonb_to_recordset($1): one statement per batch and table. */
export async function bulkInsert(
  ctx: Ctx,
  table: string,
  columns: readonly Column[],
  rows: readonly Record<string, unknown>[],
  suffix: SQL = sql``,
): Promise<void> {
  if (rows.length === 0) return;
  const names = sql.raw(['workspace_id', ...columns.map((c) => c.name)].join(', '));
  const values = sql.raw(columns.map((c) => `x."${c.key}"`).join(', '));
  await ctx.db.execute(
    sql`insert into ${sql.identifier(table)} (${names})
        select ${ctx.workspace.id}::uuid, ${values}
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(${recordsetSpec(columns)}) ${suffix}`,
  );
}

/** One field in COPY text format (`\\N` is NULL). */
function copyText(value: string): string {
  return /[\\\t\n\r]/.test(value)
    ? value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
    : value;
}

/** A value as `jsonb_to_recordset` would read it for a column of `type`, in COPY text format. */
function copyField(value: unknown, type: string): string {
  if (value === null || value === undefined) return '\\N';
  if (type === 'jsonb') return copyText(JSON.stringify(value));
  if (type === 'text[]') return copyText(`{${(value as string[]).map(pgQuote).join(',')}}`);
  return copyText(typeof value === 'string' ? value : JSON.stringify(value));
}

/**
 * The PostgreSQL connection of the open transaction `ctx.db`, or null (PGlite, or not in a
 * transaction). Drizzle keeps it as the session's client; a pool there means no transaction.
 */
function transactionClient(ctx: Ctx): PoolClient | null {
  if (ctx.database.engine !== 'postgres') return null;
  const client = (ctx.db as unknown as { session?: { client?: Partial<PoolClient> } }).session
    ?.client;
  if (!client || (client as unknown) === ctx.database.pool) return null;
  return typeof client.release === 'function' ? (client as PoolClient) : null;
}

/**
 * Inserts new rows like `bulkInsert` (same columns and values), by COPY on PostgreSQL inside
 * the caller's transaction; by `bulkInsert` on PGlite. For rows that cannot conflict only.
 */
export async function copyInsert(
  ctx: Ctx,
  table: string,
  columns: readonly Column[],
  rows: readonly Record<string, unknown>[],
): Promise<void> {
  if (rows.length === 0) return;
  const client = transactionClient(ctx);
  if (!client) return bulkInsert(ctx, table, columns, rows);
  const workspace = ctx.workspace.id;
  let body = '';
  for (const row of rows) {
    let line = workspace;
    for (const c of columns) line += '\t' + copyField(row[c.key], c.type);
    body += line + '\n';
  }
  const names = ['workspace_id', ...columns.map((c) => c.name)].join(', ');
  const stream = client.query(copyFrom(`COPY ${table} (${names}) FROM STDIN`));
  stream.end(body);
  await finished(stream);
}

/** UPDATE … FROM jsonb_to_recordset($1) by id; bumps version and updated_at. */
export async function bulkUpdate(
  ctx: Ctx,
  table: ImportObject,
  columns: readonly Column[],
  rows: readonly Record<string, unknown>[],
): Promise<void> {
  if (rows.length === 0) return;
  const sets = sql.raw(columns.map((c) => `${c.name} = x."${c.key}"`).join(', '));
  const spec = recordsetSpec([{ key: 'id', name: 'id', type: 'uuid' }, ...columns]);
  await ctx.db.execute(
    sql`update ${sql.identifier(table)} t set ${sets}, version = t.version + 1, updated_at = now(),
          updated_by = ${ctx.actor.userId}
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(${spec})
        where t.workspace_id = ${ctx.workspace.id} and t.id = x.id`,
  );
}

/** The imported objects with owners and contact points (the catalog has neither). */
type PersonObject = Exclude<ImportObject, 'products'>;

/** The table of an imported object. */
const importTables = { ...recordTables, products } as const;

/** Live, visible records of `object` whose contact point of `kind` is one of `values`. */
export async function matchContactPoints(
  ctx: Ctx,
  object: PersonObject,
  kind: 'email' | 'phone',
  values: string[],
): Promise<{ value: string; id: string }[]> {
  if (values.length === 0) return [];
  const t = recordTables[object];
  return queryRows(
    ctx.db,
    sql`select cp.value, cp.record_id as id from contact_points cp
        join ${t} on ${t.workspaceId} = cp.workspace_id and ${t.id} = cp.record_id
        where cp.workspace_id = ${ctx.workspace.id} and cp.record_type = ${object}
          and cp.kind = ${kind} and cp.value = any(${sql`${`{${values.map(pgQuote).join(',')}}`}::text[]`})
          and ${t.deletedAt} is null and ${scopeTo(ctx, t)}`,
  );
}

export async function matchVatIds(ctx: Ctx, values: string[]) {
  if (values.length === 0) return [];
  const t = recordTables.companies;
  return queryRows<{ value: string; id: string }>(
    ctx.db,
    sql`select vat_id as value, id from companies
        where ${scopeTo(ctx, t)} and deleted_at is null
          and vat_id = any(${`{${values.map(pgQuote).join(',')}}`}::text[])`,
  );
}

/** Live products by code (case-insensitive, as codes are unique); `value` is the lower-case code. */
export async function matchSkus(ctx: Ctx, values: string[]) {
  if (values.length === 0) return [];
  return queryRows<{ value: string; id: string }>(
    ctx.db,
    sql`select lower(sku) as value, id from products
        where workspace_id = ${ctx.workspace.id} and deleted_at is null
          and lower(sku) = any(${`{${values.map(pgQuote).join(',')}}`}::text[])`,
  );
}

export async function matchExternalIds(ctx: Ctx, object: ImportObject, values: string[]) {
  if (values.length === 0) return [];
  const t = importTables[object];
  return queryRows<{ value: string; id: string }>(
    ctx.db,
    sql`select e.external_id as value, e.record_id as id from external_ids e
        join ${t} on ${t.workspaceId} = e.workspace_id and ${t.id} = e.record_id
        where e.workspace_id = ${ctx.workspace.id} and e.object = ${object}
          and e.external_id = any(${`{${values.map(pgQuote).join(',')}}`}::text[])
          and ${t.deletedAt} is null`,
  );
}

/** Of these records, the ones the caller may edit (an import updating matches acts as them). */
export async function editableIds(ctx: Ctx, object: ImportObject, ids: string[]) {
  if (ids.length === 0 || scopeOf(ctx, 'edit', object) === 'all') return new Set(ids);
  // The catalog has no owners: whoever may edit products may edit every one.
  if (object === 'products') return new Set(scopeOf(ctx, 'edit', object) === 'none' ? [] : ids);
  const t = recordTables[object];
  const rows = await ctx.db
    .select({ id: t.id })
    .from(t)
    .where(
      and(
        eq(t.workspaceId, ctx.workspace.id),
        inArray(t.id, ids),
        scopeCondition(ctx, 'edit', object, t),
      ),
    );
  return new Set(rows.map((r) => r.id));
}

/** Live companies by case-insensitive name. */
export async function companiesByName(ctx: Ctx, names: string[]) {
  if (names.length === 0) return [];
  return queryRows<{ id: string; key: string }>(
    ctx.db,
    sql`select distinct on (lower(name)) id, lower(name) as key from companies
        where ${scopeTo(ctx, recordTables.companies)} and deleted_at is null
          and lower(name) = any(${`{${names.map(pgQuote).join(',')}}`}::text[])
        order by lower(name), created_at`,
  );
}

/** A text[] literal element. */
export function pgQuote(value: string): string {
  return `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

export async function fullRows(ctx: Ctx, object: ImportObject, ids: string[]) {
  if (ids.length === 0) return [];
  if (object === 'products')
    return (await ctx.db
      .select()
      .from(products)
      .where(and(eq(products.workspaceId, ctx.workspace.id), inArray(products.id, ids)))) as Record<
      string,
      unknown
    >[];
  const t = recordTables[object] as (typeof recordTables)['contacts'];
  return (await ctx.db
    .select()
    .from(t)
    .where(and(scopeTo(ctx, t), inArray(t.id, ids)))) as Record<string, unknown>[];
}

/**
 * Users of the workspace with their e-mail: every one for the owners in exports, the active
 * ones for owners an import may assign.
 */
export async function userEmails(ctx: Ctx, options: { activeOnly: boolean }) {
  return ctx.db
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(
      and(
        eq(users.workspaceId, ctx.workspace.id),
        options.activeOnly ? eq(users.active, true) : undefined,
      ),
    );
}

export async function deleteContactPoints(ctx: Ctx, object: ImportObject, ids: string[]) {
  if (ids.length === 0) return;
  await ctx.db.execute(
    sql`delete from contact_points where workspace_id = ${ctx.workspace.id}
        and record_type = ${object} and record_id = any(${`{${ids.join(',')}}`}::uuid[])`,
  );
}

// ---- imports table -------------------------------------------------------------------------

export async function insertImport(
  ctx: Ctx,
  values: Omit<typeof imports.$inferInsert, 'workspaceId'>,
) {
  await ctx.db.insert(imports).values({ ...values, workspaceId: ctx.workspace.id });
}

export async function findImport(ctx: Ctx, id: string, lock = false): Promise<ImportRow | null> {
  const query = ctx.db
    .select()
    .from(imports)
    .where(and(eq(imports.workspaceId, ctx.workspace.id), eq(imports.id, id)));
  const [row] = lock ? await query.for('update') : await query;
  return row ?? null;
}

export async function listImports(ctx: Ctx, limit = 50): Promise<ImportRow[]> {
  return ctx.db
    .select()
    .from(imports)
    .where(eq(imports.workspaceId, ctx.workspace.id))
    .orderBy(desc(imports.createdAt))
    .limit(limit);
}

export async function updateImport(
  ctx: Ctx,
  id: string,
  values: Partial<typeof imports.$inferInsert>,
): Promise<void> {
  await ctx.db
    .update(imports)
    .set({ ...values, updatedAt: sql`now()` })
    .where(and(eq(imports.workspaceId, ctx.workspace.id), eq(imports.id, id)));
}

/** Adds a batch's counts and moves the checkpoint (same transaction as the batch's rows). */
export async function advanceCheckpoint(
  ctx: Ctx,
  id: string,
  rowsDone: number,
  bytesDone: number,
  counts: { created: number; updated: number; skipped: number; failed: number },
): Promise<void> {
  await ctx.db
    .update(imports)
    .set({
      rowsDone,
      bytesDone,
      created: sql`${imports.created} + ${counts.created}`,
      updated: sql`${imports.updated} + ${counts.updated}`,
      skipped: sql`${imports.skipped} + ${counts.skipped}`,
      failed: sql`${imports.failed} + ${counts.failed}`,
      heartbeatAt: sql`now()`,
      updatedAt: sql`now()`,
    })
    .where(and(eq(imports.workspaceId, ctx.workspace.id), eq(imports.id, id)));
}

export async function insertErrors(
  ctx: Ctx,
  importId: string,
  errors: { rowIndex: number; line: number; row: string[]; reason: string }[],
) {
  if (errors.length === 0) return;
  await ctx.db
    .insert(importErrors)
    .values(errors.map((e) => ({ ...e, importId, workspaceId: ctx.workspace.id })))
    .onConflictDoNothing();
}

export async function errorsPage(ctx: Ctx, importId: string, after: number, limit: number) {
  return ctx.db
    .select()
    .from(importErrors)
    .where(
      and(
        eq(importErrors.workspaceId, ctx.workspace.id),
        eq(importErrors.importId, importId),
        sql`${importErrors.rowIndex} > ${after}`,
      ),
    )
    .orderBy(importErrors.rowIndex)
    .limit(limit);
}

export async function insertCreated(
  ctx: Ctx,
  importId: string,
  seq: number,
  object: string,
  ids: string[],
) {
  if (ids.length === 0) return;
  await ctx.db
    .insert(importCreated)
    .values({ workspaceId: ctx.workspace.id, importId, seq, object, ids })
    .onConflictDoNothing();
}

export async function createdPage(ctx: Ctx, importId: string, limit: number) {
  return ctx.db
    .select()
    .from(importCreated)
    .where(
      and(eq(importCreated.workspaceId, ctx.workspace.id), eq(importCreated.importId, importId)),
    )
    .limit(limit);
}

export async function deleteCreated(ctx: Ctx, importId: string, seq: number, object: string) {
  await ctx.db
    .delete(importCreated)
    .where(
      and(
        eq(importCreated.workspaceId, ctx.workspace.id),
        eq(importCreated.importId, importId),
        eq(importCreated.seq, seq),
        eq(importCreated.object, object),
      ),
    );
}

/** Commits of import batches need not wait for the disk: a batch lost in a crash is lost with
 * its checkpoint (same transaction) and written again on resume. */
export async function relaxCommit(ctx: Ctx) {
  await ctx.db.execute(sql`set local synchronous_commit = off`);
}

export async function itemsPage(
  ctx: Ctx,
  importId: string,
  action: 'created' | 'updated',
  limit: number,
) {
  return ctx.db
    .select()
    .from(importItems)
    .where(
      and(
        eq(importItems.workspaceId, ctx.workspace.id),
        eq(importItems.importId, importId),
        eq(importItems.action, action),
      ),
    )
    .limit(limit);
}

export async function deleteItems(ctx: Ctx, importId: string, object: string, ids: string[]) {
  if (ids.length === 0) return;
  await ctx.db
    .delete(importItems)
    .where(
      and(
        eq(importItems.workspaceId, ctx.workspace.id),
        eq(importItems.importId, importId),
        eq(importItems.object, object),
        inArray(importItems.recordId, ids),
      ),
    );
}

/** Removes records an import created, with their contact points, external ids and notes. */
export async function hardDelete(ctx: Ctx, object: ImportObject, ids: string[]) {
  if (ids.length === 0) return;
  const list = sql`${`{${ids.join(',')}}`}::uuid[]`;
  const ws = ctx.workspace.id;
  if (object === 'products') {
    // Deal lines, documents and price lists may point at them by now: products are deleted the
    // way the app deletes them (soft), which frees their codes.
    await ctx.db.execute(
      sql`delete from external_ids where workspace_id = ${ws} and object = 'products' and record_id = any(${list})`,
    );
    await ctx.db.execute(
      sql`update products set deleted_at = now(), updated_at = now(), version = version + 1
          where workspace_id = ${ws} and id = any(${list}) and deleted_at is null`,
    );
    return;
  }
  await ctx.db.execute(
    sql`delete from contact_points where workspace_id = ${ws} and record_type = ${object} and record_id = any(${list})`,
  );
  await ctx.db.execute(
    sql`delete from external_ids where workspace_id = ${ws} and object = ${object} and record_id = any(${list})`,
  );
  await ctx.db.execute(
    sql`delete from activities where workspace_id = ${ws} and record_type = ${object} and record_id = any(${list})`,
  );
  if (object === 'deals')
    await ctx.db.execute(
      sql`delete from deal_stage_history where workspace_id = ${ws} and deal_id = any(${list})`,
    );
  if (object === 'companies') {
    await ctx.db.execute(
      sql`update contacts set company_id = null where workspace_id = ${ws} and company_id = any(${list})`,
    );
  }
  await ctx.db.execute(
    sql`delete from ${sql.identifier(object)} where workspace_id = ${ws} and id = any(${list})`,
  );
}

export async function findMapping(ctx: Ctx, object: string, shapeKey: string) {
  const [row] = await ctx.db
    .select()
    .from(importMappings)
    .where(
      and(
        eq(importMappings.workspaceId, ctx.workspace.id),
        eq(importMappings.object, object),
        eq(importMappings.shapeKey, shapeKey),
      ),
    );
  return row ?? null;
}

export async function saveMapping(
  ctx: Ctx,
  object: string,
  shapeKey: string,
  mapping: unknown,
  options: unknown,
) {
  await ctx.db
    .insert(importMappings)
    .values({ workspaceId: ctx.workspace.id, object, shapeKey, mapping, options })
    .onConflictDoUpdate({
      target: [importMappings.workspaceId, importMappings.object, importMappings.shapeKey],
      set: { mapping, options, updatedAt: sql`now()` },
    });
}

/** Imports left running by a process that died (no checkpoint for a while). */
export async function staleRunning(database: Ctx['db'], seconds: number) {
  return queryRows<{ workspace_id: string; id: string; created_by: string | null }>(
    database,
    sql`select workspace_id, id, created_by from imports where status = 'running'
        and coalesce(heartbeat_at, started_at, updated_at) < now() - make_interval(secs => ${seconds})`,
  );
}

/** Marks a stale import as taken (so a second check does not queue it again at once). */
export async function touchHeartbeat(database: Ctx['db'], workspaceId: string, id: string) {
  await database
    .update(imports)
    .set({ heartbeatAt: sql`now()` })
    .where(and(eq(imports.workspaceId, workspaceId), eq(imports.id, id)));
}

// ---- exports prepared in the background ----------------------------------------------------

export type ExportJobRow = typeof exportJobs.$inferSelect;

export async function insertExportJob(
  ctx: Ctx,
  values: Omit<typeof exportJobs.$inferInsert, 'workspaceId'>,
): Promise<void> {
  await ctx.db.insert(exportJobs).values({ ...values, workspaceId: ctx.workspace.id });
}

/** One of the caller's own exports (nobody else's: the file holds what they may see). */
export async function findExportJob(ctx: Ctx, id: string): Promise<ExportJobRow | null> {
  const [row] = await ctx.db
    .select()
    .from(exportJobs)
    .where(
      and(
        eq(exportJobs.workspaceId, ctx.workspace.id),
        eq(exportJobs.id, id),
        eq(exportJobs.createdBy, ctx.actor.userId ?? ''),
      ),
    );
  return row ?? null;
}

export async function updateExportJob(
  ctx: Ctx,
  id: string,
  values: Partial<Omit<ExportJobRow, 'workspaceId' | 'id'>>,
): Promise<void> {
  await ctx.db
    .update(exportJobs)
    .set(values)
    .where(and(eq(exportJobs.workspaceId, ctx.workspace.id), eq(exportJobs.id, id)));
}

/** Removes the workspace's exports older than `days` and returns their files. */
export async function deleteOldExportJobs(ctx: Ctx, days: number): Promise<string[]> {
  const rows = await ctx.db
    .delete(exportJobs)
    .where(
      and(
        eq(exportJobs.workspaceId, ctx.workspace.id),
        sql`${exportJobs.createdAt} < now() - make_interval(days => ${days})`,
      ),
    )
    .returning({ filePath: exportJobs.filePath });
  return rows.flatMap((r) => (r.filePath ? [r.filePath] : []));
}

// ---- deals -----------------------------------------------------------------------------------

/** Live, visible contacts by case-insensitive full name ("first last"); the oldest per name. */
export async function contactsByName(ctx: Ctx, names: string[]) {
  if (names.length === 0) return [];
  const full = sql`lower(trim(first_name || ' ' || last_name))`;
  return queryRows<{ id: string; key: string }>(
    ctx.db,
    sql`select distinct on (${full}) id, ${full} as key from contacts
        where ${scopeTo(ctx, recordTables.contacts)} and deleted_at is null
          and ${full} = any(${`{${names.map(pgQuote).join(',')}}`}::text[])
        order by ${full}, created_at`,
  );
}

export interface StageMove {
  id: string;
  dealId: string;
  pipelineId: string;
  fromStageId: string | null;
  toStageId: string;
  actorId: string | null;
  ownerId: string | null;
  amount: number;
  currency: string;
  /** The deal changed pipelines (its pipeline time starts again). */
  pipelineChanged: boolean;
}

const HISTORY_COLUMNS: Column[] = [
  { key: 'id', name: 'id', type: 'uuid' },
  { key: 'dealId', name: 'deal_id', type: 'uuid' },
  { key: 'pipelineId', name: 'pipeline_id', type: 'uuid' },
  { key: 'fromStageId', name: 'from_stage_id', type: 'uuid' },
  { key: 'toStageId', name: 'to_stage_id', type: 'uuid' },
  { key: 'actorId', name: 'actor_id', type: 'uuid' },
  { key: 'ownerId', name: 'owner_id', type: 'uuid' },
  { key: 'amount', name: 'amount', type: 'bigint' },
  { key: 'currency', name: 'currency', type: 'text' },
];

/**
 * Deals entering a stage, in bulk, as a move in the app records it: the open stay ends, a new
 * one starts, the deal's stage (and pipeline) time restarts, its funnel columns follow.
 */
export async function recordStageMoves(ctx: Ctx, moves: StageMove[]): Promise<void> {
  if (moves.length === 0) return;
  const ids = sql`${`{${moves.map((m) => m.dealId).join(',')}}`}::uuid[]`;
  const ws = ctx.workspace.id;
  await ctx.db.execute(
    sql`update deal_stage_history set left_at = now()
        where workspace_id = ${ws} and deal_id = any(${ids}) and left_at is null`,
  );
  await bulkInsert(
    ctx,
    'deal_stage_history',
    HISTORY_COLUMNS,
    moves as unknown as Record<string, unknown>[],
  );
  const changed = moves.filter((m) => m.pipelineChanged).map((m) => m.dealId);
  await ctx.db.execute(
    sql`update deals set stage_entered_at = now(),
          pipeline_entered_at = case when id = any(${`{${changed.join(',')}}`}::uuid[])
            then now() else pipeline_entered_at end
        where workspace_id = ${ws} and id = any(${ids})`,
  );
  await refreshFunnelColumns(
    ctx,
    moves.map((m) => m.dealId),
  );
}

/**
 * Exports a dead process left queued or running (their job expired without an answer) are
 * marked failed, so the user sees it and starts another.
 */
export async function failInterruptedExports(database: Ctx['db'], seconds: number) {
  const rows = await queryRows<{ id: string }>(
    database,
    sql`update exports set status = 'failed', error = 'interrupted', finished_at = now()
        where status in ('queued', 'running')
          and created_at < now() - make_interval(secs => ${seconds})
        returning id`,
  );
  return rows.length;
}
