import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../db/connection.js';
import { startTestServer, type SignedIn, type TestServer } from '../test-support/http.js';

let server: TestServer;
let ws: SignedIn;
const ids: Record<string, string> = {};

beforeAll(async () => {
  server = await startTestServer();
  ws = await server.newWorkspace({ country: 'RS', currency: 'RSD', locale: 'sr-Latn' });
  const contact = async (key: string, body: Record<string, unknown>) => {
    const res = await ws.api.post('/contacts', body);
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    ids[key] = res.body.id as string;
  };
  const company = (await ws.api.post('/companies', { name: 'Телеком Србија а.д.' })).body;
  ids.telekom = company.id as string;
  await contact('petrovic', {
    firstName: 'Марко',
    lastName: 'Петровић',
    emails: [{ value: 'marko.petrovic@example.rs' }],
    phones: [{ value: '+381 64 123-4567' }],
    companyId: company.id,
  });
  await contact('gjorgjievski', { firstName: 'Gjorgji', lastName: 'Gjorgjievski' });
  await contact('papadopoulos', { firstName: 'Γιώργος', lastName: 'Παπαδόπουλος' });
  await contact('sustar', { firstName: 'Janez', lastName: 'Šuštar' });
  await contact('petrovicka', { firstName: 'Jelena', lastName: 'Petrovićka' });
  await contact('opetrovic', { firstName: 'Ivan', lastName: 'Stopetrovic' });
  const lead = await ws.api.post('/leads', {
    name: 'Ђорђе Јовановић',
    email: 'djordje@example.rs',
    phone: '011 3234 567',
    source: 'web_form',
  });
  if (lead.status !== 201) throw new Error(JSON.stringify(lead.body));
  ids.lead = lead.body.id as string;
});
afterAll(async () => server.close());

const search = async (q: string, extra = '') =>
  ws.api.get(`/search?q=${encodeURIComponent(q)}${extra}`);
const found = async (q: string, extra = '') =>
  ((await search(q, extra)).body.data as { id: string }[]).map((h) => h.id);

