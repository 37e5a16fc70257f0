import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/connection.js';
import { startJobs } from '../jobs/queue.js';
import { registerWorkers } from '../jobs/workers.js';
import { testEngine } from '../test-support/database.js';
import { isLocale } from '../../common/locales.js';
import { deliverMail, MAX_ATTEMPTS, sendMail } from '../mail/service.js';
import { systemContext, type Ctx } from '../platform/context.js';
import { sweepDueTasks } from '../tasks/reminders.js';
import {
  startTestServer,
  type ApiClient,
  type SignedIn,
  type TestServer,
} from '../test-support/http.js';
import { startTestSmtp, type TestSmtp } from '../test-support/smtp.js';
import { openEventStream } from '../test-support/sse.js';

let server: TestServer;
let smtp: TestSmtp;
let ws: SignedIn;
let member: { api: ApiClient; userId: string; email: string };
let system: Ctx;

beforeAll(async () => {
  smtp = await startTestSmtp();
  process.env.ODNOS_SMTP_URL = smtp.url;
  process.env.ODNOS_MAIL_FROM = 'Odnos <crm@example.com>';
  server = await startTestServer({ jobs: true });
  ws = await server.newWorkspace({ country: 'SI' });
  member = await ws.addUser('member');
  const me = await ws.api.get('/me');
  const w = me.body.workspace;
  system = systemContext(server.database, { ...w, locale: isLocale(w.locale) ? w.locale : 'en' });
});
afterAll(async () => {
  await server.close();
  await smtp.close();
  delete process.env.ODNOS_SMTP_URL;
});

type Notification = { id: string; kind: string; title: string; link: string | null; read: boolean };
const list = async (api: ApiClient): Promise<Notification[]> =>
  (await api.get('/notifications?limit=200')).body.data as Notification[];

describe('reminders', () => {
  it('reminds the owner once, in the app (SSE) and by email, when the reminder is due', async () => {
    const stream = await openEventStream(member.api);
    const created = await member.api.post('/tasks', {
      title: 'Petrović d.o.o.',
      type: 'call',
      dueAt: new Date(Date.now() + 1500).toISOString(),
      reminderMinutes: 0,
    });
    expect(created.status).toBe(201);
    const event = await stream.next(
      (e) =>
        e.event === 'notification.created' &&
        (e.data as { title: string }).title === 'Time to call: Petrović d.o.o.',
      20_000,
    );
    expect((event.data as { link: string }).link).toBe(`/tasks?task=${created.body.id}`);
    stream.close();
    const mail = await smtp.next((m) => m.subject === 'Time to call: Petrović d.o.o.');
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.text : '').toContain(member.email);
    expect(mail.from?.text).toContain('crm@example.com');
    expect(mail.text).toContain(`/tasks?task=${created.body.id}`);

    // Sweeps racing the job (and each other) find it already sent.
    const sweeps = await Promise.all([
      sweepDueTasks(server.database),
      sweepDueTasks(server.database),
    ]);
    expect(sweeps.reduce((n, s) => n + s.reminded, 0)).toBe(0);
    const mine = (await list(member.api)).filter((n) => n.link?.includes(created.body.id));
    expect(mine).toHaveLength(1);
  });

  it('sends each due reminder exactly once when several workers race', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const r = await member.api.post('/tasks', {
        title: `Letter ${i}`,
        type: 'letter',
        dueAt: new Date(Date.now() + 3 * 3600_000).toISOString(),
        reminderMinutes: 180 + 5 + i, // already due
      });
      ids.push(r.body.id as string);
    }
    const results = await Promise.all(
      Array.from({ length: 4 }, () => sweepDueTasks(server.database)),
    );
    // Whatever the split between the sweeps and the job workers, each task is reminded once.
    for (let i = 0; i < 50; i++) {
      const all = await list(member.api);
      if (ids.every((id) => all.some((n) => n.link?.includes(id)))) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const all = await list(member.api);
    for (const [i, id] of ids.entries()) {
      const hits = all.filter((n) => n.link === `/tasks?task=${id}`);
      expect(hits.map((n) => n.title)).toEqual([`Time to send the letter: Letter ${i}`]);
    }
    expect(results.reduce((n, s) => n + s.reminded, 0)).toBeLessThanOrEqual(ids.length);
  });

  it('escalates a task overdue by the configured days to the owner and their manager', async () => {
    const manager = await ws.addUser('manager');
    expect(
      (await ws.api.put(`/work-schedules/${member.userId}`, { managerId: manager.userId })).status,
    ).toBe(200);
    const task = await member.api.post('/tasks', {
      title: 'Offer for Kovač',
      type: 'offer',
      dueAt: new Date(Date.now() - 2 * 86400_000 - 3600_000).toISOString(),
    });
    const notYet = await member.api.post('/tasks', {
      title: 'Offer for Horvat',
      type: 'offer',
      dueAt: new Date(Date.now() - 86400_000).toISOString(),
    });
    await sweepDueTasks(server.database);
    await sweepDueTasks(server.database);
    const expected = 'The commercial-offer task “Offer for Kovač” is 2 days overdue';
    const forOwner = (await list(member.api)).filter((n) => n.title === expected);
    const forManager = (await list(manager.api)).filter((n) => n.title === expected);
    expect(forOwner).toHaveLength(1);
    expect(forManager).toHaveLength(1);
    expect((await list(member.api)).some((n) => n.link === `/tasks?task=${notYet.body.id}`)).toBe(
      false,
    );
    // With one day configured, the other one escalates too (owner only when disabled).
    expect(
      (await ws.api.patch('/tasks/settings', { escalationDays: 1, escalateToManager: false }))
        .status,
    ).toBe(200);
    expect((await member.api.patch('/tasks/settings', { escalationDays: 5 })).status).toBe(403);
    await sweepDueTasks(server.database);
    const horvat = 'The commercial-offer task “Offer for Horvat” is 1 day overdue';
    expect((await list(member.api)).filter((n) => n.title === horvat)).toHaveLength(1);
    expect((await list(manager.api)).filter((n) => n.title === horvat)).toHaveLength(0);
    expect(task.status).toBe(201);
  });
});

