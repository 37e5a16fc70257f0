import { expectStatus, rowsOf } from '../harness/http.js';
import type { LatencyScenario } from './types.js';

export const recordPage: LatencyScenario = {
  kind: 'latency',
  name: 'record-page',
  about: 'GET /contacts/:id + GET /contacts/:id/timeline?limit=50 (what a record page loads)',
  prepare(env) {
    const contacts = env.samples.contacts;
    return async (i) => {
      const id = (contacts[i % contacts.length] as { id: string }).id;
      const [record, timeline] = await Promise.all([
        env.http.get(`/contacts/${id}`),
        env.http.get(`/contacts/${id}/timeline?limit=50`),
      ]);
      expectStatus(record, 200, 'record');
      expectStatus(timeline, 200, 'timeline');
      return { result: timeline, rows: rowsOf(timeline) };
    };
  },
};
