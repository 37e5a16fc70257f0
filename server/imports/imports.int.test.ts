import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type SignedIn, type TestServer } from '../test-support/http.js';
import { failInterruptedExports } from './repository.js';
import { fixture, upload, waitFor } from './support.js';

process.env.ODNOS_UPLOAD_DIR = mkdtempSync(path.join(tmpdir(), 'odnos-uploads-'));

let server: TestServer;
let ws: SignedIn;
let key: string;
beforeAll(async () => {
  server = await startTestServer({ jobs: true });
  ws = await server.newWorkspace({ country: 'SI', locale: 'sl' });
  key = (await ws.api.post('/api-keys', { name: 'import' })).body.key as string;
});
afterAll(async () => server.close());

async function runImport(id: string, body: Record<string, unknown> = {}) {
  if (Object.keys(body).length) {
    const mapped = await ws.api.post(`/imports/${id}/mapping`, body);
    expect(mapped.status).toBe(200);
  }
  const started = await ws.api.post(`/imports/${id}/start`);
  expect(started.status).toBe(200);
  return waitFor(ws.api, id, ['done', 'failed', 'cancelled']);
}

describe('CSV import', () => {
  it('imports leads with their organization name', async () => {
    const csv = 'Name,Company,Email\nLea Lead,Lesnina d.o.o.,lea.lead@example.si\n';
    const up = await upload(server.baseUrl, key, 'leads.csv', csv, 'object=leads');
    expect(up.status).toBe(201);
    expect(up.body.mapping).toEqual(['fullName', 'companyName', 'email']);
    const done = await runImport(up.body.id);
    expect(done.counts).toMatchObject({ created: 1, failed: 0 });
    const leads = (await ws.api.get('/leads?q=lesnina')).body.data;
    expect(leads).toHaveLength(1);
    expect(leads[0]).toMatchObject({ name: 'Lea Lead', companyName: 'Lesnina d.o.o.' });
  });

  it('reads a semicolon CSV with BOM and quoted newlines, suggests the mapping, reports bad rows', async () => {
    const up = await upload(
      server.baseUrl,
      key,
      'kontakti.csv',
      fixture('contacts-semicolon-bom.csv'),
    );
    expect(up.status).toBe(201);
    expect(up.body.settings).toMatchObject({ encoding: 'utf-8', delimiter: ';' });
    expect(up.body.headers[0]).toBe('Ime');
    expect(up.body.mapping).toEqual([
      'firstName',
      'lastName',
      'email',
      'phone',
      'companyName',
      'birthday',
      'note',
    ]);
    expect(up.body.preview[0][6]).toBe('Prva vrstica\r\ndruga vrstica');

    const done = await runImport(up.body.id, {
      options: {
        duplicateMode: 'skip',
        duplicateKey: 'email',
        dateFormat: 'DMY',
        decimalComma: true,
        defaults: { ownerId: null, tags: ['uvoz'], source: null },
      },
    });
    expect(done.status).toBe('done');
    expect(done.counts).toEqual({ created: 3, updated: 0, skipped: 0, failed: 2 });

    const list = (await ws.api.get('/contacts?sort=lastName&limit=50')).body.data;
    const ana = list.find((c: { lastName: string }) => c.lastName === 'Novak');
    expect(ana).toMatchObject({
      emails: [{ value: 'ana.novak@example.si' }],
      birthday: '1980-12-31',
      companyName: 'Mercator d.d.',
      tags: ['uvoz'],
    });
    expect(ana.phones[0].value).toBe('+38641123456');
    const marko = list.find((c: { lastName: string }) => c.lastName === 'Kovač');
    expect(marko.companyId).toBe(ana.companyId);
    // Found by search across scripts and by phone.
    expect((await ws.api.get('/contacts?q=kovac')).body.data).toHaveLength(1);
    // The global search's words index is filled by the import too (exact word and prefix).
    for (const q of ['kovac', 'kova', 'Ковач']) {
      const hits = (await ws.api.get(`/search?q=${encodeURIComponent(q)}`)).body.data;
      expect({ q, ids: hits.map((h: { id: string }) => h.id) }).toEqual({ q, ids: [marko.id] });
    }
    const companies = (await ws.api.get('/companies?q=mercator')).body.data;
    expect(companies).toHaveLength(1);

    const errors = await ws.api.get(`/imports/${up.body.id}/errors`);
    expect(errors.status).toBe(200);
    expect(errors.headers.get('content-type')).toContain('text/csv');
    const lines = (errors.body as string)
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^Brez,Maila,ni-email,040 111 222,,,,5,/);
    expect(lines[2]).toMatch(/^Jure,Zupan,jure@example.si,,Petrol,2099-01-01,,6,/);
  });

  it.each([
    ['contacts-windows-1251.csv', 'windows-1251', 'Петровић', 'petrovic'],
    ['contacts-iso-8859-7.csv', 'iso-8859-7', 'Παπαδόπουλος', 'papadopoulos'],
    ['contacts-windows-1250.csv', 'windows-1250', 'Šušteršič', 'sustersic'],
    ['contacts-utf16.csv', 'utf-16le', 'Babić', 'babic'],
  ])('detects the encoding of %s', async (file, encoding, lastName, query) => {
    const up = await upload(server.baseUrl, key, file, fixture(file));
    expect(up.status).toBe(201);
    expect(up.body.settings.encoding).toBe(encoding);
    expect(up.body.preview.flat()).toContain(lastName);
    const done = await runImport(up.body.id);
    expect(done.counts.failed).toBe(0);
    expect(done.counts.created).toBe(2);
    const found = (await ws.api.get(`/contacts?q=${query}`)).body.data;
    expect(found.map((c: { lastName: string }) => c.lastName)).toContain(lastName);
  });
});

