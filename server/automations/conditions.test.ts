import { describe, expect, it } from 'vitest';
import { checkTemplate, conditionHolds, renderTemplate, valueAt } from './conditions.js';
import type { RuleCondition } from './schema.js';

const lead = (fields: Record<string, unknown>) => ({
  id: '00000000-0000-7000-8000-000000000001',
  custom: {},
  ...fields,
});

const holds = (
  condition: RuleCondition,
  after: Record<string, unknown>,
  before: Record<string, unknown> | null = null,
  changed = true,
) => conditionHolds(condition, { after: lead(after), before: before && lead(before), changed });

describe('conditions', () => {
  it('reads built-in and custom fields', () => {
    expect(valueAt(lead({ status: 'new', custom: { vip: 'gold' } }), 'custom.vip')).toBe('gold');
    expect(valueAt(lead({ status: 'new' }), 'status')).toBe('new');
    expect(valueAt(lead({}), 'custom.missing')).toBeUndefined();
  });

  it('compares equals case-insensitively, numbers numerically and lists by membership', () => {
    expect(
      holds({ field: 'source', op: 'equals', value: 'Web_Form' }, { source: 'web_form' }),
    ).toBe(true);
    expect(holds({ field: 'amount', op: 'equals', value: '10' }, { amount: 10 })).toBe(true);
    expect(holds({ field: 'tags', op: 'equals', value: 'vip' }, { tags: ['a', 'vip'] })).toBe(true);
    expect(holds({ field: 'tags', op: 'not_equals', value: 'vip' }, { tags: ['a'] })).toBe(true);
    expect(holds({ field: 'source', op: 'equals', value: 'call' }, { source: 'web_form' })).toBe(
      false,
    );
  });

  it('contains finds substrings and list items', () => {
    expect(holds({ field: 'name', op: 'contains', value: 'petr' }, { name: 'Ana Petrović' })).toBe(
      true,
    );
    expect(holds({ field: 'name', op: 'contains', value: 'marko' }, { name: 'Ana' })).toBe(false);
  });

  it('changed_to needs a change to that value', () => {
    const c: RuleCondition = { field: 'status', op: 'changed_to', value: 'qualified' };
    expect(holds(c, { status: 'qualified' }, { status: 'new' })).toBe(true);
    expect(holds(c, { status: 'qualified' }, { status: 'qualified' })).toBe(false);
    expect(holds(c, { status: 'qualified' }, { status: 'new' }, false)).toBe(false);
    expect(holds(c, { status: 'new' }, { status: 'qualified' })).toBe(false);
    // on creation the value "changed" from nothing
    expect(holds(c, { status: 'qualified' }, null)).toBe(true);
    expect(
      holds(
        { field: 'custom.level', op: 'changed', value: null },
        { custom: { level: 2 } },
        { custom: { level: 1 } },
      ),
    ).toBe(true);
  });

  it('empty, greater and less than', () => {
    expect(holds({ field: 'email', op: 'is_empty' }, { email: '' })).toBe(true);
    expect(holds({ field: 'email', op: 'is_empty' }, { email: 'a@b.c' })).toBe(false);
    expect(holds({ field: 'tags', op: 'is_not_empty' }, { tags: [] })).toBe(false);
    expect(holds({ field: 'grossTotal', op: 'gt', value: 1000 }, { grossTotal: 1500 })).toBe(true);
    expect(holds({ field: 'grossTotal', op: 'lt', value: 1000 }, { grossTotal: 1500 })).toBe(false);
    expect(
      holds({ field: 'dueDate', op: 'lt', value: '2026-12-10' }, { dueDate: '2026-12-03' }),
    ).toBe(true);
    expect(holds({ field: 'dueDate', op: 'gt', value: '2026-12-10' }, { dueDate: null })).toBe(
      false,
    );
  });
});

describe('templates', () => {
  it('renders record fields without HTML escaping, missing fields as empty', () => {
    expect(
      renderTemplate('Hi {{record.firstName}} & {{record.custom.vip}}{{record.nope}}!', {
        record: { firstName: 'Ana', custom: { vip: '<gold>' } },
      }),
    ).toBe('Hi Ana & <gold>!');
    expect(renderTemplate('{{default record.x "friend"}}', { record: {} })).toBe('friend');
  });

  it('rejects templates that do not parse', () => {
    expect(() => checkTemplate('Hello {{#if x}}')).toThrow();
    expect(() => checkTemplate('Hello {{record.name}}')).not.toThrow();
  });
});
