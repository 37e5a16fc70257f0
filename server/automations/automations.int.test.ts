import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContact } from '../contacts/service.js';
import { inTransaction, systemContext } from '../platform/context.js';
import { verifySignature } from '../telephony/signature.js';
import { startTestServer, type SignedIn, type TestServer } from '../test-support/http.js';
import { findWorkspace } from '../workspaces/repository.js';
import { workspaceInfo } from '../workspaces/service.js';
import { tickAutomations } from './scheduler.js';

// Retries of failed webhooks start after 1 s here instead of 30 s.
process.env.ODNOS_WEBHOOK_RETRY_DELAY_SECONDS = '1';

interface Received {
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

/** A local HTTP server that records what it receives and answers with `status`. */
class Receiver {
  received: Received[] = [];
  status = 200;
  private server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      this.received.push({
        body: Buffer.concat(chunks).toString('utf8'),
        headers: request.headers,
      });
      response.statusCode = this.status;
      response.end('ok');
    });
  });
  url = '';
  async start() {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }
  close() {
    return new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

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

const settle = () => new Promise((r) => setTimeout(r, 2_000));

let server: TestServer;
let ws: SignedIn;
let receiver: Receiver;
beforeAll(async () => {
  server = await startTestServer({ jobs: true });
  ws = await server.newWorkspace();
  receiver = new Receiver();
  await receiver.start();
});
afterAll(async () => {
  await receiver.close();
  await server.close();
});

async function runsOf(ruleId: string, api = ws.api) {
  const response = await api.get(`/automations/${ruleId}/runs`);
  expect(response.status).toBe(200);
  return response.body.data as {
    status: string;
    error: string | null;
    recordId: string | null;
    test: boolean;
    actions: { type: string; status: string; detail?: string; error?: string }[];
  }[];
}

async function createRule(body: object, api = ws.api) {
  const response = await api.post('/automations', body);
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as { id: string; webhookSecret: string; nextRunAt: string | null };
}

describe('automation rules: validation', () => {
  it('refuses bad rules with an error on each wrong field', async () => {
    const response = await ws.api.post('/automations', {
      name: 'Broken',
      trigger: { kind: 'record_updated', object: 'contacts' },
      conditions: [
        { field: 'shoeSize', op: 'equals', value: '42' },
        { field: 'firstName', op: 'gt' },
      ],
      actions: [
        { type: 'send_email', subject: 'Hi {{#if x}}', body: 'Body' },
        { type: 'update_field', field: 'custom.nope', value: 1 },
        { type: 'assign_owner', userIds: ['00000000-0000-7000-8000-000000000000'] },
      ],
    });
    expect(response.status).toBe(400);
    const paths = (response.body.details as { path: string; message: string }[]).map((d) => d.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'conditions.0.field',
        'conditions.1.value',
        'actions.0.subject',
        'actions.1.field',
        'actions.2.userIds',
      ]),
    );
    expect(response.body.details[0].message).toContain('shoeSize');

    const badUrl = await ws.api.post('/automations', {
      name: 'Webhook',
      trigger: { kind: 'record_created', object: 'leads' },
      actions: [{ type: 'webhook', url: 'ftp://example.com/x' }],
    });
    expect(badUrl.status).toBe(400);
    expect(badUrl.body.details[0].path).toBe('actions.0.url');

    const badCron = await ws.api.post('/automations', {
      name: 'Cron',
      trigger: { kind: 'schedule', cron: '61 25 * * *' },
      actions: [{ type: 'update_field', field: 'status', value: 'x' }],
    });
    expect(badCron.status).toBe(400);
    expect(badCron.body.details.map((d: { path: string }) => d.path)).toEqual([
      'trigger.cron',
      'actions.0.type',
    ]);

    const notDate = await ws.api.post('/automations', {
      name: 'Date',
      trigger: { kind: 'date_reached', object: 'contacts', field: 'firstName', offsetDays: 0 },
      actions: [{ type: 'webhook', url: receiver.url }],
    });
    expect(notDate.status).toBe(400);
    expect(notDate.body.details[0]).toMatchObject({ path: 'trigger.field' });

    const badValue = await ws.api.post('/automations', {
      name: 'Value',
      trigger: { kind: 'record_created', object: 'leads' },
      actions: [{ type: 'update_field', field: 'status', value: 'on_fire' }],
    });
    expect(badValue.status).toBe(400);
    expect(badValue.body.details[0].path).toBe('actions.0.value');
  });

  it('is for administrators only', async () => {
    const member = await ws.addUser('member');
    expect((await member.api.get('/automations')).status).toBe(403);
    expect(
      (
        await member.api.post('/automations', {
          name: 'x',
          trigger: { kind: 'record_created', object: 'leads' },
          actions: [{ type: 'webhook', url: receiver.url }],
        })
      ).status,
    ).toBe(403);
  });
});

