import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngine } from '../test-support/database.js';
import {
  startTestServer,
  type ApiClient,
  type SignedIn,
  type TestServer,
} from '../test-support/http.js';

let server: TestServer;
let ws: SignedIn;
let contactId: string;
let companyId: string;
const year = new Date().getFullYear();

beforeAll(async () => {
  server = await startTestServer();
  ws = await server.newWorkspace({ currency: 'EUR', country: 'SI', name: 'Odnos d.o.o.' });
  contactId = (
    await ws.api.post('/contacts', {
      firstName: 'Јована',
      lastName: 'Јовановић',
      locale: 'sr-Cyrl',
    })
  ).body.id;
  companyId = (
    await ws.api.post('/companies', {
      name: 'Κατασκευαστική Αθηνών',
      vatId: 'EL123456789',
      addresses: [{ street: 'Οδός Σταδίου 5', city: 'Αθήνα', postalCode: '10562', country: 'GR' }],
    })
  ).body.id;
});
afterAll(async () => server.close());

const lines = [
  { description: 'Čevapčići in žganci', quantity: 2, unitPrice: 1000, vatRate: 22, unit: 'kg' },
  {
    description: 'Услуга — консалтинг',
    quantity: '3',
    unitPrice: 333,
    discountPercent: 10,
    vatRate: '9.5',
  },
  { description: 'Υπηρεσίες', quantity: 1, unitPrice: 5, vatRate: 22 },
];

async function invoice(api: ApiClient, body: Record<string, unknown> = {}) {
  const res = await api.post('/invoices', {
    customerType: 'contacts',
    customerId: contactId,
    lines,
    ...body,
  });
  expect(res.status).toBe(201);
  return res.body;
}

function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'odnos-pdf-'));
  const file = path.join(dir, 'doc.pdf');
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}

async function fetchPdf(api: ApiClient, url: string) {
  const res = await api.bytes(url);
  return { ...res, type: res.headers.get('content-type') };
}

