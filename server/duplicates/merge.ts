/**
 * Possible duplicates across the existing data and their merge (issue 10, R3).
 *
 * Pairs come from the same normalized email or phone (contact_points), the same VAT id, or the
 * same name in any script (search normalization, word order ignored) among the most recent
 * records. A merge keeps the chosen values on the primary record, moves everything that points
 * at the duplicate (activities, history, contact points, deals, documents, calls, tasks — every
 * table with a reference column to the object, found in the schema), deletes the duplicate and
 * writes both steps to the audit log, all in one transaction.
 */
import { sql } from 'drizzle-orm';
import type { ImportObject as AnyImportObject } from '../../common/imports.js';

/** Records a merge joins: the ones with owners and contact points (not the catalog). */
type ImportObject = Exclude<AnyImportObject, 'products' | 'deals'>;
import { normalizeText } from '../../common/search/normalize.js';
import { queryRows } from '../db/connection.js';
import { fieldsOf } from '../fields/service.js';
import { SPECS } from '../imports/engine.js';
import * as importRepo from '../imports/repository.js';
import { diffFields, recordAudit, type Changes } from '../platform/audit.js';
import { inTransaction, type Ctx } from '../platform/context.js';
import { AppError } from '../platform/errors.js';
import { normalizePhone } from '../../common/phone.js';
import { requireCan, scopeTo } from '../platform/permissions.js';
import { recordTables } from '../records/tables.js';

export type Reason = 'email' | 'phone' | 'vat_id' | 'name';
export interface DuplicatePair {
  a: string;
  b: string;
  reasons: Reason[];
}

const NAME_WINDOW = 5_000;

function nameExpr(object: ImportObject) {
  return object === 'contacts'
    ? sql`trim(first_name || ' ' || last_name)`
    : object === 'companies'
      ? sql`name`
      : sql`coalesce(nullif(name, ''), company_name, '')`;
}

/** Pairs of live, visible records that may be the same customer (at most `limit`). */
export async function duplicatePairs(
  ctx: Ctx,
  object: ImportObject,
  limit = 100,
): Promise<DuplicatePair[]> {
  const t = recordTables[object];
  const pairs = new Map<string, DuplicatePair>();
  const add = (a: string, b: string, reason: Reason) => {
    const [x, y] = a < b ? [a, b] : [b, a];
    const key = `${x}|${y}`;
    const pair = pairs.get(key) ?? { a: x, b: y, reasons: [] };
    if (!pair.reasons.includes(reason)) pair.reasons.push(reason);
    pairs.set(key, pair);
  };
  const live = sql`exists (select 1 from ${t} where ${scopeTo(ctx, t)} and ${t.deletedAt} is null and ${t.id} = `;
  const points = await queryRows<{ a: string; b: string; kind: 'email' | 'phone' }>(
    ctx.db,
    sql`select p1.record_id as a, p2.record_id as b, p1.kind from contact_points p1
        join contact_points p2 on p2.workspace_id = p1.workspace_id and p2.record_type = p1.record_type
          and p2.kind = p1.kind and p2.value = p1.value and p2.record_id > p1.record_id
        where p1.workspace_id = ${ctx.workspace.id} and p1.record_type = ${object}
          and ${live} p1.record_id) and ${live} p2.record_id)
        limit ${limit * 4}`,
  );
  for (const p of points) add(p.a, p.b, p.kind);
  if (object === 'companies') {
    const vat = await queryRows<{ a: string; b: string }>(
      ctx.db,
      sql`select c1.id as a, c2.id as b from companies c1
          join companies c2 on c2.workspace_id = c1.workspace_id and c2.vat_id = c1.vat_id and c2.id > c1.id
            and c2.deleted_at is null
          where c1.workspace_id = ${ctx.workspace.id} and c1.vat_id is not null and c1.deleted_at is null
          limit ${limit * 2}`,
    );
    for (const v of vat) add(v.a, v.b, 'vat_id');
  }
  // Same name in any script: "Петар Петровић", "Petar Petrović" and "Petrovic Petar".
  const names = await queryRows<{ id: string; name: string }>(
    ctx.db,
    sql`select ${t.id} as id, ${nameExpr(object)} as name from ${t}
        where ${scopeTo(ctx, t)} and ${t.deletedAt} is null
        order by ${t.createdAt} desc limit ${NAME_WINDOW}`,
  );
  const byKey = new Map<string, string[]>();
  for (const n of names) {
    const key = normalizeText(n.name).split(' ').filter(Boolean).sort().join(' ');
    if (key.length < 4 || (!key.includes(' ') && object === 'contacts')) continue;
    byKey.set(key, [...(byKey.get(key) ?? []), n.id]);
  }
  for (const [first, ...rest] of byKey.values())
    if (first !== undefined) for (const other of rest.slice(0, 9)) add(first, other, 'name');
  const strength = (p: DuplicatePair) =>
    p.reasons.filter((r) => r !== 'name').length * 2 + p.reasons.length;
  return [...pairs.values()].sort((x, y) => strength(y) - strength(x)).slice(0, limit);
}