describe('automation rules: record triggers', () => {
  it('fires on a created record whose custom field matches, and signs the webhook', async () => {
    const field = await ws.api.post('/fields', {
      object: 'contacts',
      key: 'tier',
      type: 'select',
      label: { en: 'Tier' },
      options: {
        choices: [
          { value: 'gold', label: { en: 'Gold' } },
          { value: 'basic', label: { en: 'Basic' } },
        ],
      },
    });
    expect(field.status).toBe(201);
    receiver.received = [];
    const rule = await createRule({
      name: 'Gold contacts to the ERP',
      trigger: { kind: 'record_created', object: 'contacts' },
      conditions: [{ field: 'custom.tier', op: 'equals', value: 'gold' }],
      actions: [{ type: 'webhook', url: receiver.url }],
    });
    const basic = await ws.api.post('/contacts', {
      firstName: 'Basic',
      lastName: 'B',
      custom: { tier: 'basic' },
    });
    const gold = await ws.api.post('/contacts', {
      firstName: 'Goran',
      lastName: 'Zlatić',
      custom: { tier: 'gold' },
    });
    expect(gold.status).toBe(201);
    const hit = await until(() => receiver.received[0]);
    const body = JSON.parse(hit.body);
    expect(body).toMatchObject({
      event: 'record_created',
      object: 'contacts',
      rule: { id: rule.id },
      record: { id: gold.body.id, firstName: 'Goran', custom: { tier: 'gold' } },
    });
    expect(
      verifySignature(rule.webhookSecret, hit.body, hit.headers['x-odnos-signature'] as string),
    ).toBe(true);
    expect(
      verifySignature('wrong secret', hit.body, hit.headers['x-odnos-signature'] as string),
    ).toBe(false);
    expect(hit.headers['x-odnos-delivery']).toBe(body.id);
    await settle();
    expect(receiver.received).toHaveLength(1);
    const runs = await runsOf(rule.id);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: 'succeeded', recordId: gold.body.id });
    expect(runs.some((r) => r.recordId === basic.body.id)).toBe(false);
    await ws.api.patch(`/automations/${rule.id}`, { enabled: false });
  });

  it('updates a field when a lead changes to qualified, without re-triggering itself', async () => {
    const rule = await createRule({
      name: 'Tag qualified leads',
      trigger: { kind: 'record_updated', object: 'leads' },
      conditions: [{ field: 'status', op: 'changed_to', value: 'qualified' }],
      actions: [
        { type: 'update_field', field: 'tags', value: ['hot'] },
        { type: 'update_field', field: 'message', value: 'Qualified by {{rule.name}}' },
      ],
    });
    const lead = await ws.api.post('/leads', { name: 'Ivana', source: 'web_form' });
    await ws.api.patch(`/leads/${lead.body.id}`, { message: 'just a note' });
    await ws.api.patch(`/leads/${lead.body.id}`, { status: 'qualified' });
    await until(async () => (await runsOf(rule.id)).some((r) => r.status === 'succeeded'));
    const updated = (await ws.api.get(`/leads/${lead.body.id}`)).body;
    expect(updated.tags).toEqual(['hot']);
    // update_field takes the value as given (templates are for texts of tasks and messages)
    expect(updated.message).toBe('Qualified by {{rule.name}}');
    await settle();
    const runs = await runsOf(rule.id);
    expect(runs).toHaveLength(1);
    expect(runs[0]?.actions.map((a) => a.status)).toEqual(['succeeded', 'succeeded']);
    await ws.api.patch(`/automations/${rule.id}`, { enabled: false });
  });

  it('fires on a stage change with from/to', async () => {
    receiver.received = [];
    const rule = await createRule({
      name: 'Lead disqualified',
      trigger: { kind: 'stage_changed', object: 'leads', from: 'new', to: 'disqualified' },
      actions: [{ type: 'webhook', url: receiver.url }],
    });
    const lead = await ws.api.post('/leads', { name: 'Spam', source: 'chat' });
    const other = await ws.api.post('/leads', { name: 'Other', source: 'chat' });
    await ws.api.patch(`/leads/${other.body.id}`, { status: 'in_progress' });
    await ws.api.patch(`/leads/${lead.body.id}`, {
      status: 'disqualified',
      disqualifyReason: 'spam',
    });
    const hit = await until(() => receiver.received[0]);
    expect(JSON.parse(hit.body)).toMatchObject({
      event: 'stage_changed',
      record: { id: lead.body.id },
    });
    await settle();
    expect(receiver.received).toHaveLength(1);
    await ws.api.patch(`/automations/${rule.id}`, { enabled: false });
  });

  it('stops a loop of two rules triggering each other, with a message', async () => {
    const a = await createRule({
      name: 'Rule A',
      trigger: { kind: 'record_updated', object: 'companies' },
      conditions: [{ field: 'industry', op: 'changed' }],
      actions: [{ type: 'update_field', field: 'legalName', value: 'A' }],
    });
    const b = await createRule({
      name: 'Rule B',
      trigger: { kind: 'record_updated', object: 'companies' },
      conditions: [{ field: 'legalName', op: 'changed' }],
      actions: [{ type: 'update_field', field: 'industry', value: 'B' }],
    });
    const company = await ws.api.post('/companies', { name: 'Loop d.o.o.' });
    await ws.api.patch(`/companies/${company.body.id}`, { industry: 'IT' });
    const skipped = await until(async () =>
      (await runsOf(a.id)).find((r) => r.status === 'skipped'),
    );
    expect(skipped.error).toContain('Rule A → Rule B → Rule A');
    await settle();
    expect((await runsOf(a.id)).map((r) => r.status).sort()).toEqual(['skipped', 'succeeded']);
    expect((await runsOf(b.id)).map((r) => r.status)).toEqual(['succeeded']);
    const final = await ws.api.get(`/companies/${company.body.id}`);
    expect(final.body).toMatchObject({ industry: 'B', legalName: 'A' });
    await ws.api.patch(`/automations/${a.id}`, { enabled: false });
    await ws.api.patch(`/automations/${b.id}`, { enabled: false });
  });

  it('fires nothing for a change that rolls back, nor for a disabled rule', async () => {
    receiver.received = [];
    const rule = await createRule({
      name: 'Every new contact',
      trigger: { kind: 'record_created', object: 'contacts' },
      actions: [{ type: 'webhook', url: receiver.url }],
    });
    const row = await findWorkspace(server.database.db, ws.workspaceId);
    const ctx = systemContext(server.database, workspaceInfo(row!), ws.userId);
    await expect(
      inTransaction(ctx, async (tx) => {
        await createContact(tx, { firstName: 'Ghost', lastName: 'Rollback' });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await ws.api.patch(`/automations/${rule.id}`, { enabled: false });
    await ws.api.post('/contacts', { firstName: 'Disabled', lastName: 'Rule' });
    await settle();
    expect(receiver.received).toHaveLength(0);
    expect(await runsOf(rule.id)).toHaveLength(0);
    // enabled again, it fires
    await ws.api.patch(`/automations/${rule.id}`, { enabled: true });
    await ws.api.post('/contacts', { firstName: 'Live', lastName: 'Again' });
    await until(() => receiver.received[0]);
    await ws.api.patch(`/automations/${rule.id}`, { enabled: false });
  });

  it('assigns owners round robin over a list of users', async () => {
    const u1 = await ws.addUser('member');
    const u2 = await ws.addUser('member');
    const rule = await createRule({
      name: 'Round robin leads',
      trigger: { kind: 'record_created', object: 'leads' },
      conditions: [{ field: 'source', op: 'equals', value: 'referral' }],
      actions: [{ type: 'assign_owner', userIds: [u1.userId, u2.userId] }],
    });
    const ids: string[] = [];
    for (const name of ['L1', 'L2', 'L3']) {
      ids.push((await ws.api.post('/leads', { name, source: 'referral' })).body.id);
      await until(async () => {
        const runs = await runsOf(rule.id);
        return runs.length === ids.length && runs.every((r) => r.status !== 'running');
      });
    }
    const owners = await Promise.all(
      ids.map(async (id) => (await ws.api.get(`/leads/${id}`)).body.ownerId),
    );
    expect(owners).toEqual([u1.userId, u2.userId, u1.userId]);
    await ws.api.patch(`/automations/${rule.id}`, { enabled: false });

    // Within a team: its members (as they are when the rule runs), in turn.
    const team = await ws.api.post('/teams', {
      name: 'Prodaja',
      memberIds: [u1.userId, u2.userId],
    });
    expect(team.status, JSON.stringify(team.body)).toBe(201);
    const both = await ws.api.post('/automations', {
      name: 'Both',
      trigger: { kind: 'record_created', object: 'leads' },
      actions: [{ type: 'assign_owner', userIds: [u1.userId], teamId: team.body.id }],
    });
    expect(both.status).toBe(400);
    expect(both.body.details[0].path).toBe('actions.0.teamId');
    const teamRule = await createRule({
      name: 'Team round robin',
      trigger: { kind: 'record_created', object: 'leads' },
      conditions: [{ field: 'source', op: 'equals', value: 'email' }],
      actions: [{ type: 'assign_owner', teamId: team.body.id }],
    });
    const teamOwners: string[] = [];
    for (const name of ['T1', 'T2']) {
      const id = (await ws.api.post('/leads', { name, source: 'email' })).body.id as string;
      await until(async () => {
        const runs = await runsOf(teamRule.id);
        return runs.length === teamOwners.length + 1 && runs.every((r) => r.status !== 'running');
      });
      teamOwners.push((await ws.api.get(`/leads/${id}`)).body.ownerId as string);
    }
    expect(teamOwners.sort()).toEqual([u1.userId, u2.userId].sort());
    await ws.api.patch(`/automations/${teamRule.id}`, { enabled: false });
  });
});

describe('automation rules: webhooks that fail', () => {
  it('retries with backoff, then keeps a dead letter that can be retried', async () => {
    const failing = new Receiver();
    await failing.start();
    failing.status = 500;
    try {
      const rule = await createRule({
        name: 'Flaky endpoint',
        trigger: { kind: 'record_created', object: 'companies' },
        actions: [{ type: 'webhook', url: failing.url, maxAttempts: 3 }],
      });
      await ws.api.post('/companies', { name: 'Webhook d.o.o.' });
      const dead = await until(async () => {
        const r = await ws.api.get('/automations/dead-letters');
        return r.body.data.find((d: { ruleId: string }) => d.ruleId === rule.id);
      }, 45_000);
      expect(dead).toMatchObject({
        status: 'dead',
        attempts: 3,
        lastStatus: 500,
        lastError: 'HTTP 500',
      });
      expect(failing.received).toHaveLength(3);
      expect(failing.received.map((r) => r.headers['x-odnos-attempt'])).toEqual(['1', '2', '3']);
      // every attempt carries the same delivery id and a valid signature
      expect(new Set(failing.received.map((r) => r.headers['x-odnos-delivery'])).size).toBe(1);

      failing.status = 204;
      const retried = await ws.api.post(`/automations/dead-letters/${dead.id}/retry`);
      expect(retried.status).toBe(200);
      expect(retried.body.status).toBe('pending');
      await until(async () => {
        const r = await ws.api.get('/automations/deliveries?status=delivered');
        return r.body.data.find((d: { id: string }) => d.id === dead.id);
      });
      expect((await ws.api.get('/automations/dead-letters')).body.data).toHaveLength(0);
      const again = await ws.api.post(`/automations/dead-letters/${dead.id}/retry`);
      expect(again.status).toBe(409);
      await ws.api.patch(`/automations/${rule.id}`, { enabled: false });
    } finally {
      await failing.close();
    }
  });
});

describe('automation rules: time triggers', () => {
  it('fires on birthdays, invoice due dates ± days, inactivity and cron schedules', async () => {
    receiver.received = [];
    const now = new Date();
    const today = now.toISOString().slice(0, 10);
    const birthday = `1990-${today.slice(5)}`;
    const birthdayRule = await createRule({
      name: 'Birthday',
      trigger: { kind: 'date_reached', object: 'contacts', field: 'birthday', offsetDays: 0 },
      actions: [{ type: 'webhook', url: receiver.url }],
    });
    const dueRule = await createRule({
      name: 'Invoice 3 days overdue',
      trigger: { kind: 'date_reached', object: 'invoices', field: 'dueDate', offsetDays: 3 },
      actions: [{ type: 'webhook', url: receiver.url }],
    });
    const idleRule = await createRule({
      name: 'Quiet leads',
      trigger: { kind: 'no_activity', object: 'leads', days: 30 },
      actions: [{ type: 'webhook', url: receiver.url }],
    });
    const cronRule = await createRule({
      name: 'Every Monday',
      trigger: { kind: 'schedule', cron: '0 9 * * 1', timezone: 'Europe/Belgrade' },
      actions: [{ type: 'webhook', url: receiver.url }],
    });
    expect(cronRule.nextRunAt).not.toBeNull();

    const celebrant = await ws.api.post('/contacts', {
      firstName: 'Rođendan',
      lastName: 'Danas',
      birthday,
    });
    await ws.api.post('/contacts', {
      firstName: 'Not',
      lastName: 'Today',
      birthday: '1990-01-01' === birthday ? '1990-01-02' : '1990-01-01',
    });
    const customer = await ws.api.post('/companies', { name: 'Kupac d.o.o.' });
    const due = new Date(now.getTime() - 3 * 86_400_000).toISOString().slice(0, 10);
    const invoice = await ws.api.post('/invoices', {
      customerType: 'companies',
      customerId: customer.body.id,
      dueDate: due,
      lines: [],
    });
    expect(invoice.status, JSON.stringify(invoice.body)).toBe(201);
    const invoiceId = invoice.body.document?.id ?? invoice.body.id;
    const lead = await ws.api.post('/leads', { name: 'Quiet one', source: 'call' });

    // The clock: today at 12:00 UTC for date rules; 31 days on for inactivity; past the cron time.
    const noon = new Date(`${today}T12:00:00Z`);
    await tickAutomations(server.database, noon);
    await until(() => receiver.received.length >= 2 && true);
    // a second tick the same day fires nothing again
    await tickAutomations(server.database, new Date(noon.getTime() + 3_600_000));
    await settle();
    const events = receiver.received.map((r) => JSON.parse(r.body));
    expect(events.filter((e) => e.rule.id === birthdayRule.id).map((e) => e.record.id)).toEqual([
      celebrant.body.id,
    ]);
    expect(events.filter((e) => e.rule.id === dueRule.id).map((e) => e.record.id)).toEqual([
      invoiceId,
    ]);
    expect(events.filter((e) => e.rule.id === idleRule.id)).toHaveLength(0);

    // Noon (date rules run from 08:00 local), 31 days on, after the cron's next time.
    const later = new Date(noon.getTime() + 31 * 86_400_000);
    expect(new Date(cronRule.nextRunAt!).getTime()).toBeLessThan(later.getTime());
    await tickAutomations(server.database, later);
    await until(() => {
      const got = receiver.received.map((r) => JSON.parse(r.body));
      return (
        got.some((e) => e.rule.id === idleRule.id && e.record.id === lead.body.id) &&
        got.some((e) => e.rule.id === cronRule.id)
      );
    });
    const all = receiver.received.map((r) => JSON.parse(r.body));
    expect(all.filter((e) => e.rule.id === idleRule.id).map((e) => e.record.id)).toContain(
      lead.body.id,
    );
    expect(all.find((e) => e.rule.id === cronRule.id)).toMatchObject({
      event: 'schedule',
      record: null,
    });
    const rule = await ws.api.get(`/automations/${cronRule.id}`);
    expect(new Date(rule.body.nextRunAt).getTime()).toBeGreaterThan(later.getTime());
    for (const r of [birthdayRule, dueRule, idleRule, cronRule])
      await ws.api.patch(`/automations/${r.id}`, { enabled: false });
  });
});

describe('automation rules: test runs and the log', () => {
  it('previews with dryRun and runs for real against a chosen record', async () => {
    const rule = await createRule({
      name: 'Mark VIP',
      trigger: { kind: 'record_updated', object: 'contacts' },
      conditions: [{ field: 'jobTitle', op: 'contains', value: 'director' }],
      actions: [{ type: 'update_field', field: 'tags', value: ['vip'] }],
    });
    const contact = await ws.api.post('/contacts', {
      firstName: 'Maja',
      lastName: 'M',
      jobTitle: 'Sales Director',
    });
    const preview = await ws.api.post(`/automations/${rule.id}/test-run`, {
      recordId: contact.body.id,
      dryRun: true,
    });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({
      runId: null,
      conditionsMet: true,
      actions: [{ status: 'planned' }],
    });
    expect((await ws.api.get(`/contacts/${contact.body.id}`)).body.tags).toEqual([]);

    const real = await ws.api.post(`/automations/${rule.id}/test-run`, {
      recordId: contact.body.id,
    });
    expect(real.body).toMatchObject({
      status: 'succeeded',
      actions: [{ type: 'update_field', status: 'succeeded' }],
    });
    expect((await ws.api.get(`/contacts/${contact.body.id}`)).body.tags).toEqual(['vip']);
    const runs = await ws.api.get(`/automations/runs?ruleId=${rule.id}`);
    expect(runs.body.data[0]).toMatchObject({
      id: real.body.runId,
      test: true,
      ruleName: 'Mark VIP',
    });

    const missing = await ws.api.post(`/automations/${rule.id}/test-run`, {});
    expect(missing.status).toBe(400);
    expect(missing.body.details[0].path).toBe('recordId');
    const list = await ws.api.get('/automations');
    expect(list.body.data.find((r: { id: string }) => r.id === rule.id).lastRun.status).toBe(
      'succeeded',
    );
    await ws.api.patch(`/automations/${rule.id}`, { enabled: false });
  });

  it('ships templates and lists fields with custom ones', async () => {
    const templates = await ws.api.get('/automations/templates');
    expect(templates.body.data.map((t: { key: string }) => t.key)).toEqual([
      'birthday_greeting',
      'quote_follow_up',
      'overdue_invoice',
    ]);
    const fields = await ws.api.get('/automations/fields?object=contacts');
    const names = fields.body.data.map((f: { name: string }) => f.name);
    expect(names).toEqual(expect.arrayContaining(['firstName', 'birthday', 'custom.tier']));
  });
});
