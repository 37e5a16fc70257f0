import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type SignedIn, type TestServer } from '../test-support/http.js';

let server: TestServer;
let ws: SignedIn;
beforeAll(async () => {
  server = await startTestServer();
  ws = await server.newWorkspace({ country: 'MK', currency: 'MKD', locale: 'mk' });
});
afterAll(async () => server.close());

describe('companies', () => {
  it('creates organizations with kinds, VAT id, website and a parent; refuses cycles', async () => {
    const parent = await ws.api.post('/companies', {
      name: 'Алкалоид АД',
      vatId: 'mk 4030 9925 05000',
      kinds: ['customer', 'supplier'],
      website: 'alkaloid.com.mk',
    });
    expect(parent.status).toBe(201);
    expect(parent.body).toMatchObject({
      vatId: 'MK4030992505000',
      kinds: ['customer', 'supplier'],
      website: 'https://alkaloid.com.mk',
    });
    const branch = await ws.api.post('/companies', {
      name: 'Алкалоид Битола',
      parentId: parent.body.id,
      phones: [{ value: '047 223 456' }],
    });
    expect(branch.status).toBe(201);
    expect(branch.body).toMatchObject({
      parentId: parent.body.id,
      parentName: 'Алкалоид АД',
      phones: [{ value: '+38947223456' }],
    });
    const cycle = await ws.api.patch(`/companies/${parent.body.id}`, { parentId: branch.body.id });
    expect(cycle.status).toBe(400);
    expect(cycle.body.details[0].path).toBe('parentId');
    const badKind = await ws.api.post('/companies', { name: 'X', kinds: ['friend'] });
    expect(badKind.status).toBe(400);
    expect(badKind.body.details[0].path).toBe('kinds.0');
  });

  it('finds contacts by their organization name, also after a rename', async () => {
    const company = (await ws.api.post('/companies', { name: 'Пивара Скопје' })).body;
    await ws.api.post('/contacts', {
      firstName: 'Ана',
      lastName: 'Стојанова',
      companyId: company.id,
    });
    expect((await ws.api.get('/contacts?q=pivara')).body.data).toHaveLength(1);
    await ws.api.patch(`/companies/${company.id}`, { name: 'Heineken Skopje' });
    expect((await ws.api.get('/contacts?q=pivara')).body.data).toHaveLength(0);
    const found = (await ws.api.get('/contacts?q=heineken')).body.data;
    expect(found).toHaveLength(1);
    expect(found[0].companyName).toBe('Heineken Skopje');
  });
});

