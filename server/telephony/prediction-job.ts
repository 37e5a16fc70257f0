/**
 * The prediction job: recomputes, per workspace, the repeat-purchase predictions and the
 * co-purchase rules the screen pop reads (prediction.ts has the method). Runs nightly for every
 * workspace, and on demand (`POST /telephony/predictions/recompute`). A full recompute: rules
 * depend on every customer's basket, so there is nothing smaller to redo safely.
 */
import type { Database } from '../db/connection.js';
import { ensureQueue, jobsOf, work } from '../jobs/queue.js';
import { inTransaction, systemContext, type Ctx } from '../platform/context.js';
import { findWorkspace, listWorkspaces } from '../workspaces/repository.js';
import { workspaceInfo } from '../workspaces/service.js';
import { associationRules, repeatPurchases, type DatedPurchase } from './prediction.js';
import * as repo from './prediction-repository.js';

export const PREDICTIONS_QUEUE = 'telephony-predictions';
const NIGHTLY_QUEUE = 'telephony-predictions-nightly';

export interface RecomputeResult {
  customers: number;
  predictions: number;
  rules: number;
  ms: number;
}

export async function recomputePredictions(ctx: Ctx): Promise<RecomputeResult> {
  const started = performance.now();
  const [pairs, names] = await Promise.all([repo.purchaseDays(ctx), repo.productNames(ctx)]);
  const baskets = new Map<
    string,
    { type: 'contacts' | 'companies'; id: string; purchases: DatedPurchase[] }
  >();
  for (const pair of pairs) {
    const key = `${pair.customer_type}:${pair.customer_id}`;
    let basket = baskets.get(key);
    if (!basket) {
      basket = { type: pair.customer_type, id: pair.customer_id, purchases: [] };
      baskets.set(key, basket);
    }
    const productName = names.get(pair.product_id) ?? '';
    for (const date of pair.days)
      basket.purchases.push({ productId: pair.product_id, productName, date });
  }
  const predictions: repo.PredictionInsert[] = [];
  for (const basket of baskets.values()) {
    for (const p of repeatPurchases(basket.purchases))
      predictions.push({
        customerType: basket.type,
        customerId: basket.id,
        productId: p.productId,
        productName: p.productName,
        purchases: p.purchases,
        intervalDays: p.intervalDays,
        lastAt: p.lastAt,
        nextAt: p.nextAt,
        regularity: p.regularity,
      });
  }
  const rules = associationRules(
    [...baskets.values()].map((b) => [...new Set(b.purchases.map((p) => p.productId))]),
    { minCustomers: 3, minConfidence: 0.05, maxPerProduct: 10 },
  );
  await inTransaction(ctx, (tx) =>
    repo.replaceResults(
      tx,
      predictions,
      rules.map((r) => ({ ...r, otherProductName: names.get(r.otherProductId) ?? '' })),
    ),
  );
  return {
    customers: baskets.size,
    predictions: predictions.length,
    rules: rules.length,
    ms: Math.round(performance.now() - started),
  };
}

/** Workers: one job per workspace, and a nightly schedule that enqueues them all. */
export async function registerTelephonyWorkers(database: Database): Promise<void> {
  await ensureQueue(database, PREDICTIONS_QUEUE);
  await ensureQueue(database, NIGHTLY_QUEUE);
  const { boss } = jobsOf(database);
  await work<{ workspaceId: string }>(database, PREDICTIONS_QUEUE, async (job) => {
    const row = await findWorkspace(database.db, job.data.workspaceId);
    if (row) await recomputePredictions(systemContext(database, workspaceInfo(row)));
  });
  await work(database, NIGHTLY_QUEUE, async () => {
    for (const row of await listWorkspaces(database.db))
      await boss.send(PREDICTIONS_QUEUE, { workspaceId: row.id }, { singletonKey: row.id });
  });
  await boss.schedule(NIGHTLY_QUEUE, '30 2 * * *');
}
