/** Rules: create/update with field-level validation, enable/disable, test runs, logs, retries. */
import { randomBytes } from 'node:crypto';
import { enqueue } from '../jobs/queue.js';
import { recordAudit } from '../platform/audit.js';
import { inTransaction, type Ctx } from '../platform/context.js';
import { AppError, type ErrorDetail } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import { findTeam } from '../access/repository.js';
import { validateCustomValues } from '../fields/service.js';
import { CHANGE_OPS, checkTemplate, conditionsHold } from './conditions.js';
import { fieldCatalog, loadSnapshot, objectSpec } from './objects.js';
import * as repo from './repository.js';
import { executeRule, fieldPatch, type RunOutcome } from './runner.js';
import { isValidTimezone, nextCronTime } from './scheduler.js';
import type {
  FieldInfo,
  Recipient,
  RuleAction,
  RuleCreateInput,
  RuleTrigger,
  RuleUpdateInput,
  RunsQuery,
} from './schema.js';
import { WEBHOOK_QUEUE, webhookSendOptions } from './webhook.js';

const RECORD_TRIGGERS = new Set(['record_created', 'record_updated', 'stage_changed']);
const IDLE_OBJECTS = new Set(['contacts', 'companies', 'leads', 'deals']);
const err = (key: string) => `automations:errors.${key}`;

export async function getRule(ctx: Ctx, id: string): Promise<repo.RuleRow> {
  const rule = await repo.findRule(ctx, id);
  if (!rule) throw AppError.notFound();
  return rule;
}

export const listRules = repo.listRules;
export const lastRuns = repo.lastRuns;

/**
 * Every problem of a rule at once, each on its exact path (`trigger.field`,
 * `conditions.1.field`, `actions.0.subject`), so the editor can show them next to the inputs.
 */
async function validateRule(
  ctx: Ctx,
  rule: Pick<RuleCreateInput, 'trigger' | 'conditions' | 'actions'>,
): Promise<void> {
  const problems: ErrorDetail[] = [];
  const problem = (path: string, message: string, params?: Record<string, unknown>) =>
    problems.push({ path, message: err(message), ...(params ? { params } : {}) });
  const trigger = rule.trigger;
  const hasRecord = trigger.kind !== 'schedule';
  const spec = trigger.kind === 'schedule' ? null : objectSpec(trigger.object);
  let fields: FieldInfo[] = [];
  if (trigger.kind !== 'schedule') {
    if (!spec) problem('trigger.object', 'object_unavailable');
    else fields = await fieldCatalog(ctx, trigger.object);
  }
  const field = (name: string) => fields.find((f) => f.name === name);

  switch (trigger.kind) {
    case 'stage_changed':
      if (spec && !spec.stageField) problem('trigger.object', 'no_stage');
      break;
    case 'date_reached':
      if (spec && field(trigger.field)?.type !== 'date')
        problem('trigger.field', field(trigger.field) ? 'not_a_date' : 'unknown_field', {
          field: trigger.field,
        });
      break;
    case 'no_activity':
      if (!IDLE_OBJECTS.has(trigger.object)) problem('trigger.object', 'no_activity_object');
      break;
    case 'schedule': {
      const timezone = trigger.timezone ?? ctx.workspace.timezone;
      if (!isValidTimezone(timezone)) problem('trigger.timezone', 'invalid_timezone');
      else {
        try {
          nextCronTime(trigger.cron, timezone, new Date());
        } catch {
          problem('trigger.cron', 'invalid_cron');
        }
      }
      break;
    }
    default:
      break;
  }

  for (const [i, condition] of rule.conditions.entries()) {
    if (!hasRecord) {
      problem(`conditions.${i}.field`, 'no_record_for_condition');
      continue;
    }
    if (spec && !field(condition.field))
      problem(`conditions.${i}.field`, 'unknown_field', { field: condition.field });
    if (CHANGE_OPS.has(condition.op) && !RECORD_TRIGGERS.has(trigger.kind))
      problem(`conditions.${i}.op`, 'change_op_needs_change');
    if (
      ['equals', 'not_equals', 'contains', 'changed_to', 'gt', 'lt'].includes(condition.op) &&
      (condition.value === undefined ||
        (['gt', 'lt', 'contains'].includes(condition.op) &&
          (condition.value === null || condition.value === '')))
    )
      problem(`conditions.${i}.value`, 'value_required');
  }

  const userIds = new Set<string>();
  const checkRecipient = (path: string, recipient: Recipient, allowContact: boolean) => {
    if (recipient.kind === 'user') userIds.add(recipient.userId);
    else if (!hasRecord) problem(path, 'needs_record');
    else if (recipient.kind === 'record_contact' && !allowContact)
      problem(path, 'contact_not_user');
  };
  const checkText = (path: string, source: string | undefined) => {
    if (source === undefined) return;
    try {
      checkTemplate(source);
    } catch (error) {
      problem(path, 'invalid_template', { reason: (error as Error).message.split('\n')[0] });
    }
  };
  const recipientPaths = new Map<string, string>();
  for (const [i, action] of rule.actions.entries()) {
    const at = `actions.${i}`;
    switch (action.type) {
      case 'create_task':
        checkText(`${at}.title`, action.title);
        checkText(`${at}.description`, action.description);
        checkRecipient(`${at}.assignee`, action.assignee, false);
        if (action.assignee.kind === 'user')
          recipientPaths.set(action.assignee.userId, `${at}.assignee`);
        break;
      case 'notify':
        checkText(`${at}.title`, action.title);
        checkText(`${at}.body`, action.body);
        checkRecipient(`${at}.recipient`, action.recipient, false);
        if (action.recipient.kind === 'user')
          recipientPaths.set(action.recipient.userId, `${at}.recipient`);
        break;
      case 'send_email':
        checkText(`${at}.subject`, action.subject);
        checkText(`${at}.body`, action.body);
        checkRecipient(`${at}.to`, action.to, true);
        if (action.to.kind === 'user') recipientPaths.set(action.to.userId, `${at}.to`);
        break;
      case 'update_field':
        if (!hasRecord || !spec) {
          if (!hasRecord) problem(`${at}.type`, 'needs_record');
          break;
        }
        await checkUpdate(ctx, spec, field(action.field), action, at, problems);
        break;
      case 'assign_owner':
        if (!hasRecord) problem(`${at}.type`, 'needs_record');
        else if (spec && !spec.update) problem(`${at}.type`, 'read_only_object');
        for (const id of action.userIds) {
          userIds.add(id);
          recipientPaths.set(id, `${at}.userIds`);
        }
        if (action.teamId) {
          if (action.userIds.length) problem(`${at}.teamId`, 'users_or_team');
          else if (!(await findTeam(ctx, action.teamId)))
            problems.push({ path: `${at}.teamId`, message: 'field.invalid_reference' });
        } else if (action.userIds.length === 0) problem(`${at}.userIds`, 'users_or_team');
        break;
      case 'webhook':
        break;
    }
  }
  if (userIds.size) {
    const found = await repo.findUsers(ctx, [...userIds]);
    for (const id of userIds) {
      const user = found.find((u) => u.id === id);
      if (!user || !user.active)
        problems.push({
          path: recipientPaths.get(id) ?? 'actions',
          message: 'field.invalid_reference',
        });
    }
  }
  if (problems.length) throw new AppError('validation_failed', {}, problems);
}