describe('search across scripts', () => {
  it('finds Cyrillic records by Latin queries and Latin records by Cyrillic ones', async () => {
    expect(await found('petrovic')).toContain(ids.petrovic);
    expect(await found('Petrović')).toContain(ids.petrovic);
    expect(await found('Ѓорѓиевски')).toContain(ids.gjorgjievski);
    expect(await found('Шуштар')).toContain(ids.sustar);
    expect(await found('sustar')).toContain(ids.sustar);
    expect(await found('Šuštar')).toContain(ids.sustar);
  });

  it('finds Greek records in ELOT 743 and the usual alternative spellings', async () => {
    expect(await found('Papadopoulos')).toContain(ids.papadopoulos);
    expect(await found('papadopulos')).toContain(ids.papadopoulos);
    expect(await found('Παπαδόπουλος')).toContain(ids.papadopoulos);
    expect(await found('Giorgos')).toContain(ids.papadopoulos);
  });

  it('shows title, subtitle and what matched; ranks exact > prefix > substring, types in one list', async () => {
    const res = await search('petrovic');
    expect(res.status).toBe(200);
    const hits = res.body.data as {
      id: string;
      type: string;
      title: string;
      subtitle: string;
      rank: string;
    }[];
    expect(hits.map((h) => h.id)).toEqual([ids.petrovic, ids.petrovicka, ids.opetrovic]);
    expect(hits.map((h) => h.rank)).toEqual(['exact', 'prefix', 'substring']);
    expect(hits[0]).toMatchObject({
      type: 'contacts',
      title: 'Марко Петровић',
      subtitle: 'Телеком Србија а.д.',
      matched: 'Марко Петровић',
    });
    const byEmail = (await search('marko.petrovic@exa')).body.data;
    expect(byEmail[0]).toMatchObject({ id: ids.petrovic, matched: 'marko.petrovic@example.rs' });
    const all = await found('telekom');
    expect(all).toEqual(expect.arrayContaining([ids.telekom, ids.petrovic]));
    expect(await found('telekom', '&types=companies')).toEqual([ids.telekom]);
    const lead = (await search('Djordje')).body.data;
    expect(lead[0]).toMatchObject({ type: 'leads', id: ids.lead, title: 'Ђорђе Јовановић' });
  });

  it('finds small typos (fuzzy, ranked last) and records by id', async () => {
    const typo = (await search('petrovc')).body.data as { id: string; rank: string }[];
    expect(typo.map((h) => h.id)).toContain(ids.petrovic);
    expect(typo.every((h) => h.rank === 'fuzzy')).toBe(true);
    expect(await found(ids.lead ?? '')).toEqual([ids.lead]);
  });

  it('finds phones typed in any format', async () => {
    for (const q of ['+381 64 123-4567', '0641234567', '064/123 45 67', '00381641234567']) {
      const hits = (await search(q)).body.data;
      expect({ q, hits: hits.map((h: { id: string }) => h.id) }).toEqual({
        q,
        hits: [ids.petrovic],
      });
      expect(hits[0].matched).toBe('+381641234567');
    }
    expect(await found('011/3234-567')).toEqual([ids.lead]);
  });

  it('makes edits searchable at once and forgets deleted records', async () => {
    const created = (await ws.api.post('/contacts', { firstName: 'Στέλιος', lastName: 'Κυριάκου' }))
      .body;
    expect(await found('Kyriakou')).toEqual([created.id]);
    await ws.api.patch(`/contacts/${created.id}`, { lastName: 'Οικονόμου' });
    expect(await found('Kyriakou')).toEqual([]);
    expect(await found('ikonomou')).toEqual([created.id]);
    await ws.api.delete(`/contacts/${created.id}`);
    expect(await found('ikonomou')).toEqual([]);
  });

  it('never shows records of another workspace', async () => {
    const other = await server.newWorkspace();
    await other.api.post('/contacts', { firstName: 'Марко', lastName: 'Петровић' });
    expect((await other.api.get('/search?q=petrovic')).body.data).toHaveLength(1);
    expect(await found('petrovic')).not.toContain(undefined);
    expect((await found('petrovic')).length).toBe(3);
  });

  it('handles bad input without errors', async () => {
    expect((await search('')).body).toEqual({ data: [], hint: null });
    expect((await search('a')).body).toEqual({ data: [], hint: 'too_short' });
    expect((await search('😀🎉')).body).toEqual({ data: [], hint: 'too_short' });
    for (const q of [
      "'; drop table contacts; --",
      '%_%\\',
      '.*(a|b)+$[',
      'a'.repeat(10_000).slice(0, 9_000),
      'петровић '.repeat(150),
    ]) {
      const res = await search(q);
      expect({ q: q.slice(0, 20), status: res.status }).toEqual({ q: q.slice(0, 20), status: 200 });
    }
    expect((await search('x'.repeat(10_001))).status).toBe(400);
    expect((await search('petrovic', '&types=planets')).status).toBe(400);
    expect((await search('petrovic', '&limit=0')).status).toBe(400);
    expect((await server.client().get('/search?q=petrovic')).status).toBe(401);
  });

  it('list endpoints use the same engine and ranking', async () => {
    const list = (await ws.api.get('/contacts?q=petrovic')).body.data as { id: string }[];
    expect(list.map((c) => c.id)).toEqual([ids.petrovic, ids.petrovicka, ids.opetrovic]);
    expect(
      ((await ws.api.get('/contacts?q=petrovc')).body.data as { id: string }[]).map((c) => c.id),
    ).toContain(ids.petrovic);
  });
});