/** Fields a merge can choose between, per object. */
export const MERGE_FIELDS: Record<ImportObject, readonly string[]> = {
  contacts: [
    'firstName',
    'lastName',
    'jobTitle',
    'emails',
    'phones',
    'addresses',
    'birthday',
    'companyId',
    'ownerId',
    'tags',
    'custom',
  ],
  companies: [
    'name',
    'legalName',
    'vatId',
    'registrationNumber',
    'emails',
    'phones',
    'addresses',
    'website',
    'industry',
    'ownerId',
    'tags',
    'custom',
  ],
  leads: [
    'name',
    'companyName',
    'email',
    'phone',
    'source',
    'message',
    'utmSource',
    'utmMedium',
    'utmCampaign',
    'ownerId',
    'tags',
    'custom',
  ],
};

const UNION = new Set(['emails', 'phones', 'tags']);
const isEmpty = (v: unknown) =>
  v === null ||
  v === undefined ||
  v === '' ||
  (Array.isArray(v) && v.length === 0) ||
  (typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0);

/** The merged values: the chosen side per field; lists are united unless a side is chosen. */
export function mergeValues(
  object: ImportObject,
  primary: Record<string, unknown>,
  duplicate: Record<string, unknown>,
  choices: Record<string, 'primary' | 'duplicate'>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of MERGE_FIELDS[object]) {
    const choice = choices[field];
    if (choice === 'duplicate') out[field] = duplicate[field];
    else if (choice === 'primary') out[field] = primary[field];
    else if (UNION.has(field)) {
      const a = (primary[field] ?? []) as unknown[];
      const b = (duplicate[field] ?? []) as unknown[];
      const key = (v: unknown) =>
        typeof v === 'object' && v ? (v as { value: string }).value : String(v);
      out[field] = [...a, ...b.filter((x) => !a.some((y) => key(y) === key(x)))];
    } else if (field === 'custom') {
      out[field] = { ...(duplicate.custom as object), ...(primary.custom as object) };
    } else out[field] = isEmpty(primary[field]) ? duplicate[field] : primary[field];
  }
  return out;
}

/** Tables that point at records of `object` through a column like contact_id (found in the schema). */
async function referencingColumns(ctx: Ctx, object: ImportObject) {
  const singular = { contacts: 'contact', companies: 'company', leads: 'lead' }[object];
  return queryRows<{ table_name: string; column_name: string }>(
    ctx.db,
    sql`select c.table_name, c.column_name from information_schema.columns c
        join information_schema.columns w on w.table_schema = c.table_schema
          and w.table_name = c.table_name and w.column_name = 'workspace_id'
        join information_schema.tables tb on tb.table_schema = c.table_schema
          and tb.table_name = c.table_name and tb.table_type = 'BASE TABLE'
        where c.table_schema = current_schema() and c.data_type = 'uuid'
          and (c.column_name = ${`${singular}_id`} or c.column_name like ${`%\\_${singular}\\_id`}
               or (${object === 'companies'} and c.column_name = 'parent_id' and c.table_name = 'companies'))
          and c.table_name not like 'import%'`,
  );
}

/** Tables with a (record_type, record_id) pair: activities, tasks, contact points, … */
async function polymorphicTables(ctx: Ctx) {
  const rows = await queryRows<{ table_name: string }>(
    ctx.db,
    sql`select t.table_name from information_schema.columns t
        join information_schema.columns r on r.table_schema = t.table_schema
          and r.table_name = t.table_name and r.column_name = 'record_id'
        join information_schema.tables tb on tb.table_schema = t.table_schema
          and tb.table_name = t.table_name and tb.table_type = 'BASE TABLE'
        where t.table_schema = current_schema() and t.column_name = 'record_type'
          and t.table_name not in ('contact_points', 'search_words')`,
  );
  return rows.map((r) => r.table_name);
}

export interface MergeInput {
  primaryId: string;
  duplicateId: string;
  values: Record<string, 'primary' | 'duplicate'>;
}

