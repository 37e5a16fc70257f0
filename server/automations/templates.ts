/**
 * Rules Odnos ships as starting points (issue 8): the editor opens them as drafts, in the
 * administrator's language.
 */
import type { TFunction } from 'i18next';
import type { RuleCreateInput } from './schema.js';

export const RULE_TEMPLATES = ['birthday_greeting', 'quote_follow_up', 'overdue_invoice'] as const;

export function ruleTemplates(t: TFunction) {
  const text = (key: string) => t(`automations:templates.${key}`);
  const rules: Record<(typeof RULE_TEMPLATES)[number], RuleCreateInput> = {
    birthday_greeting: {
      name: text('birthday_greeting.name'),
      description: text('birthday_greeting.description'),
      enabled: true,
      trigger: {
        kind: 'date_reached',
        object: 'contacts',
        field: 'birthday',
        offsetDays: 0,
        yearly: true,
      },
      conditions: [{ field: 'email', op: 'is_not_empty' }],
      actions: [
        {
          type: 'send_email',
          to: { kind: 'record_contact' },
          subject: text('birthday_greeting.subject'),
          body: text('birthday_greeting.body'),
        },
      ],
    },
    quote_follow_up: {
      name: text('quote_follow_up.name'),
      description: text('quote_follow_up.description'),
      enabled: true,
      trigger: { kind: 'stage_changed', object: 'quotes', to: 'sent' },
      conditions: [],
      actions: [
        {
          type: 'create_task',
          title: text('quote_follow_up.title'),
          taskType: 'call',
          priority: 'normal',
          dueInDays: 3,
          assignee: { kind: 'record_owner' },
        },
      ],
    },
    overdue_invoice: {
      name: text('overdue_invoice.name'),
      description: text('overdue_invoice.description'),
      enabled: true,
      trigger: {
        kind: 'date_reached',
        object: 'invoices',
        field: 'dueDate',
        offsetDays: 3,
        yearly: false,
      },
      conditions: [
        { field: 'balance', op: 'gt', value: 0 },
        { field: 'status', op: 'not_equals', value: 'cancelled' },
      ],
      actions: [
        {
          type: 'send_email',
          to: { kind: 'record_contact' },
          subject: text('overdue_invoice.subject'),
          body: text('overdue_invoice.body'),
        },
        {
          type: 'notify',
          recipient: { kind: 'record_owner' },
          title: text('overdue_invoice.notify'),
        },
      ],
    },
  };
  return RULE_TEMPLATES.map((key) => ({
    key,
    name: rules[key].name,
    description: rules[key].description ?? '',
    rule: rules[key],
  }));
}
