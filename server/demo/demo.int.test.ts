import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type ApiClient, type TestServer } from '../test-support/http.js';

let server: TestServer;
let api: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  api = server.client();
});
afterAll(async () => server.close());

describe('demo workspace', () => {
  it('setup with the demo option fills the new workspace with people, organizations and leads in their own scripts', async () => {
    const setup = await api.post('/setup', {
      workspaceName: 'Demo d.o.o.',
      locale: 'sl',
      currency: 'EUR',
      name: 'Ana Admin',
      email: 'ana@demo.example',
      password: 'correct horse battery',
      demo: true,
    });
    expect(setup.status).toBe(201);
    // The setup signs the administrator in.
    const contacts = await api.get('/contacts?limit=200');
    expect(contacts.status).toBe(200);
    const people = contacts.body.data as { firstName: string; lastName: string; id: string }[];
    expect(people.length).toBeGreaterThanOrEqual(100);
    const names = people.map((p) => `${p.firstName} ${p.lastName}`).join(' ');
    expect(names).toMatch(/\p{Script=Latin}/u);
    expect(names).toMatch(/\p{Script=Cyrillic}/u);
    expect(names).toMatch(/\p{Script=Greek}/u);
    expect(((await api.get('/companies')).body.data as unknown[]).length).toBeGreaterThan(10);
    expect(((await api.get('/leads')).body.data as unknown[]).length).toBeGreaterThan(10);
    // Deals in the default pipeline, open and closed.
    const deals = (await api.get('/deals?limit=200')).body.data as { status: string }[];
    expect(deals.length).toBeGreaterThan(50);
    expect(new Set(deals.map((d) => d.status))).toEqual(new Set(['open', 'won', 'lost']));
    // A catalog and invoices, paid and open, that add up in the customer's finance figures.
    expect(((await api.get('/products?limit=50')).body.data as unknown[]).length).toBeGreaterThan(
      10,
    );
    const invoices = (await api.get('/invoices?limit=200')).body.data as {
      status: string;
      customerId: string;
    }[];
    expect(invoices.length).toBeGreaterThan(100);
    expect(invoices.map((i) => i.status)).toEqual(expect.arrayContaining(['paid', 'issued']));
    const finance = await api.get(`/customers/companies/${invoices[0]?.customerId ?? ''}/finance`);
    expect(finance.status).toBe(200);
    expect(finance.body.invoicedTotal).toBeGreaterThan(0);
    // Colleagues to hand records over to.
    expect(((await api.get('/users')).body.data as unknown[]).length).toBeGreaterThan(2);

    // What the loader wrote is searchable like anything typed in: a Cyrillic name by Latin.
    const cyrillic = people.find((p) => /\p{Script=Cyrillic}/u.test(p.lastName));
    expect(cyrillic).toBeDefined();
    const { normalizeText } = await import('../../common/search/normalize.js');
    const found = await api.get(
      `/search?q=${encodeURIComponent(normalizeText(cyrillic?.lastName ?? ''))}&types=contacts&limit=50`,
    );
    expect((found.body.data as { id: string }[]).map((h) => h.id)).toContain(cyrillic?.id);

    // A record page has a history.
    const timeline = await api.get(`/contacts/${people[0]?.id ?? ''}/timeline`);
    expect(timeline.status).toBe(200);
    expect((timeline.body.data as unknown[]).length).toBeGreaterThan(0);
  });
});
