/**
 * The engine: decides which rules an event fires, runs their actions one after another and logs
 * the run. Each run is keyed by (rule, event key): a job that is delivered twice finds its run and
 * does nothing. Actions run as the system on behalf of the rule's author, inside
 * `automationOrigin`, so the changes they make carry the chain of rules that caused them.
 */
import type { Database } from '../db/connection.js';
import { enqueue } from '../jobs/queue.js';
import { teamMemberIds } from '../access/repository.js';
import { inTransaction, systemContext, type Ctx } from '../platform/context.js';
import { AppError } from '../platform/errors.js';
import { translator } from '../platform/i18n.js';
import { newId } from '../platform/ids.js';
import { conditionsHold, renderTemplate, type ChangeView } from './conditions.js';
import { automationOrigin, MAX_DEPTH, type RecordEventJob } from './hook.js';
import { createRuleTask, notifyRuleUser, sendRuleEmail } from './integrations.js';
import { loadSnapshot, objectSpec, type Snapshot } from './objects.js';
import * as repo from './repository.js';
import type {
  ActionResult,
  AutomationObject,
  Recipient,
  RuleAction,
  RunStatus,
  TriggerKind,
} from './schema.js';
import { WEBHOOK_QUEUE, webhookSendOptions, webhookBody } from './webhook.js';
import { workspaceContext } from './workspace.js';

export const RUN_QUEUE = 'automations.run';

/** A scheduled or date-triggered run, enqueued by the scheduler tick. */
export interface RunJob {
  workspaceId: string;
  ruleId: string;
  eventKey: string;
  object: AutomationObject | null;
  recordId: string | null;
}

export interface RunTarget {
  object: AutomationObject | null;
  snapshot: Snapshot | null;
  triggerKind: TriggerKind;
  eventKey: string;
  depth: number;
  chain: string[];
  test: boolean;
}

/** `{field: [before, after]}` audit changes laid over a row: the record before / after them. */
function overlay(
  row: Record<string, unknown>,
  changes: Record<string, [unknown, unknown]>,
  side: 0 | 1,
) {
  const result = { ...row };
  for (const [field, pair] of Object.entries(changes)) result[field] = pair[side];
  return result;
}

/** Worker of `automations.event`: a record was created or changed. */
export async function handleRecordEvent(database: Database, job: RecordEventJob): Promise<void> {
  const ctx = await workspaceContext(database, job.workspaceId);
  if (!ctx) return;
  const rules = await repo.rulesForRecordEvent(ctx, job.objects, job.change);
  if (rules.length === 0) return;
  for (const objectName of job.objects) {
    const object = objectName as AutomationObject;
    const spec = objectSpec(object);
    const matching = rules.filter((r) => r.triggerObject === object);
    if (!spec || matching.length === 0) continue;
    const row = await spec.load(ctx, job.recordId);
    if (!row || (spec.matches && !spec.matches(row))) continue;
    const after = spec.derive(overlay(row, job.changes, 1));
    const before = job.change === 'created' ? null : spec.derive(overlay(row, job.changes, 0));
    for (const rule of matching) {
      const trigger = rule.trigger;
      if (trigger.kind === 'stage_changed') {
        const stage = spec.stageField;
        if (!stage || !(stage in job.changes)) continue;
        const [from, to] = job.changes[stage] ?? [null, null];
        const matches = (value: unknown, expected: string) =>
          spec.stageMatches
            ? spec.stageMatches(ctx, value, expected)
            : Promise.resolve(String(value) === expected);
        if (trigger.from && !(await matches(from, trigger.from))) continue;
        if (trigger.to && !(await matches(to, trigger.to))) continue;
      }
      const view: ChangeView = { after, before, changed: true };
      if (!conditionsHold(rule.conditions, view)) continue;
      const target: RunTarget = {
        object,
        snapshot: after,
        triggerKind: trigger.kind,
        eventKey: `event:${job.eventId}`,
        depth: job.depth,
        chain: job.chain,
        test: false,
      };
      // A rule's own change does not wake it again; a longer cycle or chain is stopped and logged.
      if (job.chain.at(-1) === rule.id) continue;
      if (job.chain.includes(rule.id) || job.depth > MAX_DEPTH) {
        const t = translator(ctx.locale);
        const names = await ruleNames(ctx, [...job.chain, rule.id]);
        await logSkipped(
          ctx,
          rule,
          target,
          job.chain.includes(rule.id)
            ? t('automations:errors.loop', { chain: names.join(' → ') })
            : t('automations:errors.too_deep', { depth: MAX_DEPTH }),
        );
        continue;
      }
      await executeRule(ctx, rule, target);
    }
  }
}

async function ruleNames(ctx: Ctx, ids: string[]): Promise<string[]> {
  const rules = await repo.listRules(ctx);
  const names = new Map(rules.map((r) => [r.id, r.name]));
  return ids.map((id) => names.get(id) ?? id);
}

