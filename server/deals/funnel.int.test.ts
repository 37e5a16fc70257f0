import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type SignedIn, type TestServer } from '../test-support/http.js';

let server: TestServer;
let ws: SignedIn;

beforeAll(async () => {
  server = await startTestServer();
  ws = await server.newWorkspace({ country: 'RS', currency: 'EUR', locale: 'en' });
});
afterAll(async () => server.close());

const today = () => new Date().toISOString().slice(0, 10);
/** The first and the last day of the current month (UTC). */
function thisMonth(): { from: string; to: string } {
  const now = new Date();
  const last = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 0));
  return { from: `${today().slice(0, 7)}-01`, to: last.toISOString().slice(0, 10) };
}

/** Rows where `deal_funnel_months` (kept by triggers) and a recount of `deals` disagree. */
async function rollupDrift(): Promise<unknown[]> {
  const recount = sql`select workspace_id, pipeline_id,
        date_trunc('month', pipeline_entered_at at time zone 'UTC')::date as month, status,
        owner_id, source, currency, lost_reason_id, funnel_reached_stage_id,
        funnel_lost_from_stage_id, count(*)::int as deals, sum(amount)::bigint as amount
      from deals where deleted_at is null group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10`;
  const kept = sql`select workspace_id, pipeline_id, month, status, owner_id, source, currency,
        lost_reason_id, reached_stage_id, lost_from_stage_id, deals, amount::bigint
      from deal_funnel_months where deals <> 0`;
  const stays = sql`select workspace_id, pipeline_id,
        date_trunc('month', deal_entered_at at time zone 'UTC')::date as month, to_stage_id,
        stay_bucket, count(*)::int as stays, sum(stay_seconds)::bigint as seconds
      from deal_stage_history where left_at is not null and deal_entered_at is not null
      group by 1, 2, 3, 4, 5`;
  const keptStays = sql`select workspace_id, pipeline_id, month, stage_id, bucket, stays,
        seconds::bigint from deal_stay_months where stays <> 0`;
  const rows = await server.database.db.execute(
    sql`select to_jsonb(d) as drift from (
          (${kept} except ${recount}) union all (${recount} except ${kept})) d
        union all
        select to_jsonb(s) from (
          (${keptStays} except ${stays}) union all (${stays} except ${keptStays})) s`,
  );
  return (rows as { rows?: unknown[] }).rows ?? (rows as unknown[]);
}