describe('XLSX and vCard', () => {
  it('imports a chosen XLSX sheet with Excel dates and comma decimals into custom fields', async () => {
    const field = await ws.api.post('/fields', {
      object: 'contacts',
      key: 'points',
      type: 'number',
      label: { en: 'Points', hr: 'Bodovi', sl: 'Točke' },
    });
    expect(field.status).toBe(201);
    const up = await upload(server.baseUrl, key, 'kontakti.xlsx', fixture('contacts.xlsx'));
    expect(up.status).toBe(201);
    expect(up.body.format).toBe('xlsx');
    expect(up.body.sheets).toEqual(['Notes', 'Kontakti']);
    const chosen = await ws.api.post(`/imports/${up.body.id}/mapping`, {
      settings: { sheet: 'Kontakti' },
    });
    expect(chosen.status).toBe(200);
    expect(chosen.body.mapping).toEqual([
      'firstName',
      'lastName',
      'email',
      'phone',
      'companyName',
      'birthday',
      'custom.points',
    ]);
    const done = await runImport(up.body.id);
    expect({ status: done.status, error: done.error, counts: done.counts }).toEqual({
      status: 'done',
      error: null,
      counts: { created: 2, updated: 0, skipped: 0, failed: 1 },
    });
    const found = (await ws.api.get('/contacts?q=kovacevic')).body.data;
    expect(found[0]).toMatchObject({ birthday: '1991-06-15', custom: { points: 1234.5 } });
    const ivan = (await ws.api.get('/contacts?q=ivan@example.hr')).body.data[0];
    expect(ivan).toMatchObject({ birthday: '1990-06-15', custom: { points: 12.5 } });
    expect(ivan.companyName).toBe('Podravka d.d.');
  });

  it('imports vCard 3.0 and 4.0 with folded lines, escaped values and tel: URIs', async () => {
    const up = await upload(server.baseUrl, key, 'adresar.vcf', fixture('contacts.vcf'));
    expect(up.status).toBe(201);
    expect(up.body.format).toBe('vcf');
    expect(up.body.mapping.slice(0, 5)).toEqual([
      'fullName',
      'firstName',
      'lastName',
      'companyName',
      'jobTitle',
    ]);
    const done = await runImport(up.body.id);
    expect(done.counts).toMatchObject({ created: 2, failed: 0 });
    const ana = (await ws.api.get('/contacts?q=ana@example.mk')).body.data[0];
    expect(ana).toMatchObject({
      firstName: 'Ана',
      lastName: 'Stojanova',
      jobTitle: 'Менаџер',
      birthday: '1985-04-12',
      companyName: 'Пивара Скопје',
    });
    expect(ana.phones[0].value).toBe('+38970123456');
    const nikos = (await ws.api.get('/contacts?q=nikos')).body.data[0];
    expect(nikos.phones[0].value).toBe('+302105550101');
  });
});

describe('bad input', () => {
  it.each([
    ['empty.csv', '', 'file'],
    ['garbage.csv', Buffer.from([0, 1, 2, 3, 0, 255, 254, 0, 7, 8]), 'file'],
    ['fake.xlsx', Buffer.from('PK\u0003\u0004 not really a zip'), 'file'],
  ])('refuses %s with a reason', async (name, content, path) => {
    const up = await upload(server.baseUrl, key, name, content);
    expect(up.status).toBe(400);
    expect(up.body.details[0].path).toBe(path);
  });

  it('imports the rows before an unterminated quote and reports it with its line', async () => {
    const csv = 'Ime,Priimek\nA,Prvi\nB,Drugi\nC,"Tretji\nD,Četrti\n';
    const up = await upload(server.baseUrl, key, 'broken.csv', csv);
    expect(up.status).toBe(201);
    const done = await runImport(up.body.id);
    expect(done.counts).toMatchObject({ created: 2, failed: 1 });
    const errors = (await ws.api.get(`/imports/${up.body.id}/errors`)).body as string;
    expect(errors).toMatch(/,4,/);
  });

  it('reports ragged rows and long cells per row, imports the rest', async () => {
    const long = 'x'.repeat(10_000);
    const csv = `Ime,Priimek,Email\nA,Prvi,a@example.si,extra,cells\nB,${long},b@example.si\nC,Tretji\n`;
    const up = await upload(server.baseUrl, key, 'ragged.csv', csv);
    const done = await runImport(up.body.id);
    expect(done.counts).toMatchObject({ created: 2, failed: 1 });
  });
});

