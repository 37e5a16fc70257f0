/**
 * What rules ask of other features: tasks, in-app notifications and outgoing email, behind three
 * functions so the engine depends on those features' public services only.
 */
import { sendMail } from '../mail/service.js';
import { notify } from '../notifications/service.js';
import type { Ctx } from '../platform/context.js';
import { TASK_RELATED_TYPES, type TaskRelatedType } from '../tasks/schema.js';
import { createTask } from '../tasks/service.js';

export interface RuleTask {
  title: string;
  description: string | null;
  type: 'call' | 'email' | 'meeting' | 'letter' | 'offer' | 'other';
  priority: 'low' | 'normal' | 'high';
  dueAt: Date;
  ownerId: string;
  related: { object: string; id: string } | null;
}

const isRelatedType = (object: string): object is TaskRelatedType =>
  (TASK_RELATED_TYPES as readonly string[]).includes(object);

/** Creates a task (about the record when tasks can point at its kind); returns its id. */
export async function createRuleTask(ctx: Ctx, task: RuleTask): Promise<string> {
  const related = task.related && isRelatedType(task.related.object) ? task.related : null;
  const row = await createTask(ctx, {
    title: task.title.slice(0, 300),
    description: task.description,
    type: task.type,
    priority: task.priority,
    ownerId: task.ownerId,
    dueAt: task.dueAt.toISOString(),
    relatedType: related ? (related.object as TaskRelatedType) : null,
    relatedId: related?.id ?? null,
  });
  return row.id;
}

/** Notifies a user in the app and by the channels they chose; one per rule run and user. */
export async function notifyRuleUser(
  ctx: Ctx,
  userId: string,
  message: { title: string; body: string | null; link: string | null; dedupeKey: string | null },
): Promise<void> {
  await notify(ctx, {
    userIds: [userId],
    kind: 'automation',
    title: message.title.slice(0, 300),
    body: message.body,
    link: message.link,
    dedupeKey: message.dedupeKey,
  });
}

/** Queues an email through the workspace outbox (retried, failures visible); returns its id. */
export async function sendRuleEmail(
  ctx: Ctx,
  message: { to: string; toName: string | null; subject: string; text: string },
): Promise<string> {
  return sendMail(ctx, { to: message.to, subject: message.subject, text: message.text });
}
