import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startTestServer,
  type ApiClient,
  type SignedIn,
  type TestServer,
} from '../test-support/http.js';
import { rebuildActivityRollups } from './repository.js';

let server: TestServer;
let ws: SignedIn;

beforeAll(async () => {
  server = await startTestServer();
  ws = await server.newWorkspace({ country: 'SI', currency: 'EUR', locale: 'en' });
});
afterAll(async () => server.close());

const rowsOf = (result: unknown) => (result as { rows?: unknown[] }).rows ?? (result as unknown[]);

/** Rows where `activity_months` / `activity_days` (kept by triggers) and a recount disagree. */
async function rollupDrift(): Promise<unknown[]> {
  const drift = (period: string, table: string, column: string) => {
    const recount = sql.raw(`select workspace_id, ${period} as p, kind, actor_id, count(*)::int as n
        from activities where deleted_at is null group by 1, 2, 3, 4`);
    const kept = sql.raw(`select workspace_id, ${column} as p, kind, actor_id, n from ${table}
        where n <> 0`);
    return sql`select to_jsonb(d) as drift from ((${kept} except ${recount})
        union all (${recount} except ${kept})) d`;
  };
  return rowsOf(
    await server.database.db.execute(
      sql`${drift("date_trunc('month', occurred_at at time zone 'UTC')::date", 'activity_months', 'month')}
          union all
          ${drift("(occurred_at at time zone 'UTC')::date", 'activity_days', 'day')}`,
    ),
  );
}

/** Runs SQL as another write path would (merge, import, automation): the triggers must follow. */
const exec = (query: ReturnType<typeof sql>) => server.database.db.execute(query);

/** A note by `api`'s user on a new contact, moved to `at`; returns its id. */
async function note(api: ApiClient, at: string): Promise<string> {
  const contact = await api.post('/contacts', { firstName: 'Ana', lastName: `N${at}` });
  expect(contact.status).toBe(201);
  const created = await api.post(`/contacts/${contact.body.id as string}/notes`, {
    body: '<p>Called back</p>',
  });
  expect(created.status).toBe(201);
  const id = created.body.id as string;
  await exec(sql`update activities set occurred_at = ${at}::timestamptz where id = ${id}::uuid`);
  return id;
}

type Report = {
  total: number;
  months: { month: string; count: number; kinds: Record<string, number> }[];
  kinds: { kind: string; count: number }[];
  employees: {
    userId: string | null;
    name: string;
    count: number;
    kinds: Record<string, number>;
  }[];
};

