/**
 * One list contract for every collection (issue 3): `q`, `filter[<field>][<op>]=<value>` (also
 * `filter[custom.<key>]`), `sort=<field>|-<field>`, `limit` 1–200, `cursor` (keyset). A
 * collection describes its fields once; this module turns a query string into SQL and back into
 * a `nextCursor`. Bad parameters become `validation_failed` with the parameter named.
 */
import {
  getTableColumns,
  isNotNull,
  isNull,
  sql,
  type AnyColumn,
  type SQL,
  type Table,
} from 'drizzle-orm';
import type { FieldType } from '../../common/records.js';
import { AppError, type ErrorDetail } from '../platform/errors.js';
import { isUuid } from '../platform/ids.js';
import { matchCondition, prepareSearch, relevanceExpression } from '../search/engine.js';

export type ListFieldKind =
  | 'text'
  | 'number'
  | 'date'
  | 'timestamp'
  | 'uuid'
  | 'boolean'
  | 'enum'
  | 'text_array'
  | 'json_array';

export interface ListField {
  expr: SQL | AnyColumn;
  kind: ListFieldKind;
  sortable?: boolean;
  /** Columns that can hold NULL need NULLS LAST handling in keyset pagination. */
  nullable?: boolean;
  /** Allowed values of an enum. */
  values?: readonly string[];
  /** For custom fields: the key inside the `custom` jsonb column (enables GIN containment). */
  customKey?: string;
  customColumn?: AnyColumn;
}

export type ListFields = Record<string, ListField>;

export const FILTER_OPS = [
  'eq',
  'ne',
  'gt',
  'gte',
  'lt',
  'lte',
  'in',
  'nin',
  'contains',
  'empty',
] as const;
export type FilterOp = (typeof FILTER_OPS)[number];

export interface ListFilter {
  field: string;
  op: FilterOp;
  values: string[];
}

export interface ListParams {
  q: string | null;
  sort: { field: string; direction: 'asc' | 'desc' };
  limit: number;
  cursor: { value: string | number | null; id: string } | null;
  filters: ListFilter[];
  /** Show soft-deleted records instead of live ones (the "deleted" view). */
  deleted: boolean;
  /** Fields to return; empty = all. */
  fields: string[];
  /** Searched (`q`) without an explicit `sort`: best matches first, then the newest. */
  relevance?: boolean;
  /** Match `q` with small typos instead (see `withTypoFallback`). */
  fuzzy?: boolean;
}

const FILTER_KEY = /^filter\[([A-Za-z0-9_.]+)\](?:\[([a-z]+)\])?$/;
const MAX_LIMIT = 200;

export interface ListDefaults {
  sort: string;
  limit?: number;
}