async function logSkipped(ctx: Ctx, rule: repo.RuleRow, target: RunTarget, error: string) {
  const id = await repo.startRun(ctx, {
    id: newId(),
    ruleId: rule.id,
    eventKey: target.eventKey,
    triggerKind: target.triggerKind,
    recordObject: target.object,
    recordId: target.snapshot?.id ?? null,
    status: 'skipped',
    test: target.test,
    depth: target.depth,
    error,
  });
  if (id) await repo.finishRun(ctx, id, { status: 'skipped', error, actions: [] });
}

/** Worker of `automations.run`: a schedule or a date reached. */
export async function handleRunJob(database: Database, job: RunJob): Promise<void> {
  const ctx = await workspaceContext(database, job.workspaceId);
  if (!ctx) return;
  const rule = await repo.findRule(ctx, job.ruleId);
  if (!rule || !rule.enabled) return;
  let snapshot: Snapshot | null = null;
  if (job.object && job.recordId) {
    snapshot = await loadSnapshot(ctx, job.object, job.recordId);
    if (!snapshot) return;
    if (!conditionsHold(rule.conditions, { after: snapshot, before: null, changed: false })) return;
  }
  await executeRule(ctx, rule, {
    object: job.object,
    snapshot,
    triggerKind: rule.trigger.kind,
    eventKey: job.eventKey,
    depth: 0,
    chain: [],
    test: false,
  });
}

export interface RunOutcome {
  runId: string | null;
  status: RunStatus;
  actions: ActionResult[];
  error: string | null;
}

