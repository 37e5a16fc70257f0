/** The automation rules contract: one zod schema for validation, types, OpenAPI and the web app. */
import { z } from 'zod';

import {
  ACTION_TYPES,
  AUTOMATION_OBJECTS,
  CONDITION_OPS,
  RUN_STATUSES,
  TASK_PRIORITIES,
  TASK_TYPES,
  TRIGGER_KINDS,
  type RunStatus,
} from '../../common/automations.js';

export {
  ACTION_TYPES,
  AUTOMATION_OBJECTS,
  CONDITION_OPS,
  RUN_STATUSES,
  TRIGGER_KINDS,
  type RunStatus,
};
export type {
  ActionType,
  AutomationObject,
  ConditionOp,
  TriggerKind,
} from '../../common/automations.js';

const object = z.enum(AUTOMATION_OBJECTS);
const fieldName = z
  .string()
  .trim()
  .min(1)
  .max(80)
  .describe('A built-in field (`status`, `dueDate`) or `custom.<key>`');
const template = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .describe('Handlebars: {{record.firstName}}, {{record.custom.vip}}, {{owner.name}}');

export const ruleTrigger = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('record_created'), object }),
  z.strictObject({ kind: z.literal('record_updated'), object }),
  z.strictObject({
    kind: z.literal('stage_changed'),
    object,
    from: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .nullish()
      .describe('Previous stage/status, any if empty'),
    to: z.string().trim().min(1).max(100).nullish().describe('New stage/status, any if empty'),
  }),
  z.strictObject({
    kind: z.literal('date_reached'),
    object,
    field: fieldName,
    offsetDays: z
      .number()
      .int()
      .min(-365)
      .max(365)
      .default(0)
      .describe('Fire N days after the date (negative: before it)'),
    yearly: z
      .boolean()
      .optional()
      .describe('Every year on the date (default: true for birthdays, false otherwise)'),
  }),
  z.strictObject({
    kind: z.literal('no_activity'),
    object,
    days: z.number().int().min(1).max(3650),
  }),
  z.strictObject({
    kind: z.literal('schedule'),
    cron: z.string().trim().min(9).max(120).describe('Five-field cron, e.g. `0 9 * * 1`'),
    timezone: z
      .string()
      .trim()
      .min(1)
      .max(64)
      .optional()
      .describe('Default: the workspace time zone'),
  }),
]);
export type RuleTrigger = z.infer<typeof ruleTrigger>;

const scalar = z.union([z.string().max(2000), z.number(), z.boolean(), z.null()]);

export const ruleCondition = z.strictObject({
  field: fieldName,
  op: z.enum(CONDITION_OPS),
  value: scalar.optional(),
});
export type RuleCondition = z.infer<typeof ruleCondition>;

/** Who receives a task, a notification or an email. */
export const recipient = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('record_owner') }),
  z.strictObject({ kind: z.literal('record_contact') }),
  z.strictObject({ kind: z.literal('user'), userId: z.uuid() }),
]);
export type Recipient = z.infer<typeof recipient>;

export const ruleAction = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('create_task'),
    title: template(300),
    description: template(5000).optional(),
    taskType: z.enum(TASK_TYPES).default('other'),
    priority: z.enum(TASK_PRIORITIES).default('normal'),
    dueInDays: z.number().int().min(0).max(365).default(0),
    assignee: recipient.default({ kind: 'record_owner' }),
  }),
  z.strictObject({
    type: z.literal('notify'),
    recipient: recipient.default({ kind: 'record_owner' }),
    title: template(300),
    body: template(2000).optional(),
  }),
  z.strictObject({
    type: z.literal('send_email'),
    to: recipient.default({ kind: 'record_contact' }),
    subject: template(300),
    body: template(20000),
  }),
  z.strictObject({
    type: z.literal('update_field'),
    field: fieldName,
    value: z.union([scalar, z.array(z.string().max(200)).max(100)]),
  }),
  z.strictObject({
    type: z.literal('assign_owner'),
    userIds: z
      .array(z.uuid())
      .max(100)
      .default([])
      .describe('Round robin over these users, in order'),
    teamId: z
      .uuid()
      .nullish()
      .describe('Or round robin over the members of this team (as they are at run time)'),
  }),
  z.strictObject({
    type: z.literal('webhook'),
    url: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .describe('http(s) URL; receives a signed JSON POST'),
    maxAttempts: z
      .number()
      .int()
      .min(1)
      .max(10)
      .default(5)
      .describe('Attempts (exponential backoff) before the delivery becomes a dead letter'),
  }),
]);
export type RuleAction = z.infer<typeof ruleAction>;