describe('funnel report', () => {
  it('matches hand-computed numbers for a small cohort', async () => {
    const created = await ws.api.post('/pipelines', {
      name: { en: 'Funnel' },
      stages: [
        { name: { en: 'A' } },
        { name: { en: 'B' } },
        { name: { en: 'C' } },
        { name: { en: 'Won' }, kind: 'won' },
        { name: { en: 'Lost' }, kind: 'lost' },
      ],
    });
    const [, b, c, won, lost] = (created.body.stages as { id: string }[]).map((s) => s.id) as [
      string,
      string,
      string,
      string,
      string,
    ];
    const pipelineId = created.body.id as string;
    const reasons = (await ws.api.get('/lost-reasons')).body.data as {
      id: string;
      displayName: string;
    }[];
    const price = reasons[0]!;
    const competitor = reasons[1]!;
    const colleague = await ws.addUser('member');

    const deal = async (body: Record<string, unknown>, path: string[], reasonId?: string) => {
      const res = await ws.api.post('/deals', { pipelineId, ...body });
      expect(res.status).toBe(201);
      for (const stageId of path) {
        const moved = await ws.api.post(`/deals/${res.body.id}/move`, {
          stageId,
          ...(stageId === lost ? { lostReasonId: reasonId } : {}),
        });
        expect(moved.status).toBe(200);
      }
      return res.body.id as string;
    };
    // d1 A→B→C→won · d2 A→B→lost(price) · d3 A→C→lost(competitor) · d4 stays in A
    // d5 created in B→won · d6 A→lost(price)
    const d1 = await deal({ title: 'd1', amount: 10000, source: 'web' }, [b, c, won]);
    await deal({ title: 'd2', amount: 1000 }, [b, lost], price.id);
    await deal({ title: 'd3', amount: 1000 }, [c, lost], competitor.id);
    await deal({ title: 'd4', amount: 1000, source: 'web', ownerId: colleague.userId }, []);
    await deal({ title: 'd5', amount: 5000, stageId: b, ownerId: colleague.userId }, [won]);
    await deal({ title: 'd6', amount: 1000, ownerId: colleague.userId }, [lost], price.id);
    // Another pipeline's deal is not part of this funnel.
    await ws.api.post('/deals', { title: 'elsewhere' });

    const res = await ws.api.get(
      `/reports/funnel?pipelineId=${pipelineId}&from=${today()}&to=${today()}`,
    );
    expect(res.status).toBe(200);
    const report = res.body;
    expect(report).toMatchObject({ deals: 6, won: 2, lost: 3, currency: 'EUR' });
    expect(
      report.stages.map(
        (s: {
          name: string;
          entered: number;
          conversionToNext: number | null;
          conversionToWon: number | null;
          lost: number;
        }) => [s.name, s.entered, s.conversionToNext, s.conversionToWon, s.lost],
      ),
    ).toEqual([
      ['A', 6, 0.6667, 0.3333, 1],
      ['B', 4, 0.75, 0.5, 1],
      ['C', 3, 0.6667, 0.6667, 1],
      ['Won', 2, null, null, 0],
      ['Lost', 3, null, null, 0],
    ]);
    expect(report.lostReasons).toEqual([
      { reasonId: price.id, name: price.displayName, count: 2 },
      { reasonId: competitor.id, name: competitor.displayName, count: 1 },
    ]);
    expect(report.owners).toEqual([
      {
        key: ws.userId,
        name: 'Ana Admin',
        deals: 3,
        won: 1,
        lost: 2,
        open: 0,
        wonAmount: 10000,
        winRate: 0.3333,
      },
      {
        key: colleague.userId,
        name: expect.any(String),
        deals: 3,
        won: 1,
        lost: 1,
        open: 1,
        wonAmount: 5000,
        winRate: 0.5,
      },
    ]);
    expect(
      report.sources.map((s: { key: string | null; deals: number; winRate: number | null }) => [
        s.key,
        s.deals,
        s.winRate,
      ]),
    ).toEqual([
      [null, 4, 0.25],
      ['web', 2, 1],
    ]);

    // The same cohort over the whole month comes from the monthly roll-up.
    const month = await ws.api.get(
      `/reports/funnel?pipelineId=${pipelineId}&from=${thisMonth().from}&to=${thisMonth().to}`,
    );
    expect(month.body).toEqual({ ...report, from: thisMonth().from, to: thisMonth().to });
    expect(await rollupDrift()).toEqual([]);

    // Time in stage: the average of d1's completed stays, from its own history.
    const history = (await ws.api.get(`/deals/${d1}/stage-history`)).body.data as {
      toStageId: string;
      at: string;
      leftAt: string | null;
    }[];
    expect(history).toHaveLength(4);
    const stageA = report.stages[0];
    expect(stageA.avgSeconds).not.toBeNull();
    expect(stageA.medianSeconds).toBeGreaterThanOrEqual(0);
    expect(report.stages[3].avgSeconds).toBeNull(); // nobody left "won"

    const csv = await ws.api.get(
      `/reports/funnel?pipelineId=${pipelineId}&from=${today()}&to=${today()}&format=csv`,
    );
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = (csv.body as string).replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe(
      'Stage,Entered,Conversion to next stage,Conversion to won,Average days in stage,Median days in stage,Lost',
    );
    expect(lines[1]).toMatch(/^A,6,0\.6667,0\.3333,[\d.]+,[\d.]+,1$/);
    expect(lines).toContain('Ana Admin,3,1,2,0,100.00,0.3333');

    // A sales rep sees the funnel of their own deals only (reports: own), time in stage included,
    // and may not export it.
    const own = await colleague.api.get(
      `/reports/funnel?pipelineId=${pipelineId}&from=${today()}&to=${today()}`,
    );
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ deals: 3, won: 1, lost: 1 });
    expect(own.body.owners.map((o: { key: string }) => o.key)).toEqual([colleague.userId]);
    expect(own.body.stages[0].avgSeconds).not.toBeNull(); // d6 left A
    expect(report.stages[2].avgSeconds).not.toBeNull(); // d1 and d3 left C …
    expect(own.body.stages[2].avgSeconds).toBeNull(); // … none of the colleague's deals did
    const ownMonth = await colleague.api.get(
      `/reports/funnel?pipelineId=${pipelineId}&from=${thisMonth().from}&to=${thisMonth().to}`,
    );
    expect(ownMonth.body).toEqual({ ...own.body, from: thisMonth().from, to: thisMonth().to });
    const ownCsv = await colleague.api.get(
      `/reports/funnel?pipelineId=${pipelineId}&from=${today()}&to=${today()}&format=csv`,
    );
    expect(ownCsv.status).toBe(403);

    // A period without deals, and bad input.
    const empty = await ws.api.get(
      `/reports/funnel?pipelineId=${pipelineId}&from=2020-01-01&to=2020-12-31`,
    );
    expect(empty.body).toMatchObject({ deals: 0, won: 0, lost: 0 });
    expect(empty.body.stages[0]).toMatchObject({ entered: 0, conversionToNext: null });
    const bad = await ws.api.get(`/reports/funnel?pipelineId=nope&from=2020-13-01`);
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'from',
      'pipelineId',
      'to',
    ]);
    const backwards = await ws.api.get(
      `/reports/funnel?pipelineId=${pipelineId}&from=2021-01-01&to=2020-01-01`,
    );
    expect(backwards.status).toBe(400);
    expect(backwards.body.details[0].path).toBe('to');
  });

  it('takes time in stage from completed stays; deleted deals and deals moved away leave the funnel', async () => {
    const created = await ws.api.post('/pipelines', {
      name: { en: 'Stays' },
      stages: [
        { name: { en: 'A' } },
        { name: { en: 'B' } },
        { name: { en: 'Won' }, kind: 'won' },
        { name: { en: 'Lost' }, kind: 'lost' },
      ],
    });
    const pipelineId = created.body.id as string;
    const [a, b] = (created.body.stages as { id: string }[]).map((s) => s.id) as [string, string];
    const other = await ws.api.post('/pipelines', {
      name: { en: 'Elsewhere' },
      stages: [
        { name: { en: 'X' } },
        { name: { en: 'Won' }, kind: 'won' },
        { name: { en: 'Lost' }, kind: 'lost' },
      ],
    });
    const elsewhere = (other.body.stages as { id: string }[])[0]!.id;

    // Three deals stay 1, 2 and 4 days in A, then move to B.
    const days = [1, 2, 4];
    const ids: string[] = [];
    for (const [i, length] of days.entries()) {
      const deal = await ws.api.post('/deals', { title: `stay ${i}`, pipelineId, stageId: a });
      expect(deal.status).toBe(201);
      expect((await ws.api.post(`/deals/${deal.body.id}/move`, { stageId: b })).status).toBe(200);
      await server.database.db.execute(
        sql`update deal_stage_history set at = left_at - make_interval(days => ${length})
            where deal_id = ${deal.body.id as string}::uuid and to_stage_id = ${a}::uuid`,
      );
      ids.push(deal.body.id as string);
    }
    const report = async () => {
      const res = await ws.api.get(
        `/reports/funnel?pipelineId=${pipelineId}&from=${today()}&to=${today()}`,
      );
      expect(res.status).toBe(200);
      return res.body as {
        deals: number;
        stages: { entered: number; avgSeconds: number | null; medianSeconds: number | null }[];
      };
    };
    const near = (value: number | null, expected: number) =>
      expect(Math.abs((value ?? Number.NaN) - expected) / expected).toBeLessThan(0.01);

    let r = await report();
    expect(r.deals).toBe(3);
    expect(r.stages[0]!.entered).toBe(3);
    expect(r.stages[1]!.entered).toBe(3);
    expect(r.stages[0]!.avgSeconds).toBe(Math.round(((1 + 2 + 4) / 3) * 86_400));
    near(r.stages[0]!.medianSeconds, 2 * 86_400);
    expect(r.stages[1]!.avgSeconds).toBeNull(); // nobody has left B yet

    // A deleted deal leaves the cohort and its stays leave the times; restoring brings both back.
    expect((await ws.api.delete(`/deals/${ids[2]}`)).status).toBe(204);
    r = await report();
    expect(r.deals).toBe(2);
    expect(r.stages[0]!.avgSeconds).toBe(1.5 * 86_400);
    near(r.stages[0]!.medianSeconds, 1.5 * 86_400);
    expect((await ws.api.post(`/deals/${ids[2]}/restore`)).status).toBe(200);
    r = await report();
    expect(r.deals).toBe(3);
    expect(r.stages[0]!.avgSeconds).toBe(Math.round(((1 + 2 + 4) / 3) * 86_400));
    expect((await ws.api.delete(`/deals/${ids[2]}`)).status).toBe(204);

    // A deal moved to another pipeline leaves this funnel, its stays here included.
    const moved = await ws.api.patch(`/deals/${ids[1]}`, {
      pipelineId: other.body.id as string,
      stageId: elsewhere,
    });
    expect(moved.status).toBe(200);
    r = await report();
    expect(r.deals).toBe(1);
    expect(r.stages[0]!.entered).toBe(1);
    expect(r.stages[0]!.avgSeconds).toBe(86_400);
    const there = await ws.api.get(
      `/reports/funnel?pipelineId=${other.body.id as string}&from=${today()}&to=${today()}`,
    );
    expect(there.body).toMatchObject({ deals: 1 });
    expect(there.body.stages[0]).toMatchObject({ entered: 1, avgSeconds: null });
    const month = await ws.api.get(
      `/reports/funnel?pipelineId=${pipelineId}&from=${thisMonth().from}&to=${thisMonth().to}`,
    );
    expect(month.body).toMatchObject({ deals: 1, stages: r.stages });
    expect(await rollupDrift()).toEqual([]);
  });
});