async function checkUpdate(
  ctx: Ctx,
  spec: NonNullable<ReturnType<typeof objectSpec>>,
  info: FieldInfo | undefined,
  action: Extract<RuleAction, { type: 'update_field' }>,
  at: string,
  problems: ErrorDetail[],
): Promise<void> {
  if (!spec.update) {
    problems.push({ path: `${at}.type`, message: err('read_only_object') });
    return;
  }
  if (!info) {
    problems.push({
      path: `${at}.field`,
      message: err('unknown_field'),
      params: { field: action.field },
    });
    return;
  }
  if (!info.writable) {
    problems.push({
      path: `${at}.field`,
      message: err('read_only_field'),
      params: { field: action.field },
    });
    return;
  }
  const patch = fieldPatch(action.field, action.value);
  if (info.custom && spec.customObject) {
    try {
      await validateCustomValues(
        ctx,
        spec.customObject,
        patch.custom as Record<string, unknown>,
        null,
      );
    } catch (error) {
      const details = error instanceof AppError ? error.details : [];
      const mine = details.find((d) => d.path === action.field);
      if (mine) problems.push({ ...mine, path: `${at}.value` });
    }
    return;
  }
  const parsed = spec.update.schema.safeParse(patch);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const message =
      issue?.message && /^[a-z_.]+$/.test(issue.message) ? issue.message : 'field.invalid';
    problems.push({ path: `${at}.value`, message });
  }
}

function derived(trigger: RuleTrigger, timezone: string) {
  return {
    triggerKind: trigger.kind,
    triggerObject: trigger.kind === 'schedule' ? null : trigger.object,
    nextRunAt:
      trigger.kind === 'schedule'
        ? nextCronTime(trigger.cron, trigger.timezone ?? timezone, new Date())
        : null,
    lastScanOn: null,
  };
}

export async function createRule(ctx: Ctx, input: RuleCreateInput): Promise<repo.RuleRow> {
  await validateRule(ctx, input);
  return inTransaction(ctx, async (tx) => {
    const id = newId();
    await repo.insertRule(tx, {
      id,
      name: input.name,
      description: input.description ?? null,
      enabled: input.enabled,
      trigger: input.trigger,
      conditions: input.conditions,
      actions: input.actions,
      ...derived(input.trigger, tx.workspace.timezone),
      webhookSecret: `whsec_${randomBytes(24).toString('base64url')}`,
      createdBy: tx.actor.userId,
      updatedBy: tx.actor.userId,
    });
    await recordAudit(tx, {
      action: 'create',
      object: 'automation_rules',
      recordId: id,
      changes: { name: [null, input.name], trigger: [null, input.trigger] },
    });
    return getRule(tx, id);
  });
}

