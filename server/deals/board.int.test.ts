import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type SignedIn, type TestServer } from '../test-support/http.js';

let server: TestServer;
let ws: SignedIn;

interface Stage {
  id: string;
  kind: string;
}
interface Column {
  stageId: string;
  count: number;
  total: number;
  unconverted: number;
  deals: { id: string; title: string; version: number }[];
  nextCursor: string | null;
}

beforeAll(async () => {
  server = await startTestServer();
  ws = await server.newWorkspace({ country: 'HR', currency: 'EUR', locale: 'hr' });
});
afterAll(async () => server.close());

async function newPipeline(name: string) {
  const res = await ws.api.post('/pipelines', {
    name: { en: name },
    stages: [
      { name: { en: 'A' } },
      { name: { en: 'B' } },
      { name: { en: 'C' } },
      { name: { en: 'Won' }, kind: 'won' },
      { name: { en: 'Lost' }, kind: 'lost' },
    ],
  });
  expect(res.status).toBe(201);
  const stages = res.body.stages as Stage[];
  return {
    id: res.body.id as string,
    a: stages[0]!.id,
    b: stages[1]!.id,
    c: stages[2]!.id,
    won: stages[3]!.id,
    lost: stages[4]!.id,
  };
}

describe('board', () => {
  it('shows open stages with counts, sums in the workspace currency and cards in order', async () => {
    const p = await newPipeline('Board');
    const rate = await ws.api.put('/exchange-rates', {
      currency: 'USD',
      validOn: '2020-01-01',
      rate: 0.5,
    });
    expect(rate.status).toBe(204);
    const colleague = await ws.addUser('member');
    const make = async (title: string, body: Record<string, unknown> = {}) => {
      const res = await ws.api.post('/deals', { title, pipelineId: p.id, ...body });
      expect(res.status).toBe(201);
      return res.body as { id: string; version: number };
    };
    const d1 = await make('Prvi', { amount: 10000 });
    await make('Drugi', { amount: 2000, currency: 'USD', source: 'web' });
    const d3 = await make('Treći', { amount: 500, currency: 'CHF', tags: ['vip'] });
    const d4 = await make('Četvrti', { stageId: p.b, amount: 700, ownerId: colleague.userId });
    await make('Dobiveni', { stageId: p.won, amount: 99999 });

    const board = await ws.api.get(`/pipelines/${p.id}/board`);
    expect(board.status).toBe(200);
    expect(board.body.currency).toBe('EUR');
    const columns = board.body.columns as Column[];
    expect(columns.map((c) => c.stageId)).toEqual([p.a, p.b, p.c]);
    const [a, b, c] = columns as [Column, Column, Column];
    // 100,00 EUR + 20,00 USD × 0,5 = 110,00 EUR; the CHF deal has no rate
    expect(a).toMatchObject({ count: 3, total: 11000, unconverted: 1, nextCursor: null });
    // Newest on top.
    expect(a.deals.map((d) => d.title)).toEqual(['Treći', 'Drugi', 'Prvi']);
    expect(b).toMatchObject({ count: 1, total: 700 });
    expect(c).toMatchObject({ count: 0, total: 0, deals: [] });

    // Drop the first card below the second: the order and the totals follow.
    const moved = await ws.api.post(
      `/deals/${d3.id}/move`,
      { stageId: p.a, position: 2 },
      { 'if-match': String(d3.version) },
    );
    expect(moved.status).toBe(200);
    const reordered = (await ws.api.get(`/pipelines/${p.id}/board`)).body.columns[0] as Column;
    expect(reordered.deals.map((d) => d.title)).toEqual(['Drugi', 'Prvi', 'Treći']);
    await ws.api.post(`/deals/${d1.id}/move`, { stageId: p.c, position: 0 });
    const after = (await ws.api.get(`/pipelines/${p.id}/board`)).body.columns as Column[];
    expect(after.map((col) => [col.count, col.total])).toEqual([
      [2, 1000],
      [1, 700],
      [1, 10000],
    ]);

    // Filters: owner, source, tag, close date, search.
    const count = async (query: string) =>
      ((await ws.api.get(`/pipelines/${p.id}/board?${query}`)).body.columns as Column[]).map(
        (col) => col.count,
      );
    expect(await count(`ownerId=${colleague.userId}`)).toEqual([0, 1, 0]);
    expect(await count('ownerId=me')).toEqual([2, 0, 1]);
    expect(await count('source=web')).toEqual([1, 0, 0]);
    expect(await count('tag=vip')).toEqual([1, 0, 0]);
    expect(await count('q=cetvrti')).toEqual([0, 1, 0]);
    await ws.api.patch(`/deals/${d4.id}`, { expectedCloseDate: '2027-05-10' });
    expect(await count('closeFrom=2027-05-01&closeTo=2027-05-31')).toEqual([0, 1, 0]);
    const bad = await ws.api.get(`/pipelines/${p.id}/board?closeFrom=yesterday&limit=0`);
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'closeFrom',
      'limit',
    ]);
  });

  it('pages a long column with a cursor ("load more")', async () => {
    const p = await newPipeline('Long');
    const ids: string[] = [];
    for (let i = 0; i < 7; i++)
      ids.push((await ws.api.post('/deals', { title: `Deal ${i}`, pipelineId: p.id })).body.id);
    const first = (await ws.api.get(`/pipelines/${p.id}/board?limit=3`)).body.columns[0] as Column;
    expect(first.count).toBe(7);
    expect(first.deals).toHaveLength(3);
    const seen = first.deals.map((d) => d.id);
    let cursor = first.nextCursor;
    while (cursor) {
      const page = await ws.api.get(
        `/pipelines/${p.id}/board/${p.a}?limit=3&cursor=${encodeURIComponent(cursor)}`,
      );
      expect(page.status).toBe(200);
      seen.push(...page.body.deals.map((d: { id: string }) => d.id));
      cursor = page.body.nextCursor;
    }
    expect(seen).toEqual([...ids].reverse());
    const bad = await ws.api.get(`/pipelines/${p.id}/board/${p.a}?cursor=nonsense`);
    expect(bad.status).toBe(400);
    expect(bad.body.details[0].path).toBe('cursor');
    const stranger = await server.newWorkspace();
    expect((await stranger.api.get(`/pipelines/${p.id}/board`)).status).toBe(404);
  });

  it('lets one of two simultaneous moves of a card win; the other gets 409', async () => {
    const p = await newPipeline('Race');
    const deal = (await ws.api.post('/deals', { title: 'Sporni', pipelineId: p.id })).body;
    const colleague = await ws.addUser('manager');
    const [one, two] = await Promise.all([
      ws.api.post(`/deals/${deal.id}/move`, { stageId: p.b }, { 'if-match': '1' }),
      colleague.api.post(`/deals/${deal.id}/move`, { stageId: p.c }, { 'if-match': '1' }),
    ]);
    expect([one.status, two.status].sort()).toEqual([200, 409]);
    const history = (await ws.api.get(`/deals/${deal.id}/stage-history`)).body.data;
    expect(history).toHaveLength(2);
    const winner = one.status === 200 ? p.b : p.c;
    expect((await ws.api.get(`/deals/${deal.id}`)).body.stageId).toBe(winner);
  });
});