describe('duplicates, undo and resume', () => {
  it("runs as the importing user: a rep's import neither sees nor updates others' records", async () => {
    const shop = await server.newWorkspace({ country: 'SI' });
    const theirs = (
      await shop.api.post('/contacts', {
        firstName: 'Maja',
        lastName: 'Novak',
        jobTitle: 'Nabava',
        emails: [{ value: 'maja@example.si' }],
      })
    ).body;
    const rep = await shop.addUser('sales_rep');
    const repKey = (await rep.api.post('/api-keys', { name: 'rep' })).body.key as string;
    expect(repKey).toBeTruthy();
    const up = await upload(
      server.baseUrl,
      repKey,
      'rep.csv',
      'Ime,Priimek,Email,Delovno mesto\nMaja,Novak,maja@example.si,Direktorica\n' +
        'Tine,Kos,tine@example.si,Prodaja\n',
    );
    expect(up.status).toBe(201);
    await rep.api.post(`/imports/${up.body.id}/mapping`, {
      options: { duplicateMode: 'update', duplicateKey: 'email', dateFormat: 'auto' },
    });
    expect((await rep.api.post(`/imports/${up.body.id}/start`)).status).toBe(200);
    const done = await waitFor(rep.api, up.body.id, ['done', 'failed']);
    // Maja belongs to the administrator: invisible to the rep, so the rep gets a contact of
    // their own and the administrator's record is untouched.
    expect(done.counts).toEqual({ created: 2, updated: 0, skipped: 0, failed: 0 });
    expect((await shop.api.get(`/contacts/${theirs.id}`)).body.jobTitle).toBe('Nabava');
    const mine = (await rep.api.get('/contacts?limit=10')).body.data as { ownerId: string }[];
    expect(mine.map((c) => c.ownerId)).toEqual([rep.userId, rep.userId]);
  });

  it('gives rows whose owner is not a user here the default owner when asked (else refuses them), and leads the chosen source', async () => {
    const office = await server.newWorkspace({ country: 'HR', locale: 'hr' });
    const officeKey = (await office.api.post('/api-keys', { name: 'k' })).body.key as string;
    const rep = await office.addUser('sales_rep');
    const file =
      'Name,Email,Owner\nIva Ivić,iva@example.hr,nobody@elsewhere.hr\n' +
      `Ivo Ivić,ivo@example.hr,${office.email.toUpperCase()}\nLea,lea@example.hr,\n`;
    const run = async (options: Record<string, unknown>) => {
      const up = await upload(server.baseUrl, officeKey, 'leads.csv', file, 'object=leads');
      expect(up.body.mapping).toEqual(['fullName', 'email', 'ownerEmail']);
      const mapped = await office.api.post(`/imports/${up.body.id}/mapping`, { options });
      expect(mapped.status).toBe(200);
      await office.api.post(`/imports/${up.body.id}/start`);
      return waitFor(office.api, up.body.id, ['done', 'failed']);
    };
    const defaults = { ownerId: rep.userId, tags: [], source: 'referral' };

    const refused = await run({ duplicateKey: 'none', defaults });
    expect(refused.counts).toMatchObject({ created: 2, failed: 1 });
    const errors = await office.api.get(`/imports/${refused.id}/errors`);
    expect(errors.body).toContain('nobody@elsewhere.hr');

    const given = await run({ duplicateKey: 'none', unknownOwner: 'default', defaults });
    expect(given.options.unknownOwner).toBe('default');
    expect(given.counts).toMatchObject({ created: 3, failed: 0 });
    const leads = (await office.api.get(`/leads?limit=20&sort=createdAt`)).body.data as {
      name: string;
      ownerId: string;
      source: string;
    }[];
    const owners = Object.fromEntries(leads.slice(-3).map((l) => [l.name, [l.ownerId, l.source]]));
    expect(owners).toEqual({
      'Iva Ivić': [rep.userId, 'referral'],
      'Ivo Ivić': [office.userId, 'referral'],
      Lea: [rep.userId, 'referral'],
    });

    // A source must be one of the leads' sources.
    const up = await upload(server.baseUrl, officeKey, 'leads.csv', file, 'object=leads');
    const bad = await office.api.post(`/imports/${up.body.id}/mapping`, {
      options: { defaults: { ownerId: null, tags: [], source: 'facebook' } },
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('options.defaults.source');
  });

  it('imports products by code — comma prices, kinds, VAT rates and activity in the file language — updates them by code and undoes', async () => {
    const shop = await server.newWorkspace({ country: 'SI', locale: 'sl' });
    const shopKey = (await shop.api.post('/api-keys', { name: 'k' })).body.key as string;
    const rates = (await shop.api.get('/vat-rates')).body.data as { id: string; rate: string }[];
    const rateOf = (percent: number) => rates.find((r) => Number(r.rate) === percent)?.id;
    const start = async (name: string, csv: string, options: Record<string, unknown> = {}) => {
      const up = await upload(server.baseUrl, shopKey, name, csv, 'object=products');
      expect(up.status).toBe(201);
      if (Object.keys(options).length)
        expect((await shop.api.post(`/imports/${up.body.id}/mapping`, { options })).status).toBe(
          200,
        );
      await shop.api.post(`/imports/${up.body.id}/start`);
      return { up, done: await waitFor(shop.api, up.body.id, ['done', 'failed']) };
    };

    const first = await start(
      'cenik.csv',
      'Šifra;Naziv;Vrsta;Enota;Cena (neto);Stopnja DDV;Aktivno\n' +
        'SRV-1;Montaža;Storitev;h;65,00;22 %;da\n' +
        'ART-7;Stol;Izdelek;kos;1.234,50;9,5;Neaktivno\n' +
        ';Brez šifre;;;;;\n' +
        'X-1;Napačen DDV;;;;17;\n',
    );
    expect(first.up.body.mapping).toEqual([
      'sku',
      'name',
      'kind',
      'unit',
      'price',
      'vatRate',
      'active',
    ]);
    expect(first.up.body.options.duplicateKey).toBe('sku');
    expect(first.done.counts).toEqual({ created: 2, updated: 0, skipped: 0, failed: 2 });
    const errors = (await shop.api.get(`/imports/${first.up.body.id}/errors`)).body as string;
    expect(errors).toContain('Manjka šifra (SKU).');
    expect(errors).toMatch(/X-1.*vatRate: .*/);
    const list = async () =>
      (await shop.api.get('/products?sort=sku')).body.data as Record<string, unknown>[];
    expect(await list()).toMatchObject([
      {
        sku: 'ART-7',
        name: { sl: 'Stol' },
        kind: 'product',
        unit: 'kos',
        price: 123450,
        currency: 'EUR',
        vatRateId: rateOf(9.5),
        active: false,
      },
      {
        sku: 'SRV-1',
        name: { sl: 'Montaža' },
        kind: 'service',
        unit: 'h',
        price: 6500,
        vatRateId: rateOf(22),
        active: true,
      },
    ]);
    // The catalog search finds them.
    const found = (await shop.api.get('/products?q=montaza')).body.data as { sku: string }[];
    expect(found.map((x) => x.sku)).toEqual(['SRV-1']);

    // A price list by code: the name may be left out of an update, a new product needs it.
    const prices = await start('cene.csv', 'Šifra;Cena (neto)\nsrv-1;70\nNOV-1;5\n', {
      duplicateMode: 'update',
    });
    expect(prices.done.counts).toEqual({ created: 0, updated: 1, skipped: 0, failed: 1 });
    expect((await list()).find((x) => x.sku === 'SRV-1')).toMatchObject({
      price: 7000,
      name: { sl: 'Montaža' },
    });
    // Codes are unique: creating anyway refuses a code that exists.
    const again = await start('znova.csv', 'Šifra;Naziv\nSRV-1;Druga montaža\n', {
      duplicateMode: 'create',
    });
    expect(again.done.counts).toMatchObject({ created: 0, failed: 1 });
    const taken = (await shop.api.get(`/imports/${again.up.body.id}/errors`)).body as string;
    expect(taken).toContain('Drug izdelek že ima to šifro.');
    // Products have no e-mail to match by.
    const up = await upload(server.baseUrl, shopKey, 'x.csv', 'SKU,Name\nA,B\n', 'object=products');
    const bad = await shop.api.post(`/imports/${up.body.id}/mapping`, {
      options: { duplicateKey: 'email' },
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('options.duplicateKey');

    // An exported catalog imports back into another workspace as it was.
    const exported = (await shop.api.get('/products/export?format=csv')).body as string;
    const copy = await server.newWorkspace({ country: 'SI', locale: 'sl' });
    const copyKey = (await copy.api.post('/api-keys', { name: 'k' })).body.key as string;
    const back = await upload(server.baseUrl, copyKey, 'izvoz.csv', exported, 'object=products');
    expect(back.body.mapping).not.toContain(null);
    await copy.api.post(`/imports/${back.body.id}/start`);
    expect((await waitFor(copy.api, back.body.id, ['done', 'failed'])).counts).toMatchObject({
      created: 2,
      failed: 0,
    });
    const fields = (p: Record<string, unknown>) =>
      [
        p.sku,
        JSON.stringify(p.name),
        p.kind,
        p.unit,
        p.price,
        p.currency,
        p.costPrice,
        p.active,
      ].join('|');
    const copied = (await copy.api.get('/products?sort=sku')).body.data as Record<
      string,
      unknown
    >[];
    expect(copied.map(fields)).toEqual((await list()).map(fields));

    // Undo removes the products the first file created (the way the app deletes them).
    expect((await shop.api.post(`/imports/${first.up.body.id}/undo`)).status).toBe(200);
    await waitFor(shop.api, first.up.body.id, ['undone']);
    expect(await list()).toEqual([]);
  });

  it('imports deals — organizations and contacts by name, pipeline, stage and status by their names in the file language — onto the board, back from an export, and undoes them', async () => {
    const shop = await server.newWorkspace({ country: 'SI', locale: 'sl' });
    const shopKey = (await shop.api.post('/api-keys', { name: 'k' })).body.key as string;
    const [pipeline] = (await shop.api.get('/pipelines')).body.data;
    type Stage = { id: string; kind: string; displayName: string };
    const open = (pipeline.stages as Stage[]).filter((x) => x.kind === 'open');
    const second = open[1] as Stage;
    const [reason] = (await shop.api.get('/lost-reasons')).body.data;
    const ana = (await shop.api.post('/contacts', { firstName: 'Ana', lastName: 'Novak' })).body;
    const csv =
      'Naziv;Organizacija;Stik;Prodajni lijak;Faza;Stanje;Znesek;Valuta;Pričakovan zaključek;Razlog izgube\n' +
      `Prenova pisarne;Lesnina d.o.o.;ana novak;${pipeline.displayName};${second.displayName};;1.234,50;EUR;31.01.2027;\n` +
      'Licence;Mercator d.d.;Marko Horvat;;;Dobljen;500;EUR;;\n' +
      `Izgubljen posel;;;;;Izgubljen;10;;;${reason.displayName}\n` +
      'Napačna faza;;;;Ne obstaja;;;;;\n' +
      ';;Nekdo;;;;;;;\n';
    const up = await upload(server.baseUrl, shopKey, 'posli.csv', csv, 'object=deals');
    expect(up.status).toBe(201);
    expect(up.body.mapping).toEqual([
      'title',
      'companyName',
      'contactName',
      'pipeline',
      'stage',
      'status',
      'amount',
      'currency',
      'expectedCloseDate',
      'lostReason',
    ]);
    expect(up.body.options.duplicateKey).toBe('none');
    await shop.api.post(`/imports/${up.body.id}/start`);
    const done = await waitFor(shop.api, up.body.id, ['done', 'failed']);
    expect(done.counts).toEqual({ created: 3, updated: 0, skipped: 0, failed: 2 });
    const errors = (await shop.api.get(`/imports/${up.body.id}/errors`)).body as string;
    expect(errors).toContain('Ne obstaja');

    type Deal = Record<string, unknown> & { id: string; title: string };
    const deals = async (api = shop.api) =>
      (await api.get('/deals?sort=title&limit=50')).body.data as Deal[];
    const [lost, licence, office] = await deals();
    expect(office).toMatchObject({
      title: 'Prenova pisarne',
      companyName: 'Lesnina d.o.o.',
      contactId: ana.id,
      pipelineId: pipeline.id,
      stageId: second.id,
      status: 'open',
      amount: 123450,
      expectedCloseDate: '2027-01-31',
      closedAt: null,
    });
    expect(licence).toMatchObject({ status: 'won', amount: 50000, contactName: 'Marko Horvat' });
    expect(licence?.closedAt).toBeTruthy();
    expect(lost).toMatchObject({ status: 'lost', lostReasonId: reason.id });
    // The new contact works at the new organization; the deal entered its stage once.
    const marko = (await shop.api.get('/contacts?q=horvat')).body.data[0];
    expect(marko).toMatchObject({
      firstName: 'Marko',
      lastName: 'Horvat',
      companyName: 'Mercator d.d.',
    });
    const history = (await shop.api.get(`/deals/${office?.id}/stage-history`)).body.data;
    expect(history).toMatchObject([{ fromStageId: null, toStageId: second.id }]);
    const board = (await shop.api.get(`/pipelines/${pipeline.id}/board`)).body;
    expect(JSON.stringify(board)).toContain('Prenova pisarne');
    expect((await shop.api.get('/deals?q=lesnina')).body.data).toHaveLength(1);

    // An exported file imports into another workspace (its owners are not users there).
    const exported = (await shop.api.get('/deals/export?format=csv')).body as string;
    const copy = await server.newWorkspace({ country: 'SI', locale: 'sl' });
    const copyKey = (await copy.api.post('/api-keys', { name: 'k' })).body.key as string;
    const back = await upload(server.baseUrl, copyKey, 'izvoz.csv', exported, 'object=deals');
    await copy.api.post(`/imports/${back.body.id}/mapping`, {
      options: { unknownOwner: 'default' },
    });
    await copy.api.post(`/imports/${back.body.id}/start`);
    expect((await waitFor(copy.api, back.body.id, ['done', 'failed'])).counts).toMatchObject({
      created: 3,
      failed: 0,
    });
    // Closing times go out and come back on the workspace's clock (to the minute).
    const minute = (v: unknown) => (typeof v === 'string' ? v.slice(0, 16) : v);
    const fields = (d: Deal) =>
      [
        d.title,
        d.companyName,
        d.contactName,
        d.status,
        d.amount,
        d.expectedCloseDate,
        minute(d.closedAt),
      ].join('|');
    expect((await deals(copy.api)).map(fields)).toEqual((await deals()).map(fields));

    // Undo removes the deals and the contact and organizations the file created.
    expect((await shop.api.post(`/imports/${up.body.id}/undo`)).status).toBe(200);
    await waitFor(shop.api, up.body.id, ['undone']);
    expect(await deals()).toEqual([]);
    expect((await shop.api.get('/contacts?q=horvat')).body.data).toEqual([]);
    expect((await shop.api.get('/companies?q=lesnina')).body.data).toEqual([]);
    expect((await shop.api.get(`/contacts/${ana.id}`)).status).toBe(200);
  });

  it('moves deals matched by external id to the stage a later file names, and undo moves them back', async () => {
    const shop = await server.newWorkspace({ country: 'HR', locale: 'hr' });
    const shopKey = (await shop.api.post('/api-keys', { name: 'k' })).body.key as string;
    const [pipeline] = (await shop.api.get('/pipelines')).body.data;
    const won = pipeline.stages.find((x: { kind: string }) => x.kind === 'won') as {
      id: string;
      displayName: string;
    };
    const run = async (csv: string, options: Record<string, unknown>) => {
      const up = await upload(server.baseUrl, shopKey, 'crm.csv', csv, 'object=deals');
      await shop.api.post(`/imports/${up.body.id}/mapping`, { options });
      await shop.api.post(`/imports/${up.body.id}/start`);
      return waitFor(shop.api, up.body.id, ['done', 'failed']);
    };
    const first = await run('ID,Title,Amount\nD-1,Ugovor,100\n', { duplicateKey: 'externalId' });
    expect(first.counts).toMatchObject({ created: 1 });
    const [deal] = (await shop.api.get('/deals')).body.data;
    const moved = await run(`ID,Stage,Amount\nD-1,${won.displayName},250\n`, {
      duplicateKey: 'externalId',
      duplicateMode: 'update',
    });
    expect(moved.counts).toMatchObject({ created: 0, updated: 1 });
    const after = (await shop.api.get(`/deals/${deal.id}`)).body;
    expect(after).toMatchObject({ title: 'Ugovor', stageId: won.id, status: 'won', amount: 25000 });
    expect(after.closedAt).toBeTruthy();
    const history = (await shop.api.get(`/deals/${deal.id}/stage-history`)).body.data;
    expect(history.map((h: { toStageId: string }) => h.toStageId)).toEqual([deal.stageId, won.id]);
    expect((await shop.api.post(`/imports/${moved.id}/undo`)).status).toBe(200);
    await waitFor(shop.api, moved.id, ['undone']);
    expect((await shop.api.get(`/deals/${deal.id}`)).body).toMatchObject({
      stageId: deal.stageId,
      status: 'open',
      amount: 10000,
      closedAt: null,
    });
  });

  it('skips, updates or creates duplicates by the chosen key, and undo restores everything', async () => {
    const team = await server.newWorkspace({ country: 'HR' });
    const teamKey = (await team.api.post('/api-keys', { name: 'k' })).body.key as string;
    const existing = (
      await team.api.post('/contacts', {
        firstName: 'Ivana',
        lastName: 'Horvat',
        jobTitle: 'Prodaja',
        emails: [{ value: 'ivana@example.hr' }],
        tags: ['stara'],
      })
    ).body;
    const csv =
      'Ime,Prezime,Email,Radno mjesto,Tvrtka\n' +
      'Ivana,Horvat-Kovač,IVANA@example.hr,Direktorica,Konzum d.d.\n' +
      'Novi,Kupac,novi@example.hr,,Konzum d.d.\n' +
      'Novi,Kupac,novi@example.hr,Nabava,\n';
    const emails = async () =>
      ((await team.api.get('/contacts?limit=100')).body.data as { emails: { value: string }[] }[])
        .flatMap((c) => c.emails.map((e) => e.value))
        .sort();
    const go = async (duplicateMode: string) => {
      const up = await upload(server.baseUrl, teamKey, 'k.csv', csv);
      expect(up.status).toBe(201);
      await team.api.post(`/imports/${up.body.id}/mapping`, {
        options: { duplicateMode, duplicateKey: 'email', dateFormat: 'auto', decimalComma: true },
      });
      await team.api.post(`/imports/${up.body.id}/start`);
      return waitFor(team.api, up.body.id, ['done', 'failed']);
    };
    const skipped = await go('skip');
    expect(skipped.counts).toEqual({ created: 1, updated: 0, skipped: 2, failed: 0 });
    expect((await team.api.get(`/contacts/${existing.id}`)).body.jobTitle).toBe('Prodaja');
    // Undo the skip run so the next runs start from the same data.
    await team.api.post(`/imports/${skipped.id}/undo`);
    expect((await waitFor(team.api, skipped.id, ['undone'])).status).toBe('undone');
    expect(await emails()).toEqual(['ivana@example.hr']);
    expect((await team.api.get('/companies')).body.data).toHaveLength(0);

    const updated = await go('update');
    expect(updated.counts).toMatchObject({ created: 1, updated: 1, failed: 0 });
    const ivana = (await team.api.get(`/contacts/${existing.id}`)).body;
    expect(ivana).toMatchObject({
      lastName: 'Horvat-Kovač',
      jobTitle: 'Direktorica',
      companyName: 'Konzum d.d.',
      tags: ['stara'],
    });
    expect(await emails()).toEqual(['ivana@example.hr', 'novi@example.hr']);
    const novi = (await team.api.get('/contacts?sort=-firstName&limit=1')).body.data;
    expect(novi[0].jobTitle).toBe('Nabava');
    // The search text follows the update.
    expect((await team.api.get('/contacts?q=horvat-kovac')).body.data).toHaveLength(1);

    const undo = await team.api.post(`/imports/${updated.id}/undo`);
    expect(undo.status).toBe(200);
    await waitFor(team.api, updated.id, ['undone']);
    const restored = (await team.api.get(`/contacts/${existing.id}`)).body;
    expect(restored).toMatchObject({
      lastName: 'Horvat',
      jobTitle: 'Prodaja',
      companyId: null,
      emails: [{ value: 'ivana@example.hr' }],
    });
    expect(await emails()).toEqual(['ivana@example.hr']);
    expect((await team.api.get('/contacts?q=horvat-kovac')).body.data).toHaveLength(0);
    const history = (await team.api.get(`/contacts/${existing.id}/timeline`)).body;
    expect(JSON.stringify(history)).toContain('Direktorica');

    const created = await go('create');
    expect(created.counts).toMatchObject({ created: 3, updated: 0, skipped: 0 });
    expect(await emails()).toEqual([
      'ivana@example.hr',
      'ivana@example.hr',
      'novi@example.hr',
      'novi@example.hr',
    ]);
  });

  it('resumes after a crash from the checkpoint without duplicating or losing rows', async () => {
    const { runImport: run } = await import('./engine.js');
    const { resumeStaleImports } = await import('./worker.js');
    const { systemContext } = await import('../platform/context.js');
    const { findWorkspace } = await import('../workspaces/repository.js');
    const { workspaceInfo } = await import('../workspaces/service.js');
    const { updateImport } = await import('./repository.js');

    const rows = Array.from({ length: 25 }, (_, i) => `Oseba,Št${i},oseba${i}@example.si`);
    rows[7] = 'Oseba,Napaka,ni-email';
    const up = await upload(
      server.baseUrl,
      key,
      'crash.csv',
      `Ime,Priimek,Email\n${rows.join('\n')}\n`,
    );
    const id = up.body.id as string;
    const workspace = await findWorkspace(server.database.db, ws.workspaceId);
    const ctx = systemContext(server.database, workspaceInfo(workspace!), ws.userId);
    await updateImport(ctx, id, {
      status: 'queued',
      options: {
        duplicateMode: 'skip',
        duplicateKey: 'email',
        dateFormat: 'auto',
        decimalComma: true,
        defaults: { ownerId: null, tags: ['crash'], source: null },
      },
    });

    // The process "dies" after the third batch of 4 rows was committed.
    await expect(
      run(ctx, id, {
        batchSize: 4,
        afterBatch: (done) => {
          if (done >= 12) throw new Error('kill -9');
        },
      }),
    ).rejects.toThrow('kill -9');
    const crashed = (await ws.api.get(`/imports/${id}`)).body;
    expect(crashed.status).toBe('running');
    expect(crashed.progress.rowsDone).toBe(12);
    expect(crashed.counts).toEqual({ created: 11, updated: 0, skipped: 0, failed: 1 });
    expect((await ws.api.get('/contacts?filter[tags]=crash&limit=100')).body.data).toHaveLength(11);

    // On restart the stale import is queued again and continues where it stopped.
    expect(await resumeStaleImports(server.database, 0)).toBeGreaterThanOrEqual(1);
    const done = await waitFor(ws.api, id, ['done', 'failed']);
    expect(done.status).toBe('done');
    expect(done.counts).toEqual({ created: 24, updated: 0, skipped: 0, failed: 1 });
    const all = (await ws.api.get('/contacts?filter[tags]=crash&limit=100')).body.data;
    expect(all).toHaveLength(24);
    expect(new Set(all.map((c: { lastName: string }) => c.lastName)).size).toBe(24);
    const errors = (await ws.api.get(`/imports/${id}/errors`)).body as string;
    expect(errors.trim().split('\r\n')).toHaveLength(2);

    // A second run of a finished import changes nothing.
    expect(await run(ctx, id)).toBe('skipped');
  });

  it('writes the same rows by COPY as by INSERT, awkward values included', async () => {
    const { SPECS } = await import('./engine.js');
    const { bulkInsert, copyInsert } = await import('./repository.js');
    const { inTransaction, systemContext } = await import('../platform/context.js');
    const { findWorkspace } = await import('../workspaces/repository.js');
    const { workspaceInfo } = await import('../workspaces/service.js');
    const { queryRows } = await import('../db/connection.js');
    const { newId } = await import('../platform/ids.js');
    const { sql } = await import('drizzle-orm');
    const workspace = await findWorkspace(server.database.db, ws.workspaceId);
    const ctx = systemContext(server.database, workspaceInfo(workspace!), ws.userId);
    const values = (lastName: string) => ({
      id: newId(),
      ownerId: ws.userId,
      tags: ['a"b', 'back\\slash', 'tab\there', 'new\nline', 'ćšž Ω', 'comma,brace}{', 'NULL'],
      custom: { note: 'x\ty\\z\r\n"q"', n: 1.5, list: ['\\N', null], nested: { ok: true } },
      searchText: 'tab\t back\\slash \\N',
      createdBy: ws.userId,
      updatedBy: ws.userId,
      firstName: '\\N',
      lastName,
      jobTitle: null,
      emails: [{ value: 'a@example.si', label: null }],
      phones: [],
      addresses: [
        {
          label: null,
          street: 'Ulica 1\n2',
          city: 'Ljubljana',
          postalCode: null,
          region: null,
          country: 'SI',
        },
      ],
      birthday: '1980-02-29',
      companyId: null,
    });
    await inTransaction(ctx, async (tx) => {
      await bulkInsert(tx, 'contacts', SPECS.contacts.columns, [values('CopyCheck insert')]);
      await copyInsert(tx, 'contacts', SPECS.contacts.columns, [values('CopyCheck copy')]);
    });
    const rows = await queryRows<Record<string, unknown>>(
      server.database.db,
      sql`select owner_id, tags, custom, search_text, created_by, updated_by, first_name, job_title,
            emails, phones, addresses, birthday::text, company_id, deleted_at, version
          from contacts where workspace_id = ${ws.workspaceId} and last_name like 'CopyCheck %'
          order by last_name`,
    );
    expect(rows).toHaveLength(2);
    expect(rows[0]).toEqual(rows[1]);
    expect(rows[0]).toMatchObject({ first_name: '\\N', search_text: 'tab\t back\\slash \\N' });
  });

  it('cancels a running import and keeps what was committed', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => `Preklic,P${i}`);
    const up = await upload(server.baseUrl, key, 'cancel.csv', `Ime,Priimek\n${rows.join('\n')}\n`);
    const cancelled = await ws.api.post(`/imports/${up.body.id}/cancel`);
    expect(cancelled.body.status).toBe('cancelled');
    expect((await ws.api.post(`/imports/${up.body.id}/start`)).status).toBe(409);
  });

  it('remembers the mapping for a file of the same shape', async () => {
    const csv = 'Kol A,Kol B\nx,Prvi\n';
    const first = await upload(server.baseUrl, key, 'shape.csv', csv);
    expect(first.body.mapping).toEqual([null, null]);
    await ws.api.post(`/imports/${first.body.id}/mapping`, { mapping: ['firstName', 'lastName'] });
    await runImport(first.body.id);
    const second = await upload(server.baseUrl, key, 'shape2.csv', 'Kol A,Kol B\ny,Drugi\n');
    expect(second.body.mapping).toEqual(['firstName', 'lastName']);
    expect(second.body.mappingRemembered).toBe(true);
  });
});

describe('export', () => {
  it('exports deals with their pipeline, stage, status and amounts, and products with their VAT rate', async () => {
    const sl = await server.newWorkspace({ country: 'SI', locale: 'sl' });
    const [pipeline] = (await sl.api.get('/pipelines')).body.data;
    const open = pipeline.stages.find((s: { kind: string }) => s.kind === 'open');
    const won = pipeline.stages.find((s: { kind: string }) => s.kind === 'won');
    const company = (await sl.api.post('/companies', { name: 'Lesnina d.o.o.' })).body;
    const contact = (await sl.api.post('/contacts', { firstName: 'Ana', lastName: 'Novak' })).body;
    const first = await sl.api.post('/deals', {
      title: 'Prenova pisarne',
      amount: 123450,
      currency: 'EUR',
      companyId: company.id,
      contactId: contact.id,
      stageId: open.id,
      expectedCloseDate: '2027-01-31',
      source: 'splet',
      tags: ['q4'],
    });
    expect(first.status).toBe(201);
    const second = (await sl.api.post('/deals', { title: '=HYPERLINK("x")', amount: 99 })).body;
    expect((await sl.api.post(`/deals/${second.id}/move`, { stageId: won.id })).status).toBe(200);

    const csv = await sl.api.get('/deals/export?format=csv&sort=title');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-disposition')).toMatch(/filename="deals-.*\.csv"/);
    const lines = (csv.body as string)
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      'Naziv,Organizacija,Stik,Prodajni lijak,Faza,Stanje,Znesek,Valuta,Verjetnost,' +
        'Pričakovan zaključek,Datum zaprtja,Razlog izgube,Vir,Kampanja,Skrbnik (e-pošta),Oznake,Ustvarjeno',
    );
    expect(lines).toHaveLength(3);
    const [pipelineName, openName, wonName] = [pipeline, open, won].map((x) => x.displayName);
    expect(lines[2]).toMatch(
      new RegExp(
        `^Prenova pisarne,Lesnina d\\.o\\.o\\.,Ana Novak,${pipelineName},${openName},Odprt,1234\\.50,EUR,` +
          `${open.probability},2027-01-31,,,splet,,${sl.email.replace(/\./g, '\\.')},q4,\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d$`,
      ),
    );
    // A formula is neutralized (and sorts first); a won deal has its closing time.
    expect(lines[1]).toMatch(
      new RegExp(
        `^"'=HYPERLINK\\(""x""\\)",,,${pipelineName},${wonName},Dobljen,0\\.99,EUR,100,,\\d{4}-`,
      ),
    );
    // The list's filters apply.
    const onlyWon = await sl.api.get('/deals/export?format=csv&filter[status]=won');
    expect((onlyWon.body as string).trim().split('\r\n')).toHaveLength(2);

    const [vat] = (await sl.api.get('/vat-rates')).body.data.filter(
      (r: { rate: string }) => Number(r.rate) === 22,
    );
    await sl.api.post('/products', {
      sku: 'SRV-1',
      name: { en: 'Installation', sl: 'Montaža' },
      kind: 'service',
      unit: 'h',
      price: 6500,
      currency: 'EUR',
      vatRateId: vat.id,
      costPrice: 4000,
    });
    await sl.api.post('/products', { sku: 'ZZ-9', name: { en: 'Old chair' }, active: false });
    const products = await sl.api.get('/products/export?format=csv');
    expect(products.status).toBe(200);
    expect(
      (products.body as string)
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n'),
    ).toEqual([
      'Šifra,Naziv,Opis,Vrsta,Enota,Kategorija,Cena (neto),Valuta,Stopnja DDV,Nabavna cena,Aktivno',
      'SRV-1,Montaža,,Storitev,h,,65.00,EUR,22,40.00,Aktivno',
      expect.stringMatching(/^ZZ-9,Old chair,,Izdelek,pcs,,0\.00,EUR,\d*,,Neaktivno$/),
    ]);
    const xlsx = await sl.api.get('/products/export?format=xlsx');
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    // vCards are for contacts only.
    expect((await sl.api.get('/deals/export?format=vcf')).status).toBe(400);
  });

  it('exports the filtered list as CSV that imports back unchanged, with formulas neutralized', async () => {
    const source = await server.newWorkspace({ country: 'RS', locale: 'sr-Latn' });
    const level = await source.api.post('/fields', {
      object: 'contacts',
      key: 'level',
      type: 'select',
      label: { en: 'Level', 'sr-Latn': 'Nivo' },
      options: {
        choices: [
          { value: 'gold', label: { en: 'Gold', 'sr-Latn': 'Zlatni' } },
          { value: 'silver', label: { en: 'Silver', 'sr-Latn': 'Srebrni' } },
        ],
      },
    });
    expect(level.status).toBe(201);
    const company = (await source.api.post('/companies', { name: 'Телеком Србија' })).body;
    await source.api.post('/contacts', {
      firstName: 'Petar',
      lastName: 'Petrović',
      emails: [{ value: 'petar@example.rs' }],
      phones: [{ value: '064 1234567' }],
      tags: ['vip'],
      birthday: '1980-02-29',
      companyId: company.id,
      custom: { level: 'gold' },
    });
    // A second contact of the same organization (its name is read once per export).
    await source.api.post('/contacts', {
      firstName: 'Ana',
      lastName: 'Anić',
      companyId: company.id,
      tags: ['vip'],
      custom: { level: 'silver' },
    });
    await source.api.post('/contacts', {
      firstName: '=cmd|calc',
      lastName: '@SUM(A1)',
      jobTitle: '+1 hacker',
      tags: ['vip'],
    });
    await source.api.post('/contacts', { firstName: 'Ostali', lastName: 'Nije VIP' });

    const csv = await source.api.get('/contacts/export?format=csv&filter[tags]=vip&sort=lastName');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-disposition')).toMatch(
      /attachment; filename="contacts-.*\.csv"/,
    );
    const lines = (csv.body as string)
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^Ime,Prezime,Radno mesto,E-pošta,Telefon/);
    expect(lines[0]).toMatch(/,Nivo$/);
    expect(lines[1]).toContain("'@SUM(A1)");
    expect(lines[1]).toContain("'=cmd|calc");
    expect(lines[1]).toContain("'+1 hacker");
    expect(lines[2]).toMatch(/^Ana,Anić,,,,Телеком Србија,.*,Srebrni$/);
    expect(lines[3]).toContain("'+381641234567");
    expect(lines[3]).toMatch(
      /^Petar,Petrović,,petar@example.rs,'\+381641234567,Телеком Србија,.*,Zlatni$/,
    );
    expect(csv.body).not.toContain('Nije VIP');
    // Owners by e-mail, the way the import reads them.
    expect(lines[0]).toContain(',Vlasnik (e-pošta),');
    expect(lines[3]).toContain(`,${source.email},`);

    const target = await server.newWorkspace({ country: 'SI', locale: 'sr-Latn' });
    const targetKey = (await target.api.post('/api-keys', { name: 'k' })).body.key as string;
    const up = await upload(server.baseUrl, targetKey, 'izvoz.csv', csv.body as string);
    expect(up.status).toBe(201);
    expect(up.body.mapping.slice(0, 5)).toEqual([
      'firstName',
      'lastName',
      'jobTitle',
      'email',
      'phone',
    ]);
    // The owners are users of the other workspace: that column is left out here.
    const mapping = [...(up.body.mapping as (string | null)[])];
    expect(mapping).toContain('ownerEmail');
    mapping[mapping.indexOf('ownerEmail')] = null;
    expect((await target.api.post(`/imports/${up.body.id}/mapping`, { mapping })).status).toBe(200);
    await target.api.post(`/imports/${up.body.id}/start`);
    const done = await waitFor(target.api, up.body.id, ['done', 'failed']);
    expect(done.counts).toMatchObject({ created: 3, failed: 0 });
    const back = (await target.api.get('/contacts?sort=lastName')).body.data;
    expect(back[2]).toMatchObject({
      firstName: 'Petar',
      lastName: 'Petrović',
      emails: [{ value: 'petar@example.rs' }],
      birthday: '1980-02-29',
      tags: ['vip'],
    });
    expect(back[2].phones[0].value).toBe('+381641234567');
    expect(back[2].companyName).toBe('Телеком Србија');
    expect(back[0]).toMatchObject({
      firstName: '=cmd|calc',
      lastName: '@SUM(A1)',
      jobTitle: '+1 hacker',
    });
  });

  it('prepares an export in the background with its progress, for the user who asked only', async () => {
    const office = await server.newWorkspace({ country: 'SI', locale: 'sl' });
    for (const [firstName, lastName, tags] of [
      ['Ana', 'Novak', ['vip']],
      ['Bor', 'Kos', ['vip']],
      ['Cene', 'Zupan', []],
    ] as const)
      await office.api.post('/contacts', { firstName, lastName, tags });
    const query = { 'filter[tags]': 'vip', sort: 'lastName' };
    const started = await office.api.post('/exports', { object: 'contacts', format: 'csv', query });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ object: 'contacts', format: 'csv', status: 'queued' });
    const done = await waitFor(office.api, started.body.id, ['done', 'failed'], 60_000, 'exports');
    expect(done).toMatchObject({ status: 'done', rowsDone: 2, totalRows: 2, error: null });
    expect(done.fileName).toMatch(/^contacts-\d{4}-\d\d-\d\d\.csv$/);
    const file = await office.api.get(`/exports/${started.body.id}/file`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toContain(done.fileName);
    const direct = await office.api.get(
      '/contacts/export?format=csv&filter[tags]=vip&sort=lastName',
    );
    expect(file.body).toBe(direct.body);
    expect(file.body).toContain('Novak');
    expect(file.body).not.toContain('Zupan');

    // The file holds what its user may see: nobody else gets it.
    const colleague = await office.addUser('admin');
    expect((await colleague.api.get(`/exports/${started.body.id}`)).status).toBe(404);
    expect((await colleague.api.get(`/exports/${started.body.id}/file`)).status).toBe(404);
    // Checked before anything is queued: the object, the list query, the format.
    const bad = await office.api.post('/exports', {
      object: 'contacts',
      format: 'csv',
      query: { sort: 'nonsense' },
    });
    expect(bad.status).toBe(400);
    expect((await office.api.post('/exports', { object: 'deals', format: 'vcf' })).status).toBe(
      400,
    );

    // An export a dead process left running is reported as failed once its job has expired.
    const stuck = await office.api.post('/exports', { object: 'contacts', format: 'csv' });
    await waitFor(office.api, stuck.body.id, ['done'], 60_000, 'exports');
    await server.database.db.execute(
      sql`update exports set status = 'running', created_at = now() - interval '2 hours'
          where id = ${stuck.body.id}`,
    );
    expect(await failInterruptedExports(server.database.db, 3600)).toBe(1);
    expect((await office.api.get(`/exports/${stuck.body.id}`)).body).toMatchObject({
      status: 'failed',
      error: 'interrupted',
    });

    await office.api.post('/products', { sku: 'A-1', name: { sl: 'Stol' } });
    const sheet = await office.api.post('/exports', { object: 'products', format: 'xlsx' });
    await waitFor(office.api, sheet.body.id, ['done'], 60_000, 'exports');
    const bytes = await office.api.bytes(`/exports/${sheet.body.id}/file`);
    const ExcelJS = (await import('exceljs')).default;
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes.body as never);
    expect(book.worksheets[0]?.name).toBe('Izdelki');
    expect(book.worksheets[0]?.getRow(2).getCell(1).value).toBe('A-1');
  });

  it('exports XLSX and vCard that read back', async () => {
    const mine = await server.newWorkspace({ country: 'RS', locale: 'sr-Latn' });
    await mine.api.post('/contacts', {
      firstName: 'Petar',
      lastName: 'Petrović',
      emails: [{ value: 'petar@example.rs' }],
    });
    await mine.api.post('/contacts', { firstName: 'Jovan', lastName: 'Jovanović' });
    const xlsx = await mine.api.bytes('/contacts/export?format=xlsx&q=petrovic');
    expect(xlsx.status).toBe(200);
    const ExcelJS = (await import('exceljs')).default;
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.body as never);
    const sheet = book.worksheets[0]!;
    expect(sheet.getRow(1).getCell(1).value).toBe('Ime');
    expect(sheet.rowCount).toBe(2);
    expect(sheet.getRow(2).getCell(2).value).toBe('Petrović');

    const vcf = await mine.api.get('/contacts/export?format=vcf&q=petrovic');
    expect(vcf.status).toBe(200);
    expect(vcf.body).toContain('N:Petrović;Petar;;;');
    expect(vcf.body).toContain('EMAIL;TYPE=INTERNET:petar@example.rs');
    expect(vcf.body).not.toContain('Jovan');
    expect((await mine.api.get('/companies/export?format=vcf')).status).toBe(400);
  });
});
