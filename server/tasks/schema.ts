import { z } from 'zod';

export const TASK_TYPES = ['call', 'email', 'meeting', 'letter', 'offer', 'other'] as const;
export type TaskType = (typeof TASK_TYPES)[number];
export const TASK_PRIORITIES = ['low', 'normal', 'high'] as const;
export const TASK_STATUSES = ['open', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
/** Record types a task can be about (the API paths of those records). */
export const TASK_RELATED_TYPES = ['contacts', 'companies', 'leads', 'deals', 'invoices'] as const;
export type TaskRelatedType = (typeof TASK_RELATED_TYPES)[number];
export const DUE_BUCKETS = ['overdue', 'today', 'upcoming'] as const;
export type DueBucket = (typeof DUE_BUCKETS)[number];

/** Four weeks: the longest reminder lead time. */
export const MAX_REMINDER_MINUTES = 4 * 7 * 24 * 60;

const dueText = z
  .string()
  .trim()
  .max(40)
  .describe(
    'ISO 8601 instant (`2026-12-03T08:00:00Z`, `…+01:00`) or a local date-time without offset ' +
      '(`2026-12-03T09:00`) read in `timeZone`',
  );
const timeZone = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .describe('IANA time zone (`Europe/Ljubljana`); default: the owner’s, else the workspace’s');

const taskFields = {
  title: z.string().trim().min(1).max(300),
  description: z.string().max(5000).nullable(),
  type: z.enum(TASK_TYPES),
  relatedType: z.enum(TASK_RELATED_TYPES).nullable(),
  relatedId: z.uuid().nullable(),
  ownerId: z.uuid(),
  dueAt: dueText.nullable(),
  timeZone,
  priority: z.enum(TASK_PRIORITIES),
  reminderMinutes: z.number().int().min(0).max(MAX_REMINDER_MINUTES).nullable(),
  recurrence: z
    .string()
    .trim()
    .max(500)
    .nullable()
    .describe('RFC 5545 RRULE without DTSTART, e.g. `FREQ=WEEKLY;BYDAY=MO`'),
};

export const taskCreateBody = z.strictObject({
  ...taskFields,
  description: taskFields.description.optional(),
  type: taskFields.type.default('other'),
  relatedType: taskFields.relatedType.optional(),
  relatedId: taskFields.relatedId.optional(),
  ownerId: taskFields.ownerId.optional(),
  dueAt: taskFields.dueAt.optional(),
  timeZone: taskFields.timeZone.optional(),
  priority: taskFields.priority.default('normal'),
  reminderMinutes: taskFields.reminderMinutes.optional(),
  recurrence: taskFields.recurrence.optional(),
});
export type TaskCreateInput = z.infer<typeof taskCreateBody>;

export const taskUpdateBody = z.strictObject({
  title: taskFields.title.optional(),
  description: taskFields.description.optional(),
  type: taskFields.type.optional(),
  relatedType: taskFields.relatedType.optional(),
  relatedId: taskFields.relatedId.optional(),
  ownerId: taskFields.ownerId.optional(),
  dueAt: taskFields.dueAt.optional(),
  timeZone: taskFields.timeZone.optional(),
  priority: taskFields.priority.optional(),
  reminderMinutes: taskFields.reminderMinutes.optional(),
  recurrence: taskFields.recurrence.optional(),
  status: z
    .enum(['open', 'cancelled'])
    .optional()
    .describe('Use POST /tasks/:id/complete for done'),
});
export type TaskUpdateInput = z.infer<typeof taskUpdateBody>;

export const taskCompleteBody = z.strictObject({
  result: z.string().trim().max(5000).optional().describe('What came of it (the result note)'),
});

const userRef = z.object({ id: z.uuid(), name: z.string() });

export const taskOut = z.object({
  id: z.uuid(),
  title: z.string(),
  description: z.string().nullable(),
  type: z.enum(TASK_TYPES),
  relatedType: z.enum(TASK_RELATED_TYPES).nullable(),
  relatedId: z.uuid().nullable(),
  related: z.object({ type: z.string(), id: z.uuid(), name: z.string() }).nullable(),
  ownerId: z.uuid(),
  owner: userRef.nullable(),
  dueAt: z.iso.datetime().nullable(),
  timeZone: z.string(),
  /** The due time on the viewer's clock (`YYYY-MM-DDTHH:mm`) in `viewerTimeZone`. */
  dueLocal: z.string().nullable(),
  viewerTimeZone: z.string(),
  overdue: z.boolean(),
  priority: z.enum(TASK_PRIORITIES),
  reminderMinutes: z.number().int().nullable(),
  remindAt: z.iso.datetime().nullable(),
  recurrence: z.string().nullable(),
  seriesId: z.uuid().nullable(),
  status: z.enum(TASK_STATUSES),
  result: z.string().nullable(),
  completedAt: z.iso.datetime().nullable(),
  completedBy: z.uuid().nullable(),
  version: z.number().int(),
  createdBy: z.uuid().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type TaskOut = z.infer<typeof taskOut>;

export const taskPage = z.object({ data: z.array(taskOut), nextCursor: z.string().nullable() });

export const taskCompleted = z.object({
  task: taskOut,
  /** The next occurrence of a recurring task, created by completing this one. */
  next: taskOut.nullable(),
});

export const taskSettingsBody = z.strictObject({
  escalationDays: z.number().int().min(1).max(365).optional(),
  escalateToManager: z.boolean().optional(),
});
export const taskSettingsOut = z.object({
  escalationDays: z.number().int(),
  escalateToManager: z.boolean(),
});
