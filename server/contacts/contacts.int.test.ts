import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type SignedIn, type TestServer } from '../test-support/http.js';

let server: TestServer;
let ws: SignedIn;
beforeAll(async () => {
  server = await startTestServer();
  ws = await server.newWorkspace({ country: 'RS', currency: 'RSD', locale: 'sr-Latn' });
});
afterAll(async () => server.close());

describe('contacts', () => {
  it('creates a contact with normalized phones and emails, shown formatted', async () => {
    const res = await ws.api.post('/contacts', {
      firstName: 'Марко',
      lastName: 'Петровић',
      emails: [{ value: 'Marko.Petrovic@Example.RS', label: 'work' }],
      phones: [{ value: '064/123 45 67', label: 'mobile' }, { value: '+386 41 123 456' }],
      birthday: '1985-04-12',
      tags: ['vip', 'vip', 'belgrade'],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: 'Марко Петровић',
      emails: [{ value: 'marko.petrovic@example.rs', label: 'work' }],
      phones: [
        { value: '+381641234567', label: 'mobile', formatted: '064 1234567' },
        { value: '+38641123456', label: null, formatted: '+386 41 123 456' },
      ],
      tags: ['vip', 'belgrade'],
      ownerId: ws.userId,
      version: 1,
    });
    const got = await ws.api.get(`/contacts/${res.body.id}`);
    expect(got.body).toEqual(res.body);
  });

  it('rejects bad input naming each wrong field, storing nothing', async () => {
    const before = (await ws.api.get('/contacts?limit=200')).body.data.length;
    const res = await ws.api.post('/contacts', {
      firstName: 'X',
      emails: [{ value: 'not-an-email' }],
      phones: [{ value: '12' }],
      birthday: '2999-01-01',
      ownerId: '00000000-0000-4000-8000-000000000000',
      shoeSize: 44,
    });
    expect(res.status).toBe(400);
    const paths = res.body.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['birthday', 'shoeSize']));
    expect(res.body.message).toBe('Neka polja nisu ispravna.');

    const phones = await ws.api.post('/contacts', {
      lastName: 'X',
      emails: [{ value: 'nope' }],
      phones: [{ value: '12' }],
    });
    expect(phones.status).toBe(400);
    expect(phones.body.details).toEqual([
      { path: 'phones.0.value', message: 'Neispravan broj telefona.' },
      { path: 'emails.0.value', message: 'Neispravna adresa e-pošte.' },
    ]);
    const owner = await ws.api.post('/contacts', {
      lastName: 'X',
      ownerId: '00000000-0000-4000-8000-000000000000',
    });
    expect(owner.status).toBe(400);
    expect(owner.body.details[0].path).toBe('ownerId');
    const noName = await ws.api.post('/contacts', { firstName: '  ' });
    expect(noName.body.details[0]).toEqual({
      path: 'lastName',
      message: 'Unesite ime ili prezime.',
    });
    const long = await ws.api.post('/contacts', { lastName: 'x'.repeat(10_000) });
    expect(long.status).toBe(400);
    expect((await ws.api.get('/contacts?limit=200')).body.data.length).toBe(before);
  });

  it('updates with optimistic concurrency and keeps the change history in the timeline', async () => {
    const created = (await ws.api.post('/contacts', { firstName: 'Ana', lastName: 'Novak' })).body;
    const stale = await ws.api.patch(
      `/contacts/${created.id}`,
      { jobTitle: 'CEO' },
      { 'if-match': '7' },
    );
    expect(stale.status).toBe(409);
    expect(stale.body.error).toBe('version_conflict');
    const ok = await ws.api.patch(
      `/contacts/${created.id}`,
      { lastName: 'Novak-Horvat', jobTitle: 'Direktorica' },
      { 'if-match': '1' },
    );
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      lastName: 'Novak-Horvat',
      jobTitle: 'Direktorica',
      version: 2,
    });
    const again = await ws.api.patch(
      `/contacts/${created.id}`,
      { jobTitle: 'CFO' },
      { 'if-match': '1' },
    );
    expect(again.status).toBe(409);

    const note = await ws.api.post(`/contacts/${created.id}/notes`, {
      body: '<p>Called <strong>today</strong><script>alert(1)</script></p>',
    });
    expect(note.status).toBe(201);
    expect(note.body.body).toBe('<p>Called <strong>today</strong></p>');

    const timeline = (await ws.api.get(`/contacts/${created.id}/timeline`)).body.data;
    expect(timeline.map((t: { kind: string }) => t.kind)).toEqual(['note', 'changed', 'created']);
    expect(timeline[1].changes).toEqual(
      expect.arrayContaining([
        { field: 'lastName', from: 'Novak', to: 'Novak-Horvat' },
        { field: 'jobTitle', from: null, to: 'Direktorica' },
      ]),
    );
    expect(timeline[1].actor).toEqual({ id: ws.userId, name: 'Ana Admin' });

    const edited = await ws.api.patch(`/contacts/${created.id}/notes/${note.body.id}`, {
      body: 'Called twice',
    });
    expect(edited.body.body).toBe('Called twice');
    expect((await ws.api.delete(`/contacts/${created.id}/notes/${note.body.id}`)).status).toBe(204);
    const notes = (await ws.api.get(`/contacts/${created.id}/timeline?kinds=note`)).body.data;
    expect(notes).toEqual([]);
  });

  it('soft-deletes, lists deleted ones, and restores', async () => {
    const c = (await ws.api.post('/contacts', { lastName: 'Obrisani' })).body;
    expect((await ws.api.delete(`/contacts/${c.id}`)).status).toBe(204);
    const live = (await ws.api.get('/contacts?limit=200')).body.data.map(
      (r: { id: string }) => r.id,
    );
    expect(live).not.toContain(c.id);
    const deleted = (await ws.api.get('/contacts?deleted=true')).body.data.map(
      (r: { id: string }) => r.id,
    );
    expect(deleted).toContain(c.id);
    expect((await ws.api.patch(`/contacts/${c.id}`, { lastName: 'X' })).status).toBe(409);
    const restored = await ws.api.post(`/contacts/${c.id}/restore`);
    expect(restored.status).toBe(200);
    expect(restored.body.deletedAt).toBeNull();
    const kinds = (await ws.api.get(`/contacts/${c.id}/timeline`)).body.data.map(
      (t: { kind: string }) => t.kind,
    );
    expect(kinds).toEqual(['restored', 'deleted', 'created']);
  });

  it('lists with filters, sort, search across scripts and keyset pages', async () => {
    const other = await server.newWorkspace();
    const names = ['Đorđević', 'Јовановић', 'Šuštar', 'Παπαδόπουλος', 'Zeković', 'Ilić', 'Babić'];
    for (const lastName of names) {
      const res = await other.api.post('/contacts', {
        firstName: 'Test',
        lastName,
        tags: lastName === 'Ilić' ? ['vip'] : [],
      });
      expect(res.status).toBe(201);
    }
    const sorted = (await other.api.get('/contacts?sort=lastName&limit=3')).body;
    expect(sorted.data.map((c: { lastName: string }) => c.lastName)).toEqual([
      'Babić',
      'Ilić',
      'Zeković',
    ]);
    let cursor = sorted.nextCursor;
    const all = [...sorted.data];
    while (cursor) {
      const page = (await other.api.get(`/contacts?sort=lastName&limit=3&cursor=${cursor}`)).body;
      all.push(...page.data);
      cursor = page.nextCursor;
    }
    expect(all.map((c: { lastName: string }) => c.lastName)).toHaveLength(names.length);
    expect(new Set(all.map((c: { id: string }) => c.id)).size).toBe(names.length);

    const desc = (await other.api.get('/contacts?sort=-lastName&limit=2')).body.data.map(
      (c: { lastName: string }) => c.lastName,
    );
    expect(desc[0]).toBe('Јовановић'); // Cyrillic after Greek after Latin, on both engines

    const vip = (await other.api.get('/contacts?filter[tags]=vip')).body.data;
    expect(vip.map((c: { lastName: string }) => c.lastName)).toEqual(['Ilić']);

    const search = async (q: string) =>
      (await other.api.get(`/contacts?q=${encodeURIComponent(q)}`)).body.data.map(
        (c: { lastName: string }) => c.lastName,
      );
    expect(await search('djordjevic')).toEqual(['Đorđević']);
    expect(await search('sustar')).toEqual(['Šuštar']);
    expect(await search('jovanovic')).toEqual(['Јовановић']);

    const fields = (await other.api.get('/contacts?fields=lastName&limit=1')).body.data[0];
    expect(Object.keys(fields).sort()).toEqual(['id', 'lastName']);

    const bad = await other.api.get('/contacts?sort=password&limit=500&filter[nope]=1&cursor=xyz');
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'cursor',
      'filter[nope]',
      'limit',
      'sort',
    ]);
  });

  it('bulk-assigns, tags and deletes selected contacts', async () => {
    const colleague = await ws.addUser('member');
    const ids = [];
    for (const lastName of ['Bulk1', 'Bulk2'])
      ids.push((await ws.api.post('/contacts', { lastName })).body.id);
    const assign = await ws.api.post('/contacts/bulk', {
      action: 'assign',
      ids,
      ownerId: colleague.userId,
    });
    expect(assign.body).toEqual({ updated: 2 });
    const tag = await ws.api.post('/contacts/bulk', { action: 'tag', ids, tags: ['fair-2026'] });
    expect(tag.body).toEqual({ updated: 2 });
    const mine = (await colleague.api.get(`/contacts?filter[ownerId]=me&filter[tags]=fair-2026`))
      .body.data;
    expect(mine).toHaveLength(2);
    const del = await ws.api.post('/contacts/bulk', { action: 'delete', ids });
    expect(del.body).toEqual({ updated: 2 });
  });

  it('hands over every record of an employee to another (R4)', async () => {
    const leaving = await ws.addUser('member');
    const deputy = await ws.addUser('member');
    for (const lastName of ['Hand1', 'Hand2', 'Hand3'])
      await leaving.api.post('/contacts', { lastName });
    await leaving.api.post('/companies', { name: 'Hand d.o.o.' });
    const res = await ws.api.post(`/users/${leaving.userId}/hand-over`, {
      toUserId: deputy.userId,
    });
    expect(res.status).toBe(200);
    expect(res.body.moved).toEqual({ contacts: 3, companies: 1, leads: 0, deals: 0, tasks: 0 });
    expect((await ws.api.get(`/contacts?filter[ownerId]=${deputy.userId}`)).body.data).toHaveLength(
      3,
    );
    const byMember = await leaving.api.post(`/users/${deputy.userId}/hand-over`, {
      toUserId: leaving.userId,
    });
    expect(byMember.status).toBe(403);
  });

  it('keeps workspaces apart: another workspace gets 404 for every route', async () => {
    const mineId = (await ws.api.post('/contacts', { lastName: 'Tajni' })).body.id;
    const stranger = await server.newWorkspace();
    expect((await stranger.api.get(`/contacts/${mineId}`)).status).toBe(404);
    expect((await stranger.api.patch(`/contacts/${mineId}`, { lastName: 'Hacked' })).status).toBe(
      404,
    );
    expect((await stranger.api.delete(`/contacts/${mineId}`)).status).toBe(404);
    expect((await stranger.api.post(`/contacts/${mineId}/restore`)).status).toBe(404);
    expect((await stranger.api.get(`/contacts/${mineId}/timeline`)).status).toBe(404);
    expect((await stranger.api.post(`/contacts/${mineId}/notes`, { body: 'x' })).status).toBe(404);
    expect(
      (await stranger.api.post('/contacts/bulk', { action: 'delete', ids: [mineId] })).body,
    ).toEqual({ updated: 0 });
    expect((await stranger.api.get('/contacts?q=tajni')).body.data).toEqual([]);
    const link = await stranger.api.post('/contacts', { lastName: 'X', companyId: mineId });
    expect(link.status).toBe(400);
    expect((await ws.api.get(`/contacts/${mineId}`)).body.lastName).toBe('Tajni');
  });

  it('replays a create with the same Idempotency-Key instead of duplicating', async () => {
    const key = `form-${Date.now()}`;
    const first = await ws.api.post('/contacts', { lastName: 'Idem' }, { 'idempotency-key': key });
    const second = await ws.api.post('/contacts', { lastName: 'Idem' }, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.body.id).toBe(first.body.id);
    expect((await ws.api.get('/contacts?q=idem')).body.data).toHaveLength(1);
  });
});
