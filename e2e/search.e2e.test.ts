import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthPages, ListPage, RecordView } from './pages/pages.js';
import { SearchPalette } from './pages/search.js';
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

async function create(page: Page, collection: string, body: Record<string, unknown>) {
  const res = await page.request.post(`${server.url}/api/v1/${collection}`, { data: body });
  expect(res.status()).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

describe('one search box finds records in every script', () => {
  it('Ctrl+K: Cyrillic, Latin and Greek spellings find the record, arrows and Enter open it', async () => {
    const { context, page } = await newPage(browser, DESKTOP);
    await page.goto(server.url);
    await page.waitForURL('**/setup');
    await new AuthPages(page).setUp({
      company: 'Balkan Trade d.o.o.',
      name: 'Ana Admin',
      email: 'ana@balkan.example',
      password: 'dobra lozinka 1',
      country: 'Serbia',
    });
    await page.waitForURL('**/contacts');

    const petrovic = await create(page, 'contacts', {
      firstName: 'Марко',
      lastName: 'Петровић',
      phones: [{ value: '+381 64 123 4567' }],
    });
    const gjorgjievski = await create(page, 'contacts', {
      firstName: 'Gjorgji',
      lastName: 'Gjorgjievski',
    });
    const papadopoulos = await create(page, 'contacts', {
      firstName: 'Γιώργος',
      lastName: 'Παπαδόπουλος',
    });
    await create(page, 'companies', { name: 'Šuštar d.o.o.' });
    await create(page, 'contacts', { firstName: 'Petra', lastName: 'Petrovska' });

    const palette = new SearchPalette(page);
    const record = new RecordView(page);

    // Latin without diacritics → the Cyrillic record, the matched part marked in Cyrillic.
    await palette.openWithKeyboard();
    await palette.type('petrovic');
    expect((await palette.titlesOnceShowing('Марко Петровић'))[0]).toBe('Марко Петровић');
    expect(await palette.waitForActiveMarks(['Петровић'])).toEqual(['Петровић']);
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/contacts/${petrovic}`);
    expect(await record.title()).toBe('Марко Петровић');
    expect(await palette.closed()).toBe(true);

    // Macedonian Cyrillic → the Latin record.
    await palette.openWithKeyboard();
    await palette.type('Ѓорѓиевски');
    await palette.titlesOnceShowing('Gjorgji Gjorgjievski');
    expect(await palette.waitForActiveMarks(['Gjorgjievski'])).toEqual(['Gjorgjievski']);
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/contacts/${gjorgjievski}`);

    // Greek, typed in Latin the English way and in Greek capitals: both find it.
    await palette.openWithButton();
    await palette.type('papadopulos');
    await palette.titlesOnceShowing('Γιώργος Παπαδόπουλος');
    await palette.type('ΠΑΠΑΔΟΠ');
    await palette.titlesOnceShowing('Γιώργος Παπαδόπουλος');
    expect(await palette.waitForActiveMarks(['Παπαδόπ'])).toEqual(['Παπαδόπ']);
    await page.getByTestId('search-hit').first().click();
    await page.waitForURL(`**/contacts/${papadopoulos}`);

    // A prefix finds several; the arrows move, Enter opens the one selected.
    await palette.openWithKeyboard();
    await palette.type('petr');
    const titles = await palette.titlesOnceShowing('Petra Petrovska');
    expect(titles).toEqual(expect.arrayContaining(['Марко Петровић', 'Petra Petrovska']));
    await page.keyboard.press('ArrowDown');
    const second = await palette.activeTitle();
    expect(second).toBe(titles[1]);
    await page.keyboard.press('ArrowUp');
    expect(await palette.activeTitle()).toBe(titles[0]);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.getByTestId('record-title').filter({ hasText: second }).waitFor();

    // A phone in another format; then one letter asks for more; Esc closes.
    await palette.openWithKeyboard();
    await palette.type('064/123 45 67');
    await palette.titlesOnceShowing('Марко Петровић');
    await palette.type('ž');
    await page.getByTestId('search-status').waitFor();
    expect(await palette.status()).toBe('Type at least two letters.');
    await palette.type('zzqqxx');
    await page.getByTestId('search-status').filter({ hasText: 'zzqqxx' }).waitFor();
    await page.keyboard.press('Escape');
    await palette.input().waitFor({ state: 'hidden' });

    // Empty box: the records I touched last, newest first.
    await palette.openWithKeyboard();
    const recent = await palette.titlesOnceShowing('Petra Petrovska');
    expect(recent.slice(0, 2)).toEqual(['Petra Petrovska', 'Šuštar d.o.o.']);
    await page.keyboard.press('Escape');

    // The list marks what its search matched, in the record's script.
    await page.getByTestId('nav-contacts').click();
    await page.waitForURL('**/contacts');
    await new ListPage(page).search('petrovic');
    await page.waitForFunction(() => {
      const marks = CSS.highlights.get('odnos-search');
      if (!marks) return false;
      return [...marks].some((range) => (range as Range).toString() === 'Петровић');
    });
    await context.close();
  });
});