export async function updateRule(
  ctx: Ctx,
  id: string,
  input: RuleUpdateInput,
  expectedVersion: number | null,
): Promise<repo.RuleRow> {
  const before = await getRule(ctx, id);
  const next = {
    trigger: input.trigger ?? before.trigger,
    conditions: input.conditions ?? before.conditions,
    actions: input.actions ?? before.actions,
  };
  if (input.trigger || input.conditions || input.actions) await validateRule(ctx, next);
  return inTransaction(ctx, async (tx) => {
    const current = await repo.findRule(tx, id, { lock: true });
    if (!current) throw AppError.notFound();
    if (expectedVersion !== null && expectedVersion !== current.version)
      throw new AppError('version_conflict');
    const changes: Record<string, [unknown, unknown]> = {};
    for (const key of [
      'name',
      'description',
      'enabled',
      'trigger',
      'conditions',
      'actions',
    ] as const) {
      if (input[key] !== undefined && JSON.stringify(input[key]) !== JSON.stringify(current[key]))
        changes[key] = [current[key], input[key]];
    }
    if (Object.keys(changes).length === 0) return current;
    const retimed = changes.trigger || (changes.enabled && input.enabled);
    await repo.updateRule(tx, id, current.version, {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
      ...next,
      ...(retimed ? derived(next.trigger, tx.workspace.timezone) : {}),
      updatedBy: tx.actor.userId,
    });
    await recordAudit(tx, { action: 'update', object: 'automation_rules', recordId: id, changes });
    return getRule(tx, id);
  });
}

export async function deleteRule(ctx: Ctx, id: string): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const rule = await repo.findRule(tx, id, { lock: true });
    if (!rule) throw AppError.notFound();
    await repo.updateRule(tx, id, rule.version, { deletedAt: new Date(), enabled: false });
    await recordAudit(tx, { action: 'delete', object: 'automation_rules', recordId: id });
  });
}

export async function testRun(
  ctx: Ctx,
  id: string,
  input: { recordId?: string | undefined; dryRun: boolean },
): Promise<RunOutcome & { conditionsMet: boolean }> {
  const rule = await getRule(ctx, id);
  const trigger = rule.trigger;
  let snapshot = null;
  if (trigger.kind !== 'schedule') {
    if (!input.recordId) throw AppError.invalid('recordId', 'field.required');
    snapshot = await loadSnapshot(ctx, trigger.object, input.recordId);
    if (!snapshot) throw AppError.invalid('recordId', 'field.invalid_reference');
  }
  const conditionsMet = snapshot
    ? conditionsHold(rule.conditions, { after: snapshot, before: null, changed: false })
    : true;
  const outcome = await executeRule(
    ctx,
    rule,
    {
      object: trigger.kind === 'schedule' ? null : trigger.object,
      snapshot,
      triggerKind: trigger.kind,
      eventKey: `test:${newId()}`,
      depth: 0,
      chain: [],
      test: true,
    },
    { dryRun: input.dryRun },
  );
  return { ...outcome, conditionsMet };
}

export async function listRuns(ctx: Ctx, query: RunsQuery) {
  let before: { startedAt: Date; id: string } | undefined;
  if (query.cursor) {
    const [at, runId] = Buffer.from(query.cursor, 'base64url').toString().split('|');
    const startedAt = new Date(at ?? '');
    if (!runId || Number.isNaN(startedAt.getTime()))
      throw AppError.invalid('cursor', 'field.invalid');
    before = { startedAt, id: runId };
  }
  const rows = await repo.listRuns(ctx, {
    ruleId: query.ruleId,
    status: query.status,
    recordId: query.recordId,
    before,
    limit: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const nextCursor =
    rows.length > query.limit && last
      ? Buffer.from(`${last.startedAt.toISOString()}|${last.id}`).toString('base64url')
      : null;
  return { rows: page, nextCursor };
}

export async function getRun(ctx: Ctx, id: string) {
  const run = await repo.findRun(ctx, id);
  if (!run) throw AppError.notFound();
  return run;
}

export const listDeliveries = repo.listDeliveries;

/** Sends a dead letter again, with a fresh set of attempts. */
export async function retryDelivery(ctx: Ctx, id: string): Promise<repo.DeliveryWithRule> {
  await inTransaction(ctx, async (tx) => {
    const delivery = await repo.findDelivery(tx, id, { lock: true });
    if (!delivery) throw AppError.notFound();
    if (delivery.status !== 'dead')
      throw new AppError('conflict', {}, [{ path: 'status', message: err('not_dead') }]);
    await repo.updateDelivery(tx, id, { status: 'pending', attempts: 0, lastError: null });
    await enqueue(
      tx,
      WEBHOOK_QUEUE,
      { workspaceId: tx.workspace.id, deliveryId: id },
      webhookSendOptions(delivery.maxAttempts),
    );
  });
  const [row] = (await repo.listDeliveries(ctx, undefined, 500)).filter((d) => d.id === id);
  if (!row) throw AppError.notFound();
  return row;
}

export { fieldCatalog };