export async function mergeRecords(ctx: Ctx, object: ImportObject, input: MergeInput) {
  if (input.primaryId === input.duplicateId)
    throw AppError.invalid('duplicateId', 'imports:errors.merge_same');
  const spec = SPECS[object];
  const definitions = await fieldsOf(ctx, object);
  return inTransaction(ctx, async (tx) => {
    const rows = await importRepo.fullRows(tx, object, [input.primaryId, input.duplicateId]);
    const primary = rows.find((r) => r.id === input.primaryId && !r.deletedAt);
    const duplicate = rows.find((r) => r.id === input.duplicateId && !r.deletedAt);
    if (!primary || !duplicate) throw AppError.notFound();
    // Merging edits the kept record and deletes the other: the caller needs both rights on them.
    const owned = (r: Record<string, unknown>) => ({
      ownerId: (r.ownerId as string | null) ?? null,
    });
    requireCan(tx, 'edit', object, owned(primary));
    requireCan(tx, 'delete', object, owned(duplicate));
    const merged = mergeValues(object, primary, duplicate, input.values);
    const after: Record<string, unknown> = { ...primary, ...merged };
    let companyName: string | null = null;
    if (object === 'contacts' && after.companyId) {
      const [company] = await importRepo.fullRows(tx, 'companies', [after.companyId as string]);
      companyName = (company?.name as string | undefined) ?? null;
    }
    after.searchText = spec.searchText(after, companyName, definitions);
    const columns = spec.columns.filter((c) => !['id', 'createdBy', 'updatedBy'].includes(c.key));
    await importRepo.bulkUpdate(tx, object, columns, [
      Object.fromEntries(['id', ...columns.map((c) => c.key)].map((k) => [k, after[k] ?? null])),
    ]);
    const ws = tx.workspace.id;
    const dup = input.duplicateId;
    const keep = input.primaryId;
    // Everything that pointed at the duplicate now points at the kept record.
    for (const ref of await referencingColumns(tx, object)) {
      await tx.db.execute(
        sql`update ${sql.identifier(ref.table_name)} set ${sql.identifier(ref.column_name)} = ${keep}
            where workspace_id = ${ws} and ${sql.identifier(ref.column_name)} = ${dup}`,
      );
    }
    for (const table of await polymorphicTables(tx)) {
      await tx.db.execute(
        sql`update ${sql.identifier(table)} set record_id = ${keep}
            where workspace_id = ${ws} and record_type = ${object} and record_id = ${dup}`,
      );
    }
    // The duplicate's history becomes part of the kept record's timeline.
    await tx.db.execute(
      sql`update audit_events set record_id = ${keep}
          where workspace_id = ${ws} and object = ${object} and record_id = ${dup}`,
    );
    await tx.db.execute(
      sql`update external_ids set record_id = ${keep}
          where workspace_id = ${ws} and object = ${object} and record_id = ${dup}`,
    );
    await importRepo.deleteContactPoints(tx, object, [dup, keep]);
    const emails =
      object === 'leads'
        ? after.email
          ? [after.email as string]
          : []
        : (after.emails as { value: string }[]).map((e) => e.value);
    const phones =
      object === 'leads'
        ? after.phone
          ? [after.phone as string]
          : []
        : (after.phones as { value: string }[]).map((p) => p.value);
    await importRepo.bulkInsert(
      tx,
      'contact_points',
      [
        { key: 'recordType', name: 'record_type', type: 'text' },
        { key: 'recordId', name: 'record_id', type: 'uuid' },
        { key: 'kind', name: 'kind', type: 'text' },
        { key: 'value', name: 'value', type: 'text' },
        { key: 'national', name: 'national', type: 'text' },
      ],
      [
        ...[...new Set(phones)].map((value) => ({
          recordType: object,
          recordId: keep,
          kind: 'phone',
          value,
          national: normalizePhone(value, tx.workspace.country)?.national ?? null,
        })),
        ...[...new Set(emails)].map((value) => ({
          recordType: object,
          recordId: keep,
          kind: 'email',
          value,
          national: null,
        })),
      ],
    );
    await tx.db.execute(
      sql`update ${sql.identifier(object)} set deleted_at = now(), version = version + 1, updated_at = now(),
            updated_by = ${tx.actor.userId}
          where workspace_id = ${ws} and id = ${dup}`,
    );
    const changes: Changes = {
      ...diffFields(primary, after, spec.audited),
      mergedFrom: [null, dup],
    };
    await recordAudit(tx, { action: 'update', object, recordId: keep, changes });
    await recordAudit(tx, {
      action: 'delete',
      object,
      recordId: dup,
      changes: { mergedInto: [null, keep] },
    });
    return keep;
  });
}
