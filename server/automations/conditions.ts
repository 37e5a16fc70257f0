/**
 * Pure rule logic: field values of a snapshot, condition evaluation against the record before and
 * after a change, and Handlebars rendering of action texts. No database, easy to unit-test.
 */
import Handlebars from 'handlebars';
import type { Snapshot } from './objects.js';
import type { RuleCondition } from './schema.js';

/** `status`, `custom.vip_level` → the value in a snapshot (undefined when absent). */
export function valueAt(snapshot: Record<string, unknown> | null, field: string): unknown {
  if (!snapshot) return undefined;
  if (field.startsWith('custom.')) {
    const custom = snapshot.custom as Record<string, unknown> | undefined;
    return custom?.[field.slice(7)];
  }
  return snapshot[field];
}

export function isEmpty(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    (typeof value === 'string' && value.trim() === '') ||
    (Array.isArray(value) && value.length === 0)
  );
}

function canonical(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value.trim().toLowerCase();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function scalarEquals(actual: unknown, expected: unknown): boolean {
  if (typeof actual === 'number' || typeof expected === 'number') {
    const a = Number(actual);
    const b = Number(expected);
    if (Number.isFinite(a) && Number.isFinite(b)) return a === b;
  }
  return canonical(actual) === canonical(expected);
}

export function valueEquals(actual: unknown, expected: unknown): boolean {
  if (isEmpty(expected)) return isEmpty(actual);
  if (Array.isArray(actual)) return actual.some((item) => scalarEquals(item, expected));
  return scalarEquals(actual, expected);
}

function compare(actual: unknown, expected: unknown): number | null {
  if (isEmpty(actual) || isEmpty(expected)) return null;
  const a = Number(actual);
  const b = Number(expected);
  if (Number.isFinite(a) && Number.isFinite(b) && typeof actual !== 'boolean') return a - b;
  // ISO dates and other text compare as strings (2026-12-03 < 2026-12-10).
  return canonical(actual).localeCompare(canonical(expected));
}

export interface ChangeView {
  /** The record now (after the change). */
  after: Snapshot;
  /** The record before the change; null on creation or for time-based triggers. */
  before: Snapshot | null;
  /** Fields the change touched (derived from the audit changes); empty when nothing changed. */
  changed: boolean;
}

export function conditionHolds(condition: RuleCondition, view: ChangeView): boolean {
  const now = valueAt(view.after, condition.field);
  const was = view.before ? valueAt(view.before, condition.field) : undefined;
  const changed =
    view.changed &&
    (view.before
      ? canonical(was) !== canonical(now) || JSON.stringify(was) !== JSON.stringify(now)
      : !isEmpty(now));
  switch (condition.op) {
    case 'equals':
      return valueEquals(now, condition.value);
    case 'not_equals':
      return !valueEquals(now, condition.value);
    case 'contains':
      if (Array.isArray(now)) return valueEquals(now, condition.value);
      return canonical(now).includes(canonical(condition.value));
    case 'changed':
      return changed;
    case 'changed_to':
      return changed && valueEquals(now, condition.value);
    case 'is_empty':
      return isEmpty(now);
    case 'is_not_empty':
      return !isEmpty(now);
    case 'gt': {
      const c = compare(now, condition.value);
      return c !== null && c > 0;
    }
    case 'lt': {
      const c = compare(now, condition.value);
      return c !== null && c < 0;
    }
  }
}

/** All conditions must hold (AND). */
export function conditionsHold(conditions: readonly RuleCondition[], view: ChangeView): boolean {
  return conditions.every((c) => conditionHolds(c, view));
}

/** Operators that only make sense when a change is being looked at. */
export const CHANGE_OPS = new Set(['changed', 'changed_to']);

const handlebars = Handlebars.create();
handlebars.registerHelper('upper', (value: unknown) =>
  typeof value === 'string' ? value.toUpperCase() : value,
);
handlebars.registerHelper('default', (value: unknown, fallback: unknown) =>
  isEmpty(value) ? fallback : value,
);

/** Throws with Handlebars' message when the template does not parse. */
export function checkTemplate(source: string): void {
  handlebars.precompile(source, { strict: false });
}

const compiled = new Map<string, HandlebarsTemplateDelegate>();

/**
 * Renders plain text (subjects, task titles, email bodies sent as text): no HTML escaping, and a
 * missing field renders as empty rather than failing the run.
 */
export function renderTemplate(source: string, data: object): string {
  let template = compiled.get(source);
  if (!template) {
    template = handlebars.compile(source, { noEscape: true });
    if (compiled.size > 500) compiled.clear();
    compiled.set(source, template);
  }
  return template(data, { allowProtoPropertiesByDefault: false });
}
