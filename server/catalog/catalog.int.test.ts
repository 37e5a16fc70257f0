import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type SignedIn, type TestServer } from '../test-support/http.js';

let server: TestServer;
let si: SignedIn;
beforeAll(async () => {
  server = await startTestServer();
  si = await server.newWorkspace({ country: 'SI', currency: 'EUR', locale: 'sl' });
});
afterAll(async () => server.close());

describe('VAT rates', () => {
  it('seeds the rates of the workspace country once, one default', async () => {
    const res = await si.api.get('/vat-rates');
    expect(res.status).toBe(200);
    expect(res.body.data.map((r: { rate: number }) => r.rate)).toEqual([22, 9.5, 5, 0]);
    expect(res.body.data.filter((r: { isDefault: boolean }) => r.isDefault)).toHaveLength(1);
    const again = await si.api.get('/vat-rates');
    expect(again.body.data).toHaveLength(4);

    const mk = await server.newWorkspace({ country: 'MK', currency: 'MKD', locale: 'mk' });
    const mkRates = await mk.api.get('/vat-rates');
    expect(mkRates.body.data.map((r: { rate: number }) => r.rate)).toEqual([18, 10, 5, 0]);
    expect(mkRates.body.data[0].name).toBe('ДДВ 18 %');
    const gr = await server.newWorkspace({ country: 'GR', currency: 'EUR', locale: 'el' });
    expect((await gr.api.get('/vat-rates')).body.data.map((r: { rate: number }) => r.rate)).toEqual(
      [24, 13, 6, 0],
    );
  });

  it('lets an administrator add and edit rates; a new default replaces the old', async () => {
    const created = await si.api.post('/vat-rates', {
      name: 'Test 8,5 %',
      rate: 8.5,
      isDefault: true,
    });
    expect(created.status).toBe(201);
    const list = (await si.api.get('/vat-rates')).body.data as { id: string; isDefault: boolean }[];
    expect(list.filter((r) => r.isDefault).map((r) => r.id)).toEqual([created.body.id]);
    const stale = await si.api.patch(
      `/vat-rates/${created.body.id}`,
      { isDefault: false },
      { 'if-match': '99' },
    );
    expect(stale.status).toBe(409);
    const edited = await si.api.patch(`/vat-rates/${created.body.id}`, {
      active: false,
      isDefault: false,
    });
    expect(edited.body).toMatchObject({ active: false, isDefault: false, version: 2 });
    const standard = list.find((r) => (r as unknown as { rate: number }).rate === 22)!;
    await si.api.patch(`/vat-rates/${standard.id}`, { isDefault: true });
    const bad = await si.api.post('/vat-rates', { name: 'X', rate: 120 });
    expect(bad.status).toBe(400);
    expect(bad.body.details[0].path).toBe('rate');
    const member = await si.addUser('member');
    expect((await member.api.post('/vat-rates', { name: 'Y', rate: 1 })).status).toBe(403);
  });
});

describe('products', () => {
  it('creates products with names per language, default VAT, margin; lists, searches, edits', async () => {
    const rates = (await si.api.get('/vat-rates')).body.data as { id: string; rate: number }[];
    const reduced = rates.find((r) => r.rate === 9.5)!;
    const p = await si.api.post('/products', {
      sku: 'SRV-01',
      name: { sl: 'Namestitev sistema', en: 'System installation' },
      kind: 'service',
      unit: 'h',
      category: 'Storitve',
      price: 4500,
      costPrice: 2000,
    });
    expect(p.status).toBe(201);
    expect(p.body).toMatchObject({
      displayName: 'Namestitev sistema',
      currency: 'EUR',
      vatRate: 22,
      margin: 2500,
      active: true,
    });
    const dup = await si.api.post('/products', { sku: 'srv-01', name: { en: 'Dup' } });
    expect(dup.status).toBe(400);
    expect(dup.body.details[0].path).toBe('sku');
    const book = await si.api.post('/products', {
      sku: 'BK-7',
      name: { en: 'Handbook' },
      price: 1990,
      vatRateId: reduced.id,
    });
    expect(book.body.vatRate).toBe(9.5);

    const badVat = await si.api.post('/products', {
      sku: 'X1',
      name: { en: 'X' },
      vatRateId: '0190a4b2-0000-7000-8000-000000000000',
    });
    expect(badVat.status).toBe(400);
    expect(badVat.body.details[0].path).toBe('vatRateId');
    const badCurrency = await si.api.post('/products', {
      sku: 'X2',
      name: { en: 'X' },
      currency: 'XYZ',
    });
    expect(badCurrency.status).toBe(400);
    expect(badCurrency.body.details[0].path).toBe('currency');
    const negative = await si.api.post('/products', { sku: 'X3', name: { en: 'X' }, price: -5 });
    expect(negative.status).toBe(400);
    expect(negative.body.details[0].path).toBe('price');

    const search = await si.api.get('/products?q=namestitev');
    expect(search.body.data.map((x: { sku: string }) => x.sku)).toEqual(['SRV-01']);
    const services = await si.api.get('/products?filter[kind]=service&sort=-price');
    expect(services.body.data).toHaveLength(1);

    const edited = await si.api.patch(
      `/products/${p.body.id}`,
      { price: 5000 },
      { 'if-match': '1' },
    );
    expect(edited.body).toMatchObject({ price: 5000, margin: 3000, version: 2 });
    expect((await si.api.delete(`/products/${book.body.id}`)).status).toBe(204);
    expect((await si.api.get('/products')).body.data).toHaveLength(1);
    expect((await si.api.get('/products?deleted=true')).body.data).toHaveLength(1);
    expect((await si.api.post(`/products/${book.body.id}/restore`)).status).toBe(200);
  });
});

