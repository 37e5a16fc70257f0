/**
 * The call-center journey: an agent works in Odnos, the PBX reports a ringing call, and the
 * caller's card (name, balance) slides in without a click; the missed call then shows its
 * call-back, which is a task on the agent's list.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, launchBrowser, newPage } from './support/browser.js';
import { startServer, type RunningServer } from './support/server.js';
import { AuthPages } from './pages/pages.js';

let server: RunningServer;
let browser: Browser;
const agent = { email: 'agent@kava.si', password: 'dobra lozinka 1' };

/** Minimal HTTP client for the set-up a PBX and the back office would do. */
class Http {
  constructor(
    private readonly base: string,
    private readonly headers: Record<string, string> = {},
  ) {}
  async send<T = any>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.base}/api/v1${path}`, {
      method,
      headers: { ...this.headers, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

/** The screen pop panel as the agent sees it. */
class ScreenPopPanel {
  constructor(private readonly page: Page) {}
  name() {
    return this.page.getByTestId('screen-pop-name');
  }
  balance() {
    return this.page.getByTestId('screen-pop-balance');
  }
  status() {
    return this.page.getByTestId('screen-pop-status');
  }
  callback() {
    return this.page.getByTestId('screen-pop-callback');
  }
}

/** Polls until the condition holds (pages update asynchronously). */
async function eventually(check: () => Promise<boolean>, what: string, timeout = 15_000) {
  const start = Date.now();
  while (Date.now() - start < timeout) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

let pbx: Http;
beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  // The company, its first user (the agent) and an API key for the PBX.
  await new Http(server.url).send('POST', '/setup', {
    workspaceName: 'Kava d.o.o.',
    locale: 'en',
    currency: 'EUR',
    country: 'SI',
    name: 'Nina Agent',
    email: agent.email,
    password: agent.password,
  });
  const login = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(agent),
  });
  const cookie = login.headers.getSetCookie()[0]?.split(';')[0] ?? '';
  const office = new Http(server.url, { cookie });
  const me = await office.send<{ user: { id: string } }>('GET', '/me');
  const key = await office.send<{ key: string }>('POST', '/api-keys', { name: 'PBX' });
  pbx = new Http(server.url, { authorization: `Bearer ${key.key}` });
  await office.send('PUT', `/telephony/agents/${me.user.id}`, { extension: '201' });

  // A customer who owes for one invoice issued in the autumn.
  const contact = await office.send<{ id: string }>('POST', '/contacts', {
    firstName: 'Ana',
    lastName: 'Novak',
    phones: [{ value: '+386 41 555 123' }],
  });
  const invoice = await office.send<{ id: string }>('POST', '/invoices', {
    customerType: 'contacts',
    customerId: contact.id,
    issueDate: '2026-10-01',
    lines: [{ description: 'Kava 1 kg', quantity: 2, unitPrice: 1000, vatRate: 22 }],
  });
  await office.send('POST', `/invoices/${invoice.id}/issue`);
}, 180_000);
afterAll(async () => {
  await browser.close();
  await server.stop();
});

describe('a call-center agent', () => {
  it('sees the caller’s card with the balance when the phone rings, and the call-back when missed', async () => {
    const { context, page } = await newPage(browser, DESKTOP);
    await page.goto(server.url);
    await page.waitForURL('**/login');
    // The app opens its event stream once signed in; the PBX event must come after that.
    const streamOpen = page.waitForResponse((r) => r.url().includes('/api/v1/events'));
    await new AuthPages(page).signIn(agent.email, agent.password);
    await page.waitForURL('**/contacts');
    await streamOpen;

    const at = new Date().toISOString();
    const call = {
      callId: 'e2e-call-1',
      direction: 'inbound',
      from: '041 555 123',
      to: '+38612345678',
      extension: '201',
      at,
    };
    await pbx.send('POST', '/telephony/events', { ...call, event: 'ringing' });

    const pop = new ScreenPopPanel(page);
    await pop.name().waitFor();
    expect(await pop.name().innerText()).toBe('Ana Novak');
    // 2 × 10.00 + 22 % VAT = 24.40 EUR, unpaid.
    expect(await pop.balance().innerText()).toContain('24.40');
    expect(await pop.status().getAttribute('data-status')).toBe('ringing');
    await page.waitForTimeout(300); // the panel's slide-in, for the screenshot only
    await page.screenshot({ path: '/tmp/odnos-screen-pop.png' });

    await pbx.send('POST', '/telephony/events', { ...call, event: 'missed' });
    await pop.callback().waitFor();
    expect(await pop.status().getAttribute('data-status')).toBe('missed');
    expect(await pop.callback().innerText()).toMatch(/call back by/i);
    await page.getByTestId('screen-pop-task').waitFor();

    // The call is in the calls list, missed, with its call-back due.
    await page.getByTestId('screen-pop-dismiss').click();
    await page.getByTestId('nav-calls').click();
    await page.waitForURL('**/calls');
    await page.getByTestId('call-row').first().waitFor();
    expect(await page.getByTestId('call-row').first().innerText()).toContain('Ana Novak');
    expect(await page.getByTestId('call-row').first().innerText()).toMatch(/missed/i);

    // The call-back task is on the agent's task list, due within the hour.
    await page.getByTestId('nav-tasks').click();
    await page.waitForURL('**/tasks**');
    // Due within the hour: on today's tab (or tomorrow's, when the hour crosses midnight).
    const callBack = page.locator('tr[data-testid="task-row"]:visible', {
      hasText: 'Call back Ana Novak',
    });
    await eventually(async () => {
      for (const tab of ['today', 'upcoming']) {
        await page.getByTestId(`tasks-tab-${tab}`).click();
        await page.waitForTimeout(300);
        if ((await callBack.count()) > 0) return true;
      }
      return false;
    }, 'the call-back task');
    await context.close();
  });
});
