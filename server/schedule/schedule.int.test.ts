import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDate } from '../../common/time.js';
import {
  startTestServer,
  type ApiClient,
  type SignedIn,
  type TestServer,
} from '../test-support/http.js';

let server: TestServer;
let ws: SignedIn;
let away: { api: ApiClient; userId: string };
let deputy: { api: ApiClient; userId: string };

beforeAll(async () => {
  server = await startTestServer();
  ws = await server.newWorkspace({ country: 'HR' });
  away = await ws.addUser('member');
  deputy = await ws.addUser('member');
});
afterAll(async () => server.close());

const day = (offset: number) =>
  localDate(new Date(Date.now() + offset * 86400_000), 'Europe/Zagreb');

describe('work schedule and absences', () => {
  it('saves working hours, time zone, deputy and manager; refuses nonsense', async () => {
    const saved = await away.api.put(`/work-schedules/${away.userId}`, {
      timeZone: 'Europe/Zagreb',
      hours: [
        { day: 1, from: '08:00', to: '16:00' },
        { day: 5, from: '08:00', to: '13:00' },
      ],
      deputyId: deputy.userId,
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ timeZone: 'Europe/Zagreb', deputyId: deputy.userId });
    expect((await ws.api.get(`/work-schedules/${away.userId}`)).body.hours).toHaveLength(2);

    const bad = async (body: Record<string, unknown>, path: string) => {
      const r = await away.api.put(`/work-schedules/${away.userId}`, body);
      expect(r.status).toBe(400);
      expect(r.body.details[0].path).toBe(path);
    };
    await bad({ timeZone: 'Europe/Atlantis' }, 'timeZone');
    await bad({ hours: [{ day: 1, from: '17:00', to: '09:00' }] }, 'hours.0');
    await bad({ deputyId: away.userId }, 'deputyId');
    // Members manage only themselves.
    expect((await deputy.api.put(`/work-schedules/${away.userId}`, { hours: [] })).status).toBe(
      403,
    );
  });

  it('hands due tasks and new leads of an absent employee to the deputy', async () => {
    const during = await ws.api.post('/tasks', {
      title: 'Call during vacation',
      type: 'call',
      ownerId: away.userId,
      dueAt: `${day(3)}T10:00`,
      timeZone: 'Europe/Zagreb',
    });
    const after = await ws.api.post('/tasks', {
      title: 'Call after vacation',
      ownerId: away.userId,
      dueAt: `${day(20)}T10:00`,
      timeZone: 'Europe/Zagreb',
    });
    const absence = await away.api.post('/absences', {
      kind: 'vacation',
      startsOn: day(0),
      endsOn: day(7),
    });
    expect(absence.status).toBe(201);
    expect(absence.body.handedOver).toBe(1);
    expect((await ws.api.get(`/tasks/${during.body.id}`)).body.ownerId).toBe(deputy.userId);
    expect((await ws.api.get(`/tasks/${after.body.id}`)).body.ownerId).toBe(away.userId);
    const told = await deputy.api.get('/notifications');
    expect(told.body.data[0].title).toMatch(/member user: 1$/);

    // New work for the absent person goes to the deputy while the absence lasts…
    const newTask = await ws.api.post('/tasks', {
      title: 'Fresh task',
      ownerId: away.userId,
      dueAt: `${day(1)}T09:00`,
    });
    expect(newTask.body.ownerId).toBe(deputy.userId);
    const lead = await ws.api.post('/leads', { name: 'Ivana Ivić', ownerId: away.userId });
    expect(lead.status).toBe(201);
    expect(lead.body.ownerId).toBe(deputy.userId);
    // …but not after it.
    const later = await ws.api.post('/tasks', {
      title: 'Later task',
      ownerId: away.userId,
      dueAt: `${day(30)}T09:00`,
    });
    expect(later.body.ownerId).toBe(away.userId);

    expect((await ws.api.get(`/absences?userId=${away.userId}`)).body.data).toHaveLength(1);
    expect((await ws.api.delete(`/absences/${absence.body.id}`)).status).toBe(204);
    const back = await ws.api.post('/leads', { name: 'Marko Marić', ownerId: away.userId });
    expect(back.body.ownerId).toBe(away.userId);
  });

  it('moves open tasks along in a bulk hand-over (R4)', async () => {
    const leaving = await ws.addUser('member');
    const open = await leaving.api.post('/tasks', { title: 'Open one', dueAt: `${day(2)}T09:00` });
    const closed = await leaving.api.post('/tasks', { title: 'Closed one' });
    await leaving.api.post(`/tasks/${closed.body.id}/complete`, {});
    const res = await ws.api.post(`/users/${leaving.userId}/hand-over`, {
      toUserId: deputy.userId,
      objects: ['contacts'],
    });
    expect(res.body.moved).toEqual({ contacts: 0, tasks: 1 });
    expect((await ws.api.get(`/tasks/${open.body.id}`)).body.ownerId).toBe(deputy.userId);
    expect((await ws.api.get(`/tasks/${closed.body.id}`)).body.ownerId).toBe(leaving.userId);
  });

  it('refuses an absence that ends before it starts or names oneself as deputy', async () => {
    const r1 = await away.api.post('/absences', {
      kind: 'sick_leave',
      startsOn: day(5),
      endsOn: day(1),
    });
    expect(r1.status).toBe(400);
    expect(r1.body.details[0].path).toBe('endsOn');
    const r2 = await away.api.post('/absences', {
      kind: 'sick_leave',
      startsOn: day(1),
      endsOn: day(2),
      deputyId: away.userId,
    });
    expect(r2.status).toBe(400);
    const r3 = await away.api.post('/absences', {
      kind: 'holiday',
      startsOn: day(1),
      endsOn: day(2),
    });
    expect(r3.status).toBe(400);
  });
});

