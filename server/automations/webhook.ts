/**
 * Outgoing webhooks of rules. The body is JSON; `X-Odnos-Signature: sha256=<hex>` is
 * HMAC-SHA256(rule's webhook secret, exact body bytes) — the same scheme the PBX endpoint checks.
 * A delivery is a row in `automation_deliveries` plus a job: a non-2xx answer or a network error
 * fails the attempt and pg-boss retries with exponential backoff; after `maxAttempts` failures the
 * delivery becomes a dead letter (listed, retried by hand).
 */
import type { SendOptions } from 'pg-boss';
import type { Database } from '../db/connection.js';
import { sign, SIGNATURE_HEADER } from '../telephony/signature.js';
import * as repo from './repository.js';
import type { Snapshot } from './objects.js';
import { workspaceContext } from './workspace.js';

export const WEBHOOK_QUEUE = 'automations.webhook';
export { SIGNATURE_HEADER };
export const DELIVERY_HEADER = 'x-odnos-delivery';
export const ATTEMPT_HEADER = 'x-odnos-attempt';
const TIMEOUT_MS = 10_000;

/** Base delay of the first retry; later ones double (with jitter). Tests shorten it. */
export function retryDelaySeconds(): number {
  const configured = Number(process.env.ODNOS_WEBHOOK_RETRY_DELAY_SECONDS);
  return Number.isFinite(configured) && configured > 0 ? Math.round(configured) : 30;
}

export function webhookSendOptions(maxAttempts: number): SendOptions {
  return {
    // One more than our own attempt count: the delivery row decides when it is dead.
    retryLimit: maxAttempts,
    retryDelay: retryDelaySeconds(),
    retryBackoff: true,
    retryDelayMax: 3600,
    expireInSeconds: 60,
  };
}

export function webhookBody(input: {
  deliveryId: string;
  rule: repo.RuleRow;
  triggerKind: string;
  object: string | null;
  record: Snapshot | null;
  test: boolean;
}): string {
  return JSON.stringify({
    id: input.deliveryId,
    event: input.triggerKind,
    test: input.test,
    occurredAt: new Date().toISOString(),
    workspaceId: input.rule.workspaceId,
    rule: { id: input.rule.id, name: input.rule.name },
    object: input.object,
    record: input.record,
  });
}

export interface WebhookJob {
  workspaceId: string;
  deliveryId: string;
}

/** One attempt; throws to make pg-boss retry, returns when delivered or dead. */
export async function deliverWebhook(database: Database, job: WebhookJob): Promise<void> {
  const ctx = await workspaceContext(database, job.workspaceId);
  if (!ctx) return;
  const delivery = await repo.findDelivery(ctx, job.deliveryId);
  if (!delivery || delivery.status !== 'pending') return;
  const rule = await repo.findRule(ctx, delivery.ruleId);
  if (!rule) {
    await repo.updateDelivery(ctx, delivery.id, { status: 'dead', lastError: 'rule deleted' });
    return;
  }
  const attempt = delivery.attempts + 1;
  let status: number | null = null;
  let error: string | null = null;
  try {
    const response = await fetch(delivery.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Odnos-Webhooks/1',
        [SIGNATURE_HEADER]: sign(rule.webhookSecret, delivery.body),
        [DELIVERY_HEADER]: delivery.id,
        [ATTEMPT_HEADER]: String(attempt),
      },
      body: delivery.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    status = response.status;
    await response.body?.cancel();
    if (response.status < 200 || response.status >= 300) error = `HTTP ${response.status}`;
  } catch (failure) {
    error =
      failure instanceof Error
        ? ((failure.cause as Error | undefined)?.message ?? failure.message)
        : String(failure);
  }
  if (!error) {
    await repo.updateDelivery(ctx, delivery.id, {
      status: 'delivered',
      attempts: attempt,
      lastStatus: status,
      lastError: null,
      deliveredAt: new Date(),
    });
    return;
  }
  const dead = attempt >= delivery.maxAttempts;
  await repo.updateDelivery(ctx, delivery.id, {
    status: dead ? 'dead' : 'pending',
    attempts: attempt,
    lastStatus: status,
    lastError: error.slice(0, 500),
  });
  if (!dead) throw new Error(`webhook attempt ${attempt} failed: ${error}`);
}
