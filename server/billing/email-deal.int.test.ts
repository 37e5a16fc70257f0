import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailOutbox } from '../mail/tables.js';
import { startTestServer, type SignedIn, type TestServer } from '../test-support/http.js';

let server: TestServer;
let ws: SignedIn;
let companyId: string;

beforeAll(async () => {
  server = await startTestServer();
  ws = await server.newWorkspace({ currency: 'EUR', country: 'MK', name: 'Однос ДООЕЛ' });
  companyId = (
    await ws.api.post('/companies', {
      name: 'Алкалоид АД',
      emails: [{ value: 'finansii@alkaloid.mk' }],
    })
  ).body.id;
});
afterAll(async () => server.close());

function pdfText(pdf: Buffer): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'odnos-pdf-')), 'doc.pdf');
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}

describe('sending a document by email', () => {
  it('queues the PDF as an attachment, keeps the date and tells the timeline', async () => {
    const draft = await ws.api.post('/invoices', {
      customerType: 'companies',
      customerId: companyId,
      language: 'mk',
      lines: [{ description: 'Лекови', quantity: 2, unitPrice: 10000, vatRate: 18 }],
    });
    const email = { to: 'finansii@alkaloid.mk', subject: 'Фактура' };
    // A draft has no number yet: it cannot be sent.
    const early = await ws.api.post(`/invoices/${draft.body.id}/email`, email);
    expect(early.status).toBe(409);
    const issued = (await ws.api.post(`/invoices/${draft.body.id}/issue`)).body;

    const bad = await ws.api.post(`/invoices/${issued.id}/email`, {
      ...email,
      to: 'not-an-address',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.details[0].path).toBe('to');

    const sent = await ws.api.post(`/invoices/${issued.id}/email`, {
      ...email,
      subject: `Фактура ${issued.number}`,
    });
    expect(sent.status).toBe(200);
    expect(sent.body.statusDates.emailed).toBeTruthy();

    const outbox = await ws.api.get('/mail/outbox');
    const queued = outbox.body.data.find(
      (m: { subject: string }) => m.subject === `Фактура ${issued.number}`,
    );
    expect(queued).toMatchObject({ to: ['finansii@alkaloid.mk'] });
    const [row] = await server.database.db
      .select()
      .from(mailOutbox)
      .where(eq(mailOutbox.id, queued.id));
    expect(row?.textBody).toContain(issued.number);
    const attachment = row?.attachments[0];
    expect(attachment?.contentType).toBe('application/pdf');
    expect(attachment?.filename).toBe(`Фактура ${issued.number}.pdf`);
    const text = pdfText(Buffer.from(attachment?.contentBase64 ?? '', 'base64'));
    expect(text).toContain('Алкалоид АД');
    expect(text).toContain(issued.number);

    const timeline = await ws.api.get(`/companies/${companyId}/timeline`);
    expect(timeline.body.data.some((i: { kind: string }) => i.kind === 'document_emailed')).toBe(
      true,
    );
  });
});

describe('a document from a deal', () => {
  it("copies the deal's customer, currency and lines into a draft quote in one call", async () => {
    const deal = await ws.api.post('/deals', {
      title: 'Годишен договор',
      companyId,
      currency: 'EUR',
      lines: [
        { description: 'Лиценца', quantity: 3, unitPrice: 12000, discountPercent: 10 },
        { description: 'Обука', quantity: 1.5, unitPrice: 8000 },
      ],
    });
    expect(deal.status).toBe(201);
    const dealLines = deal.body.lines as { net: number; vat: number; gross: number }[];

    const quote = await ws.api.post(`/deals/${deal.body.id}/documents`, {});
    expect(quote.status).toBe(201);
    expect(quote.body).toMatchObject({
      type: 'quote',
      status: 'draft',
      customerType: 'companies',
      customerId: companyId,
      customerName: 'Алкалоид АД',
      currency: 'EUR',
      dealId: deal.body.id,
    });
    expect(quote.body.lines.map((l: { description: string }) => l.description)).toEqual([
      'Лиценца',
      'Обука',
    ]);
    // The same amounts as on the deal, line by line (both round per line the same way).
    expect(
      quote.body.lines.map((l: { net: number; vat: number; gross: number }) => [
        l.net,
        l.vat,
        l.gross,
      ]),
    ).toEqual(dealLines.map((l) => [l.net, l.vat, l.gross]));

    // An invoice straight from the deal, and both listed by the deal filter.
    const invoice = await ws.api.post(`/deals/${deal.body.id}/documents`, { type: 'invoice' });
    expect(invoice.status).toBe(201);
    expect(invoice.body.type).toBe('invoice');
    const quotes = await ws.api.get(`/quotes?filter[dealId]=${deal.body.id}`);
    expect(quotes.body.data.map((d: { id: string }) => d.id)).toEqual([quote.body.id]);

    const lonely = await ws.api.post('/deals', { title: 'Без купувач', currency: 'EUR' });
    const refused = await ws.api.post(`/deals/${lonely.body.id}/documents`, {});
    expect(refused.status).toBe(400);
    expect(refused.body.details[0].path).toBe('dealId');

    const precise = await ws.api.post('/deals', {
      title: 'Прецизно',
      companyId,
      currency: 'EUR',
      lines: [{ description: 'Гориво', quantity: 1.2345, unitPrice: 100 }],
    });
    const tooPrecise = await ws.api.post(`/deals/${precise.body.id}/documents`, {});
    expect(tooPrecise.status).toBe(400);
    expect(tooPrecise.body.details[0].path).toBe('lines.0.quantity');
    expect(
      (await ws.api.post(`/deals/${'0'.repeat(8)}-0000-7000-8000-000000000000/documents`, {}))
        .status,
    ).toBe(404);
  });
});
