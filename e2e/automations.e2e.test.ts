import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AutomationsPage } from './pages/automations.js';
import { AuthPages } from './pages/pages.js';
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

async function eventually(check: () => Promise<boolean>, what: string, timeout = 20_000) {
  const start = Date.now();
  while (Date.now() - start < timeout) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('automations journey', () => {
  it('an administrator creates a rule in the editor and sees it run on a new lead', async () => {
    const { context, page } = await newPage(browser, DESKTOP);
    await page.goto(server.url);
    await new AuthPages(page).setUp({
      company: 'Pravila d.o.o.',
      name: 'Ana Admin',
      email: 'ana@pravila.si',
      password: 'dobro geslo 12',
    });
    await page.waitForURL('**/contacts');
    const automations = new AutomationsPage(page);
    await automations.open();
    await page.getByTestId('rules-empty').waitFor();

    // When a lead from the web form is created, write a message on it.
    await automations.newRule('Web leads get a note');
    await automations.choose('trigger-object', 'Leads');
    await automations.addCondition('Source', 'web_form');
    await automations.choose('action-type', 'Update a field');
    await automations.choose('action-field', 'Message');
    await page.getByTestId('action-value').fill('Handled by the web-lead rule');

    // A webhook with a non-http address is refused on its field, and nothing typed is lost.
    await page.getByTestId('add-action').click();
    await automations.choose('action-type', 'Call a webhook', 1);
    await page.getByTestId('action-url').fill('ftp://example.com');
    await page.getByTestId('save-rule').click();
    await page.getByText('Not a valid web address (http or https).').waitFor();
    expect(await page.getByTestId('rule-name').inputValue()).toBe('Web leads get a note');
    await page.getByRole('button', { name: 'Remove' }).last().click();
    await automations.save();

    // A lead from the web form, created in the app.
    await page.getByTestId('nav-leads').click();
    await page.waitForURL('**/leads');
    await page.getByTestId('new-record').click();
    await page.getByTestId('lead-name').fill('Vesna Vebić');
    await page.getByTestId('save-record').click();
    await page.waitForURL(/\/leads\/[0-9a-f-]{36}$/);

    // The rule ran: the run log says so and the lead carries the message.
    await automations.open();
    await page.getByTestId('tab-runs').click();
    await eventually(
      async () => (await automations.runStatuses()).some((s) => /succeeded/i.test(s)),
      'a succeeded run in the log',
    ).catch(async (error: unknown) => {
      console.log(await page.locator('body').innerText());
      throw error;
    });
    await page.getByTestId('run-log').getByRole('link', { name: 'Leads' }).first().click();
    await page.waitForURL(/\/leads\/[0-9a-f-]{36}$/);
    await eventually(
      async () => (await page.locator('body').innerText()).includes('Handled by the web-lead rule'),
      'the message written by the rule',
    );

    // Back on the rules list: enabled, last run succeeded.
    await automations.open();
    const row = page.getByTestId('rules-table').getByRole('row', { name: /Web leads get a note/ });
    // The list shows at once from the cache and then refreshes with the last run.
    await eventually(async () => /succeeded/i.test(await row.innerText()), 'the last run');
    await page.screenshot({ path: 'dist/automations-list.png' });
    await row.getByRole('link').click();
    await page.getByTestId('run-log').waitFor();
    await page.screenshot({ path: 'dist/automations-editor.png', fullPage: true });
    await context.close();
  });
});
