import type { AnyColumn } from 'drizzle-orm';
import { normalizePhone } from '../../common/phone.js';
import {
  localized,
  type CustomValues,
  type FieldType,
  type RecordObject,
} from '../../common/records.js';
import { customListField, isIsoDate, type ListFields } from '../db/list-query.js';
import { recordAudit } from '../platform/audit.js';
import { inTransaction, type Ctx } from '../platform/context.js';
import { AppError, type ErrorDetail } from '../platform/errors.js';
import { isUuid, newId } from '../platform/ids.js';
import { referenceExists, removeCustomKey } from '../records/repository.js';
import * as repo from './repository.js';
import type { FieldCreateInput, FieldUpdateInput } from './schema.js';

export type FieldDefinition = repo.FieldRow;

// Definitions are read on every record write and list; cache them per workspace. Changes made by
// this process invalidate at once; other processes see them within the TTL.
const CACHE_TTL_MS = 5_000;
const cache = new Map<string, { at: number; fields: FieldDefinition[] }>();

export async function fieldsOf(ctx: Ctx, object: RecordObject): Promise<FieldDefinition[]> {
  const hit = cache.get(ctx.workspace.id);
  let all = hit && Date.now() - hit.at < CACHE_TTL_MS ? hit.fields : null;
  if (!all) {
    all = await repo.listFields(ctx);
    cache.set(ctx.workspace.id, { at: Date.now(), fields: all });
  }
  return all.filter((f) => f.object === object);
}

function invalidate(ctx: Ctx): void {
  cache.delete(ctx.workspace.id);
}

export async function listFields(ctx: Ctx, object?: RecordObject): Promise<FieldDefinition[]> {
  return repo.listFields(ctx, object);
}

const CHOICE_TYPES: FieldType[] = ['select', 'multi_select'];

function checkOptions(type: FieldType, options: FieldCreateInput['options']): void {
  if (CHOICE_TYPES.includes(type)) {
    const choices = options.choices ?? [];
    if (choices.length === 0) throw AppError.invalid('options.choices', 'field.choices_required');
    const values = choices.map((c) => c.value);
    if (new Set(values).size !== values.length)
      throw AppError.invalid('options.choices', 'field.duplicate_choice');
  }
  if (type === 'record' && !options.target)
    throw AppError.invalid('options.target', 'field.required');
}

export async function createField(ctx: Ctx, input: FieldCreateInput): Promise<FieldDefinition> {
  checkOptions(input.type, input.options);
  const field = await inTransaction(ctx, async (tx) => {
    if (await repo.keyTaken(tx, input.object, input.key))
      throw AppError.invalid('key', 'field.key_taken');
    const created = await repo.insertField(tx, {
      id: newId(),
      object: input.object,
      key: input.key,
      type: input.type,
      label: input.label,
      options: input.options,
      required: input.required,
      hidden: input.hidden,
      searchable: input.searchable,
      position: input.position ?? (await repo.nextPosition(tx, input.object)),
    });
    await recordAudit(tx, {
      action: 'create',
      object: 'fields',
      recordId: created.id,
      changes: { key: [null, created.key], type: [null, created.type] },
    });
    return created;
  });
  invalidate(ctx);
  return field;
}

export async function updateField(
  ctx: Ctx,
  id: string,
  input: FieldUpdateInput,
): Promise<FieldDefinition> {
  const field = await inTransaction(ctx, async (tx) => {
    const before = await repo.findField(tx, id);
    if (!before) throw AppError.notFound();
    if (input.options) checkOptions(before.type as FieldType, input.options);
    const after = await repo.updateField(tx, id, input);
    if (!after) throw AppError.notFound();
    await recordAudit(tx, {
      action: 'update',
      object: 'fields',
      recordId: id,
      changes: { definition: [before, after] },
    });
    return after;
  });
  invalidate(ctx);
  return field;
}

export async function reorderFields(ctx: Ctx, object: RecordObject, ids: string[]): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const existing = new Set((await repo.listFields(tx, object)).map((f) => f.id));
    for (const [position, id] of ids.entries()) {
      if (!existing.has(id)) throw AppError.invalid(`ids.${position}`, 'field.invalid_id');
      await repo.updateField(tx, id, { position });
    }
  });
  invalidate(ctx);
}

/** Removes a field and its values from every record of the object. */
export async function deleteField(ctx: Ctx, id: string): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const field = await repo.softDeleteField(tx, id);
    if (!field) throw AppError.notFound();
    await removeCustomKey(tx, field.object as RecordObject, field.key);
    await recordAudit(tx, {
      action: 'delete',
      object: 'fields',
      recordId: id,
      changes: { key: [field.key, null] },
    });
  });
  invalidate(ctx);
}

/** List filter/sort specs of an object's custom fields, as `custom.<key>`. */
export function customListFields(fields: FieldDefinition[], custom: AnyColumn): ListFields {
  const out: ListFields = {};
  for (const field of fields) {
    out[`custom.${field.key}`] = customListField(
      custom,
      field.key,
      field.type as FieldType,
      (field.options.choices ?? []).map((c) => c.value),
    );
  }
  return out;
}

const isEmpty = (v: unknown) =>
  v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

