import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, launchBrowser, newPage } from './support/browser.js';
import { startServer, type RunningServer } from './support/server.js';
import { AuthPages } from './pages/pages.js';

let server: RunningServer;
let browser: Browser;
const admin = { email: 'ana@prodaja.si', password: 'dobro geslo 1' };

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

/** The kanban board of the deals page. */
class Board {
  constructor(private readonly page: Page) {}

  column(index: number): Locator {
    return this.page.getByTestId('board-column').nth(index);
  }
  async count(index: number): Promise<string> {
    return (await this.column(index).getByTestId('column-count').textContent()) ?? '';
  }
  async total(index: number): Promise<string> {
    return (await this.column(index).getByTestId('column-total').textContent()) ?? '';
  }
  card(title: string): Locator {
    return this.page.getByTestId('deal-card').filter({ hasText: title });
  }

  /** Drags a card onto a column with real pointer moves (dnd-kit's pointer sensor). */
  async drag(title: string, toColumn: number) {
    const from = await this.card(title).boundingBox();
    const to = await this.column(toColumn).boundingBox();
    if (!from || !to) throw new Error('card or column not visible');
    await this.page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await this.page.mouse.down();
    await this.page.mouse.move(from.x + from.width / 2 + 10, from.y + from.height / 2, {
      steps: 3,
    });
    await this.page.mouse.move(to.x + to.width / 2, to.y + to.height - 20, { steps: 12 });
    await this.page.mouse.up();
  }
}

describe('sales pipeline', () => {
  it('creates a deal, drags it on the board (a colleague sees it live), and sees the funnel', async () => {
    const { context, page } = await newPage(browser, DESKTOP);
    await page.goto(server.url);
    await page.waitForURL('**/setup');
    await new AuthPages(page).setUp({
      company: 'Prodaja d.o.o.',
      name: 'Ana Novak',
      email: admin.email,
      password: admin.password,
      country: 'Slovenia',
    });
    await page.waitForURL('**/contacts');

    await page.getByTestId('nav-deals').click();
    await page.waitForURL('**/deals');
    const board = new Board(page);
    await board.column(0).waitFor();
    expect(await page.getByTestId('board-column').count()).toBe(3);

    // A new deal lands in the first stage; the column sums it.
    await page.getByTestId('new-deal').click();
    await page.getByTestId('deal-title').fill('Nova spletna trgovina');
    await page.getByTestId('deal-amount').fill('12500');
    await page.getByTestId('save-record').click();
    await board.card('Nova spletna trgovina').waitFor();
    expect(await board.count(0)).toBe('1');
    expect(await board.total(0)).toMatch(/12.?500[.,]00/);

    // A colleague's browser (the same team) has the board open.
    const other = await newPage(browser, DESKTOP);
    await other.page.goto(`${server.url}/login`);
    await new AuthPages(other.page).signIn(admin.email, admin.password);
    await other.page.waitForURL('**/contacts');
    await other.page.goto(`${server.url}/deals`);
    const otherBoard = new Board(other.page);
    await otherBoard.card('Nova spletna trgovina').waitFor();

    // Drag to the second stage: the totals follow at once, and the colleague sees the move.
    await board.drag('Nova spletna trgovina', 1);
    await eventually(async () => (await board.count(1)) === '1', 'the card in stage 2');
    expect(await board.count(0)).toBe('0');
    expect(await board.total(1)).toMatch(/12.?500[.,]00/);
    await eventually(
      async () => (await otherBoard.column(1).getByTestId('deal-card').count()) === 1,
      "the colleague's board to show the move",
    );
    expect(await otherBoard.count(0)).toBe('0');

    // The deal page shows the stage history.
    await board.card('Nova spletna trgovina').click();
    await page.getByTestId('open-deal').click();
    await page.waitForURL('**/deals/*');
    await page.getByRole('tab', { name: /Stage history|Zgodovina faz/ }).click();
    await eventually(
      async () => (await page.getByTestId('stage-history').locator('tbody tr').count()) === 2,
      'two history rows',
    );

    // The funnel: one deal entered, it reached the second stage.
    await page.goto(`${server.url}/deals`);
    await page.getByTestId('open-funnel').click();
    await page.waitForURL('**/deals/funnel');
    const rows = page.getByTestId('funnel-table').locator('tbody tr');
    await eventually(async () => (await rows.count()) === 5, 'the funnel table');
    const cells = async (i: number) =>
      (await rows.nth(i).locator('td').allTextContents()).slice(0, 2);
    expect((await cells(0))[1]).toBe('1');
    expect((await cells(1))[1]).toBe('1');
    expect((await cells(2))[1]).toBe('0');
    expect(await page.getByTestId('funnel-csv').getAttribute('href')).toContain('format=csv');

    await other.context.close();
    await context.close();
  });
});