/** Parses and validates the list query string against the collection's fields. */
export function parseListQuery(
  query: Record<string, unknown>,
  fields: ListFields,
  defaults: ListDefaults,
  currentUserId: string | null,
): ListParams {
  const problems: ErrorDetail[] = [];
  const text = (key: string): string | null => {
    const value = query[key];
    if (value === undefined) return null;
    if (typeof value !== 'string') {
      problems.push({ path: key, message: 'field.invalid_type', params: { expected: 'string' } });
      return null;
    }
    return value;
  };

  const q = text('q');
  if (q !== null && q.length > 500) {
    problems.push({ path: 'q', message: 'field.too_big', params: { maximum: 500 } });
  }

  const sortRaw = text('sort') ?? defaults.sort;
  const direction = sortRaw.startsWith('-') ? 'desc' : 'asc';
  const sortField = sortRaw.replace(/^[-+]/, '');
  if (!fields[sortField]?.sortable) {
    problems.push({ path: 'sort', message: 'list.unknown_sort', params: { field: sortField } });
  }

  const limitRaw = text('limit');
  let limit = defaults.limit ?? 50;
  if (limitRaw !== null) {
    const n = Number(limitRaw);
    if (!Number.isInteger(n) || n < 1 || n > MAX_LIMIT) {
      problems.push({
        path: 'limit',
        message: 'field.out_of_range',
        params: { minimum: 1, maximum: MAX_LIMIT },
      });
    } else limit = n;
  }

  let cursor: ListParams['cursor'] = null;
  const cursorRaw = text('cursor');
  if (cursorRaw) {
    cursor = decodeCursor(cursorRaw);
    if (!cursor) problems.push({ path: 'cursor', message: 'list.invalid_cursor' });
  }

  const deletedRaw = text('deleted');
  const deleted = deletedRaw === 'true' || deletedRaw === '1';

  const fieldsRaw = text('fields');
  const selected = fieldsRaw
    ? fieldsRaw
        .split(',')
        .map((f) => f.trim())
        .filter(Boolean)
    : [];

  const filters: ListFilter[] = [];
  for (const [key, rawValue] of Object.entries(query)) {
    if (['q', 'sort', 'limit', 'cursor', 'deleted', 'fields'].includes(key)) continue;
    const match = FILTER_KEY.exec(key);
    if (!match) {
      problems.push({ path: key, message: 'list.unknown_parameter', params: { name: key } });
      continue;
    }
    const [, name = '', opRaw] = match;
    const field = fields[name];
    if (!field) {
      problems.push({ path: key, message: 'list.unknown_filter', params: { field: name } });
      continue;
    }
    const op = (opRaw ?? 'eq') as FilterOp;
    if (!FILTER_OPS.includes(op)) {
      problems.push({ path: key, message: 'list.unknown_operator', params: { op } });
      continue;
    }
    const raw = Array.isArray(rawValue) ? rawValue.map(String) : [String(rawValue)];
    const values = op === 'in' || op === 'nin' ? raw.flatMap((v) => v.split(',')) : raw;
    const resolved = values.map((v) =>
      field.kind === 'uuid' && v === 'me' ? (currentUserId ?? v) : v,
    );
    const problem = checkFilterValues(field, op, resolved);
    if (problem) {
      problems.push({ path: key, message: problem.message, params: problem.params });
      continue;
    }
    filters.push({ field: name, op, values: resolved });
  }

  if (problems.length) throw new AppError('validation_failed', {}, problems);
  return {
    q: q?.trim() ? q.trim() : null,
    sort: { field: sortField, direction },
    limit,
    cursor,
    filters,
    deleted,
    fields: selected,
    relevance: Boolean(q?.trim()) && query.sort === undefined,
  };
}

function checkFilterValues(
  field: ListField,
  op: FilterOp,
  values: string[],
): { message: string; params?: Record<string, unknown> } | null {
  if (op === 'empty') {
    return values.every((v) => v === 'true' || v === 'false')
      ? null
      : { message: 'field.invalid_boolean' };
  }
  if (
    op === 'contains' &&
    field.kind !== 'text' &&
    field.kind !== 'text_array' &&
    field.kind !== 'json_array'
  ) {
    return { message: 'list.operator_not_allowed', params: { op } };
  }
  if (
    ['gt', 'gte', 'lt', 'lte'].includes(op) &&
    !['number', 'date', 'timestamp', 'text'].includes(field.kind)
  ) {
    return { message: 'list.operator_not_allowed', params: { op } };
  }
  for (const value of values) {
    if (value.length > 500) return { message: 'field.too_big', params: { maximum: 500 } };
    switch (field.kind) {
      case 'number':
        if (value.trim() === '' || !Number.isFinite(Number(value)))
          return { message: 'field.invalid_number' };
        break;
      case 'date':
        if (!isIsoDate(value)) return { message: 'field.invalid_date' };
        break;
      case 'timestamp':
        if (Number.isNaN(Date.parse(value))) return { message: 'field.invalid_date' };
        break;
      case 'uuid':
        if (!isUuid(value)) return { message: 'field.invalid_id' };
        break;
      case 'boolean':
        if (value !== 'true' && value !== 'false') return { message: 'field.invalid_boolean' };
        break;
      case 'enum':
        if (field.values && !field.values.includes(value)) {
          return { message: 'field.invalid_choice', params: { options: field.values.join(', ') } };
        }
        break;
      default:
        break;
    }
  }
  return null;
}

export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(value + 'T00:00:00Z');
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(value);
}

function castFor(kind: ListFieldKind, value: string): SQL {
  switch (kind) {
    case 'number':
      return sql`${value}::numeric`;
    case 'date':
      return sql`${value}::date`;
    case 'timestamp':
      return sql`${value}::timestamptz`;
    case 'uuid':
      return sql`${value}::uuid`;
    case 'boolean':
      return sql`${value}::boolean`;
    default:
      return sql`${value}`;
  }
}

