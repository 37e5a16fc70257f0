import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentCode } from '../server/access/security.js';
import { AccessPages } from './pages/access.js';
import { AppFrame, AuthPages, ListPage } from './pages/pages.js';
import { DESKTOP, launchBrowser, newPage } from './support/browser.js';
import { startServer, type RunningServer } from './support/server.js';

let server: RunningServer;
let browser: Browser;
const admin = { email: 'vesna@kovac.si', password: 'zelo dobro geslo 7' };
const rep = { name: 'Luka Prodajnik', email: 'luka@kovac.si', password: 'prodaja ide dobro 42' };

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});
afterAll(async () => {
  await browser.close();
  await server.stop();
});

describe('access levels', () => {
  it('an admin creates a role that requires 2FA and a user; the user enrols, signs in with a code and sees only own records', async () => {
    const { context, page } = await newPage(browser, DESKTOP);
    await page.goto(server.url);
    await page.waitForURL('**/setup');
    await new AuthPages(page).setUp({
      company: 'Kovač d.o.o.',
      name: 'Vesna Kovač',
      email: admin.email,
      password: admin.password,
      country: 'Slovenia',
    });
    await page.waitForURL('**/contacts');

    const access = new AccessPages(page);
    await access.createRole('Field sales', 'Sales rep', true);
    expect(await access.scope('contacts', 'read')).toBe('Own');
    expect(await access.scope('deals', 'read')).toBe('Own');
    await access.addUser({ ...rep, role: 'Field sales' });

    // The admin's own records, and one that belongs to the new user.
    const api = `${server.url}/api/v1`;
    const users = (await (await page.request.get(`${api}/users`)).json()) as {
      data: { id: string; email: string }[];
    };
    const repId = users.data.find((u) => u.email === rep.email)!.id;
    for (const [lastName, ownerId] of [
      ['Adminova', undefined],
      ['Lukova', repId],
    ] as const) {
      const res = await page.request.post(`${api}/contacts`, {
        data: { firstName: 'Stranka', lastName, ...(ownerId ? { ownerId } : {}) },
      });
      expect(res.status()).toBe(201);
    }
    const deal = await page.request.post(`${api}/deals`, {
      data: { title: 'Adminov posel', amount: 100000, currency: 'EUR' },
    });
    expect(deal.status()).toBe(201);
    await new AppFrame(page).signOut();

    // First sign-in: the role requires two-factor, so the user lands on the setup.
    await new AuthPages(page).signIn(rep.email, rep.password);
    await page.waitForURL('**/settings?tab=account');
    const secret = await access.enrolTwoFactor((s) => currentCode(s));
    await page.getByTestId('2fa-status').getByText('Two-factor sign-in is on.').waitFor();
    await new AppFrame(page).signOut();

    // Next sign-in asks for the code.
    await new AuthPages(page).signIn(rep.email, rep.password);
    await page.getByTestId('login-code').fill(currentCode(secret, Date.now() + 30_000));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/contacts');
    const list = new ListPage(page);
    await page.getByText('Stranka Lukova').waitFor();
    expect(await list.visibleTitles()).toEqual(['Stranka Lukova']);
    const deals = (await (await page.request.get(`${api}/deals`)).json()) as { data: unknown[] };
    expect(deals.data).toHaveLength(0);
    await context.close();
  });
});