/**
 * Validates custom values against the object's definitions and returns the values to store
 * (phones in E.164, emails lower-case, …). `existing` is the stored object on updates: the input
 * is merged into it and `null` removes a value.
 */
export async function validateCustomValues(
  ctx: Ctx,
  object: RecordObject,
  input: CustomValues | undefined,
  existing: CustomValues | null,
): Promise<CustomValues> {
  const definitions = await fieldsOf(ctx, object);
  const byKey = new Map(definitions.map((d) => [d.key, d]));
  const problems: ErrorDetail[] = [];
  const result: CustomValues = {};
  // Keep stored values of fields that still exist.
  for (const [key, value] of Object.entries(existing ?? {}))
    if (byKey.has(key)) result[key] = value;
  const referencesToCheck: { path: string; object: string; id: string }[] = [];

  for (const [key, value] of Object.entries(input ?? {})) {
    const definition = byKey.get(key);
    const path = `custom.${key}`;
    if (!definition) {
      problems.push({ path, message: 'field.unknown' });
      continue;
    }
    if (isEmpty(value)) {
      result[key] = undefined; // dropped below: JSON has no undefined
      continue;
    }
    const checked = checkValue(ctx, definition, value);
    if ('problem' in checked) {
      problems.push({
        path,
        message: checked.problem,
        ...(checked.params ? { params: checked.params } : {}),
      });
      continue;
    }
    result[key] = checked.value;
    if (definition.type === 'user')
      referencesToCheck.push({ path, object: 'users', id: checked.value as string });
    if (definition.type === 'record' && definition.options.target) {
      referencesToCheck.push({
        path,
        object: definition.options.target,
        id: checked.value as string,
      });
    }
  }
  for (const definition of definitions) {
    if (definition.required && isEmpty(result[definition.key])) {
      problems.push({
        path: `custom.${definition.key}`,
        message: 'field.required_named',
        params: { field: localized(definition.label, ctx.locale) },
      });
    }
  }
  if (problems.length === 0 && referencesToCheck.length) {
    for (const ref of referencesToCheck) {
      if (!(await referenceExists(ctx, ref.object, ref.id)))
        problems.push({ path: ref.path, message: 'field.invalid_reference' });
    }
  }
  if (problems.length) throw new AppError('validation_failed', {}, problems);
  return Object.fromEntries(Object.entries(result).filter(([, v]) => v !== undefined));
}

type Checked = { value: unknown } | { problem: string; params?: Record<string, unknown> };

function checkValue(ctx: Ctx, definition: FieldDefinition, value: unknown): Checked {
  const choices = (definition.options.choices ?? []).map((c) => c.value);
  switch (definition.type as FieldType) {
    case 'text':
    case 'long_text': {
      if (typeof value !== 'string')
        return { problem: 'field.invalid_type', params: { expected: 'string' } };
      const max = definition.type === 'text' ? 1000 : 20_000;
      if (value.length > max) return { problem: 'field.too_long', params: { maximum: max } };
      return { value: value.trim() };
    }
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value))
        return { problem: 'field.invalid_number' };
      return { value };
    case 'money':
      // Integer minor units (cents), like every amount in Odnos.
      if (typeof value !== 'number' || !Number.isSafeInteger(value))
        return { problem: 'field.invalid_money' };
      return { value };
    case 'date':
      if (typeof value !== 'string' || !isIsoDate(value)) return { problem: 'field.invalid_date' };
      return { value };
    case 'boolean':
      if (typeof value !== 'boolean') return { problem: 'field.invalid_boolean' };
      return { value };
    case 'select':
      if (typeof value !== 'string' || !choices.includes(value)) {
        return { problem: 'field.invalid_choice', params: { options: choices.join(', ') } };
      }
      return { value };
    case 'multi_select':
      if (
        !Array.isArray(value) ||
        !value.every((v) => typeof v === 'string' && choices.includes(v))
      ) {
        return { problem: 'field.invalid_choice', params: { options: choices.join(', ') } };
      }
      return { value: [...new Set(value as string[])] };
    case 'phone': {
      const phone = typeof value === 'string' ? normalizePhone(value, ctx.workspace.country) : null;
      return phone ? { value: phone.e164 } : { problem: 'field.invalid_phone' };
    }
    case 'email':
      if (typeof value !== 'string' || !EMAIL.test(value.trim()) || value.length > 254)
        return { problem: 'field.invalid_email' };
      return { value: value.trim().toLowerCase() };
    case 'url':
      return typeof value === 'string' && isHttpUrl(value.trim())
        ? { value: value.trim() }
        : { problem: 'field.invalid_url' };
    case 'user':
    case 'record':
      return typeof value === 'string' && isUuid(value)
        ? { value }
        : { problem: 'field.invalid_id' };
    default:
      return { problem: 'field.invalid' };
  }
}

export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && value.length <= 2000;
  } catch {
    return false;
  }
}

/** Text of searchable custom fields, for `search_text`. */
export function searchableCustomText(
  definitions: FieldDefinition[],
  values: CustomValues,
): string[] {
  const out: string[] = [];
  for (const d of definitions) {
    if (!d.searchable) continue;
    const v = values[d.key];
    if (typeof v === 'string') out.push(v);
    else if (typeof v === 'number') out.push(String(v));
    else if (Array.isArray(v)) out.push(...v.map(String));
  }
  return out;
}