export const ruleCreateBody = z.strictObject({
  name: z.string().trim().min(1).max(200),
  description: z.string().trim().max(2000).nullish(),
  enabled: z.boolean().default(true),
  trigger: ruleTrigger,
  conditions: z.array(ruleCondition).max(20).default([]),
  actions: z.array(ruleAction).min(1).max(10),
});
export type RuleCreateInput = z.infer<typeof ruleCreateBody>;

export const ruleUpdateBody = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    description: z.string().trim().max(2000).nullable(),
    enabled: z.boolean(),
    trigger: ruleTrigger,
    conditions: z.array(ruleCondition).max(20),
    actions: z.array(ruleAction).min(1).max(10),
  })
  .partial();
export type RuleUpdateInput = z.infer<typeof ruleUpdateBody>;

export const actionResult = z.object({
  type: z.enum(ACTION_TYPES),
  status: z.enum(['succeeded', 'failed', 'skipped', 'planned']),
  detail: z.string().nullable().optional(),
  error: z.string().nullable().optional(),
});
export type ActionResult = z.infer<typeof actionResult>;

export const ruleOut = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string().nullable(),
  enabled: z.boolean(),
  trigger: ruleTrigger,
  conditions: z.array(ruleCondition),
  actions: z.array(ruleAction),
  nextRunAt: z.string().nullable(),
  webhookSecret: z.string().describe('HMAC-SHA256 key of this rule’s webhook signatures'),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  lastRun: z
    .object({ status: z.enum(RUN_STATUSES), startedAt: z.string() })
    .nullable()
    .describe('The latest run, if any'),
});
export type RuleOut = z.infer<typeof ruleOut>;

export const runOut = z.object({
  id: z.uuid(),
  ruleId: z.uuid(),
  ruleName: z.string(),
  triggerKind: z.enum(TRIGGER_KINDS),
  recordObject: z.string().nullable(),
  recordId: z.uuid().nullable(),
  status: z.enum(RUN_STATUSES),
  test: z.boolean(),
  depth: z.number().int(),
  error: z.string().nullable(),
  actions: z.array(actionResult),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type RunOut = z.infer<typeof runOut>;

export const runsQuery = z.strictObject({
  ruleId: z.uuid().optional(),
  status: z.enum(RUN_STATUSES).optional(),
  recordId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional().describe('`nextCursor` of the previous page'),
});
export type RunsQuery = z.infer<typeof runsQuery>;

export const deliveryOut = z.object({
  id: z.uuid(),
  ruleId: z.uuid(),
  ruleName: z.string(),
  runId: z.uuid(),
  url: z.string(),
  status: z.enum(['pending', 'delivered', 'dead']),
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  lastStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type DeliveryOut = z.infer<typeof deliveryOut>;

export const testRunBody = z.strictObject({
  recordId: z.uuid().optional().describe('The record to run against (not for schedules)'),
  dryRun: z
    .boolean()
    .default(false)
    .describe('Only evaluate conditions and render the actions; change nothing'),
});

export const fieldsQuery = z.strictObject({ object: z.enum(AUTOMATION_OBJECTS) });
export const fieldInfo = z.object({
  name: z.string(),
  type: z.enum(['text', 'number', 'date', 'boolean', 'list', 'user', 'reference', 'choice']),
  label: z.string(),
  custom: z.boolean(),
  choices: z.array(z.string()).optional(),
  choiceLabels: z.record(z.string(), z.string()).optional(),
  writable: z.boolean(),
});
export type FieldInfo = z.infer<typeof fieldInfo>;

export const templateOut = z.object({
  key: z.string(),
  name: z.string(),
  description: z.string(),
  rule: ruleCreateBody,
});

export const idParams = z.strictObject({ id: z.uuid() });
