/**
 * The one place record changes reach the rules. `recordAudit` (platform/audit.ts) calls
 * `fireRecordTriggers` inside the transaction of every audited change; when a rule of the
 * workspace listens to that kind of record, it enqueues one `automations.event` job in the same
 * transaction — so a rolled-back change fires nothing, and a committed one fires exactly once.
 * The worker evaluates the rules after the commit, off the request's hot path.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Changes } from '../platform/audit.js';
import type { Ctx } from '../platform/context.js';
import { newId } from '../platform/ids.js';
import { enqueue, jobsOf } from '../jobs/queue.js';
import { hasRecordRules } from './repository.js';

export const EVENT_QUEUE = 'automations.event';

/** How many rule-triggers-rule steps may follow one change before the chain is stopped. */
export const MAX_DEPTH = 5;

/**
 * Set while a rule's actions run: changes they make carry the chain of rules that led to them,
 * so a rule does not re-trigger itself and a cycle of rules is detected and stopped.
 */
export interface AutomationOrigin {
  depth: number;
  chain: string[];
}
export const automationOrigin = new AsyncLocalStorage<AutomationOrigin>();

/** Audit `object` → the automation objects such a change may concern. */
const AUDITED_OBJECTS: Record<string, string[]> = {
  contacts: ['contacts'],
  companies: ['companies'],
  leads: ['leads'],
  deals: ['deals'],
  billing_documents: ['invoices', 'quotes'],
};

const CHANGE_OF: Record<string, 'created' | 'updated'> = {
  create: 'created',
  update: 'updated',
  convert: 'updated',
};

export interface RecordEventJob {
  workspaceId: string;
  eventId: string;
  auditObject: string;
  objects: string[];
  recordId: string;
  change: 'created' | 'updated';
  changes: Changes;
  depth: number;
  chain: string[];
  at: string;
}

function jobsRunning(ctx: Ctx): boolean {
  try {
    jobsOf(ctx.database);
    return true;
  } catch {
    // Processes without a job queue (CLI imports, tests without jobs) have no rules to run.
    return false;
  }
}

export async function fireRecordTriggers(
  ctx: Ctx,
  event: { action: string; object: string; recordId: string | null; changes?: Changes | null },
): Promise<void> {
  const objects = AUDITED_OBJECTS[event.object];
  const change = CHANGE_OF[event.action];
  if (!objects || !change || !event.recordId) return;
  if (!jobsRunning(ctx)) return;
  if (!(await hasRecordRules(ctx, objects, change))) return;
  const origin = automationOrigin.getStore();
  const job: RecordEventJob = {
    workspaceId: ctx.workspace.id,
    eventId: newId(),
    auditObject: event.object,
    objects,
    recordId: event.recordId,
    change,
    changes: event.changes ?? {},
    depth: origin ? origin.depth + 1 : 0,
    chain: origin?.chain ?? [],
    at: new Date().toISOString(),
  };
  await enqueue(ctx, EVENT_QUEUE, job);
}