describe('one-word queries (words index)', () => {
  it('ranks exact word > prefix > substring, newest first within each, up to the limit', async () => {
    const own = await server.newWorkspace({ country: 'SI', locale: 'sl' });
    const make = async (firstName: string, lastName: string) => {
      const res = await own.api.post('/contacts', { firstName, lastName });
      if (res.status !== 201) throw new Error(JSON.stringify(res.body));
      return res.body.id as string;
    };
    const kosOld = await make('Ana', 'Kos');
    const kostic = await make('Boris', 'Kostić');
    const makos = await make('Cene', 'Makos');
    const kosNew = await make('Dana', 'Kos');
    const kostelec = await make('Eva', 'Kostelec');
    const hits = async (q: string, limit = 20) =>
      (
        (await own.api.get(`/search?q=${encodeURIComponent(q)}&limit=${limit}`)).body.data as {
          id: string;
          rank: string;
        }[]
      ).map((h) => [h.id, h.rank]);

    expect(await hits('kos')).toEqual([
      [kosNew, 'exact'],
      [kosOld, 'exact'],
      [kostelec, 'prefix'],
      [kostic, 'prefix'],
      [makos, 'substring'],
    ]);
    // Each tier fills only what the better ones left.
    expect(await hits('kos', 3)).toEqual([
      [kosNew, 'exact'],
      [kosOld, 'exact'],
      [kostelec, 'prefix'],
    ]);
    expect(await hits('Кос', 1)).toEqual([[kosNew, 'exact']]);
    // A change makes a record the newest of its tier.
    expect((await own.api.patch(`/contacts/${kosOld}`, { jobTitle: 'Vodja' })).status).toBe(200);
    expect(await hits('kos', 2)).toEqual([
      [kosOld, 'exact'],
      [kosNew, 'exact'],
    ]);
    expect(await hits('kost')).toEqual([
      [kostelec, 'prefix'],
      [kostic, 'prefix'],
    ]);
    // A word that only appears inside others.
    expect(await hits('akos')).toEqual([[makos, 'substring']]);
  });

  it('finds typos through similar words, and keeps the index in step with edits, deletes and restores', async () => {
    const own = await server.newWorkspace({ country: 'RS', locale: 'sr-Latn' });
    const id = (await own.api.post('/contacts', { firstName: 'Душан', lastName: 'Милошевић' })).body
      .id as string;
    const hits = async (q: string) =>
      (
        (await own.api.get(`/search?q=${encodeURIComponent(q)}`)).body.data as {
          id: string;
          rank: string;
        }[]
      ).map((h) => [h.id, h.rank]);
    expect(await hits('milosevc')).toEqual([[id, 'fuzzy']]);
    expect(await hits('milosevc')).toEqual([[id, 'fuzzy']]);
    expect(await hits('milosev')).toEqual([[id, 'prefix']]);

    expect((await own.api.patch(`/contacts/${id}`, { lastName: 'Јанковић' })).status).toBe(200);
    expect(await hits('milosevic')).toEqual([]);
    expect(await hits('jankovic')).toEqual([[id, 'exact']]);
    expect(await hits('jank')).toEqual([[id, 'prefix']]);

    expect((await own.api.delete(`/contacts/${id}`)).status).toBe(204);
    expect(await hits('jankovic')).toEqual([]);
    expect(await hits('jank')).toEqual([]);
    expect(await hits('jankovc')).toEqual([]);
    expect((await own.api.post(`/contacts/${id}/restore`)).status).toBe(200);
    expect(await hits('jankovic')).toEqual([[id, 'exact']]);
  });
  it('finds a name with one letter left out, mistyped, added or swapped, in any script', async () => {
    const own = await server.newWorkspace({ country: 'RS', locale: 'sr-Latn' });
    const create = async (firstName: string, lastName: string) =>
      (await own.api.post('/contacts', { firstName, lastName })).body.id as string;
    const jovanovic = await create('Марко', 'Јовановић');
    const petrovski = await create('Ana', 'Petrovski');
    const papadopoulou = await create('Ελένη', 'Παπαδοπούλου');
    await create('Ivan', 'Novak');
    const hits = async (q: string) =>
      (
        (await own.api.get(`/search?q=${encodeURIComponent(q)}`)).body.data as {
          id: string;
          rank: string;
        }[]
      ).map((h) => [h.id, h.rank]);
    // Trigram similarity alone missed these (0.58 < 0.6).
    expect(await hits('jovnovic')).toEqual([[jovanovic, 'fuzzy']]);
    expect(await hits('Јовнович')).toEqual([[jovanovic, 'fuzzy']]);
    expect(await hits('petrovksi')).toEqual([[petrovski, 'fuzzy']]);
    expect(await hits('petrrovski')).toEqual([[petrovski, 'fuzzy']]);
    expect(await hits('petrivski')).toEqual([[petrovski, 'fuzzy']]);
    // A mistyped second letter: only the similarity tier finds it.
    expect(await hits('pspadopoulou')).toEqual([[papadopoulou, 'fuzzy']]);
    // Two letters off and short: nothing, rather than noise.
    expect(await hits('nvka')).toEqual([]);
  });

  it('indexes the letter runs a one-word query can reach (two letters or more, no digits)', async () => {
    const own = await server.newWorkspace({ country: 'RS', locale: 'sr-Latn' });
    const id = (
      await own.api.post('/contacts', {
        firstName: 'Ана',
        lastName: 'Бабић 2',
        phones: [{ value: '+381 64 123-4567' }],
        emails: [{ value: 'ana7@x.rs' }, { value: 'mrak2024studio@x.rs' }],
      })
    ).body.id as string;
    const words = async () =>
      (
        await queryRows<{ word: string }>(
          server.database.db,
          sql`select word from search_words where record_id = ${id} order by word`,
        )
      ).map((r) => r.word);
    const indexed = await words();
    expect(indexed).toEqual(['ana', 'babic', 'mrak', 'rs', 'studio']);
    // The phone, the email and a word with digits are still found, through search_text.
    const first = async (q: string) =>
      (await own.api.get(`/search?q=${encodeURIComponent(q)}`)).body.data[0]?.id;
    expect(await first('0641234567')).toBe(id);
    expect(await first('ana7@x.rs')).toBe(id);
    expect(await first('ana7')).toBe(id);
    expect(await first('2024stu')).toBe(id);
    // The letters of a word with digits: as words of their own.
    expect(await first('mrak')).toBe(id);
    expect(await first('studi')).toBe(id);
    // The bulk rebuild (used by the loaders) writes the same words as the trigger.
    await server.database.db.execute(sql`select search_words_rebuild('contacts', 'contacts')`);
    expect(await words()).toEqual(indexed);
  });

  it('keeps the words of every row a multi-row statement inserts, changes or deletes', async () => {
    const own = await server.newWorkspace({ country: 'SI', locale: 'sl' });
    const db = server.database.db;
    const wordsOf = async () =>
      (
        await queryRows<{ word: string; n: number }>(
          db,
          sql`select sw.word, count(*)::int as n from search_words sw
              join contacts c on c.workspace_id = sw.workspace_id and c.id = sw.record_id
                and c.updated_at = sw.updated_at
              where sw.workspace_id = ${own.workspaceId}::uuid and sw.record_type = 'contacts'
              group by 1 order by 1`,
        )
      ).map((r) => `${r.word}×${r.n}`);
    const total = async () =>
      (
        await queryRows<{ n: number }>(
          db,
          sql`select count(*)::int as n from search_words where workspace_id = ${own.workspaceId}::uuid`,
        )
      )[0]?.n;
    await db.execute(sql`insert into contacts (workspace_id, id, first_name, last_name, search_text)
      values (${own.workspaceId}::uuid, gen_random_uuid(), 'Ana', 'Novak', 'ana novak'),
             (${own.workspaceId}::uuid, gen_random_uuid(), 'Ana', 'Kos', 'ana kos'),
             (${own.workspaceId}::uuid, gen_random_uuid(), 'Eva', 'Kos', 'eva kos 12 d')`);
    expect(await wordsOf()).toEqual(['ana×2', 'eva×1', 'kos×2', 'novak×1']);
    // One statement: one row's text changes, one row only its owner, one row is soft-deleted.
    await db.execute(sql`update contacts set
        search_text = case when last_name = 'Novak' then 'ana horvat' else search_text end,
        deleted_at = case when first_name = 'Eva' then now() else null end,
        version = version + 1
      where workspace_id = ${own.workspaceId}::uuid`);
    expect(await wordsOf()).toEqual(['ana×2', 'horvat×1', 'kos×1']);
    expect(await total()).toBe(4);
    await db.execute(
      sql`delete from contacts where workspace_id = ${own.workspaceId}::uuid and first_name = 'Ana'`,
    );
    expect(await total()).toBe(0);
    expect((await own.api.get('/search?q=horvat')).body.data).toEqual([]);
  });
});