describe.runIf(testEngine() === 'postgres')('two server processes on one PostgreSQL', () => {
  it('deliver every due reminder exactly once (in the app and by email)', async () => {
    // A second "process": its own pool, job queue, workers and sweeps on the same database.
    const second = await openDatabase({ databaseUrl: server.database.url, dataDir: '' });
    const jobs = await startJobs(second, { pollingIntervalSeconds: 0.5 });
    await registerWorkers(second);
    try {
      const titles: string[] = [];
      const due = new Date(Date.now() + 2500).toISOString();
      for (let i = 0; i < 15; i++) {
        const title = `Dvojno ${i}`;
        titles.push(title);
        await member.api.post('/tasks', { title, type: 'call', dueAt: due, reminderMinutes: 0 });
      }
      await new Promise((r) => setTimeout(r, 2600));
      await Promise.all([
        sweepDueTasks(server.database),
        sweepDueTasks(second),
        sweepDueTasks(server.database),
        sweepDueTasks(second),
      ]);
      for (const title of titles) await smtp.next((m) => m.subject === `Time to call: ${title}`);
      await new Promise((r) => setTimeout(r, 1500)); // room for any duplicate to arrive
      const all = await list(member.api);
      for (const title of titles) {
        expect(all.filter((n) => n.title === `Time to call: ${title}`)).toHaveLength(1);
        expect(smtp.messages.filter((m) => m.subject === `Time to call: ${title}`)).toHaveLength(1);
      }
    } finally {
      await jobs.stop();
      await second.close();
    }
  });
});

