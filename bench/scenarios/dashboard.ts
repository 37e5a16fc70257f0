import { performance } from 'node:perf_hooks';
import type { Database } from '../../server/db/connection.js';
import { expectStatus } from '../harness/http.js';
import { percentile } from '../harness/raw.js';
import type { LatencyScenario } from './types.js';

const REPORT = '/api/v1/reports/activity';

/**
 * The full scan the report replaces, for comparison: activities per month, kind and employee
 * over the last 12 months of data, straight from `activities`.
 */
const FULL_SCAN = `select date_trunc('month', occurred_at) as month, kind, actor_id, count(*)::int as n
  from activities
  where workspace_id = $1 and deleted_at is null
    and occurred_at >= (select max(occurred_at) from activities where workspace_id = $1) - interval '12 months'
  group by 1, 2, 3 order by 1, 2, 3`;

async function query<T>(database: Database, text: string, params: unknown[]): Promise<T[]> {
  const result = database.pool
    ? await database.pool.query(text, params)
    : await (database.pglite as NonNullable<Database['pglite']>).query(text, params);
  return result.rows as T[];
}

interface Report {
  total: number;
  employees: unknown[];
  months: unknown[];
}

/**
 * The activity dashboard over the last 12 months of data: from the first day of the month 11
 * months before the newest activity through the newest activity's day (the synthetic data ends
 * on a month's last day, so: 12 whole months from the roll-up) and, every other request, through
 * the 15th of that month (11 whole months + 15 days from the daily roll-up, as on a mid-month
 * "today"). Filters rotate: everyone, one employee, one kind.
 */
export const dashboardAggregate: LatencyScenario = {
  kind: 'latency',
  name: 'dashboard-aggregate',
  about:
    'GET /reports/activity, last 12 months of data (whole / ending mid-month): all / by employee / kind=call; the raw full scan it replaces as a note',
  async prepare(env) {
    if (!env.paths.has(REPORT)) return { skip: 'the activity report is not on this build' };
    const [newest] = await query<{ day: string | null }>(
      env.database,
      `select to_char(max(occurred_at) at time zone 'UTC', 'YYYY-MM-DD') as day
       from activities where workspace_id = $1 and deleted_at is null`,
      [env.workspaceId],
    );
    const to = newest?.day;
    if (!to) return { skip: 'no activities' };
    const first = new Date(`${to.slice(0, 7)}-01T00:00:00Z`);
    first.setUTCMonth(first.getUTCMonth() - 11);
    const from = first.toISOString().slice(0, 10);
    const midMonth = `${to.slice(0, 7)}-15`;
    const ends = [to, midMonth < to ? midMonth : to];
    const users = env.samples.userIds;
    return async (i) => {
      const filter =
        i % 3 === 1
          ? `&ownerId=${users[i % users.length] as string}`
          : i % 3 === 2
            ? '&kind=call'
            : '';
      const result = expectStatus(
        await env.http.get(`/reports/activity?from=${from}&to=${ends[i % 2] as string}${filter}`),
        200,
        'activity report',
      );
      const body = result.body as Report;
      return { result, rows: body.employees.length + body.months.length };
    };
  },
  async finish(env, result) {
    await query(env.database, FULL_SCAN, [env.workspaceId]); // warm-up
    const times: number[] = [];
    for (let i = 0; i < 10; i++) {
      const t0 = performance.now();
      await query(env.database, FULL_SCAN, [env.workspaceId]);
      times.push(performance.now() - t0);
    }
    result.extra.fullScanP50 = percentile(times, 50);
    result.notes.push(
      `the full scan of activities it replaces: p50 ${percentile(times, 50).toFixed(1)} ms, ` +
        `p95 ${percentile(times, 95).toFixed(1)} ms over 10 runs (raw SQL)`,
    );
  },
};