describe('phone lookup', () => {
  it('finds contacts, organizations and leads by any format of the number', async () => {
    const company = await ws.api.post('/companies', {
      name: 'Пекара Мирослав',
      phones: [{ value: '021 456 789' }],
    });
    for (const number of ['+381 64 123-4567', '0641234567', '064/123 45 67']) {
      const res = await ws.api.get(`/phone-lookup?number=${encodeURIComponent(number)}`);
      expect(res.status).toBe(200);
      expect(res.body.data).toEqual([
        {
          type: 'contacts',
          id: ids.petrovic,
          title: 'Марко Петровић',
          subtitle: 'Телеком Србија а.д.',
          phone: '+381641234567',
          match: 'e164',
        },
      ]);
    }
    const org = (await ws.api.get('/phone-lookup?number=%2B38121456789')).body.data;
    expect(org).toMatchObject([{ type: 'companies', id: company.body.id, match: 'e164' }]);
    const lead = (await ws.api.get('/phone-lookup?number=0113234567')).body.data;
    expect(lead).toMatchObject([{ type: 'leads', id: ids.lead }]);
    // The same national number with another country code still pops up, after exact ones.
    const national = (await ws.api.get('/phone-lookup?number=%2B387641234567')).body.data;
    expect(national).toMatchObject([{ id: ids.petrovic, match: 'national' }]);
    expect((await ws.api.get('/phone-lookup?number=12')).status).toBe(400);
    expect((await ws.api.get('/phone-lookup?number=0699999999')).body.data).toEqual([]);
  });
});

