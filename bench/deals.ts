/**
 * Sales pipeline benchmark (issue 6): N deals (default 300,000) in the default pipeline of one
 * workspace, with their stage history, in a fresh database that is dropped at the end; then
 * p50/p95 of kanban board loads (first 50 cards per stage + stage totals, with and without
 * filters) and of funnel reports (one quarter, one year, everything), through the services.
 *
 *   npm run bench:deals -- --engine postgres --deals 300000
 *   npm run bench:deals -- --engine pglite --deals 100000
 *
 * Deals are generated in SQL: 50/30/20 % reach stage 1/2/3, then 25 % stay open, 30 % are won
 * and 45 % lost; entries spread over two years; ten owners, four sources, a few currencies.
 */
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { and, eq, sql } from 'drizzle-orm';
import { openDatabase, queryRows, type Database, type Engine } from '../server/db/connection.js';
import { users, workspaces } from '../server/db/schema.js';
import { getBoard } from '../server/deals/board.js';
import { funnelReport } from '../server/deals/funnel.js';
import { rebuildFunnelRollups } from '../server/deals/repository.js';
import { listLostReasons, listPipelines } from '../server/deals/service.js';
import { systemContext, type Ctx } from '../server/platform/context.js';
import { newId } from '../server/platform/ids.js';
import { createTestDatabase } from '../server/test-support/database.js';
import { createWorkspace, workspaceInfo } from '../server/workspaces/service.js';
import { insertUser } from '../server/users/repository.js';

const { values: args } = parseArgs({
  options: {
    engine: { type: 'string', default: 'postgres' },
    deals: { type: 'string', default: '300000' },
    boards: { type: 'string', default: '200' },
    funnels: { type: 'string', default: '30' },
    /** Development: keep the loaded PostgreSQL database (prints its URL) … */
    keep: { type: 'boolean', default: false },
    /** … and measure again on it without loading. */
    reuse: { type: 'string' },
  },
});
const engine = args.engine as Engine;
const N = Number(args.deals);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}
const ms = (v: number) => `${v.toFixed(1)} ms`;

async function timed(label: string, runs: number, work: (i: number) => Promise<unknown>) {
  const times: number[] = [];
  for (let i = 0; i < Math.min(3, runs); i++) await work(i); // warm-up
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await work(i);
    times.push(performance.now() - start);
  }
  console.log(
    `${label.padEnd(44)} p50 ${ms(percentile(times, 50)).padStart(9)}  p95 ${ms(percentile(times, 95)).padStart(9)}  max ${ms(Math.max(...times)).padStart(9)}`,
  );
}