describe('prices', () => {
  it('picks the group price list before the general one, then the product price; applies the most specific discount', async () => {
    const product = await si.api.post('/products', {
      sku: 'LIC-1',
      name: { en: 'Licence' },
      category: 'Software',
      price: 10000,
    });
    const id = product.body.id as string;
    const vip = await si.api.post('/companies', { name: 'Big d.o.o.', tags: ['vip'] });
    const plain = await si.api.post('/companies', { name: 'Small s.p.' });

    expect((await si.api.get(`/products/${id}/price`)).body).toMatchObject({
      unitPrice: 10000,
      source: 'product',
      discountPercent: 0,
      vatRate: 22,
    });
    const general = await si.api.post('/price-lists', {
      name: 'Ceník 2026',
      currency: 'EUR',
      validFrom: '2026-01-01',
      items: [{ productId: id, price: 9500 }],
    });
    expect(general.status).toBe(201);
    const vipList = await si.api.post('/price-lists', {
      name: 'VIP',
      currency: 'EUR',
      customerGroup: 'vip',
      items: [{ productId: id, price: 8000 }],
    });
    const expired = await si.api.post('/price-lists', {
      name: 'Old',
      currency: 'EUR',
      validTo: '2025-12-31',
      items: [{ productId: id, price: 100 }],
    });
    expect(expired.status).toBe(201);
    const on = '2026-06-01';
    expect(
      (await si.api.get(`/products/${id}/price?on=${on}&companyId=${plain.body.id}`)).body,
    ).toMatchObject({ unitPrice: 9500, priceListId: general.body.id });
    expect(
      (await si.api.get(`/products/${id}/price?on=${on}&companyId=${vip.body.id}`)).body,
    ).toMatchObject({ unitPrice: 8000, priceListId: vipList.body.id, source: 'price_list' });

    await si.api.post('/customer-discounts', { companyId: vip.body.id, percent: 5 });
    await si.api.post('/customer-discounts', {
      companyId: vip.body.id,
      category: 'Software',
      percent: 12.5,
    });
    expect(
      (await si.api.get(`/products/${id}/price?on=${on}&companyId=${vip.body.id}`)).body
        .discountPercent,
    ).toBe(12.5);
    await si.api.post('/customer-discounts', { companyId: vip.body.id, productId: id, percent: 3 });
    expect(
      (await si.api.get(`/products/${id}/price?on=${on}&companyId=${vip.body.id}`)).body
        .discountPercent,
    ).toBe(3);

    // Another currency: converted through the exchange rate, or a clear error without one.
    const noRate = await si.api.get(`/products/${id}/price?currency=RSD&on=${on}`);
    expect(noRate.status).toBe(400);
    expect(noRate.body.details[0].path).toBe('currency');
    expect(
      (
        await si.api.request('PUT', '/exchange-rates', {
          currency: 'RSD',
          validOn: '2026-01-01',
          rate: 0.0085,
        })
      ).status,
    ).toBe(204);
    expect((await si.api.get(`/products/${id}/price?currency=RSD&on=${on}`)).body).toMatchObject({
      unitPrice: 1176471,
      source: 'converted',
    });
    // A rate entered by mistake can be deleted; the price is unavailable again.
    expect((await si.api.delete('/exchange-rates/RSD/2026-01-01')).status).toBe(204);
    expect((await si.api.delete('/exchange-rates/RSD/2026-01-01')).status).toBe(404);
    expect((await si.api.get(`/products/${id}/price?currency=RSD&on=${on}`)).status).toBe(400);
    await si.api.request('PUT', '/exchange-rates', {
      currency: 'RSD',
      validOn: '2026-01-01',
      rate: 0.0085,
    });

    const badItem = await si.api.post('/price-lists', {
      name: 'Bad',
      currency: 'EUR',
      items: [{ productId: '0190a4b2-0000-7000-8000-000000000000', price: 1 }],
    });
    expect(badItem.status).toBe(400);
    expect(badItem.body.details[0].path).toBe('items.0.productId');
    const invisible = await si.api.get(
      `/products/${id}/price?companyId=0190a4b2-0000-7000-8000-000000000000`,
    );
    expect(invisible.status).toBe(400);
    expect(invisible.body.details[0].path).toBe('companyId');
    const lists = await si.api.get('/price-lists');
    expect(lists.body.data.map((l: { name: string }) => l.name)).toEqual([
      'Ceník 2026',
      'Old',
      'VIP',
    ]);
  });
});

