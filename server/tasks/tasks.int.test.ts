import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type SignedIn, type TestServer } from '../test-support/http.js';

let server: TestServer;
let ws: SignedIn;

beforeAll(async () => {
  server = await startTestServer();
  ws = await server.newWorkspace({ country: 'SI' });
});
afterAll(async () => server.close());

describe('tasks', () => {
  it('creates, reads, updates and deletes a task about a contact, visible on its timeline', async () => {
    const contact = await ws.api.post('/contacts', { firstName: 'Maja', lastName: 'Novak' });
    expect(contact.status).toBe(201);
    const created = await ws.api.post('/tasks', {
      title: 'Call Maja about the offer',
      type: 'call',
      relatedType: 'contacts',
      relatedId: contact.body.id,
      dueAt: '2030-03-10T09:30',
      timeZone: 'Europe/Ljubljana',
      priority: 'high',
      reminderMinutes: 15,
    });
    expect(created.status).toBe(201);
    const task = created.body;
    // 09:30 in Ljubljana in March (before DST) is 08:30 UTC.
    expect(task.dueAt).toBe('2030-03-10T08:30:00.000Z');
    expect(task.remindAt).toBe('2030-03-10T08:15:00.000Z');
    expect(task).toMatchObject({
      ownerId: ws.userId,
      status: 'open',
      priority: 'high',
      related: { type: 'contacts', id: contact.body.id, name: 'Maja Novak' },
      owner: { id: ws.userId, name: 'Ana Admin' },
      overdue: false,
    });

    const got = await ws.api.get(`/tasks/${task.id}`);
    expect(got.body.title).toBe('Call Maja about the offer');

    const stale = await ws.api.patch(`/tasks/${task.id}`, { title: 'x' }, { 'if-match': '99' });
    expect(stale.status).toBe(409);
    const patched = await ws.api.patch(
      `/tasks/${task.id}`,
      { title: 'Call Maja', dueAt: '2030-07-10T09:30' },
      { 'if-match': String(task.version) },
    );
    expect(patched.status).toBe(200);
    // Summer time: 09:30 in Ljubljana is 07:30 UTC.
    expect(patched.body.dueAt).toBe('2030-07-10T07:30:00.000Z');
    expect(patched.body.version).toBe(Number(task.version) + 1);

    const onRecord = await ws.api.get(
      `/tasks?filter[relatedType]=contacts&filter[relatedId]=${contact.body.id}`,
    );
    expect(onRecord.body.data.map((t: { id: string }) => t.id)).toEqual([task.id]);

    const done = await ws.api.post(`/tasks/${task.id}/complete`, { result: 'She accepts' });
    expect(done.status).toBe(200);
    expect(done.body.task).toMatchObject({ status: 'done', result: 'She accepts' });
    expect(done.body.next).toBeNull();
    expect((await ws.api.post(`/tasks/${task.id}/complete`, {})).status).toBe(409);

    const timeline = await ws.api.get(`/contacts/${contact.body.id}/timeline?kinds=task`);
    expect(timeline.status).toBe(200);
    const events = timeline.body.data.map((i: { data: { event: string } }) => i.data.event);
    expect(events).toEqual(['completed', 'created']);
    expect(timeline.body.data[0].body).toBe('She accepts');

    expect((await ws.api.delete(`/tasks/${task.id}`)).status).toBe(204);
    expect((await ws.api.get(`/tasks/${task.id}`)).status).toBe(404);
  });

  it('completing a recurring task creates the next occurrence at the same local time', async () => {
    const created = await ws.api.post('/tasks', {
      title: 'Weekly report',
      type: 'email',
      // Monday 23 March 2037, 09:00 in Belgrade (CET, +01:00); DST starts on 29 March.
      dueAt: '2037-03-23T09:00',
      timeZone: 'Europe/Belgrade',
      recurrence: 'FREQ=WEEKLY;BYDAY=MO;COUNT=3',
      reminderMinutes: 60,
    });
    expect(created.status).toBe(201);
    expect(created.body.recurrence).toBe('FREQ=WEEKLY;BYDAY=MO;COUNT=3');
    const first = await ws.api.post(`/tasks/${created.body.id}/complete`, {});
    const next = first.body.next;
    // 30 March is in summer time: 09:00 local = 07:00 UTC.
    expect(next).toMatchObject({
      dueAt: '2037-03-30T07:00:00.000Z',
      remindAt: '2037-03-30T06:00:00.000Z',
      seriesId: created.body.id,
      status: 'open',
      title: 'Weekly report',
    });
    const second = await ws.api.post(`/tasks/${next.id}/complete`, {});
    expect(second.body.next.dueAt).toBe('2037-04-06T07:00:00.000Z');
    // The third of COUNT=3 ends the series.
    const third = await ws.api.post(`/tasks/${second.body.next.id}/complete`, {});
    expect(third.body.next).toBeNull();
  });

  it('lists my tasks by due bucket on my clock', async () => {
    const me = await ws.addUser('member');
    // The member works in Skopje.
    expect(
      (await me.api.put(`/work-schedules/${me.userId}`, { timeZone: 'Europe/Skopje' })).status,
    ).toBe(200);
    const now = Date.now();
    const iso = (ms: number) => new Date(ms).toISOString();
    const mk = async (title: string, dueAt: string | null) =>
      (await me.api.post('/tasks', { title, dueAt })).body.id as string;
    const overdue = await mk('Overdue', iso(now - 3600_000));
    const upcoming = await mk('Next week', iso(now + 7 * 86400_000));
    const undated = await mk('Someday', null);
    const bucket = async (due: string) =>
      (await me.api.get(`/tasks?filter[ownerId]=me&filter[due]=${due}`)).body.data.map(
        (t: { id: string }) => t.id,
      );
    expect(await bucket('overdue')).toEqual([overdue]);
    expect(await bucket('upcoming')).toEqual([upcoming, undated]);
    const today = await me.api.get('/tasks?filter[ownerId]=me&filter[due]=today');
    expect(today.status).toBe(200);
    for (const t of today.body.data) expect(t.viewerTimeZone).toBe('Europe/Skopje');
    expect((await me.api.get('/tasks?filter[due]=yesterday')).status).toBe(400);
  });

  it('refuses bad input with clear errors', async () => {
    const bad = async (body: Record<string, unknown>, path: string) => {
      const response = await ws.api.post('/tasks', { title: 'T', ...body });
      expect(response.status).toBe(400);
      expect(response.body.details.map((d: { path: string }) => d.path)).toContain(path);
      return response.body.details.find((d: { path: string }) => d.path === path).message;
    };
    expect(await bad({ dueAt: '2030-01-01T10:00', timeZone: 'Mars/Olympus' }, 'timeZone')).toMatch(
      /time zone/i,
    );
    expect(await bad({ dueAt: '2030-02-30T10:00' }, 'dueAt')).toMatch(/date/i);
    expect(
      await bad({ dueAt: '2030-01-01T10:00', recurrence: 'FREQ=SOMETIMES' }, 'recurrence'),
    ).toMatch(/RRULE|repeat/i);
    await bad({ recurrence: 'FREQ=DAILY' }, 'recurrence');
    await bad(
      { relatedType: 'contacts', relatedId: '0190f3a0-0000-7000-8000-000000000000' },
      'relatedId',
    );
    await bad({ relatedType: 'contacts' }, 'relatedId');
    await bad({ ownerId: '0190f3a0-0000-7000-8000-000000000000' }, 'ownerId');
    await bad({ type: 'fax' }, 'type');
    expect((await ws.api.post('/tasks', {})).status).toBe(400);
    expect((await server.client().get('/tasks')).status).toBe(401);
  });
});