describe('documents', () => {
  it('computes line and per-rate VAT on the server, rounding per line', async () => {
    const doc = await invoice(ws.api);
    // 2 × 10.00 = 20.00 (VAT 22% 4.40); 3 × 3.33 − 10% = 8.991 → 8.99 (VAT 9.5% 0.854 → 0.85);
    // 1 × 0.05 (VAT 22% 0.011 → 0.01).
    expect(doc.lines.map((l: { net: number; vat: number }) => [l.net, l.vat])).toEqual([
      [2000, 440],
      [899, 85],
      [5, 1],
    ]);
    expect(doc.vatBreakdown).toEqual([
      { rate: '22', net: 2005, vat: 441, gross: 2446 },
      { rate: '9.5', net: 899, vat: 85, gross: 984 },
    ]);
    expect(doc).toMatchObject({
      netTotal: 2904,
      vatTotal: 526,
      grossTotal: 3430,
      status: 'draft',
      number: null,
      language: 'sr-Cyrl',
      currency: 'EUR',
    });
  });

  it('numbers on issue, then refuses changes, a second issue and deletion', async () => {
    const doc = await invoice(ws.api, { series: 'B' });
    const issued = await ws.api.post(`/invoices/${doc.id}/issue`);
    expect(issued.status).toBe(200);
    expect(issued.body.number).toBe(`INV-B-${year}-00001`);
    expect(issued.body.status).toBe('issued');
    expect(issued.body.dueDate).not.toBeNull();
    expect(issued.body.statusDates.issued).toBeTruthy();
    const again = await ws.api.post(`/invoices/${doc.id}/issue`);
    expect(again.status).toBe(409);
    expect(again.body.details[0].message).toMatch(/already been issued/);
    const change = await ws.api.patch(`/invoices/${doc.id}`, { notes: 'changed' });
    expect(change.status).toBe(409);
    expect(change.body.details[0].message).toMatch(/credit note/);
    expect((await ws.api.delete(`/invoices/${doc.id}`)).status).toBe(409);
    expect((await ws.api.get(`/invoices/${doc.id}`)).body.lines).toHaveLength(3);
    // The customer's timeline tells about it.
    const timeline = await ws.api.get(`/contacts/${contactId}/timeline`);
    expect(timeline.body.data.some((i: { kind: string }) => i.kind === 'document_issued')).toBe(
      true,
    );
  });

  it('refuses negative invoices, empty issues and unknown customers', async () => {
    const negative = await ws.api.post('/invoices', {
      customerType: 'contacts',
      customerId: contactId,
      lines: [{ description: 'Refund', quantity: -1, unitPrice: 1000, vatRate: 22 }],
    });
    expect(negative.status).toBe(400);
    expect(negative.body.details[0]).toMatchObject({ path: 'lines' });
    const empty = await ws.api.post('/invoices', {
      customerType: 'contacts',
      customerId: contactId,
    });
    expect((await ws.api.post(`/invoices/${empty.body.id}/issue`)).status).toBe(400);
    const unknown = await ws.api.post('/invoices', {
      customerType: 'companies',
      customerId: contactId,
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.details[0].path).toBe('customerId');
    const badRate = await ws.api.post('/invoices', {
      customerType: 'contacts',
      customerId: contactId,
      lines: [{ description: 'x', quantity: 1, unitPrice: 1, vatRate: '22.123' }],
    });
    expect(badRate.status).toBe(400);
    expect(badRate.body.details[0].path).toBe('lines.0.vatRate');
  });

  it('gives gap-free numbers to concurrent issues', async () => {
    const count = testEngine() === 'postgres' ? 200 : 25;
    const other = await server.newWorkspace();
    const customer = (await other.api.post('/companies', { name: 'Paralelno d.o.o.' })).body.id;
    const ids: string[] = [];
    for (let i = 0; i < count; i += 20) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(20, count - i) }, () =>
          other.api.post('/invoices', {
            customerType: 'companies',
            customerId: customer,
            lines: [{ description: 'x', quantity: 1, unitPrice: 100, vatRate: 22 }],
          }),
        ),
      );
      ids.push(...batch.map((r) => r.body.id as string));
    }
    const issued = await Promise.all(ids.map((id) => other.api.post(`/invoices/${id}/issue`)));
    expect(issued.every((r) => r.status === 200)).toBe(true);
    const numbers = issued
      .map((r) => Number(String(r.body.number).split('-').pop()))
      .sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: count }, (_, i) => i + 1));
  });

  it('moves a quote through sent → accepted and turns it into an invoice', async () => {
    const quote = (
      await ws.api.post('/quotes', { customerType: 'companies', customerId: companyId, lines })
    ).body;
    expect(quote.type).toBe('quote');
    expect(quote.customerDetails.vatId).toBe('EL123456789');
    expect((await ws.api.post(`/quotes/${quote.id}/status`, { status: 'accepted' })).status).toBe(
      409,
    );
    const sent = await ws.api.post(`/quotes/${quote.id}/issue`);
    expect(sent.body).toMatchObject({ status: 'sent', number: `Q-${year}-00001` });
    const accepted = await ws.api.post(`/quotes/${quote.id}/status`, { status: 'accepted' });
    expect(accepted.body.status).toBe('accepted');
    expect(Object.keys(accepted.body.statusDates)).toEqual(['draft', 'sent', 'accepted']);
    const inv = await ws.api.post(`/quotes/${quote.id}/convert`, { to: 'invoice' });
    expect(inv.status).toBe(201);
    expect(inv.body).toMatchObject({
      type: 'invoice',
      status: 'draft',
      sourceId: quote.id,
      grossTotal: 3430,
    });
    expect((await ws.api.get(`/quotes/${quote.id}`)).body.status).toBe('converted');
    // Invoices are not reachable as quotes.
    expect((await ws.api.get(`/quotes/${inv.body.id}`)).status).toBe(404);
    const list = await ws.api.get('/quotes?filter[status]=converted');
    expect(list.body.data.map((d: { id: string }) => d.id)).toContain(quote.id);
  });
});