describe('recent records', () => {
  it('lists what the caller created or changed, newest first, without deleted ones or colleagues’ records', async () => {
    const own = await server.newWorkspace();
    const colleague = await own.addUser('member');
    const first = (await own.api.post('/contacts', { firstName: 'Прва', lastName: 'Особа' })).body;
    const second = (await own.api.post('/companies', { name: 'Δεύτερη Α.Ε.' })).body;
    const gone = (await own.api.post('/leads', { name: 'Brisani Lead', source: 'call' })).body;
    const theirs = (
      await colleague.api.post('/contacts', { firstName: 'Tuđi', lastName: 'Kontakt' })
    ).body;
    // Changing the first record again makes it the most recent one.
    expect(
      (await own.api.patch(`/contacts/${first.id as string}`, { lastName: 'Особа-Нова' })).status,
    ).toBe(200);
    expect((await own.api.delete(`/leads/${gone.id as string}`)).status).toBe(204);

    const res = await own.api.get('/search/recent?limit=10');
    expect(res.status).toBe(200);
    const hits = res.body.data as { type: string; id: string; title: string }[];
    expect(hits.map((h) => [h.type, h.id])).toEqual([
      ['contacts', first.id],
      ['companies', second.id],
    ]);
    expect(hits[0]?.title).toBe('Прва Особа-Нова');
    expect(hits.map((h) => h.id)).not.toContain(theirs.id);
    const colleagues = (await colleague.api.get('/search/recent')).body.data as { id: string }[];
    expect(colleagues.map((h) => h.id)).toEqual([theirs.id]);
    expect((await own.api.get('/search/recent?limit=0')).status).toBe(400);
  });
});

describe('deals in the search', () => {
  it('finds a deal by its title and its organization in another script, and by type', async () => {
    const own = await server.newWorkspace({ country: 'MK', currency: 'MKD', locale: 'mk' });
    const company = (await own.api.post('/companies', { name: 'Алкалоид АД Скопје' })).body;
    const deal = await own.api.post('/deals', {
      title: 'Набавка на лаптопи 2027',
      companyId: company.id,
      amount: 1_200_000,
    });
    expect(deal.status).toBe(201);
    const hits = async (q: string, types = '') =>
      (
        (await own.api.get(`/search?q=${encodeURIComponent(q)}${types}`)).body.data as {
          type: string;
          id: string;
          subtitle: string | null;
        }[]
      ).filter((h) => h.type === 'deals');
    expect((await hits('nabavka laptopi')).map((h) => h.id)).toEqual([deal.body.id]);
    const byCompany = await hits('alkaloid', '&types=deals');
    expect(byCompany.map((h) => h.id)).toEqual([deal.body.id]);
    expect(byCompany[0]?.subtitle).toBe('Алкалоид АД Скопје');
    // Deleted deals are gone from the search at once.
    expect((await own.api.delete(`/deals/${deal.body.id as string}`)).status).toBe(204);
    expect(await hits('nabavka')).toEqual([]);
  });
});

describe('visibility', () => {
  it('a sales rep who sees only own records never finds colleagues’ records, by name, phone or list q', async () => {
    const own = await server.newWorkspace({ country: 'RS' });
    const rep = await own.addUser('member');
    expect((await rep.api.get('/me')).body.access.permissions.contacts.read).toBe('own');
    const hidden = (
      await own.api.post('/contacts', {
        firstName: 'Сакривени',
        lastName: 'Петровић',
        phones: [{ value: '+381 63 555 0101' }],
      })
    ).body;
    const mine = (
      await own.api.post('/contacts', {
        firstName: 'Vidljivi',
        lastName: 'Petrović',
        ownerId: rep.userId,
      })
    ).body;
    const found = async (api: typeof rep.api, path: string) =>
      ((await api.get(path)).body.data as { id: string }[]).map((h) => h.id);

    expect(await found(own.api, '/search?q=petrovic')).toEqual(
      expect.arrayContaining([hidden.id, mine.id]),
    );
    expect(await found(rep.api, '/search?q=petrovic')).toEqual([mine.id]);
    expect(await found(rep.api, '/search?q=Петровић')).toEqual([mine.id]);
    // Prefix and typo tiers apply the same visibility.
    expect(await found(rep.api, '/search?q=petro')).toEqual([mine.id]);
    expect(await found(rep.api, '/search?q=etrovic')).toEqual([mine.id]);
    expect(await found(rep.api, '/search?q=petrovc')).toEqual([mine.id]);
    expect(await found(own.api, '/search?q=petro')).toEqual(
      expect.arrayContaining([hidden.id, mine.id]),
    );
    expect(await found(rep.api, `/search?q=${hidden.id as string}`)).toEqual([]);
    expect(await found(rep.api, '/contacts?q=petrovic')).toEqual([mine.id]);
    expect(await found(rep.api, '/phone-lookup?number=0635550101')).toEqual([]);
    expect(await found(own.api, '/phone-lookup?number=0635550101')).toEqual([hidden.id]);
  });
});