describe('customer discounts', () => {
  it('edits percent, scope and period; the resolved price follows; bad edits change nothing', async () => {
    const product = await si.api.post('/products', {
      sku: 'SUP-1',
      name: { en: 'Support' },
      category: 'Services',
      price: 20000,
    });
    const id = product.body.id as string;
    const other = await si.api.post('/products', { sku: 'SUP-2', name: { en: 'Other' } });
    const company = await si.api.post('/companies', { name: 'Edit d.o.o.' });
    const contact = await si.api.post('/contacts', { firstName: 'Maja', lastName: 'Kos' });
    const on = '2026-03-01';
    const priceFor = async (customer: string) =>
      (await si.api.get(`/products/${id}/price?on=${on}&${customer}`)).body as {
        discountPercent: number;
        discountId: string | null;
      };

    const created = await si.api.post('/customer-discounts', {
      companyId: company.body.id,
      percent: 5,
    });
    expect(created.status).toBe(201);
    expect(created.body.customerName).toBe('Edit d.o.o.');
    const discountId = created.body.id as string;
    const byCompany = `companyId=${company.body.id}`;
    expect(await priceFor(byCompany)).toMatchObject({ discountPercent: 5, discountId });

    // Percent and scope (category) change the resolved discount.
    const edited = await si.api.patch(`/customer-discounts/${discountId}`, {
      percent: 7.5,
      category: 'Services',
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({
      percent: 7.5,
      category: 'Services',
      productId: null,
      customerName: 'Edit d.o.o.',
    });
    expect((await priceFor(byCompany)).discountPercent).toBe(7.5);
    // Scope moved to another product: no longer applies to this one.
    await si.api.patch(`/customer-discounts/${discountId}`, { productId: other.body.id });
    expect((await priceFor(byCompany)).discountPercent).toBe(0);
    // Back to this product, but with a period that ended before the date.
    const period = await si.api.patch(`/customer-discounts/${discountId}`, {
      productId: id,
      validFrom: '2025-01-01',
      validTo: '2025-12-31',
    });
    expect(period.body).toMatchObject({ productId: id, category: null, validTo: '2025-12-31' });
    expect((await priceFor(byCompany)).discountPercent).toBe(0);
    await si.api.patch(`/customer-discounts/${discountId}`, { validTo: null });
    expect((await priceFor(byCompany)).discountPercent).toBe(7.5);

    // The customer can change too: a contact, shown by display name.
    const moved = await si.api.patch(`/customer-discounts/${discountId}`, {
      companyId: null,
      contactId: contact.body.id,
    });
    expect(moved.body.customerName).toBe('Maja Kos');
    expect((await priceFor(byCompany)).discountPercent).toBe(0);
    expect((await priceFor(`contactId=${contact.body.id}`)).discountPercent).toBe(7.5);

    // Bad values: 400 on the field, nothing changed.
    const snapshot = (await si.api.get('/customer-discounts')).body.data.find(
      (d: { id: string }) => d.id === discountId,
    );
    for (const [body, path] of [
      [{ percent: 0 }, 'percent'],
      [{ percent: 120 }, 'percent'],
      [{ validFrom: '2026-05-01', validTo: '2026-04-01' }, 'validTo'],
      [{ validTo: '2024-12-31' }, 'validTo'],
      [{ productId: '0190a4b2-0000-7000-8000-000000000000' }, 'productId'],
      [{ contactId: null }, 'companyId'],
      [{ companyId: '0190a4b2-0000-7000-8000-000000000000' }, 'companyId'],
    ] as const) {
      const bad = await si.api.patch(`/customer-discounts/${discountId}`, body);
      expect(bad.status, JSON.stringify(body)).toBe(400);
      expect(bad.body.details[0].path).toBe(path);
    }
    const list = (await si.api.get('/customer-discounts')).body.data as { id: string }[];
    expect(list.find((d) => d.id === discountId)).toEqual(snapshot);
    expect(snapshot).toMatchObject({ customerName: 'Maja Kos', percent: 7.5 });

    // Unknown id, another workspace's id, a member: refused.
    const unknown = '0190a4b2-0000-7000-8000-000000000000';
    expect((await si.api.patch(`/customer-discounts/${unknown}`, { percent: 1 })).status).toBe(404);
    const foreign = await server.newWorkspace({ country: 'SI', currency: 'EUR', locale: 'sl' });
    expect(
      (await foreign.api.patch(`/customer-discounts/${discountId}`, { percent: 1 })).status,
    ).toBe(404);
    const member = await si.addUser('member');
    expect(
      (await member.api.patch(`/customer-discounts/${discountId}`, { percent: 1 })).status,
    ).toBe(403);

    // Every change is in the audit log with before/after.
    const audit = (await si.api.get(`/audit?recordId=${discountId}&action=update`)).body.data as {
      changes: Record<string, [unknown, unknown]>;
    }[];
    expect(audit).toHaveLength(5);
    expect(audit.map((a) => a.changes)).toContainEqual({
      percent: [5, 7.5],
      category: [null, 'Services'],
    });
  });
});
