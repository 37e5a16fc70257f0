import { expectStatus } from '../harness/http.js';
import type { LatencyScenario } from './types.js';

const FIRST = ['Марија', 'Nikola', 'Ελένη', 'Ѓорѓи', 'Špela', 'Đorđe', 'Γιάννης', 'Ana'];
const LAST = ['Петровић', 'Kovačič', 'Παπαδοπούλου', 'Трајковски', 'Hadžić', 'Novak'];

export const createContact: LatencyScenario = {
  kind: 'latency',
  name: 'create-contact',
  writes: true,
  about: 'POST /contacts with email, phone and custom fields (search_text, contact_points, audit)',
  prepare(env) {
    const run = Date.now().toString(36);
    return async (i) => {
      const result = expectStatus(
        await env.http.request('POST', '/contacts', {
          firstName: FIRST[i % FIRST.length],
          lastName: `${LAST[i % LAST.length] as string} ${run}${i}`,
          emails: [{ value: `bench.${run}.${i}@example.com`, label: 'work' }],
          phones: [{ value: `+38640${String(100000 + i).padStart(6, '0')}`, label: 'mobile' }],
          tags: ['bench'],
          custom: { segment: 'retail', loyalty: i },
        }),
        201,
        'create',
      );
      return { result, rows: 1 };
    };
  },
};

export const updateContact: LatencyScenario = {
  kind: 'latency',
  name: 'update-contact',
  writes: true,
  about: 'PATCH /contacts/:id (job title; version check, audit row, search_text rebuilt)',
  prepare(env) {
    const contacts = env.samples.contacts;
    // A value no earlier run wrote: an unchanged title is a no-op (no update, no audit row), and
    // a second run on the same database measured those instead.
    const run = Date.now().toString(36);
    return async (i) => {
      const id = (contacts[i % contacts.length] as { id: string }).id;
      const result = expectStatus(
        await env.http.request('PATCH', `/contacts/${id}`, {
          jobTitle: `Komercijalist ${run}-${i}`,
        }),
        200,
        'update',
      );
      return { result, rows: 1 };
    };
  },
};
