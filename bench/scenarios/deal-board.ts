import { expectStatus, rowsOf, type HttpResult } from '../harness/http.js';
import type { LatencyScenario } from './types.js';

const BOARD = '/api/v1/pipelines/{id}/board';

function cardsOf(result: HttpResult): number {
  const body = result.body as { columns?: { deals?: unknown[] }[] } | null;
  return (body?.columns ?? []).reduce((n, c) => n + (c.deals?.length ?? 0), 0);
}

/** The kanban board of the first pipeline: every stage's first 50 cards with counts and totals. */
export const dealBoard: LatencyScenario = {
  kind: 'latency',
  name: 'deal-kanban-board',
  about:
    'GET /pipelines/:id/board (every stage: first 50 deals), all / by owner; without the board endpoint: GET /deals per open stage',
  async prepare(env) {
    if (!env.paths.has('/api/v1/pipelines')) return { skip: 'deals are not on this build' };
    const pipelines = expectStatus(await env.http.get('/pipelines'), 200, 'pipelines');
    const first = (
      pipelines.body as { data: { id: string; stages: { id: string; kind: string }[] }[] }
    ).data[0];
    if (!first) return { skip: 'no pipeline' };
    const owners = env.samples.userIds;
    if (!env.paths.has(BOARD)) {
      // No board endpoint yet: what a board shows, column by column through the deal list.
      const open = first.stages.filter((s) => s.kind === 'open');
      return async (i) => {
        const owner = i % 2 === 1 ? `&filter[ownerId]=${owners[i % owners.length] as string}` : '';
        const columns = await Promise.all(
          open.map((stage) =>
            env.http.get(`/deals?filter[stageId]=${stage.id}&sort=-amount&limit=50${owner}`),
          ),
        );
        let rows = 0;
        for (const column of columns) rows += rowsOf(expectStatus(column, 200, 'deal column'));
        return { result: columns[0] as HttpResult, rows };
      };
    }
    return async (i) => {
      // Every other request is "my deals" of one sales person, the other the whole team's board.
      const owner = i % 2 === 1 ? `?ownerId=${owners[i % owners.length] as string}` : '';
      const result = expectStatus(
        await env.http.get(`/pipelines/${first.id}/board${owner}`),
        200,
        'board',
      );
      return { result, rows: cardsOf(result) };
    };
  },
};
