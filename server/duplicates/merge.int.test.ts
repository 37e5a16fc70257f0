import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type SignedIn, type TestServer } from '../test-support/http.js';

let server: TestServer;
let ws: SignedIn;
beforeAll(async () => {
  server = await startTestServer();
  ws = await server.newWorkspace({ country: 'RS', locale: 'sr-Latn' });
});
afterAll(async () => server.close());

describe('possible duplicates and merge', () => {
  it('lists pairs by email, phone and the same name across scripts', async () => {
    const latin = (
      await ws.api.post('/contacts', {
        firstName: 'Petar',
        lastName: 'Petrović',
        emails: [{ value: 'petar@example.rs' }],
        tags: ['vip'],
      })
    ).body;
    const cyrillic = (
      await ws.api.post('/contacts', {
        firstName: 'Петар',
        lastName: 'Петровић',
        phones: [{ value: '064 1234567' }],
        jobTitle: 'Директор',
        tags: ['partner'],
      })
    ).body;
    const samePhone = (
      await ws.api.post('/contacts', {
        firstName: 'Jovan',
        lastName: 'Jović',
        phones: [{ value: '+381 64 123 4567' }],
      })
    ).body;
    await ws.api.post('/contacts', { firstName: 'Nema', lastName: 'Duplikata' });

    const list = await ws.api.get('/duplicates?object=contacts');
    expect(list.status).toBe(200);
    const pairs = list.body.data.map((p: { reasons: string[]; records: { id: string }[] }) => ({
      ids: p.records.map((r) => r.id).sort(),
      reasons: p.reasons,
    }));
    expect(pairs).toContainEqual({ ids: [latin.id, cyrillic.id].sort(), reasons: ['name'] });
    expect(pairs).toContainEqual({ ids: [cyrillic.id, samePhone.id].sort(), reasons: ['phone'] });
    expect(pairs).toHaveLength(2);

    // Related records of the duplicate: a note, a deal.
    const note = await ws.api.post(`/contacts/${cyrillic.id}/notes`, {
      body: 'Pozvati u ponedeljak',
    });
    expect(note.status).toBe(201);
    const deal = await ws.api.post('/deals', { title: 'Licence 2026', contactId: cyrillic.id });
    expect(deal.status).toBe(201);

    const merged = await ws.api.post('/contacts/merge', {
      primaryId: latin.id,
      duplicateId: cyrillic.id,
      values: { jobTitle: 'duplicate' },
    });
    expect(merged.status).toBe(200);
    const kept = (await ws.api.get(`/contacts/${latin.id}`)).body;
    expect(kept).toMatchObject({
      firstName: 'Petar',
      lastName: 'Petrović',
      jobTitle: 'Директор',
      emails: [{ value: 'petar@example.rs' }],
      tags: ['vip', 'partner'],
    });
    expect(kept.phones[0].value).toBe('+381641234567');
    expect((await ws.api.get(`/contacts/${cyrillic.id}`)).body.deletedAt).not.toBeNull();
    // The search finds the kept record only, also by the value it took from the duplicate.
    const searched = async (q: string) =>
      (
        (await ws.api.get(`/search?q=${encodeURIComponent(q)}&types=contacts`)).body.data as {
          id: string;
        }[]
      ).map((h) => h.id);
    expect(await searched('petrovic')).toEqual([latin.id]);
    expect(await searched('direktor')).toEqual([latin.id]);
    expect((await ws.api.get(`/deals/${deal.body.id}`)).body.contactId).toBe(latin.id);
    const timeline = JSON.stringify((await ws.api.get(`/contacts/${latin.id}/timeline`)).body);
    expect(timeline).toContain('Pozvati u ponedeljak');
    expect(timeline).toContain('Директор');
    // The phone now belongs to the kept record only: the pair with Jovan points at it.
    const after = (await ws.api.get('/duplicates?object=contacts')).body.data;
    expect(after).toHaveLength(1);
    expect(after[0].records.map((r: { id: string }) => r.id).sort()).toEqual(
      [latin.id, samePhone.id].sort(),
    );
  });

  it('merges organizations with the same VAT id and moves their people', async () => {
    const a = (await ws.api.post('/companies', { name: 'NIS a.d.', vatId: 'RS104052135' })).body;
    const b = (
      await ws.api.post('/companies', { name: 'Нафтна индустрија Србије', vatId: 'RS 104052135' })
    ).body;
    const person = (
      await ws.api.post('/contacts', { firstName: 'Ana', lastName: 'Anić', companyId: b.id })
    ).body;
    const pairs = (await ws.api.get('/duplicates?object=companies')).body.data;
    expect(pairs[0].reasons).toContain('vat_id');
    expect(
      (await ws.api.post('/companies/merge', { primaryId: a.id, duplicateId: a.id })).status,
    ).toBe(400);
    const merged = await ws.api.post('/companies/merge', { primaryId: a.id, duplicateId: b.id });
    expect(merged.status).toBe(200);
    expect((await ws.api.get(`/contacts/${person.id}`)).body.companyId).toBe(a.id);
    const other = await server.newWorkspace();
    expect(
      (await other.api.post('/companies/merge', { primaryId: a.id, duplicateId: b.id })).status,
    ).toBe(404);
  });

  it('refuses a merge to a user who may read both records but not delete one', async () => {
    const a = (await ws.api.post('/contacts', { firstName: 'Ana', lastName: 'Ilić' })).body;
    const b = (await ws.api.post('/contacts', { firstName: 'Ана', lastName: 'Илић' })).body;
    const support = await ws.addUser('support');
    expect((await support.api.get(`/contacts/${b.id}`)).status).toBe(200);
    const refused = await support.api.post('/contacts/merge', {
      primaryId: a.id,
      duplicateId: b.id,
    });
    expect(refused.status).toBe(403);
    expect((await ws.api.get(`/contacts/${b.id}`)).body.deletedAt ?? null).toBeNull();
  });
});
