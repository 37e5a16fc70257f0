import { performance } from 'node:perf_hooks';
import { explainSlowest, percentile } from '../harness/raw.js';
import { emptyResult, type CustomScenario } from './types.js';

/**
 * Activities per month, kind and employee over the last 12 months of data — the aggregate a
 * dashboard shows. No dashboard endpoint is on this build yet, so only its SQL is measured (on
 * the server's pool); when reports land, measure their endpoint here too.
 */
const AGGREGATE = `select date_trunc('month', occurred_at) as month, kind, actor_id, count(*)::int as n
  from activities
  where workspace_id = $1 and deleted_at is null
    and occurred_at >= (select max(occurred_at) from activities where workspace_id = $1) - interval '12 months'
  group by 1, 2, 3 order by 1, 2, 3`;

export const dashboardAggregate: CustomScenario = {
  kind: 'custom',
  name: 'dashboard-aggregate',
  about: 'activities per month × kind × employee, last 12 months (raw SQL; no endpoint yet)',
  async run(env) {
    const result = emptyResult(this.name, this.about);
    const runs = Math.max(20, Math.round(env.requests / 10));
    const query = (text: string, params: unknown[]) =>
      env.database.pool
        ? env.database.pool.query(text, params)
        : (env.database.pglite as NonNullable<typeof env.database.pglite>).query(text, params);
    await query(AGGREGATE, [env.workspaceId]); // warm-up
    const times: number[] = [];
    let rows = 0;
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const res = await query(AGGREGATE, [env.workspaceId]);
      times.push(performance.now() - t0);
      rows = res.rows.length;
    }
    const explained = await explainSlowest(
      env.database,
      [{ text: AGGREGATE, params: [env.workspaceId] }],
      [0],
    );
    result.requests = runs;
    result.rawP95 = percentile(times, 95);
    result.rows = rows;
    result.statements = 1;
    result.plan = explained?.plan ?? null;
    result.notes.push(`raw p50 ${percentile(times, 50).toFixed(1)} ms over ${runs} runs`);
    result.notes.push('no dashboard endpoint on this build: HTTP not measured');
    return result;
  },
};