describe('leads', () => {
  it('creates a lead with source and campaign, shows possible duplicates, converts without retyping', async () => {
    const existing = (
      await ws.api.post('/contacts', {
        firstName: 'Гоце',
        lastName: 'Ѓорѓиевски',
        emails: [{ value: 'goce@example.mk' }],
      })
    ).body;
    const lead = await ws.api.post('/leads', {
      name: 'Goce Gjorgjievski',
      companyName: 'Ѓорѓиевски ДООЕЛ',
      email: 'GOCE@example.mk',
      phone: '070 123 456',
      source: 'web_form',
      utmSource: 'google',
      utmCampaign: 'prolet-2026',
      message: 'Сакам понуда за 20 лаптопи.',
    });
    expect(lead.status).toBe(201);
    expect(lead.body).toMatchObject({
      status: 'new',
      email: 'goce@example.mk',
      phone: '+38970123456',
      phoneFormatted: '070 123 456',
      utmCampaign: 'prolet-2026',
    });

    const duplicates = await ws.api.post('/duplicates/check', {
      name: lead.body.name,
      emails: [lead.body.email],
      phones: [lead.body.phone],
      companyName: lead.body.companyName,
      excludeId: lead.body.id,
    });
    expect(duplicates.status).toBe(200);
    expect(duplicates.body.data[0]).toMatchObject({
      type: 'contacts',
      id: existing.id,
      title: 'Гоце Ѓорѓиевски',
    });
    expect(duplicates.body.data[0].reasons).toEqual(expect.arrayContaining(['email', 'name']));

    const converted = await ws.api.post(`/leads/${lead.body.id}/convert`, {});
    expect(converted.status).toBe(200);
    expect(converted.body).toMatchObject({ createdContact: true, createdCompany: true });
    const contact = (await ws.api.get(`/contacts/${converted.body.contactId}`)).body;
    expect(contact).toMatchObject({
      firstName: 'Goce',
      lastName: 'Gjorgjievski',
      emails: [{ value: 'goce@example.mk' }],
      phones: [{ value: '+38970123456' }],
      companyId: converted.body.companyId,
      companyName: 'Ѓорѓиевски ДООЕЛ',
    });
    const timeline = (await ws.api.get(`/contacts/${contact.id}/timeline`)).body.data;
    expect(timeline.map((t: { kind: string }) => t.kind)).toContain('lead_converted');
    expect(timeline.find((t: { kind: string }) => t.kind === 'lead_converted').data).toMatchObject({
      source: 'web_form',
      utmCampaign: 'prolet-2026',
    });

    const after = (await ws.api.get(`/leads/${lead.body.id}`)).body;
    expect(after).toMatchObject({ status: 'converted', convertedContactId: contact.id });
    const twice = await ws.api.post(`/leads/${lead.body.id}/convert`, {});
    expect(twice.status).toBe(409);
  });

  it('converts into an existing contact when the user picks the duplicate', async () => {
    const existing = (await ws.api.post('/contacts', { lastName: 'Трајковски' })).body;
    const lead = (await ws.api.post('/leads', { name: 'Трајко Трајковски', source: 'call' })).body;
    const converted = await ws.api.post(`/leads/${lead.id}/convert`, {
      contactId: existing.id,
      createCompany: false,
    });
    expect(converted.body).toMatchObject({
      contactId: existing.id,
      createdContact: false,
      companyId: null,
    });
  });

  it('requires a reason to disqualify and filters by status and source', async () => {
    const lead = (await ws.api.post('/leads', { name: 'Спам', source: 'chat' })).body;
    const noReason = await ws.api.patch(`/leads/${lead.id}`, { status: 'disqualified' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.details[0].path).toBe('disqualifyReason');
    const ok = await ws.api.patch(`/leads/${lead.id}`, {
      status: 'disqualified',
      disqualifyReason: 'spam',
    });
    expect(ok.body.status).toBe('disqualified');
    const list = (await ws.api.get('/leads?filter[status]=disqualified&filter[source]=chat')).body
      .data;
    expect(list.map((l: { id: string }) => l.id)).toEqual([lead.id]);
    const badStatus = await ws.api.get('/leads?filter[status]=maybe');
    expect(badStatus.status).toBe(400);
  });
});

describe('custom fields', () => {
  it('adds typed fields that validate, filter and sort like built-in ones', async () => {
    const admin = ws.api;
    const level = await admin.post('/fields', {
      object: 'contacts',
      key: 'loyalty',
      type: 'select',
      label: { en: 'Loyalty', mk: 'Лојалност' },
      options: {
        choices: [
          { value: 'gold', label: { en: 'Gold' } },
          { value: 'silver', label: { en: 'Silver' } },
        ],
      },
    });
    expect(level.status).toBe(201);
    await admin.post('/fields', {
      object: 'contacts',
      key: 'visits',
      type: 'number',
      label: { en: 'Visits' },
    });
    await admin.post('/fields', {
      object: 'contacts',
      key: 'partner_code',
      type: 'text',
      label: { en: 'Partner code' },
      searchable: true,
    });
    const dup = await admin.post('/fields', {
      object: 'contacts',
      key: 'visits',
      type: 'text',
      label: { en: 'Again' },
    });
    expect(dup.status).toBe(400);
    expect(dup.body.details[0].path).toBe('key');
    const noChoices = await admin.post('/fields', {
      object: 'contacts',
      key: 'kind',
      type: 'select',
      label: { en: 'Kind' },
    });
    expect(noChoices.body.details[0].path).toBe('options.choices');

    const a = await admin.post('/contacts', {
      lastName: 'Gold1',
      custom: { loyalty: 'gold', visits: 12, partner_code: 'PX-991' },
    });
    expect(a.status).toBe(201);
    await admin.post('/contacts', { lastName: 'Gold2', custom: { loyalty: 'gold', visits: 3 } });
    await admin.post('/contacts', {
      lastName: 'Silver1',
      custom: { loyalty: 'silver', visits: 30 },
    });

    const bad = await admin.post('/contacts', {
      lastName: 'Bad',
      custom: { loyalty: 'platinum', visits: 'many', nope: 1 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'custom.loyalty',
      'custom.nope',
      'custom.visits',
    ]);

    const gold = (await admin.get('/contacts?filter[custom.loyalty]=gold&sort=-custom.visits')).body
      .data;
    expect(gold.map((c: { lastName: string }) => c.lastName)).toEqual(['Gold1', 'Gold2']);
    const many = (await admin.get('/contacts?filter[custom.visits][gte]=10&sort=custom.visits'))
      .body.data;
    expect(many.map((c: { lastName: string }) => c.lastName)).toEqual(['Gold1', 'Silver1']);
    expect(
      (await admin.get('/contacts?q=px-991')).body.data.map(
        (c: { lastName: string }) => c.lastName,
      ),
    ).toEqual(['Gold1']);

    const required = await admin.post('/fields', {
      object: 'leads',
      key: 'budget',
      type: 'money',
      label: { en: 'Budget', mk: 'Буџет' },
      required: true,
    });
    expect(required.status).toBe(201);
    const missing = await admin.post('/leads', { name: 'Без буџет', source: 'email' });
    expect(missing.status).toBe(400);
    expect(missing.body.details[0]).toEqual({
      path: 'custom.budget',
      message: '„Буџет“ е задолжително.',
    });
    const fractional = await admin.post('/leads', {
      name: 'X',
      source: 'email',
      custom: { budget: 10.5 },
    });
    expect(fractional.body.details[0].path).toBe('custom.budget');

    const member = await ws.addUser('member');
    expect(
      (
        await member.api.post('/fields', {
          object: 'contacts',
          key: 'x',
          type: 'text',
          label: { en: 'X' },
        })
      ).status,
    ).toBe(403);
    const listed = (await member.api.get('/fields?object=contacts')).body.data.map(
      (f: { key: string }) => f.key,
    );
    expect(listed).toEqual(['loyalty', 'visits', 'partner_code']);

    const visits = (await admin.get('/fields?object=contacts')).body.data.find(
      (f: { key: string }) => f.key === 'visits',
    );
    expect((await admin.delete(`/fields/${visits.id}`)).status).toBe(204);
    const after = (await admin.get(`/contacts/${a.body.id}`)).body.custom;
    expect(after).toEqual({ loyalty: 'gold', partner_code: 'PX-991' });
  });
});