function filterCondition(field: ListField, filter: ListFilter): SQL | undefined {
  const { expr, kind } = field;
  const [first = ''] = filter.values;
  if (filter.op === 'empty') {
    const empty =
      kind === 'text_array'
        ? sql`cardinality(${expr}) = 0`
        : kind === 'json_array'
          ? sql`coalesce(jsonb_array_length(${expr}), 0) = 0`
          : kind === 'text'
            ? sql`coalesce(${expr}, '') = ''`
            : isNull(expr);
    return first === 'true' ? empty : sql`not (${empty})`;
  }
  if (kind === 'text_array') {
    const values = sql`${`{${filter.values.map((v) => `"${v.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`).join(',')}}`}::text[]`;
    if (filter.op === 'eq' || filter.op === 'contains') return sql`${expr} @> ${values}`;
    if (filter.op === 'in') return sql`${expr} && ${values}`;
    if (filter.op === 'ne' || filter.op === 'nin') return sql`not (${expr} && ${values})`;
  }
  if (kind === 'json_array') {
    const values = JSON.stringify(filter.values);
    if (filter.op === 'eq' || filter.op === 'contains') return sql`${expr} @> ${values}::jsonb`;
    if (filter.op === 'in') return sql`${expr} ?| ${`{${filter.values.join(',')}}`}::text[]`;
    return sql`not coalesce(${expr} ?| ${`{${filter.values.join(',')}}`}::text[], false)`;
  }
  if (field.customKey && field.customColumn && filter.op === 'eq') {
    // Containment uses the GIN index on `custom`.
    const jsonValue =
      kind === 'number' ? Number(first) : kind === 'boolean' ? first === 'true' : first;
    return sql`${field.customColumn} @> ${JSON.stringify({ [field.customKey]: jsonValue })}::jsonb`;
  }
  switch (filter.op) {
    case 'eq':
      return sql`${expr} = ${castFor(kind, first)}`;
    case 'ne':
      return sql`${expr} is distinct from ${castFor(kind, first)}`;
    case 'gt':
      return sql`${expr} > ${castFor(kind, first)}`;
    case 'gte':
      return sql`${expr} >= ${castFor(kind, first)}`;
    case 'lt':
      return sql`${expr} < ${castFor(kind, first)}`;
    case 'lte':
      return sql`${expr} <= ${castFor(kind, first)}`;
    case 'in':
      return sql`${expr} in (${sql.join(
        filter.values.map((v) => castFor(kind, v)),
        sql`, `,
      )})`;
    case 'nin':
      return sql`${expr} not in (${sql.join(
        filter.values.map((v) => castFor(kind, v)),
        sql`, `,
      )})`;
    case 'contains':
      return sql`${expr} ilike ${'%' + escapeLike(first) + '%'}`;
    default:
      return undefined;
  }
}

export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => '\\' + c);
}

/**
 * The search condition on a `search_text` column — the engine of the global search
 * (`server/search/engine.ts`): every word of the normalized query occurs (trigram GIN makes
 * substring matches fast), or the query is a small typo away; a phone-looking query matches its
 * digits.
 */
export function searchCondition(
  searchText: AnyColumn | SQL,
  q: string,
  id?: AnyColumn,
  mode: 'exact' | 'fuzzy' = 'exact',
): SQL {
  const prepared = prepareSearch(q);
  if (prepared.tooShort) return sql`false`;
  return matchCondition(searchText, prepared, id, mode);
}

/**
 * Runs a searched list; when the first page finds nothing, runs it again matching small typos
 * ("petrovc" → Petrović) — as the global search does.
 */
export async function withTypoFallback<T extends { rows: unknown[] }>(
  params: ListParams,
  run: (params: ListParams) => Promise<T>,
): Promise<T> {
  const page = await run(params);
  if (page.rows.length > 0 || !params.q || params.cursor || !prepareSearch(params.q).fuzzy)
    return page;
  return run({ ...params, fuzzy: true });
}

export interface ListQueryParts {
  where: SQL[];
  orderBy: SQL[];
  /** Selected as `sort_value` so the next cursor can be built from the last row. */
  sortValue: SQL;
  limit: number;
}

