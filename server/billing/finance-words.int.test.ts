import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type SignedIn, type TestServer } from '../test-support/http.js';

let server: TestServer;
let ws: SignedIn;

beforeAll(async () => {
  server = await startTestServer();
  ws = await server.newWorkspace({ currency: 'EUR', country: 'RS', name: 'Одност д.о.о.' });
});
afterAll(async () => server.close());

function pdfText(pdf: Buffer): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'odnos-pdf-')), 'doc.pdf');
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}

async function issuedInvoice(customerId: string, body: Record<string, unknown>) {
  const draft = await ws.api.post('/invoices', {
    customerType: 'contacts',
    customerId,
    ...body,
  });
  expect(draft.status).toBe(201);
  const issued = await ws.api.post(`/invoices/${draft.body.id}/issue`);
  expect(issued.status).toBe(200);
  return issued.body;
}

describe('customer finance figures kept on the documents', () => {
  it('computes the margin from unit costs and pay days from the last payment', async () => {
    const customer = (await ws.api.post('/contacts', { firstName: 'Марко', lastName: 'Марковић' }))
      .body.id;
    // Net 3 × 10.00 = 30.00 (cost 3 × 6.00 = 18.00) + 1 × 5.00 without a cost; VAT 20 %.
    const invoice = await issuedInvoice(customer, {
      issueDate: '2026-01-10',
      dueDate: '2026-01-20',
      lines: [
        { description: 'Роба', quantity: 3, unitPrice: 1000, unitCost: 600, vatRate: 20 },
        { description: 'Услуга', quantity: 1, unitPrice: 500, vatRate: 20 },
      ],
    });
    expect(invoice.grossTotal).toBe(4200);
    // Two partial payments; the later one settles the invoice 15 days after issue, 5 days late.
    for (const [paidOn, amount] of [
      ['2026-01-25', 2200],
      ['2026-01-15', 2000],
    ] as const) {
      const paid = await ws.api.post('/payments', {
        paidOn,
        amount,
        currency: 'EUR',
        allocations: [{ documentId: invoice.id, amount }],
      });
      expect(paid.status).toBe(201);
    }
    const finance = (await ws.api.get(`/customers/contacts/${customer}/finance`)).body;
    expect(finance).toMatchObject({
      balance: 0,
      invoicedTotal: 4200,
      paidTotal: 4200,
      revenue: 3500,
      // Margin only where the cost is known: 30.00 − 18.00.
      margin: 1200,
      averageDaysToPay: 15,
      latePayments: 1,
      paymentTermsDays: 15,
      creditLimit: null,
    });

    // Terms read in the same query as the figures.
    await ws.api.put(`/customers/contacts/${customer}/finance`, {
      paymentTermsDays: 45,
      creditLimit: 100000,
    });
    expect((await ws.api.get(`/customers/contacts/${customer}/finance`)).body).toMatchObject({
      paymentTermsDays: 45,
      creditLimit: 100000,
      creditAvailable: 100000,
    });
  });

  it('prints the total in words when the template asks for it, in the document language', async () => {
    const customer = (
      await ws.api.post('/contacts', {
        firstName: 'Јелена',
        lastName: 'Петровић',
        locale: 'sr-Cyrl',
      })
    ).body.id;
    const invoice = await issuedInvoice(customer, {
      lines: [{ description: 'Консалтинг', quantity: 1, unitPrice: 100000, vatRate: 20 }],
    });
    const before = pdfText((await ws.api.bytes(`/invoices/${invoice.id}/pdf`)).body);
    expect(before).not.toContain('Словима');

    const saved = await ws.api.put('/document-templates/invoice/sr-Cyrl', {
      companyBlock: '{{company.name}}',
      intro: 'Укупно: {{document.totalInWords}}',
      amountInWords: true,
    });
    expect(saved.status).toBe(200);
    expect(saved.body.amountInWords).toBe(true);
    const listed = (await ws.api.get('/document-templates')).body.data.find(
      (t: { type: string; language: string }) => t.type === 'invoice' && t.language === 'sr-Cyrl',
    );
    expect(listed.amountInWords).toBe(true);
    const text = pdfText((await ws.api.bytes(`/invoices/${invoice.id}/pdf`)).body).replace(
      /\s+/g,
      ' ',
    );
    // 1,200.00 EUR in Serbian Cyrillic, from the template placeholder and from the option.
    expect(text).toContain('Словима: једна хиљада двеста EUR 00/100');
    expect(text).toContain('Укупно: једна хиљада двеста EUR 00/100');
  });
});