describe('calendar', () => {
  it('lists tasks in a range for me or the team, and serves a regenerable ICS feed', async () => {
    const meeting = await ws.api.post('/tasks', {
      title: 'Sastanak, Zagreb; 2. kat',
      type: 'meeting',
      dueAt: `${day(40)}T10:00`,
      timeZone: 'Europe/Zagreb',
      reminderMinutes: 30,
      description: 'Ponijeti ponudu',
    });
    await deputy.api.post('/tasks', { title: 'Deputy call', dueAt: `${day(41)}T08:00Z` });
    const range = `from=${day(39)}T00:00:00Z&to=${day(43)}T00:00:00Z`;
    const mine = await ws.api.get(`/calendar?${range}`);
    expect(mine.body.data.map((t: { title: string }) => t.title)).toEqual([
      'Sastanak, Zagreb; 2. kat',
    ]);
    const team = await ws.api.get(`/calendar?${range}&team=true`);
    expect(team.body.data).toHaveLength(2);
    expect((await ws.api.get('/calendar?from=2031-05-01&to=2031-12-31')).status).toBe(400);
    expect((await ws.api.get('/calendar?from=x&to=y')).status).toBe(400);

    const feed = await ws.api.get('/calendar/feed');
    expect(feed.body.url).toMatch(/\/api\/v1\/calendar\/[A-Za-z0-9_-]+\.ics$/);
    const anonymous = server.client();
    const ics = await anonymous.get(`/calendar/${feed.body.token}.ics`);
    expect(ics.status).toBe(200);
    expect(ics.headers.get('content-type')).toMatch(/text\/calendar/);
    const text = ics.body as string;
    expect(text.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(text).toContain(`UID:${meeting.body.id}@odnos`);
    // The due instant in UTC; a meeting lasts an hour.
    const start = new Date(meeting.body.dueAt as string);
    const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace('.000', '');
    expect(text).toContain(`DTSTART:${stamp(start)}`);
    expect(text).toContain(`DTEND:${stamp(new Date(start.getTime() + 3600_000))}`);
    expect(text).toContain('SUMMARY:Sastanak\\, Zagreb\\; 2. kat');
    expect(text).toContain('TRIGGER:-PT30M');
    expect(text).not.toContain('Deputy call');
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);

    const renewed = await ws.api.post('/calendar/feed');
    expect(renewed.body.token).not.toBe(feed.body.token);
    expect((await anonymous.get(`/calendar/${feed.body.token}.ics`)).status).toBe(404);
    expect((await anonymous.get(`/calendar/${renewed.body.token}.ics`)).status).toBe(200);
    expect((await anonymous.get('/calendar/feed')).status).toBe(401);
  });
});
