import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, launchBrowser, newPage } from './support/browser.js';
import { pickOption } from './support/combobox.js';
import { startServer, type RunningServer } from './support/server.js';
import { AuthPages } from './pages/pages.js';

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

describe('price lists', () => {
  it('creates a price list on the products page and the product price resolves from it', async () => {
    const { context, page } = await newPage(browser, DESKTOP);
    await page.goto(server.url);
    await page.waitForURL('**/setup');
    await new AuthPages(page).setUp({
      company: 'Cenik d.o.o.',
      name: 'Ana Novak',
      email: 'ana@cenik.si',
      password: 'dobro geslo 1',
      country: 'Slovenia',
    });
    await page.waitForURL('**/contacts');

    // A product at its own price.
    await page.goto(`${server.url}/products`);
    await page.getByTestId('new-product').click();
    await page.getByTestId('product-sku').fill('SVC-1');
    await page.getByTestId('product-name').fill('Svetovanje');
    await page.getByTestId('product-price').fill('100');
    await page.getByTestId('save-product').click();
    await page.getByTestId('product-row').filter({ hasText: 'SVC-1' }).waitFor();

    // The catalog exports as a spreadsheet, prices in units of the currency.
    await page.getByTestId('export').click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-csv').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^products-.*\.csv$/);
    const exported = readFileSync(await download.path(), 'utf8').split('\r\n');
    expect(exported.find((line) => line.startsWith('SVC-1,'))).toMatch(
      /^SVC-1,Svetovanje,.*,100\.00,EUR,/,
    );

    // A price list with that product at a special price.
    await page.getByTestId('tab-price-lists').click();
    await page.getByTestId('new-price-list').click();
    await page.getByTestId('price-list-name').fill('Partnerji');
    await page.getByTestId('add-price-list-item').click();
    await pickOption(page, page.getByTestId('price-list-product'), { name: /Svetovanje/ });
    await page.getByTestId('price-list-price').fill('80');
    await page.screenshot({ path: '/tmp/pricelists-drawer.png' });
    await page.getByTestId('save-price-list').click();
    const row = page.getByTestId('price-list-row').filter({ hasText: 'Partnerji' });
    await row.waitFor();
    expect(await row.textContent()).toContain('EUR');

    // The price resolves from the list.
    const products = await page.evaluate(async () => {
      const r = await fetch('/api/v1/products?limit=10');
      return ((await r.json()) as { data: { id: string; sku: string }[] }).data;
    });
    const id = products.find((p) => p.sku === 'SVC-1')?.id;
    expect(id).toBeTruthy();
    const price = await page.evaluate(async (productId) => {
      const r = await fetch(`/api/v1/products/${productId}/price?currency=EUR`);
      return (await r.json()) as { unitPrice: number; source: string };
    }, id);
    expect(price).toMatchObject({ unitPrice: 8000, source: 'price_list' });

    // A server validation error shows on the field.
    await row.click();
    await page.getByTestId('price-list-name').fill('');
    await page.getByTestId('save-price-list').click();
    await eventually(
      async () =>
        (await page.getByTestId('price-list-name').getAttribute('aria-invalid')) === 'true',
      'the name field to show the error',
    );
    await page.getByTestId('price-list-name').fill('Partnerji 2026');
    await page.getByTestId('save-price-list').click();
    await page.getByTestId('price-list-row').filter({ hasText: 'Partnerji 2026' }).waitFor();
    await page.getByTestId('save-price-list').waitFor({ state: 'detached' });
    await page.screenshot({ path: '/tmp/pricelists.png', fullPage: true });

    // A customer discount for an organization on the whole catalog.
    const company = await page.evaluate(async () => {
      const r = await fetch('/api/v1/companies', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Partner d.o.o.' }),
      });
      return (await r.json()) as { id: string };
    });
    await page.getByTestId('tab-discounts').click();
    await page.getByTestId('new-discount').click();
    await page.getByTestId('save-discount').click();
    // The server refuses a discount without a customer, on the customer field.
    await eventually(
      async () => (await page.getByTestId('pick-customer').getAttribute('aria-invalid')) === 'true',
      'the customer field to show the error',
    );
    await pickOption(
      page,
      page.getByTestId('pick-customer'),
      { name: 'Partner d.o.o.' },
      'Partner',
    );
    await page.getByTestId('discount-percent').fill('10');
    await page.getByTestId('save-discount').click();
    await page.getByTestId('discount-row').filter({ hasText: 'Partner d.o.o.' }).waitFor();
    const discounted = await page.evaluate(
      async ([productId, companyId]) => {
        const r = await fetch(
          `/api/v1/products/${productId}/price?currency=EUR&companyId=${companyId}`,
        );
        return (await r.json()) as { unitPrice: number; discountPercent: number };
      },
      [id, company.id],
    );
    expect(discounted).toMatchObject({ unitPrice: 8000, discountPercent: 10 });
    await page.screenshot({ path: '/tmp/pricelists-discounts.png' });

    // Editing the discount: the drawer opens pre-filled, a new percent changes row and price.
    const discountRow = page.getByTestId('discount-row').filter({ hasText: 'Partner d.o.o.' });
    await discountRow.getByTestId('edit-discount').click();
    const percentInput = page.getByTestId('discount-percent');
    expect(await percentInput.inputValue()).toContain('10');
    expect(await page.getByTestId('pick-customer').inputValue()).toBe('Partner d.o.o.');
    await percentInput.fill('15');
    await page.getByTestId('save-discount').click();
    await page.getByTestId('save-discount').waitFor({ state: 'detached' });
    await eventually(
      async () => (await discountRow.textContent())?.includes('15 %') ?? false,
      'the row to show the new percent',
    );
    const edited = await page.evaluate(
      async ([productId, companyId]) => {
        const r = await fetch(
          `/api/v1/products/${productId}/price?currency=EUR&companyId=${companyId}`,
        );
        return (await r.json()) as { unitPrice: number; discountPercent: number };
      },
      [id, company.id],
    );
    expect(edited).toMatchObject({ unitPrice: 8000, discountPercent: 15 });
    // A server error on edit shows on its field (a discount must be more than 0 %).
    await discountRow.click();
    await page.screenshot({ path: '/tmp/pricelists-discount-edit.png' });
    await page.getByTestId('discount-percent').fill('0');
    await page.getByTestId('save-discount').click();
    await eventually(
      async () =>
        (await page.getByTestId('discount-percent').getAttribute('aria-invalid')) === 'true',
      'the percent field to show the error',
    );
    await page.getByRole('button', { name: /Prekliči|Cancel/ }).click();
    await page.getByTestId('save-discount').waitFor({ state: 'detached' });
    expect(await discountRow.textContent()).toContain('15 %');

    // Exchange rates in Settings → Sales.
    await page.goto(`${server.url}/settings?tab=sales`);
    await page.getByTestId('add-rate').waitFor();
    await pickOption(page, page.getByTestId('rate-currency'), { name: 'USD', exact: true }, 'USD');
    await page.getByTestId('rate-value').fill('0.9');
    await page.getByTestId('add-rate').click();
    await page.getByTestId('exchange-rate-row').filter({ hasText: 'USD' }).waitFor();
    const usd = await page.evaluate(async (productId) => {
      const r = await fetch(`/api/v1/products/${productId}/price?currency=USD`);
      return (await r.json()) as { unitPrice: number; source: string };
    }, id);
    // 1 USD = 0.9 EUR: the EUR 100 price is USD 111.11 (the EUR list does not apply to USD).
    expect(usd).toMatchObject({ unitPrice: 11111, source: 'converted' });
    await page.screenshot({ path: '/tmp/pricelists-rates.png', fullPage: true });
    await page
      .getByTestId('exchange-rate-row')
      .filter({ hasText: 'USD' })
      .getByRole('button')
      .click();
    await page.getByTestId('exchange-rate-row').waitFor({ state: 'detached' });
    await context.close();
  });
});