describe('notifications API', () => {
  it('counts unread, marks read by id and all, per user only', async () => {
    const before = (await member.api.get('/notifications/unread-count')).body.count as number;
    expect(before).toBeGreaterThan(0);
    const [first] = await list(member.api);
    const one = await member.api.post('/notifications/read', { ids: [first!.id] });
    expect(one.body).toEqual({ updated: 1, unread: before - 1 });
    // Someone else's notification ids change nothing.
    const other = await ws.api.post('/notifications/read', { ids: [first!.id] });
    expect(other.body.updated).toBe(0);
    const all = await member.api.post('/notifications/read', { all: true });
    expect(all.body.unread).toBe(0);
    expect((await member.api.get('/notifications?unread=true')).body.data).toEqual([]);
    expect((await member.api.post('/notifications/read', { ids: ['nope'] })).status).toBe(400);
    expect((await member.api.post('/notifications/read', {})).status).toBe(400);
  });

  it('honours channels and quiet hours', async () => {
    const quiet = await ws.addUser('member');
    // No email, in-app only.
    expect(
      (await quiet.api.put('/notifications/preferences', { email: false })).body,
    ).toMatchObject({ email: false, inApp: true });
    await quiet.api.post('/tasks', {
      title: 'No mail please',
      type: 'call',
      dueAt: new Date(Date.now() + 3600_000).toISOString(),
      reminderMinutes: 120,
    });
    await sweepDueTasks(server.database);
    expect((await list(quiet.api)).map((n) => n.title)).toContain('Time to call: No mail please');
    // Quiet all day except one minute: the email waits until the quiet hours end.
    const now = new Date();
    const minute = (now.getUTCHours() * 60 + now.getUTCMinutes() + 1) % 1440;
    await quiet.api.put(`/work-schedules/${quiet.userId}`, { timeZone: 'UTC' });
    await quiet.api.put('/notifications/preferences', {
      email: true,
      quietFrom: (minute + 2) % 1440,
      quietTo: minute,
    });
    await quiet.api.post('/tasks', {
      title: 'Quiet please',
      type: 'email',
      dueAt: new Date(Date.now() + 3600_000).toISOString(),
      reminderMinutes: 120,
    });
    await sweepDueTasks(server.database);
    const outbox = await ws.api.get('/mail/outbox');
    const held = outbox.body.data.find(
      (m: { subject: string }) => m.subject === 'Time to send the email: Quiet please',
    );
    expect(held.status).toBe('queued');
    expect(new Date(held.sendAfter).getTime()).toBeGreaterThan(Date.now());
    expect((await quiet.api.get('/mail/outbox')).status).toBe(403);
    expect(
      (await quiet.api.put('/notifications/preferences', { quietFrom: 60, quietTo: null })).status,
    ).toBe(400);
  });
});

describe('email', () => {
  it('delivers a message with an attachment through SMTP', async () => {
    await sendMail(system, {
      to: 'buyer@example.com',
      subject: 'Ponudba št. 7',
      text: 'V prilogi je ponudba.',
      html: '<p>V prilogi je <b>ponudba</b>.</p>',
      attachments: [
        { filename: 'ponudba.txt', contentType: 'text/plain', content: 'Čevapčiči 3×' },
      ],
    });
    const mail = await smtp.next((m) => m.subject === 'Ponudba št. 7');
    expect(mail.text?.trim()).toBe('V prilogi je ponudba.');
    expect(mail.html).toContain('<b>ponudba</b>');
    expect(mail.attachments.map((a) => [a.filename, a.content.toString('utf8')])).toEqual([
      ['ponudba.txt', 'Čevapčiči 3×'],
    ]);
    // The row is marked sent when the sending transaction commits, just after the SMTP reply.
    let sent = false;
    for (let i = 0; i < 40 && !sent; i++) {
      const outbox = await ws.api.get('/mail/outbox?status=sent');
      sent = outbox.body.data.some((m: { subject: string }) => m.subject === 'Ponudba št. 7');
      if (!sent) await new Promise((r) => setTimeout(r, 100));
    }
    expect(sent).toBe(true);
  });

  it('keeps a message that cannot be sent visible as failed after the last attempt', async () => {
    const url = process.env.ODNOS_SMTP_URL;
    process.env.ODNOS_SMTP_URL = 'smtp://127.0.0.1:1';
    try {
      const id = await sendMail(
        { ...system, database: { ...server.database } },
        { to: 'nobody@example.com', subject: 'Never arrives', text: 'x' },
      );
      for (let i = 0; i < MAX_ATTEMPTS; i++)
        await deliverMail(server.database, system.workspace.id, id).catch(() => undefined);
      const failed = await ws.api.get('/mail/outbox?status=failed');
      const row = failed.body.data.find((m: { id: string }) => m.id === id);
      expect(row).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS });
      expect(row.lastError).toMatch(/ECONNREFUSED|connect/i);
    } finally {
      process.env.ODNOS_SMTP_URL = url;
    }
  });
});