async function load(database: Database): Promise<Ctx> {
  const { ctx } = await createWorkspace(
    database,
    {
      workspaceName: 'Deals bench d.o.o.',
      locale: 'sl',
      currency: 'EUR',
      country: 'SI',
      name: 'Bench Admin',
      email: `deals-bench-${Date.now()}@example.com`,
      password: 'correct horse battery',
    },
    { firstOnly: false },
  );
  const owners = [ctx.actor.userId as string];
  for (let i = 1; i < 10; i++) {
    const id = newId();
    await insertUser(ctx, {
      id,
      name: `Prodajalec ${i}`,
      email: `seller${i}-${Date.now()}@example.com`,
      passwordHash: 'x',
      role: 'member',
      locale: 'sl',
    });
    owners.push(id);
  }
  const [pipeline] = await listPipelines(ctx);
  if (!pipeline) throw new Error('no pipeline');
  const open = pipeline.stages.filter((s) => s.kind === 'open').map((s) => s.id);
  const won = pipeline.stages.find((s) => s.kind === 'won')?.id;
  const lost = pipeline.stages.find((s) => s.kind === 'lost')?.id;
  const reasons = (await listLostReasons(ctx)).map((r) => r.id);
  if (open.length !== 3 || !won || !lost) throw new Error('unexpected default pipeline');
  const uuids = (ids: string[]) => sql.raw(`array[${ids.map((id) => `'${id}'::uuid`).join(',')}]`);
  const started = performance.now();
  await database.db.execute(sql`
    create temporary table bench_deals as
    select g,
           gen_random_uuid() as id,
           case when r1 < 0.5 then 0 when r1 < 0.8 then 1 else 2 end as k,
           case when r2 < 0.25 then 'open' when r2 < 0.55 then 'won' else 'lost' end as outcome,
           now() - (r3 * interval '730 days') as entered,
           (1 + r4 * 20) * interval '1 day' as stay,
           (${uuids(owners)})[1 + (g % ${owners.length})] as owner_id,
           (array['web','fair','referral','call'])[1 + (g % 4)] as source,
           (array['EUR','EUR','EUR','USD','RSD'])[1 + (g % 5)] as currency,
           (1000 + (r4 * 500000)::int) * 100 as amount
    from (select g, random() as r1, random() as r2, random() as r3, random() as r4
          from generate_series(1, ${N}) g) s`);
  // Bulk load with the row triggers off; the funnel roll-ups are recounted once after.
  await database.db.execute(sql`alter table deals disable trigger user`);
  await database.db.execute(sql`alter table deal_stage_history disable trigger user`);
  await database.db.execute(sql`
    insert into deals (workspace_id, id, title, pipeline_id, stage_id, amount, currency, owner_id,
                       status, closed_at, lost_reason_id, source, search_text, tags,
                       pipeline_entered_at, stage_entered_at, created_at, updated_at,
                       board_position, expected_close_date, funnel_reached_stage_id,
                       funnel_lost_from_stage_id)
    select ${ctx.workspace.id}::uuid, b.id, 'Posel ' || b.g, ${pipeline.pipeline.id}::uuid,
           case b.outcome when 'open' then (${uuids(open)})[b.k + 1]
                          when 'won' then ${won}::uuid else ${lost}::uuid end,
           b.amount, b.currency, b.owner_id, b.outcome,
           case when b.outcome = 'open' then null else b.entered + (b.k + 1) * b.stay end,
           case when b.outcome = 'lost' then (${uuids(reasons)})[1 + (b.g % ${reasons.length})] end,
           b.source, 'posel ' || b.g, case when b.g % 7 = 0 then '{vip}'::text[] else '{}'::text[] end,
           b.entered, b.entered + b.k * b.stay, b.entered, b.entered,
           -extract(epoch from b.entered), (b.entered + interval '60 days')::date,
           (${uuids(open)})[b.k + 1],
           case when b.outcome = 'lost' then (${uuids(open)})[b.k + 1] end
    from bench_deals b`);
  await database.db.execute(sql`
    insert into deal_stage_history (workspace_id, id, deal_id, pipeline_id, from_stage_id,
                                    to_stage_id, at, left_at, actor_id, owner_id, amount, currency,
                                    deal_entered_at)
    select ${ctx.workspace.id}::uuid, gen_random_uuid(), b.id, ${pipeline.pipeline.id}::uuid,
           case when j = 0 then null else (${uuids(open)})[j] end,
           (${uuids(open)})[j + 1],
           b.entered + j * b.stay,
           case when j < b.k or b.outcome <> 'open' then b.entered + (j + 1) * b.stay end,
           b.owner_id, b.owner_id, b.amount, b.currency, b.entered
    from bench_deals b cross join lateral generate_series(0, b.k) j`);
  await database.db.execute(sql`
    insert into deal_stage_history (workspace_id, id, deal_id, pipeline_id, from_stage_id,
                                    to_stage_id, at, left_at, actor_id, owner_id, amount, currency,
                                    deal_entered_at)
    select ${ctx.workspace.id}::uuid, gen_random_uuid(), b.id, ${pipeline.pipeline.id}::uuid,
           (${uuids(open)})[b.k + 1],
           case when b.outcome = 'won' then ${won}::uuid else ${lost}::uuid end,
           b.entered + (b.k + 1) * b.stay, null, b.owner_id, b.owner_id, b.amount, b.currency,
           b.entered
    from bench_deals b where b.outcome <> 'open'`);
  await database.db.execute(sql`alter table deals enable trigger user`);
  await database.db.execute(sql`alter table deal_stage_history enable trigger user`);
  await database.db.execute(sql`select search_words_rebuild('deals', 'deals')`);
  await rebuildFunnelRollups(database.db, ctx.workspace.id);
  await database.db.execute(sql`vacuum analyze deals`);
  await database.db.execute(sql`vacuum analyze deal_stage_history`);
  const [counts] = await queryRows<{ deals: number | string; history: number | string }>(
    database.db,
    sql`select (select count(*) from deals) as deals,
               (select count(*) from deal_stage_history) as history`,
  );
  console.log(
    `loaded ${counts?.deals} deals, ${counts?.history} history rows in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  await database.db.execute(sql`
    insert into exchange_rates (workspace_id, currency, valid_on, rate)
    values (${ctx.workspace.id}::uuid, 'USD', '2020-01-01', 0.9),
           (${ctx.workspace.id}::uuid, 'RSD', '2020-01-01', 0.0085)`);
  return { ...ctx, actor: { ...ctx.actor, userId: owners[0] ?? null } };
}

async function main(): Promise<void> {
  console.log(`deals bench on ${engine}: ${N} deals`);
  const database = args.reuse
    ? await openDatabase({ databaseUrl: args.reuse, dataDir: '' })
    : await createTestDatabase(engine);
  try {
    const ctx = args.reuse ? await benchContext(database) : await load(database);
    const [pipeline] = await listPipelines(ctx);
    if (!pipeline) throw new Error('no pipeline');
    const id = pipeline.pipeline.id;
    const open = await queryRows<{ n: number | string }>(
      database.db,
      sql`select count(*) as n from deals where status = 'open'`,
    );
    console.log(`open deals on the board: ${open[0]?.n}`);
    const boards = Number(args.boards);
    const base = { limit: 50 };
    await timed('board (50 cards/stage + totals)', boards, () => getBoard(ctx, id, base));
    await timed('board, filter owner', boards, () => getBoard(ctx, id, { ...base, ownerId: 'me' }));
    await timed('board, filter source + tag', boards, () =>
      getBoard(ctx, id, { ...base, source: 'web', tag: 'vip' }),
    );
    await timed('board, filter close date (1 month)', boards, (i) => {
      const from = new Date(Date.now() - (i % 12) * 30 * 86_400_000);
      const to = new Date(from.getTime() + 30 * 86_400_000);
      return getBoard(ctx, id, {
        ...base,
        closeFrom: from.toISOString().slice(0, 10),
        closeTo: to.toISOString().slice(0, 10),
      });
    });
    const day = (offset: number) =>
      new Date(Date.now() - offset * 86_400_000).toISOString().slice(0, 10);
    const funnels = Number(args.funnels);
    await timed('funnel, one quarter', funnels, (i) =>
      funnelReport(ctx, { pipelineId: id, from: day(90 + i), to: day(i), format: 'json' }),
    );
    await timed('funnel, one year', funnels, () =>
      funnelReport(ctx, { pipelineId: id, from: day(365), to: day(0), format: 'json' }),
    );
    await timed('funnel, all deals (two years)', Math.max(5, Math.round(funnels / 3)), () =>
      funnelReport(ctx, { pipelineId: id, from: day(800), to: day(0), format: 'json' }),
    );
    if (engine === 'postgres') {
      const plan = await queryRows<{ 'QUERY PLAN': string }>(
        database.db,
        sql`explain analyze select stage_id, currency, count(*), sum(amount) from deals
            where workspace_id = ${ctx.workspace.id}::uuid and pipeline_id = ${id}::uuid
              and deleted_at is null and status = 'open' group by stage_id, currency`,
      );
      console.log('\ncolumn totals plan:');
      for (const row of plan) console.log(`  ${row['QUERY PLAN']}`);
    }
  } finally {
    if (args.keep || args.reuse) console.log(`\nkept: --reuse ${database.url ?? ''}`);
    else await database.close();
  }
}

async function benchContext(database: Database): Promise<Ctx> {
  const [row] = await database.db
    .select()
    .from(workspaces)
    .where(eq(workspaces.name, 'Deals bench d.o.o.'));
  if (!row) throw new Error('no bench workspace in that database');
  const [user] = await database.db
    .select()
    .from(users)
    .where(and(eq(users.workspaceId, row.id), eq(users.role, 'admin')));
  return systemContext(database, workspaceInfo(row), user?.id ?? null);
}

await main();
