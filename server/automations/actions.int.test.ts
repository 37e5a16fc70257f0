import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type SignedIn, type TestServer } from '../test-support/http.js';
import { startTestSmtp, type TestSmtp } from '../test-support/smtp.js';
import { tickAutomations } from './scheduler.js';

async function until<T>(
  probe: () => T | null | undefined | false | Promise<T | null | undefined | false>,
  ms = 20_000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 150));
  }
}

let server: TestServer;
let ws: SignedIn;
let smtp: TestSmtp;
beforeAll(async () => {
  smtp = await startTestSmtp();
  process.env.ODNOS_SMTP_URL = smtp.url;
  server = await startTestServer({ jobs: true });
  ws = await server.newWorkspace({ locale: 'sl', country: 'SI' });
});
afterAll(async () => {
  await server.close();
  await smtp.close();
  delete process.env.ODNOS_SMTP_URL;
});

async function createRule(body: object) {
  const response = await ws.api.post('/automations', body);
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as { id: string };
}

async function finishedRuns(ruleId: string, count = 1) {
  return until(async () => {
    const runs = (await ws.api.get(`/automations/${ruleId}/runs`)).body.data as {
      status: string;
      error: string | null;
      actions: { status: string; error?: string }[];
    }[];
    return runs.length >= count && runs.every((r) => r.status !== 'running') ? runs : null;
  });
}

describe('automation actions', () => {
  it('creates a task, notifies the owner and emails the contact from templates', async () => {
    const seller = await ws.addUser('member', 'sl');
    const rule = await createRule({
      name: 'Nov VIP stik',
      trigger: { kind: 'record_created', object: 'contacts' },
      conditions: [{ field: 'tags', op: 'contains', value: 'vip' }],
      actions: [
        {
          type: 'create_task',
          title: 'Pokliči {{record.firstName}} {{record.lastName}}',
          taskType: 'call',
          dueInDays: 2,
          assignee: { kind: 'record_owner' },
        },
        {
          type: 'notify',
          recipient: { kind: 'record_owner' },
          title: 'Nov VIP: {{record.name}}',
          body: 'Podjetje {{workspace.name}}',
        },
        {
          type: 'send_email',
          to: { kind: 'record_contact' },
          subject: 'Dobrodošli, {{record.firstName}}',
          body: 'Pozdravljeni {{record.firstName}},\nvaš skrbnik je {{owner.name}}.',
        },
      ],
    });
    const contact = await ws.api.post('/contacts', {
      firstName: 'Špela',
      lastName: 'Novak',
      emails: [{ value: 'spela.novak@example.si' }],
      tags: ['vip'],
      ownerId: seller.userId,
    });
    expect(contact.status).toBe(201);
    const [run] = await finishedRuns(rule.id);
    expect(run).toMatchObject({ status: 'succeeded' });

    const tasks = await seller.api.get(`/tasks?filter[ownerId]=${seller.userId}`);
    const task = tasks.body.data.find((t: { title: string }) => t.title === 'Pokliči Špela Novak');
    expect(task).toMatchObject({
      type: 'call',
      relatedType: 'contacts',
      relatedId: contact.body.id,
    });
    const due = new Date(task.dueAt).getTime() - Date.now();
    expect(due).toBeGreaterThan(1.9 * 86_400_000);
    expect(due).toBeLessThan(2.1 * 86_400_000);

    const notifications = await seller.api.get('/notifications');
    expect(notifications.body.data.map((n: { title: string }) => n.title)).toContain(
      'Nov VIP: Špela Novak',
    );

    const mail = await smtp.next((m) => m.subject === 'Dobrodošli, Špela');
    expect(mail.to).toMatchObject({ text: 'spela.novak@example.si' });
    expect(mail.text).toContain('vaš skrbnik je member user');
  });

  it('logs a failed action with the reason when the contact has no email', async () => {
    const rule = await createRule({
      name: 'Email brez naslova',
      trigger: { kind: 'record_created', object: 'leads' },
      actions: [
        { type: 'send_email', to: { kind: 'record_contact' }, subject: 'Hvala', body: 'Hvala' },
        { type: 'update_field', field: 'tags', value: ['contacted'] },
      ],
    });
    const lead = await ws.api.post('/leads', { name: 'Brez e-pošte', source: 'call' });
    const [run] = await finishedRuns(rule.id);
    expect(run?.status).toBe('failed');
    expect(run?.actions.map((a) => a.status)).toEqual(['failed', 'succeeded']);
    expect(run?.error).toBeTruthy();
    expect((await ws.api.get(`/leads/${lead.body.id}`)).body.tags).toEqual(['contacted']);
    await ws.api.patch(`/automations/${rule.id}`, { enabled: false });
  });

  it('fires when a deal moves to a stage, named by id or by name', async () => {
    const pipelines = await ws.api.get('/pipelines');
    const stages = pipelines.body.data[0].stages as { id: string; displayName: string }[];
    const target = stages[1];
    expect(target).toBeDefined();
    const rule = await createRule({
      name: 'Ponudba poslana',
      trigger: { kind: 'stage_changed', object: 'deals', to: target!.id },
      actions: [
        {
          type: 'create_task',
          title: 'Preveri {{record.title}} ({{record.stageName}})',
          assignee: { kind: 'user', userId: ws.userId },
        },
      ],
    });
    const byName = await createRule({
      name: 'Po imenu',
      trigger: { kind: 'stage_changed', object: 'deals', to: target!.displayName },
      actions: [{ type: 'update_field', field: 'probability', value: 55 }],
    });
    const deal = await ws.api.post('/deals', { title: 'Licence 2027' });
    expect(deal.status).toBe(201);
    const moved = await ws.api.post(`/deals/${deal.body.id}/move`, { stageId: target!.id });
    expect(moved.status).toBe(200);
    await finishedRuns(rule.id);
    await finishedRuns(byName.id);
    const tasks = await ws.api.get(`/tasks?filter[ownerId]=${ws.userId}`);
    expect(tasks.body.data.map((t: { title: string }) => t.title)).toContain(
      `Preveri Licence 2027 (${target!.displayName})`,
    );
    expect((await ws.api.get(`/deals/${deal.body.id}`)).body.probability).toBe(55);
  });

  it('sends the shipped birthday greeting on the birthday', async () => {
    const templates = await ws.api.get('/automations/templates');
    const birthday = templates.body.data.find(
      (t: { key: string }) => t.key === 'birthday_greeting',
    );
    expect(birthday.rule.actions[0].subject).toContain('{{record.firstName}}');
    await createRule(birthday.rule);
    const today = new Date().toISOString().slice(0, 10);
    await ws.api.post('/contacts', {
      firstName: 'Jure',
      lastName: 'Slavljenec',
      birthday: `1985-${today.slice(5)}`,
      emails: [{ value: 'jure@example.si' }],
    });
    await tickAutomations(server.database, new Date(`${today}T12:00:00Z`));
    const mail = await smtp.next((m) => (m.to as { text: string }).text === 'jure@example.si');
    expect(mail.subject).toContain('Jure');
    expect(mail.text).toContain('Jure');
  });
});