/** WHERE / ORDER BY / LIMIT for a list, given the scope conditions the repository applies. */
export function buildListQuery(
  params: ListParams,
  fields: ListFields,
  table: { id: AnyColumn; deletedAt: AnyColumn; searchText?: AnyColumn; updatedAt?: AnyColumn },
): ListQueryParts {
  const where: SQL[] = [params.deleted ? isNotNull(table.deletedAt) : isNull(table.deletedAt)];
  for (const filter of params.filters) {
    const field = fields[filter.field];
    const condition = field && filterCondition(field, filter);
    if (condition) where.push(condition);
  }
  if (params.q && table.searchText)
    where.push(
      searchCondition(table.searchText, params.q, table.id, params.fuzzy ? 'fuzzy' : 'exact'),
    );

  const relevance =
    params.relevance && params.q && table.searchText && table.updatedAt
      ? relevanceExpression(table.searchText, table.updatedAt, prepareSearch(params.q), table.id)
      : null;
  const sortField: ListField | undefined = relevance
    ? { expr: relevance, kind: 'number' }
    : fields[params.sort.field];
  if (!sortField)
    throw new AppError('validation_failed', {}, [{ path: 'sort', message: 'list.unknown_sort' }]);
  const direction = relevance ? 'asc' : params.sort.direction;
  const dir = direction === 'desc' ? sql`desc` : sql`asc`;
  const expr = sortField.expr;
  const nulls = sortField.nullable ? sql` nulls last` : sql``;
  const orderBy = [sql`${expr} ${dir}${nulls}`, sql`${table.id} ${dir}`];

  if (params.cursor) {
    const { value, id } = params.cursor;
    const cmp = direction === 'desc' ? sql`<` : sql`>`;
    if (value === null) {
      where.push(sql`(${expr} is null and ${table.id} ${cmp} ${id}::uuid)`);
    } else {
      const v = castFor(sortField.kind, String(value));
      const after = sql`(${expr}, ${table.id}) ${cmp} (${v}, ${id}::uuid)`;
      where.push(sortField.nullable ? sql`(${after} or ${expr} is null)` : after);
    }
  }
  const sortValue =
    sortField.kind === 'timestamp'
      ? sql`to_char(${expr} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
      : sql`${expr}::text`;
  return { where, orderBy, sortValue, limit: params.limit + 1 };
}

/** Trims the extra row fetched to detect a next page and encodes the cursor after the last row. */
/**
 * A record table's columns as lists and record pages read them: all but `search_text`, which is
 * written for the search and never shown (a long string per row that every list page and export
 * would otherwise fetch and parse).
 */
export function shownColumns<T extends Table>(table: T): Omit<T['_']['columns'], 'searchText'> {
  const { searchText: _searchText, ...columns } = getTableColumns(table) as Record<string, unknown>;
  return columns as Omit<T['_']['columns'], 'searchText'>;
}

export function pageOf<T extends { id: string; sortValue: unknown }>(
  rows: T[],
  limit: number,
): { rows: T[]; nextCursor: string | null } {
  if (rows.length <= limit) return { rows, nextCursor: null };
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { rows: page, nextCursor: last ? encodeCursor(last.sortValue, last.id) : null };
}

export function encodeCursor(value: unknown, id: string): string {
  return Buffer.from(JSON.stringify([value ?? null, id])).toString('base64url');
}

function decodeCursor(raw: string): ListParams['cursor'] {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (!Array.isArray(parsed) || parsed.length !== 2) return null;
    const [value, id] = parsed as [unknown, unknown];
    if (typeof id !== 'string' || !isUuid(id)) return null;
    if (value === null || typeof value === 'string' || typeof value === 'number')
      return { value, id };
    return null;
  } catch {
    return null;
  }
}

/** How a custom field of a given type is filtered and sorted. */
export function customListField(
  custom: AnyColumn,
  key: string,
  type: FieldType,
  choices: readonly string[] = [],
): ListField {
  // Keys are validated (^[a-z][a-z0-9_]*$), so inlining them keeps expressions index-friendly.
  const text = sql`(${custom}->>${sql.raw(`'${key}'`)})`;
  const base = { customKey: key, customColumn: custom, nullable: true };
  switch (type) {
    case 'number':
    case 'money':
      return { ...base, expr: sql`(${text})::numeric`, kind: 'number', sortable: true };
    case 'date':
      return { ...base, expr: sql`(${text})::date`, kind: 'date', sortable: true };
    case 'boolean':
      return { ...base, expr: sql`(${text})::boolean`, kind: 'boolean', sortable: true };
    case 'select':
      return { ...base, expr: text, kind: 'enum', values: choices, sortable: true };
    case 'multi_select':
      return {
        ...base,
        expr: sql`(${custom}->${sql.raw(`'${key}'`)})`,
        kind: 'json_array',
        values: choices,
      };
    case 'user':
    case 'record':
      return { ...base, expr: sql`(${text})::uuid`, kind: 'uuid' };
    default:
      return { ...base, expr: text, kind: 'text', sortable: true };
  }
}
