/** Names shared by the automation rules API (server/automations/schema.ts) and the editor. */
export const AUTOMATION_OBJECTS = [
  'contacts',
  'companies',
  'leads',
  'deals',
  'invoices',
  'quotes',
] as const;
export type AutomationObject = (typeof AUTOMATION_OBJECTS)[number];

export const TRIGGER_KINDS = [
  'record_created',
  'record_updated',
  'stage_changed',
  'date_reached',
  'no_activity',
  'schedule',
] as const;
export type TriggerKind = (typeof TRIGGER_KINDS)[number];

export const CONDITION_OPS = [
  'equals',
  'not_equals',
  'contains',
  'changed',
  'changed_to',
  'is_empty',
  'is_not_empty',
  'gt',
  'lt',
] as const;
export type ConditionOp = (typeof CONDITION_OPS)[number];

/** Operators that take no value. */
export const VALUELESS_OPS: readonly ConditionOp[] = ['changed', 'is_empty', 'is_not_empty'];

export const ACTION_TYPES = [
  'create_task',
  'notify',
  'send_email',
  'update_field',
  'assign_owner',
  'webhook',
] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

export const RUN_STATUSES = ['running', 'succeeded', 'failed', 'skipped'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const TASK_TYPES = ['call', 'email', 'meeting', 'letter', 'offer', 'other'] as const;
export const TASK_PRIORITIES = ['low', 'normal', 'high'] as const;
