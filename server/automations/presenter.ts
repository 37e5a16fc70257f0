import type * as repo from './repository.js';
import type { DeliveryOut, RuleOut, RunOut, RunStatus, TriggerKind } from './schema.js';

export function presentRule(
  rule: repo.RuleRow,
  lastRun: { status: RunStatus; startedAt: Date } | null = null,
): RuleOut {
  return {
    id: rule.id,
    name: rule.name,
    description: rule.description,
    enabled: rule.enabled,
    trigger: rule.trigger,
    conditions: rule.conditions,
    actions: rule.actions,
    nextRunAt: rule.nextRunAt?.toISOString() ?? null,
    webhookSecret: rule.webhookSecret,
    version: rule.version,
    createdAt: rule.createdAt.toISOString(),
    updatedAt: rule.updatedAt.toISOString(),
    lastRun: lastRun
      ? { status: lastRun.status, startedAt: lastRun.startedAt.toISOString() }
      : null,
  };
}

export function presentRun(run: repo.RunWithRule): RunOut {
  return {
    id: run.id,
    ruleId: run.ruleId,
    ruleName: run.ruleName,
    triggerKind: run.triggerKind as TriggerKind,
    recordObject: run.recordObject,
    recordId: run.recordId,
    status: run.status as RunStatus,
    test: run.test,
    depth: run.depth,
    error: run.error,
    actions: run.actions,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
  };
}

export function presentDelivery(delivery: repo.DeliveryWithRule): DeliveryOut {
  return {
    id: delivery.id,
    ruleId: delivery.ruleId,
    ruleName: delivery.ruleName,
    runId: delivery.runId,
    url: delivery.url,
    status: delivery.status as DeliveryOut['status'],
    attempts: delivery.attempts,
    maxAttempts: delivery.maxAttempts,
    lastStatus: delivery.lastStatus,
    lastError: delivery.lastError,
    createdAt: delivery.createdAt.toISOString(),
    updatedAt: delivery.updatedAt.toISOString(),
  };
}
