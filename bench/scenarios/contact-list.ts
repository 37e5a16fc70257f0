import { expectStatus, rowsOf } from '../harness/http.js';
import type { BenchEnv, LatencyScenario } from './types.js';

/** Sorted by last name, filtered by owner and by a custom select field. */
function listPath(env: BenchEnv, i: number): string {
  const owner = env.samples.userIds[i % env.samples.userIds.length] as string;
  const segment = ['retail', 'wholesale', 'public'][i % 3] as string;
  return `/contacts?sort=lastName&filter[ownerId]=${owner}&filter[custom.segment]=${segment}&limit=50`;
}

export const contactListFirstPage: LatencyScenario = {
  kind: 'latency',
  name: 'contact-list-page-1',
  about: 'GET /contacts sort=lastName, filter ownerId + custom.segment, limit 50 (first page)',
  prepare(env) {
    return async (i) => {
      const result = expectStatus(await env.http.get(listPath(env, i)), 200, 'list');
      return { result, rows: rowsOf(result) };
    };
  },
};

const TARGET_PAGE = 100;

export const contactListPage100: LatencyScenario = {
  kind: 'latency',
  name: 'contact-list-page-100',
  about: `GET /contacts sort=lastName, filter custom.segment, keyset cursor of page ${TARGET_PAGE}`,
  async prepare(env) {
    // Walk the keyset pages once per segment to find the cursor of page 100 (or the last page).
    const cursors: string[] = [];
    let reached = TARGET_PAGE;
    for (const segment of ['retail', 'wholesale', 'public']) {
      const base = `/contacts?sort=lastName&filter[custom.segment]=${segment}&limit=50`;
      let cursor: string | null = null;
      let page = 1;
      while (page < TARGET_PAGE) {
        const res = expectStatus(
          await env.http.get(cursor ? `${base}&cursor=${encodeURIComponent(cursor)}` : base),
          200,
          'list walk',
        );
        const next = (res.body as { nextCursor: string | null }).nextCursor;
        if (!next) break;
        cursor = next;
        page++;
      }
      reached = Math.min(reached, page);
      if (cursor) cursors.push(`${base}&cursor=${encodeURIComponent(cursor)}`);
    }
    if (cursors.length === 0) return { skip: 'fewer than two pages of contacts' };
    if (reached < TARGET_PAGE)
      console.log(`  (only ${reached} pages at this scale: last page used)`);
    return async (i) => {
      const result = expectStatus(
        await env.http.get(cursors[i % cursors.length] as string),
        200,
        'list page',
      );
      return { result, rows: rowsOf(result) };
    };
  },
};
