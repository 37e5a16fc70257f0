import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BillingPages } from './pages/billing.js';
import { AuthPages, RecordForm, RecordView } from './pages/pages.js';
import { DESKTOP, launchBrowser, newPage } from './support/browser.js';
import { startServer, type RunningServer } from './support/server.js';

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});
afterAll(async () => {
  await browser.close();
  await server.stop();
});

async function eventually(check: () => Promise<boolean>, what: string, timeout = 10_000) {
  const start = Date.now();
  while (Date.now() - start < timeout) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function pdfText(pdf: Buffer): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'odnos-e2e-pdf-')), 'doc.pdf');
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}

/** Digits only, so "€1,220.00" and "1.220,00 €" compare by their amount. */
const digits = (text: string) => text.replace(/\D/g, '');

describe('billing', () => {
  it('creates an invoice with lines, issues it, opens the PDF, takes payments and shows the balance', async () => {
    const { context, page } = await newPage(browser, DESKTOP);
    await page.goto(server.url);
    await page.waitForURL('**/setup');
    await new AuthPages(page).setUp({
      company: 'Odnos d.o.o.',
      name: 'Ana Novak',
      email: 'ana@odnos.si',
      password: 'dobro geslo 12',
      country: 'Slovenia',
    });
    await page.waitForURL('**/contacts');

    // A product in the catalog (through the API the web app uses).
    const product = await page.request.post(`${server.url}/api/v1/products`, {
      data: {
        sku: 'CONS-1',
        name: { en: 'Consulting hour' },
        unit: 'h',
        price: 5000,
        currency: 'EUR',
        kind: 'service',
      },
    });
    expect(product.status()).toBe(201);

    // The customer, a person with a Cyrillic name.
    await page.getByTestId('nav-contacts').click();
    await page.getByTestId('new-record').click();
    const form = new RecordForm(page);
    await form.fill('firstName', 'Јована');
    await form.fill('lastName', 'Јовановић');
    await form.save();
    await page.waitForURL('**/contacts/*');
    const contactUrl = page.url();

    // A new invoice: one catalog line, one free-text line with a discount.
    const billing = new BillingPages(page);
    await billing.openDocuments();
    await billing.startNew('invoice');
    await billing.pickCustomer('Јован', 'Јована Јовановић');
    await billing.pickProduct(0, 'consult', /Consulting hour/);
    await billing.fillLine(0, { quantity: '2' });
    await billing.addLine();
    await billing.fillLine(1, {
      description: 'Čiščenje — Услуга',
      quantity: '1',
      price: '100,00',
      discount: '10',
    });
    // 2 × 50.00 + 90.00 = 190.00 net, 22 % VAT 41.80 → 231.80 (computed live).
    await eventually(async () => digits(await billing.grossTotal()) === '23180', 'the live total');
    await billing.save();
    // The saved totals come from the server, per VAT rate.
    await page.getByTestId('vat-group-22').waitFor();
    expect(digits(await billing.grossTotal())).toBe('23180');

    await billing.issue();
    await eventually(async () => (await billing.status()) === 'issued', 'the issued status');
    const year = new Date().getFullYear();
    expect(await billing.title()).toContain(`INV-${year}-00001`);

    // The PDF: previewed in the page, and a real PDF with the Cyrillic name and the total.
    await page.getByTestId('preview-pdf').click();
    const frame = page.getByTestId('pdf-frame');
    await frame.waitFor();
    const pdfPath = await frame.getAttribute('src');
    await page.keyboard.press('Escape');
    const download = await page.getByTestId('download-pdf').getAttribute('href');
    expect(download).toBe(`${pdfPath}?download=1`);
    const pdf = await page.request.get(`${server.url}${download}`);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    const body = await pdf.body();
    expect(body.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(body);
    expect(text).toContain('Јована Јовановић');
    expect(text).toContain('Услуга');
    expect(text).toContain(`INV-${year}-00001`);
    expect(digits(text)).toContain('23180');

    // Sent by email as a PDF attachment: the send date joins the status history.
    await page.getByTestId('email-document').click();
    await page.getByTestId('email-to').fill('jovana@example.rs');
    await page.getByTestId('send-email').click();
    await page.getByText('Sent to jovana@example.rs.').waitFor();
    await page.getByTestId('status-history').getByText('Sent by email').waitFor();

    // A partial payment, then the rest.
    await billing.recordPayment('100');
    await eventually(async () => (await billing.status()) === 'partially paid', 'partly paid');
    expect(digits(await page.getByTestId('open-total').innerText())).toBe('13180');
    await billing.recordPayment('131.80');
    await eventually(async () => (await billing.status()) === 'paid', 'paid');

    // The customer's finance tab: balance 0, the invoice among the documents and purchases.
    await page.goto(contactUrl);
    // The header's key facts show the balance too.
    expect(digits(await page.getByTestId('balance-fact').innerText())).toBe('000');
    await page.getByRole('tab', { name: 'Finance' }).click();
    await page.getByTestId('finance-tab').waitFor();
    expect(digits(await page.getByTestId('finance-balance').innerText())).toBe('000');
    await page.getByTestId('finance-documents').getByText(`INV-${year}-00001`).waitFor();
    await page.getByTestId('finance-purchases').getByText('Čiščenje — Услуга').waitFor();
    // The timeline tells what happened.
    await page.getByRole('tab', { name: 'Timeline' }).click();
    const timeline = await new RecordView(page).timelineText();
    expect(timeline).toContain('issued a document');
    expect(timeline).toContain('recorded a payment');
    if (process.env.ODNOS_SCREENSHOTS) {
      await page.getByRole('tab', { name: 'Finance' }).click();
      await page.screenshot({ path: path.join(process.env.ODNOS_SCREENSHOTS, 'finance.png') });
      await billing.openDocuments();
      await page.getByTestId('document-row').first().waitFor();
      await page.screenshot({ path: path.join(process.env.ODNOS_SCREENSHOTS, 'documents.png') });
      await page.getByTestId('document-row').first().click();
      await page.getByTestId('status-history').waitFor();
      await page.screenshot({ path: path.join(process.env.ODNOS_SCREENSHOTS, 'invoice.png') });
      await page.getByTestId('nav-payments').click();
      await page.getByTestId('payment-row').first().waitFor();
      await page.screenshot({ path: path.join(process.env.ODNOS_SCREENSHOTS, 'payments.png') });
      await billing.openDocuments();
      await page.getByTestId('open-templates').click();
      await page.getByTestId('template-preview').waitFor();
      await page.waitForTimeout(1500);
      await page.screenshot({ path: path.join(process.env.ODNOS_SCREENSHOTS, 'templates.png') });
      await billing.openDocuments();
      await billing.startNew('quote');
      await billing.pickCustomer('Јован', 'Јована Јовановић');
      await billing.pickProduct(0, 'consult', /Consulting hour/);
      await page.screenshot({ path: path.join(process.env.ODNOS_SCREENSHOTS, 'editor.png') });
    }
    await context.close();
  });

  it('turns a deal into a quote in one click, accepts it, invoices it and brings the balance to 0', async () => {
    const { context, page } = await newPage(browser, DESKTOP);
    await page.goto(server.url);
    await page.waitForURL('**/login');
    await new AuthPages(page).signIn('ana@odnos.si', 'dobro geslo 12');
    await page.waitForURL('**/contacts');
    const api = (p: string, data: unknown) =>
      page.request.post(`${server.url}/api/v1${p}`, { data });
    const company = await (await api('/companies', { name: 'Κατασκευαστική Αθηνών Α.Ε.' })).json();
    const deal = await api('/deals', {
      title: 'Ετήσια συντήρηση',
      companyId: company.id,
      currency: 'EUR',
      lines: [{ description: 'Συντήρηση', quantity: 4, unitPrice: 25000 }],
    });
    expect(deal.status()).toBe(201);
    const dealId = ((await deal.json()) as { id: string }).id;

    await page.goto(`${server.url}/deals/${dealId}`);
    await page.getByRole('tab', { name: 'Quotes & invoices' }).click();
    await page.getByTestId('deal-create-quote').click();
    await page.waitForURL('**/billing/quotes/*');
    const billing = new BillingPages(page);
    // 4 × 250.00 + 22 % VAT.
    expect(digits(await billing.grossTotal())).toBe('122000');
    await billing.issue();
    await eventually(async () => (await billing.status()) === 'sent', 'the sent quote');
    await page.getByTestId('status-accepted').click();
    await eventually(async () => (await billing.status()) === 'accepted', 'the accepted quote');
    await page.getByTestId('convert').click();
    await page.getByTestId('convert-invoice').click();
    await page.waitForURL('**/billing/invoices/*');
    await billing.issue();
    await eventually(async () => (await billing.status()) === 'issued', 'the issued invoice');

    const href = await page.getByTestId('download-pdf').getAttribute('href');
    const text = pdfText(await (await page.request.get(`${server.url}${href}`)).body());
    expect(text).toContain('Κατασκευαστική Αθηνών Α.Ε.');
    expect(text).toContain('Συντήρηση');

    await page.getByTestId('record-payment').click();
    // The open amount is proposed for the whole invoice.
    await page.getByTestId('save-payment').click();
    await eventually(async () => (await billing.status()) === 'paid', 'the paid invoice');

    await page.goto(`${server.url}/companies/${company.id}`);
    await page.getByRole('tab', { name: 'Finance' }).click();
    expect(digits(await page.getByTestId('finance-balance').innerText())).toBe('000');
    await page
      .getByTestId('finance-documents')
      .getByText(/Quote Q-/)
      .waitFor();
    await context.close();
  });
});