async function report(api: ApiClient, query: string): Promise<Report> {
  const res = await api.get(`/reports/activity?${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as Report;
}

const countOf = (r: Report, userId: string) => r.employees.find((e) => e.userId === userId)?.count;

describe('activity report', () => {
  it('counts activities per month, kind and employee, following every change', async () => {
    const rep = await ws.addUser('sales_rep');
    const a = await note(ws.api, '2025-01-10T12:00:00Z');
    await note(ws.api, '2025-01-31T23:30:00Z');
    const c = await note(rep.api, '2025-02-01T00:10:00Z');
    await note(rep.api, '2025-03-15T08:00:00Z');
    // A call without an actor (e.g. from the PBX), written the way other features write.
    await exec(sql`insert into activities (workspace_id, id, record_type, record_id, kind, actor_id,
                   occurred_at)
                   values (${ws.workspaceId}::uuid, gen_random_uuid(), 'contacts', gen_random_uuid(),
                           'call', null, '2025-02-20T10:00:00Z')`);
    expect(await rollupDrift()).toEqual([]);

    const whole = 'from=2025-01-01&to=2025-03-31';
    let r = await report(ws.api, whole);
    expect(r.total).toBe(5);
    expect(r.months.map((m) => [m.month, m.count])).toEqual([
      ['2025-01', 2],
      ['2025-02', 2],
      ['2025-03', 1],
    ]);
    expect(r.months[1]?.kinds).toEqual({ note: 1, call: 1 });
    expect(r.kinds).toEqual([
      { kind: 'note', count: 4 },
      { kind: 'call', count: 1 },
    ]);
    expect(countOf(r, ws.userId)).toBe(2);
    expect(countOf(r, rep.userId)).toBe(2);
    expect(r.employees.find((e) => e.userId === null)?.name).toBe('No employee (system)');
    expect(r.employees.find((e) => e.userId === rep.userId)?.name).toBe('sales_rep user');

    // Days around whole months: 15 Jan – 1 Feb holds the note of the 31st and the one of the 1st.
    r = await report(ws.api, 'from=2025-01-15&to=2025-02-01');
    expect(r.total).toBe(2);
    r = await report(ws.api, 'from=2025-01-31&to=2025-03-31');
    expect(r.total).toBe(4);
    // Days before and after a whole month (15 March is the last day, inclusive).
    r = await report(ws.api, 'from=2025-01-31&to=2025-03-15');
    expect(r.months.map((m) => m.count)).toEqual([1, 2, 1]);
    expect((await report(ws.api, 'from=2025-01-31&to=2025-03-14')).total).toBe(3);

    // Soft delete through the API, then restore, move to another month and another actor in SQL.
    const contactOfA = rowsOf(
      await exec(sql`select record_id from activities where id = ${a}::uuid`),
    )[0] as { record_id: string };
    const deleted = await ws.api.delete(`/contacts/${contactOfA.record_id}/notes/${a}`);
    expect(deleted.status).toBe(204);
    r = await report(ws.api, whole);
    expect(r.total).toBe(4);
    expect(r.months[0]?.count).toBe(1);

    await exec(sql`update activities set deleted_at = null where id = ${a}::uuid`);
    expect((await report(ws.api, whole)).months[0]?.count).toBe(2);

    await exec(
      sql`update activities set occurred_at = '2025-03-02T09:00:00Z' where id = ${a}::uuid`,
    );
    r = await report(ws.api, whole);
    expect(r.months.map((m) => m.count)).toEqual([1, 2, 2]);

    await exec(sql`update activities set actor_id = ${ws.userId}::uuid, kind = 'email'
                   where id = ${c}::uuid`);
    r = await report(ws.api, whole);
    expect(countOf(r, ws.userId)).toBe(3);
    expect(countOf(r, rep.userId)).toBe(1);
    expect(r.months[1]?.kinds).toEqual({ email: 1, call: 1 });

    // A hard delete (e.g. the workspace is purged) drops the count too.
    await exec(sql`delete from activities where id = ${c}::uuid`);
    expect((await report(ws.api, whole)).total).toBe(4);
    expect(await rollupDrift()).toEqual([]);

    // Filters: employee, kind.
    r = await report(ws.api, `${whole}&ownerId=${rep.userId}`);
    expect(r.total).toBe(1);
    expect(r.employees.map((e) => e.userId)).toEqual([rep.userId]);
    r = await report(ws.api, `${whole}&kind=call`);
    expect(r.total).toBe(1);
    expect(r.kinds).toEqual([{ kind: 'call', count: 1 }]);

    // A recount from the rows (after a bulk load with the triggers off) gives the same report.
    const before = await report(ws.api, whole);
    await rebuildActivityRollups(server.database.db, ws.workspaceId);
    expect(await rollupDrift()).toEqual([]);
    expect(await report(ws.api, whole)).toEqual(before);

    // Refuses a period that ends before it starts.
    const wrong = await ws.api.get('/reports/activity?from=2025-03-01&to=2025-01-01');
    expect(wrong.status).toBe(400);
  });

  it('shows each caller only the activity they may see, and exports CSV', async () => {
    const other = await server.newWorkspace({ locale: 'en' });
    const rep = await ws.addUser('sales_rep');
    const mate = await ws.addUser('sales_rep');
    const support = await ws.addUser('support');
    const loner = await ws.addUser('sales_rep');
    const team = await ws.api.post('/teams', {
      name: 'Field',
      memberIds: [rep.userId, mate.userId, support.userId],
    });
    expect(team.status).toBe(201);
    const at = '2024-06-10T10:00:00Z';
    await note(rep.api, at);
    await note(mate.api, at);
    await note(mate.api, at);
    await note(loner.api, at);
    await note(ws.api, at);
    await note(other.api, at);
    const period = 'from=2024-06-01&to=2024-06-30';

    // Administrator: everyone in the workspace, nothing of the other workspace.
    const all = await report(ws.api, period);
    expect(all.total).toBe(5);
    // Team filter: the team's members only.
    const byTeam = await report(ws.api, `${period}&teamId=${team.body.id as string}`);
    expect(byTeam.total).toBe(3);
    expect((await report(other.api, period)).total).toBe(1);

    // A sales rep (reports: own) sees their own activity only, whatever they ask for.
    const own = await report(rep.api, period);
    expect(own.total).toBe(1);
    expect(own.employees.map((e) => e.userId)).toEqual([rep.userId]);
    expect((await report(rep.api, `${period}&ownerId=${mate.userId}`)).total).toBe(0);
    // … and may not export (no export right on reports).
    expect((await rep.api.get(`/reports/activity?${period}&format=csv`)).status).toBe(403);

    // Support (reports: team) sees the members of their team.
    const teamView = await report(support.api, period);
    expect(teamView.total).toBe(3);
    expect(new Set(teamView.employees.map((e) => e.userId))).toEqual(
      new Set([rep.userId, mate.userId]),
    );

    const csv = await ws.api.get(`/reports/activity?${period}&format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const text = (csv.body as string).replace(/^\uFEFF/, '');
    const lines = text.trim().split('\r\n');
    expect(lines[0]).toBe('Month,Total,Notes');
    expect(lines[1]).toBe('2024-06,5,5');
    expect(lines).toContain(`sales_rep user,2,2`);
  });
});
