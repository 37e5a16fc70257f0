import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDate, localDateTime } from '../common/time.js';
import { AuthPages } from './pages/pages.js';
import { Bell, CalendarPage, TasksPage } from './pages/tasks.js';
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

async function eventually(check: () => Promise<boolean>, what: string, timeout = 15_000) {
  const start = Date.now();
  while (Date.now() - start < timeout) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const addDays = (date: string, days: number) => {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

describe('tasks, reminders and the calendar', () => {
  it('creates tasks, is reminded in the open page without reload, sees them in My tasks and the calendar', async () => {
    const { context, page } = await newPage(browser, DESKTOP);
    await page.goto(server.url);
    await page.waitForURL('**/setup');
    await new AuthPages(page).setUp({
      company: 'Kovač d.o.o.',
      name: 'Ana Kovač',
      email: 'ana@kovac.si',
      password: 'dobro geslo 1',
      country: 'Slovenia',
    });
    await page.waitForURL('**/contacts');
    const zone = await page.evaluate(async () => {
      const me = (await (await fetch('/api/v1/me')).json()) as { workspace: { timezone: string } };
      return me.workspace.timezone;
    });
    expect(zone).toBe('Europe/Ljubljana');

    const tasks = new TasksPage(page);
    const bell = new Bell(page);
    await tasks.open();
    expect(await bell.count()).toBe(0);

    // A call due this very minute with a reminder at the due time: the reminder job fires at
    // once and the open page shows it (toast + bell) without a reload.
    await tasks.create({
      title: 'Pokliči Petra',
      type: 'Call',
      due: localDateTime(new Date(), zone),
      reminder: 'At the due time',
    });
    await page.getByText('Time to call: Pokliči Petra').first().waitFor({ timeout: 30_000 });
    await eventually(async () => (await bell.count()) === 1, 'the unread count on the bell');
    expect(await bell.items()).toEqual([expect.stringContaining('Time to call: Pokliči Petra')]);

    // A letter for tomorrow at 10:00.
    const tomorrow = addDays(localDate(new Date(), zone), 1);
    await tasks.create({ title: 'Pošlji pismo', type: 'Letter', due: `${tomorrow}T10:00` });

    await tasks.showBucket('overdue');
    await eventually(async () => (await tasks.titles()).includes('Pokliči Petra'), 'overdue list');
    await tasks.showBucket('upcoming');
    await eventually(async () => (await tasks.titles()).includes('Pošlji pismo'), 'upcoming list');

    // Done, with a result note.
    await tasks.showBucket('overdue');
    await tasks.complete('Pokliči Petra', 'Dogovorjen sestanek');
    await eventually(async () => !(await tasks.titles()).includes('Pokliči Petra'), 'completion');
    await tasks.showBucket('done');
    await eventually(async () => (await tasks.titles()).includes('Pokliči Petra'), 'done list');

    // The calendar: tomorrow in the day view, then dragged from 10:00 to 14:00.
    const calendar = new CalendarPage(page);
    await calendar.open();
    await calendar.view('Day');
    await calendar.next();
    await calendar.task('Pošlji pismo').waitFor();
    await calendar.dragToHour('Pošlji pismo', 14);
    await eventually(
      async () => (await calendar.task('Pošlji pismo').innerText()).includes('14:00'),
      'the task moved to 14:00',
    );
    const moved = await page.evaluate(async () => {
      const r = (await (await fetch('/api/v1/tasks?filter[type]=letter')).json()) as {
        data: { dueLocal: string }[];
      };
      return r.data[0]?.dueLocal;
    });
    expect(moved).toBe(`${tomorrow}T14:00`);
    await page.screenshot({ path: '/tmp/odnos-calendar.png' });
    await tasks.open();
    await tasks.showBucket('upcoming');
    await page.screenshot({ path: '/tmp/odnos-tasks.png' });
    await context.close();
  });
});
