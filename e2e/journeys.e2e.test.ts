import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, launchBrowser, newPage, PHONE } from './support/browser.js';
import { startServer, type RunningServer } from './support/server.js';
import { AppFrame, AuthPages, ListPage, RecordForm, RecordView } from './pages/pages.js';

let server: RunningServer;
let browser: Browser;
const admin = { email: 'marko@petrovic.rs', password: 'dobra lozinka 1' };

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});
afterAll(async () => {
  await browser.close();
  await server.stop();
});

/** Polls until the condition holds (pages update asynchronously). */
async function eventually(check: () => Promise<boolean>, what: string, timeout = 10_000) {
  const start = Date.now();
  while (Date.now() - start < timeout) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function crmJourney(page: Page, suffix: string) {
  const frame = new AppFrame(page);
  const list = new ListPage(page);
  const form = new RecordForm(page);
  const record = new RecordView(page);

  // An organization with a Cyrillic name and a phone typed the local way.
  await frame.open('companies');
  await list.startNew();
  await form.fill('name', `Алкалоид ${suffix}`);
  await form.fill('phones-0', '+381 11 3234567');
  await form.save();
  await page.waitForURL('**/companies/*');
  expect(await record.title()).toBe(`Алкалоид ${suffix}`);

  // A person working there.
  await frame.open('contacts');
  await list.startNew();
  await form.fill('firstName', 'Јована');
  await form.fill('lastName', `Јовановић${suffix}`);
  await form.fill('emails-0', `jovana.${suffix.toLowerCase()}@alkaloid.rs`);
  await form.pickCompany('alkal', `Алкалоид ${suffix}`);
  await form.save();
  await page.waitForURL('**/contacts/*');
  expect(await record.title()).toBe(`Јована Јовановић${suffix}`);

  // Found in the list from Latin letters without diacritics.
  await frame.open('contacts');
  await list.search(`jovanovic${suffix.toLowerCase()}`);
  await eventually(
    async () => (await list.visibleTitles()).includes(`Јована Јовановић${suffix}`),
    'the contact in the list',
  );

  // Edit, then see the change in the timeline.
  await list.openFirst();
  await page.waitForURL('**/contacts/*');
  await record.edit();
  await form.fillLabel('Job title', 'Direktorka prodaje');
  await form.save();
  await eventually(
    async () => (await record.timelineText()).includes('Direktorka prodaje'),
    'the change in the timeline',
  );
  const timeline = await record.timelineText();
  expect(timeline).toContain('Job title');
  expect(timeline).toContain('created the record');
  expect(timeline).not.toContain('Emails:');

  await record.addNote(`Pozvati u ponedeljak ${suffix}`);
  await eventually(
    async () => (await record.timelineText()).includes(`Pozvati u ponedeljak ${suffix}`),
    'the note',
  );

  // A lead becomes a contact and an organization in one step.
  await frame.open('leads');
  await list.startNew();
  await form.fill('lead-name', `Goce Gjorgjievski ${suffix}`);
  await form.fill('lead-company', `Ѓорѓиевски ${suffix} ДООЕЛ`);
  await form.fill('lead-email', `goce.${suffix.toLowerCase()}@example.mk`);
  await form.save();
  await page.waitForURL('**/leads/*');
  await page.getByTestId('convert-lead').click();
  await page.getByTestId('confirm-convert').click();
  await page.waitForURL('**/contacts/*');
  expect(await record.title()).toBe(`Goce Gjorgjievski ${suffix}`);
  await eventually(
    async () => (await record.timelineText()).includes('created this contact from a lead'),
    'the conversion on the timeline',
  );
  await page.getByText(`Ѓорѓиевски ${suffix} ДООЕЛ`).first().waitFor();
}

describe('a sales team lives in Odnos', () => {
  it('sets up, signs in, creates an organization and a contact, finds, edits and converts a lead (desktop)', async () => {
    const { context, page } = await newPage(browser, DESKTOP);
    await page.goto(server.url);
    await page.waitForURL('**/setup');
    await new AuthPages(page).setUp({
      company: 'Petrović d.o.o.',
      name: 'Marko Petrović',
      email: admin.email,
      password: admin.password,
      country: 'Serbia',
    });
    await page.waitForURL('**/contacts');
    await page.getByTestId('empty-state').waitFor();

    await crmJourney(page, 'D');

    // The activity report counts the note and the lead conversion of the journey.
    await page.getByTestId('nav-reports/activity').click();
    await page.waitForURL('**/reports/activity');
    await page
      .getByTestId('activity-table')
      .locator('tbody tr', { hasText: 'Marko Petrović' })
      .waitFor();
    expect(await page.getByTestId('activity-kpi').first().textContent()).toBe('2');
    expect(await page.getByTestId('activity-csv').getAttribute('href')).toContain('format=csv');

    await new AppFrame(page).signOut();
    await new AuthPages(page).signIn(admin.email, 'wrong password');
    await page.getByText('Wrong email or password.').waitFor();
    await context.close();
  });

  it('does the same on a phone screen (cards instead of columns, bottom bar)', async () => {
    const { context, page } = await newPage(browser, PHONE);
    await page.goto(server.url);
    await page.waitForURL('**/login');
    await new AuthPages(page).signIn(admin.email, admin.password);
    await page.waitForURL('**/contacts');
    await page.getByTestId('card-list').waitFor();
    expect(await page.getByTestId('data-table').count()).toBe(0);
    await crmJourney(page, 'M');
    await context.close();
  });

  it('switches the language of the whole app at once', async () => {
    const { context, page } = await newPage(browser, DESKTOP);
    await page.goto(server.url);
    await new AuthPages(page).signIn(admin.email, admin.password);
    await page.waitForURL('**/contacts');
    await page.getByTestId('user-menu').click();
    await page.getByTestId('language-sr-Cyrl').click();
    await page.getByRole('heading', { name: 'Контакти', exact: true }).waitFor();
    expect(await page.getByTestId('nav-companies').innerText()).toBe('Организације');
    await page.reload();
    await page.getByRole('heading', { name: 'Контакти', exact: true }).waitFor();
    await page.getByTestId('user-menu').click();
    await page.getByTestId('language-en').click();
    await page.getByRole('heading', { name: 'Contacts', exact: true }).waitFor();
    await context.close();
  });
});
