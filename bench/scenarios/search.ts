import { normalizeText } from '../../common/search/normalize.js';
import { expectStatus, rowsOf } from '../harness/http.js';
import type { BenchEnv, LatencyScenario, SampleContact } from './types.js';

/**
 * 200+ queries the way people type them, from real records of the dataset: names as stored
 * (Latin with diacritics, Cyrillic, Greek), folded Latin spellings of Cyrillic/Greek names (the
 * other script), partial names, one-letter typos, emails and phones in national format.
 */
export function searchQueries(env: BenchEnv, count: number): string[] {
  const queries: string[] = [];
  const contacts = env.samples.contacts;
  for (let i = 0; queries.length < count; i++) {
    const c = contacts[i % contacts.length] as SampleContact;
    const last = normalizeText(c.lastName);
    switch (i % 8) {
      case 0:
        queries.push(`${c.firstName} ${c.lastName}`);
        break;
      case 1:
        queries.push(last); // Латиница for a Cyrillic/Greek name, no diacritics for a Latin one
        break;
      case 2:
        queries.push(c.lastName.slice(0, 4));
        break;
      case 3:
        queries.push(`${normalizeText(c.firstName)} ${last.slice(0, 5)}`);
        break;
      case 4:
        queries.push(c.email ?? last);
        break;
      case 5:
        queries.push(c.national ? `0${c.national.slice(0, 2)} ${c.national.slice(2)}` : last);
        break;
      case 6:
        // A typo: one letter left out of the middle.
        queries.push(last.length > 5 ? last.slice(0, 3) + last.slice(4) : last);
        break;
      default:
        queries.push(c.lastName.toUpperCase());
    }
  }
  return queries;
}

export const globalSearch: LatencyScenario = {
  kind: 'latency',
  name: 'global-search',
  about: 'GET /search?q= (mixed scripts, partial names, typos, emails, phones), limit 20',
  prepare(env) {
    const queries = searchQueries(env, env.requests);
    return async (i) => {
      const q = queries[i % queries.length] as string;
      const result = expectStatus(
        await env.http.get(`/search?q=${encodeURIComponent(q)}&limit=20`),
        200,
        `search ${q}`,
      );
      return { result, rows: rowsOf(result) };
    };
  },
};