function errorText(ctx: Ctx, error: unknown): string {
  const t = translator(ctx.locale);
  if (error instanceof AppError) {
    const details = error.details.map((d) =>
      t(d.message.includes(':') ? d.message : `errors:${d.message}`, {
        ...d.params,
        defaultValue: d.message,
      }),
    );
    return [t(`errors:${error.code}`, error.params), ...details].join(' — ');
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs a rule's actions for one event and logs the run. `dryRun` renders what the actions would
 * do and changes nothing (no run is logged).
 */
export async function executeRule(
  ctx: Ctx,
  rule: repo.RuleRow,
  target: RunTarget,
  options: { dryRun?: boolean } = {},
): Promise<RunOutcome> {
  const actor = await actingContext(ctx, rule);
  let runId: string | null = null;
  if (!options.dryRun) {
    runId = await repo.startRun(ctx, {
      id: newId(),
      ruleId: rule.id,
      eventKey: target.eventKey,
      triggerKind: target.triggerKind,
      recordObject: target.object,
      recordId: target.snapshot?.id ?? null,
      status: 'running',
      test: target.test,
      depth: target.depth,
    });
    if (!runId) return { runId: null, status: 'skipped', actions: [], error: null };
  }
  const data = await templateData(actor, rule, target);
  const results: ActionResult[] = [];
  await automationOrigin.run(
    { depth: target.depth, chain: [...target.chain, rule.id] },
    async () => {
      for (const [index, action] of rule.actions.entries()) {
        try {
          const detail = await performAction(actor, rule, index, action, target, data, runId, {
            dryRun: options.dryRun ?? false,
          });
          results.push({
            type: action.type,
            status: options.dryRun ? 'planned' : 'succeeded',
            detail,
          });
        } catch (error) {
          results.push({ type: action.type, status: 'failed', error: errorText(ctx, error) });
        }
      }
    },
  );
  const failed = results.filter((r) => r.status === 'failed');
  const status: RunStatus = failed.length ? 'failed' : 'succeeded';
  const error = failed.length ? (failed[0]?.error ?? null) : null;
  if (runId) await repo.finishRun(ctx, runId, { status, error, actions: results });
  return { runId, status, actions: results, error };
}

async function actingContext(ctx: Ctx, rule: repo.RuleRow): Promise<Ctx> {
  const [author] = rule.createdBy ? await repo.findUsers(ctx, [rule.createdBy]) : [];
  return systemContext(ctx.database, ctx.workspace, author?.active ? author.id : null);
}

async function templateData(ctx: Ctx, rule: repo.RuleRow, target: RunTarget) {
  const ownerId = target.snapshot?.ownerId;
  const [owner] = typeof ownerId === 'string' ? await repo.findUsers(ctx, [ownerId]) : [];
  return {
    record: target.snapshot ?? {},
    object: target.object,
    owner: owner ? { name: owner.name, email: owner.email } : null,
    workspace: { name: ctx.workspace.name },
    rule: { name: rule.name },
    today: localDay(new Date(), ctx.workspace.timezone),
  };
}

/** The calendar day (YYYY-MM-DD) it is at `at` in a time zone. */
export function localDay(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}

async function resolveUser(ctx: Ctx, recipient: Recipient, target: RunTarget) {
  const id =
    recipient.kind === 'user'
      ? recipient.userId
      : recipient.kind === 'record_owner' && typeof target.snapshot?.ownerId === 'string'
        ? target.snapshot.ownerId
        : null;
  const [user] = id ? await repo.findUsers(ctx, [id]) : [];
  if (!user || !user.active)
    throw new AppError('conflict', {}, [
      { path: 'recipient', message: 'automations:errors.no_recipient' },
    ]);
  return user;
}

function recordLink(target: RunTarget): string | null {
  if (!target.object || !target.snapshot) return null;
  return `/${target.object}/${target.snapshot.id}`;
}

async function performAction(
  ctx: Ctx,
  rule: repo.RuleRow,
  index: number,
  action: RuleAction,
  target: RunTarget,
  data: object,
  runId: string | null,
  options: { dryRun: boolean },
): Promise<string> {
  const render = (source: string) => renderTemplate(source, data);
  const spec = target.object ? objectSpec(target.object) : null;
  const record = target.snapshot;
  switch (action.type) {
    case 'create_task': {
      const owner = await resolveUser(ctx, action.assignee, target);
      const title = render(action.title);
      if (options.dryRun) return `${title} → ${owner.name}`;
      const dueAt = new Date(Date.now() + action.dueInDays * 86_400_000);
      const taskId = await createRuleTask(ctx, {
        title,
        description: action.description ? render(action.description) : null,
        type: action.taskType,
        priority: action.priority,
        dueAt,
        ownerId: owner.id,
        related: target.object && record ? { object: target.object, id: record.id } : null,
      });
      return taskId;
    }
    case 'notify': {
      const user = await resolveUser(ctx, action.recipient, target);
      const title = render(action.title);
      if (options.dryRun) return `${title} → ${user.name}`;
      await notifyRuleUser(ctx, user.id, {
        title,
        body: action.body ? render(action.body) : null,
        link: recordLink(target),
        dedupeKey: runId ? `automation:${runId}:${index}` : null,
      });
      return user.id;
    }
    case 'send_email': {
      let to: { email: string | null; name: string };
      if (action.to.kind === 'record_contact') {
        const contact = spec && record ? await spec.contactOf(ctx, record) : null;
        to = { email: contact?.email ?? null, name: contact?.name ?? '' };
      } else {
        const user = await resolveUser(ctx, action.to, target);
        to = { email: user.email, name: user.name };
      }
      if (!to.email)
        throw new AppError('conflict', {}, [
          { path: 'to', message: 'automations:errors.no_email_address' },
        ]);
      const subject = render(action.subject);
      if (options.dryRun) return `${to.email}: ${subject}`;
      return sendRuleEmail(ctx, {
        to: to.email,
        toName: to.name || null,
        subject,
        text: render(action.body),
      });
    }
    case 'update_field': {
      if (!spec?.update || !record) throw noRecord();
      const patch = fieldPatch(action.field, action.value);
      if (options.dryRun) return `${action.field} = ${JSON.stringify(action.value)}`;
      await spec.update.apply(ctx, record.id, spec.update.schema.parse(patch) as object);
      return `${action.field} = ${JSON.stringify(action.value)}`;
    }
    case 'assign_owner': {
      if (!spec?.update || !record) throw noRecord();
      const update = spec.update;
      return inTransaction(ctx, async (tx) => {
        const locked = await repo.findRule(tx, rule.id, { lock: true });
        const state = { ...(locked?.state ?? {}) };
        const pool = action.teamId
          ? (await teamMemberIds(tx, action.teamId)).sort()
          : action.userIds;
        const candidates = await repo.findUsers(tx, pool);
        const active = new Set(candidates.filter((u) => u.active).map((u) => u.id));
        const last = state[String(index)] ?? -1;
        // Round robin in the listed order, passing over users who were deactivated since.
        for (let step = 1; step <= pool.length; step++) {
          const position = (last + step) % pool.length;
          const userId = pool[position];
          if (!userId || !active.has(userId)) continue;
          const name = candidates.find((u) => u.id === userId)?.name ?? userId;
          if (options.dryRun) return name;
          state[String(index)] = position;
          await repo.saveRuleState(tx, rule.id, state);
          await update.apply(tx, record.id, { ownerId: userId });
          return name;
        }
        throw new AppError('conflict', {}, [
          { path: 'userIds', message: 'automations:errors.no_recipient' },
        ]);
      });
    }
    case 'webhook': {
      const deliveryId = newId();
      const body = webhookBody({
        deliveryId,
        rule,
        triggerKind: target.triggerKind,
        object: target.object,
        record,
        test: target.test,
      });
      if (options.dryRun || !runId) return action.url;
      await inTransaction(ctx, async (tx) => {
        await repo.insertDelivery(tx, {
          id: deliveryId,
          ruleId: rule.id,
          runId,
          url: action.url,
          body,
          maxAttempts: action.maxAttempts,
        });
        await enqueue(
          tx,
          WEBHOOK_QUEUE,
          { workspaceId: ctx.workspace.id, deliveryId },
          webhookSendOptions(action.maxAttempts),
        );
      });
      return deliveryId;
    }
  }
}

const noRecord = () =>
  new AppError('conflict', {}, [{ path: 'recordId', message: 'automations:errors.needs_record' }]);

/** `custom.vip` = 1 → `{custom: {vip: 1}}`; `status` = 'qualified' → `{status: 'qualified'}`. */
export function fieldPatch(field: string, value: unknown): Record<string, unknown> {
  if (field.startsWith('custom.')) return { custom: { [field.slice(7)]: value } };
  return { [field]: value };
}