describe('PDF', () => {
  it('renders Cyrillic, Greek and diacritics and the totals as real text', async () => {
    const doc = await invoice(ws.api, { language: 'en', placeOfIssue: 'Ljubljana' });
    await ws.api.post(`/invoices/${doc.id}/issue`);
    const pdf = await fetchPdf(ws.api, `/invoices/${doc.id}/pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.type).toBe('application/pdf');
    expect(pdf.body.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(pdf.body);
    expect(text).toContain('Јована Јовановић');
    expect(text).toContain('Υπηρεσίες');
    expect(text).toContain('Čevapčići in žganci');
    expect(text).toContain('€34.30');
    expect(text).toContain('€4.41');
    expect(text).toMatch(/Invoice INV-\d{4}-\d{5}/);

    const greek = (
      await ws.api.post('/quotes', {
        customerType: 'companies',
        customerId: companyId,
        lines,
        language: 'el',
      })
    ).body;
    const greekText = pdfText((await fetchPdf(ws.api, `/quotes/${greek.id}/pdf`)).body);
    expect(greekText).toContain('Κατασκευαστική Αθηνών');
    expect(greekText).toContain('Προσφορά');
    expect(greekText).toContain('34,30');
  });

  it('uses the saved template and refuses a broken placeholder, naming the line', async () => {
    const broken = await ws.api.put('/document-templates/invoice/en', {
      companyBlock: 'Odnos d.o.o.\nTrg 1',
      intro: 'Hello {{customer.name}}\nPay {{document.totl}} now',
      footer: '',
      bankAccounts: '',
    });
    expect(broken.status).toBe(400);
    expect(broken.body.details[0].path).toBe('intro');
    expect(broken.body.details[0].message).toContain('Line 2');
    expect(broken.body.details[0].message).toContain('document.totl');
    const parseError = await ws.api.put('/document-templates/invoice/en', {
      intro: 'Hi {{customer.name}',
    });
    expect(parseError.status).toBe(400);
    expect(parseError.body.details[0].message).toContain('Line 1');

    const saved = await ws.api.put('/document-templates/invoice/en', {
      companyBlock: 'Odnos d.o.o.\nSlovenska cesta 1, Ljubljana',
      intro: 'Spoštovani {{customer.name}}, prosimo plačajte {{document.total}}.',
      footer: 'Hvala — {{company.name}}',
      bankAccounts: 'IBAN SI56 0110 0100 0000 123',
    });
    expect(saved.status).toBe(200);
    expect(saved.body.custom).toBe(true);
    const doc = await invoice(ws.api, { language: 'en' });
    const text = pdfText((await fetchPdf(ws.api, `/invoices/${doc.id}/pdf`)).body);
    expect(text).toContain('Spoštovani Јована Јовановић, prosimo plačajte €34.30.');
    expect(text).toContain('IBAN SI56 0110 0100 0000 123');
    expect(text).toContain('Slovenska cesta 1, Ljubljana');
    const list = await ws.api.get('/document-templates');
    expect(list.body.data).toHaveLength(40);
    const member = await ws.addUser('member');
    expect((await member.api.put('/document-templates/invoice/en', {})).status).toBe(403);
  });
});

describe('payments', () => {
  it('pays invoices partly and fully, refuses overpayment and a foreign currency', async () => {
    const payer = (await ws.api.post('/contacts', { firstName: 'Petra', lastName: 'Plačnik' })).body
      .id;
    const a = await invoice(ws.api, { customerId: payer });
    const b = await invoice(ws.api, { customerId: payer });
    await ws.api.post(`/invoices/${a.id}/issue`);
    await ws.api.post(`/invoices/${b.id}/issue`);

    const wrongCurrency = await ws.api.post('/payments', {
      paidOn: '2026-01-10',
      amount: 1000,
      currency: 'RSD',
      allocations: [{ documentId: a.id, amount: 1000 }],
    });
    expect(wrongCurrency.status).toBe(400);
    expect(wrongCurrency.body.details[0].path).toBe('allocations.0.amount');

    const partial = await ws.api.post('/payments', {
      paidOn: '2026-01-10',
      amount: 1000,
      currency: 'EUR',
      reference: 'SI00 1',
      allocations: [{ documentId: a.id, amount: 1000 }],
    });
    expect(partial.status).toBe(201);
    expect((await ws.api.get(`/invoices/${a.id}`)).body).toMatchObject({
      status: 'partially_paid',
      paidTotal: 1000,
      openAmount: 2430,
    });

    const tooMuch = await ws.api.post('/payments', {
      paidOn: '2026-01-11',
      amount: 9000,
      currency: 'EUR',
      allocations: [
        { documentId: a.id, amount: 2430 },
        { documentId: b.id, amount: 3430 },
      ],
    });
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.body.details[0].path).toBe('advance');
    expect((await ws.api.get(`/invoices/${b.id}`)).body.status).toBe('issued');

    const rest = await ws.api.post('/payments', {
      paidOn: '2026-01-11',
      amount: 9000,
      currency: 'EUR',
      advance: true,
      allocations: [
        { documentId: a.id, amount: 2430 },
        { documentId: b.id, amount: 3430 },
      ],
    });
    expect(rest.status).toBe(201);
    expect(rest.body.unallocated).toBe(9000 - 2430 - 3430);
    expect((await ws.api.get(`/invoices/${a.id}`)).body.status).toBe('paid');
    expect((await ws.api.get(`/invoices/${b.id}`)).body).toMatchObject({
      status: 'paid',
      openAmount: 0,
    });
    expect((await ws.api.post(`/invoices/${a.id}/status`, { status: 'cancelled' })).status).toBe(
      409,
    );
    const paid = await ws.api.post('/payments', {
      paidOn: '2026-01-12',
      amount: 1,
      currency: 'EUR',
      allocations: [{ documentId: a.id, amount: 1 }],
    });
    expect(paid.status).toBe(400);

    const finance = await ws.api.get(`/customers/contacts/${payer}/finance`);
    expect(finance.body).toMatchObject({
      balance: -(9000 - 2430 - 3430),
      openInvoices: 0,
      paidTotal: 10000,
    });
    const list = await ws.api.get(`/payments?customerType=contacts&customerId=${payer}`);
    expect(list.body.data).toHaveLength(2);
    expect(list.body.data[0].allocations).toHaveLength(2);
  });

  it('imports a bank statement, suggests matches and books the confirmed one', async () => {
    const payer = (await ws.api.post('/companies', { name: 'Banka Test d.d.' })).body.id;
    const doc = await invoice(ws.api, { customerType: 'companies', customerId: payer });
    const issued = (await ws.api.post(`/invoices/${doc.id}/issue`)).body;
    const csv = [
      'Datum;Iznos;Poziv na broj;Platitelj;Opis',
      `05.01.2026;34,30;${issued.number};Banka Test d.d.;Plačilo`,
      '06.01.2026;-12,00;;Telekom;Naročnina',
      '07.01.2026;34,30;;Nekdo;brez sklica',
    ].join('\n');
    const imported = await ws.api.post('/payments/bank-statements', {
      fileName: 'izpisek.csv',
      csv,
    });
    expect(imported.status).toBe(201);
    expect(imported.body.skipped).toBe(1);
    expect(imported.body.data).toHaveLength(2);
    const [first, second] = imported.body.data;
    expect(first).toMatchObject({ bookedOn: '2026-01-05', amount: 3430, reference: issued.number });
    expect(first.suggestions[0]).toMatchObject({ documentId: doc.id, reason: 'reference' });
    expect(
      second.suggestions.some(
        (s: { documentId: string; reason: string }) =>
          s.documentId === doc.id && s.reason === 'amount',
      ),
    ).toBe(true);

    const confirmed = await ws.api.post(`/payments/bank-lines/${first.id}/confirm`, {
      documentId: doc.id,
    });
    expect(confirmed.status).toBe(201);
    expect((await ws.api.get(`/invoices/${doc.id}`)).body.status).toBe('paid');
    expect(
      (await ws.api.post(`/payments/bank-lines/${first.id}/confirm`, { documentId: doc.id }))
        .status,
    ).toBe(409);
    const after = await ws.api.get(`/payments/bank-lines?importId=${imported.body.importId}`);
    expect(after.body.data[0].status).toBe('matched');
    // The paid invoice is no longer suggested for the other line.
    expect(
      after.body.data[1].suggestions.some((s: { documentId: string }) => s.documentId === doc.id),
    ).toBe(false);
    expect((await ws.api.post(`/payments/bank-lines/${second.id}/ignore`)).status).toBe(204);

    const bad = await ws.api.post('/payments/bank-statements', {
      fileName: 'x.csv',
      csv: 'foo,bar\n1,2',
    });
    expect(bad.status).toBe(400);
  });
});

describe('customer finance', () => {
  it('shows balance, overdue, terms, credit limit warnings and purchase history', async () => {
    const customer = (await ws.api.post('/companies', { name: 'Kreditna d.o.o.' })).body.id;
    const terms = await ws.api.put(`/customers/companies/${customer}/finance`, {
      paymentTermsDays: 30,
      creditLimit: 5000,
    });
    expect(terms.status).toBe(200);
    expect(terms.body).toMatchObject({ paymentTermsDays: 30, creditLimit: 5000, balance: 0 });

    const old = await invoice(ws.api, {
      customerType: 'companies',
      customerId: customer,
      issueDate: '2025-01-01',
    });
    expect(old.paymentTermsDays).toBe(30);
    const issued = (await ws.api.post(`/invoices/${old.id}/issue`)).body;
    expect(issued.dueDate).toBe('2025-01-31');
    expect(issued.overdue).toBe(true);
    expect(issued.number).toBe('INV-2025-00001');

    const second = await invoice(ws.api, { customerType: 'companies', customerId: customer });
    expect(second.warnings[0]).toMatchObject({
      code: 'credit_limit_exceeded',
      params: { limit: 5000, balance: 6860 },
    });

    const finance = await ws.api.get(`/customers/companies/${customer}/finance`);
    expect(finance.status).toBe(200);
    expect(finance.body).toMatchObject({
      balance: 3430,
      overdueAmount: 3430,
      openInvoices: 1,
      creditLimit: 5000,
      creditAvailable: 1570,
      overCreditLimit: false,
      revenue: 2904,
      lastPurchaseOn: '2025-01-01',
    });
    expect(finance.body.overdueDays).toBeGreaterThan(300);
    expect(finance.body.recentDocuments).toHaveLength(2);

    await ws.api.post('/payments', {
      paidOn: '2025-03-01',
      amount: 3430,
      currency: 'EUR',
      allocations: [{ documentId: old.id, amount: 3430 }],
    });
    const later = (await ws.api.get(`/customers/companies/${customer}/finance`)).body;
    expect(later).toMatchObject({
      balance: 0,
      overdueAmount: 0,
      latePayments: 1,
      averageDaysToPay: 59,
    });

    const purchases = await ws.api.get(`/customers/companies/${customer}/purchases`);
    expect(purchases.body.data.map((p: { description: string }) => p.description)).toEqual(
      lines.map((l) => l.description),
    );
    expect((await ws.api.get(`/customers/contacts/${customer}/finance`)).status).toBe(404);

    // A credit note lowers the balance.
    const credit = await ws.api.post(`/invoices/${old.id}/convert`, { to: 'credit_note' });
    expect(credit.body.type).toBe('credit_note');
    await ws.api.post(`/invoices/${credit.body.id}/issue`);
    expect((await ws.api.get(`/customers/companies/${customer}/finance`)).body.balance).toBe(-3430);
  });

  it('exports invoices and payments of a period as CSV and JSON', async () => {
    const json = await ws.api.get('/exports/accounting?from=2025-01-01&to=2025-12-31&format=json');
    expect(json.status).toBe(200);
    expect(json.body.format).toBe('odnos.accounting/1');
    expect(json.body.invoices).toHaveLength(1);
    expect(json.body.invoices[0]).toMatchObject({
      number: 'INV-2025-00001',
      gross: '34.30',
      net: '29.04',
    });
    expect(json.body.invoices[0].vatBreakdown).toEqual([
      { rate: '22', net: '20.05', vat: '4.41', gross: '24.46' },
      { rate: '9.5', net: '8.99', vat: '0.85', gross: '9.84' },
    ]);
    expect(json.body.payments[0]).toMatchObject({
      amount: '34.30',
      allocations: [{ invoiceNumber: 'INV-2025-00001', amount: '34.30' }],
    });
    const csv = await ws.api.get('/exports/accounting?from=2025-01-01&to=2025-12-31&format=csv');
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const rows = String(csv.body).trim().split('\r\n');
    expect(rows[0]).toMatch(/^record,date,number/);
    expect(rows).toContain(
      'document,2025-01-01,INV-2025-00001,invoice,Kreditna d.o.o.,,EUR,22,20.05,4.41,24.46,2025-01-31,,,',
    );
    expect(rows.some((r) => r.startsWith('payment,2025-03-01,,payment'))).toBe(true);
    expect((await ws.api.get('/exports/accounting?from=2025-12-31&to=2025-01-01')).status).toBe(
      400,
    );
  });
});
