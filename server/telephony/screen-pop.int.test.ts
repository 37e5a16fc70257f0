/**
 * The screen pop end to end: purchases, balances and a hand-built basket set with known
 * predictions and co-purchase rules; a PBX `ringing` event pushes the whole card to the agent's
 * open stream; `missed` pushes the update with the call-back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngine } from '../test-support/database.js';
import {
  ApiClient,
  startTestServer,
  type SignedIn,
  type TestServer,
} from '../test-support/http.js';
import { openEventStream, type SseStream } from '../test-support/sse.js';

let server: TestServer;
let ws: SignedIn;
let pbx: ApiClient;
let agent: { api: ApiClient; userId: string; email: string };
let stream: SseStream;
const products: Record<'coffee' | 'filters' | 'grinder' | 'descaler', string> = {
  coffee: '',
  filters: '',
  grinder: '',
  descaler: '',
};
let customerId: string;
const PHONE = '+386 41 555 123';

async function issuedInvoice(
  customerType: 'contacts' | 'companies',
  id: string,
  productIds: string[],
  issueDate: string,
) {
  const created = await ws.api.post('/invoices', {
    customerType,
    customerId: id,
    issueDate,
    lines: productIds.map((productId) => ({
      productId,
      description: Object.entries(products).find(([, v]) => v === productId)?.[0] ?? 'x',
      quantity: 1,
      unitPrice: 1000,
      vatRate: 22,
    })),
  });
  expect(created.status).toBe(201);
  const issued = await ws.api.post(`/invoices/${created.body.id}/issue`);
  expect(issued.status).toBe(200);
  return issued.body as { id: string; grossTotal: number };
}

beforeAll(async () => {
  server = await startTestServer();
  ws = await server.newWorkspace({ country: 'SI', currency: 'EUR', locale: 'sl' });
  const key = await ws.api.post('/api-keys', { name: 'PBX' });
  pbx = server.client({ authorization: `Bearer ${key.body.key}` });
  agent = await ws.addUser('member');
  // Call-center agents read every customer (the default "support" role).
  expect((await ws.api.patch(`/users/${agent.userId}`, { role: 'support' })).status).toBe(200);
  await agent.api.put(`/telephony/agents/${agent.userId}`, { extension: '201' });

  for (const name of Object.keys(products) as (keyof typeof products)[]) {
    const res = await ws.api.post('/products', {
      sku: name.toUpperCase(),
      name: { en: name, sl: name },
      price: 1000,
    });
    expect(res.status).toBe(201);
    products[name] = res.body.id;
  }
  // Five other customers: coffee and filters go together (3 of 4 coffee buyers), the rest is noise.
  const baskets: (keyof typeof products)[][] = [
    ['coffee', 'filters'],
    ['coffee', 'filters'],
    ['coffee', 'filters', 'grinder'],
    ['grinder', 'descaler'],
    ['descaler'],
  ];
  for (const [i, basket] of baskets.entries()) {
    const company = await ws.api.post('/companies', { name: `Kupec ${i + 1} d.o.o.` });
    await issuedInvoice(
      'companies',
      company.body.id,
      basket.map((p) => products[p]),
      '2026-06-01',
    );
  }
  // The caller buys coffee every 30 days, paid the first invoice late, owes the other two.
  const contact = await ws.api.post('/contacts', {
    firstName: 'Ana',
    lastName: 'Novak',
    phones: [{ value: PHONE }],
    locale: 'sl',
    tags: ['kava'],
  });
  customerId = contact.body.id;
  await ws.api.put(`/customers/contacts/${customerId}/finance`, {
    paymentTermsDays: 30,
    creditLimit: 100_000,
  });
  const first = await issuedInvoice('contacts', customerId, [products.coffee], '2026-09-01');
  await issuedInvoice('contacts', customerId, [products.coffee], '2026-10-01');
  await issuedInvoice('contacts', customerId, [products.coffee], '2026-10-31');
  const paid = await ws.api.post('/payments', {
    paidOn: '2026-10-15',
    amount: first.grossTotal,
    currency: 'EUR',
    allocations: [{ documentId: first.id, amount: first.grossTotal }],
  });
  expect(paid.status).toBe(201);

  stream = await openEventStream(agent.api);
  expect(stream.status).toBe(200);
});
afterAll(async () => {
  stream.close();
  await server.close();
});

let seq = 0;
const callId = () => `pop-${Date.now()}-${++seq}`;
const ringing = (id: string, from = '041 555 123') => ({
  callId: id,
  event: 'ringing',
  direction: 'inbound',
  from,
  to: '+38612345678',
  extension: '201',
  at: new Date().toISOString(),
});

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))] ??
  NaN;

describe('prediction job', () => {
  it('finds the repeat purchase and the co-purchase rule in the hand-built baskets', async () => {
    expect((await agent.api.post('/telephony/predictions/recompute')).status).toBe(403);
    const run = await ws.api.post('/telephony/predictions/recompute');
    expect(run.status).toBe(200);
    // 6 customers; only coffee+filters reach 3 customers together: coffee→filters, filters→coffee.
    expect(run.body).toMatchObject({ customers: 6, predictions: 1, rules: 2 });
    console.log(`[telephony] ${testEngine()}: prediction job over 6 customers ${run.body.ms} ms`);
  });
});

describe('screen pop', () => {
  it('pushes the whole card to the agent on ringing, without a request from the browser', async () => {
    const id = callId();
    const started = performance.now();
    const res = await pbx.post('/telephony/events', ringing(id));
    expect(res.status).toBe(200);
    const event = await stream.next(
      (e) => e.event === 'call.ringing' && JSON.stringify(e.data).includes(res.body.id),
    );
    const deliveredMs = performance.now() - started;
    const pop = (event.data as { pop: Record<string, any> }).pop;
    expect(pop.call).toMatchObject({ id: res.body.id, status: 'ringing', direction: 'inbound' });
    expect(pop.numberFormatted).toContain('41');
    const customer = pop.customer;
    expect(customer).toMatchObject({
      type: 'contacts',
      id: customerId,
      title: 'Ana Novak',
      language: 'sl',
      tags: ['kava'],
    });
    // Sales: three coffee invoices of 12.20 EUR.
    expect(customer.purchases.lifetime).toMatchObject({
      documents: 3,
      amount: 3660,
      currency: 'EUR',
      firstAt: '2026-09-01',
      lastAt: '2026-10-31',
    });
    expect(customer.purchases.recent[0]).toMatchObject({
      date: '2026-10-31',
      productId: products.coffee,
      description: 'coffee',
      amount: 1220,
    });
    // Next purchase: every 30 days, last on 31 October.
    expect(customer.nextPurchases).toEqual([
      expect.objectContaining({
        productId: products.coffee,
        intervalDays: 30,
        lastAt: '2026-10-31',
        nextAt: '2026-11-30',
        purchases: 3,
        regularity: 1,
      }),
    ]);
    // What fits: filters, bought with coffee by 3 of its 4 buyers; never coffee itself.
    expect(customer.recommendations).toEqual([
      {
        productId: products.filters,
        productName: 'filters',
        becauseOfId: products.coffee,
        becauseOfName: 'coffee',
        confidence: 0.75,
        lift: 1.5,
        customers: 3,
      },
    ]);
    // Accounting and credit: two unpaid invoices past their 30-day terms.
    expect(customer.finance).toMatchObject({
      currency: 'EUR',
      balance: 2440,
      overdue: 2440,
      creditLimit: 100_000,
      availableCredit: 97_560,
      paymentTermsDays: 30,
      overCreditLimit: false,
      latePayments: 1, // the first invoice was paid two weeks after its due date
    });
    expect(customer.finance.daysOverdue).toBeGreaterThan(0);
    expect(customer.finance.disciplineScore).toBeLessThan(100);
    console.log(
      `[telephony] ${testEngine()}: ringing POST → call.ringing on the stream ${deliveredMs.toFixed(1)} ms`,
    );
  });

  it('turns a missed call into a call-back task due within the SLA, pushed and on the card', async () => {
    const id = callId();
    const first = await pbx.post('/telephony/events', ringing(id));
    const missedAt = new Date();
    const missedEvent = { ...ringing(id), event: 'missed', at: missedAt.toISOString() };
    const result = await pbx.post('/telephony/events', missedEvent);
    expect(result.body.taskId).toBeTruthy();
    const missed = await stream.next(
      (e) =>
        e.event === 'call.updated' &&
        (e.data as { id: string; status: string }).id === first.body.id,
    );
    const data = missed.data as { status: string; callbackDueAt: string; taskId: string };
    expect(data).toMatchObject({ status: 'missed', taskId: result.body.taskId });
    // Default SLA: one hour after the missed call.
    expect(new Date(data.callbackDueAt).getTime()).toBe(missedAt.getTime() + 60 * 60_000);

    const task = await agent.api.get(`/tasks/${result.body.taskId}`);
    expect(task.status).toBe(200);
    expect(task.body).toMatchObject({
      type: 'call',
      status: 'open',
      priority: 'high',
      ownerId: agent.userId,
      relatedType: 'contacts',
      relatedId: customerId,
      dueAt: data.callbackDueAt,
    });
    expect(task.body.title).toContain('Ana Novak');

    // The same event again, or an `ended` after it, makes no second task.
    expect((await pbx.post('/telephony/events', missedEvent)).body).toMatchObject({
      duplicate: true,
      taskId: result.body.taskId,
    });
    await pbx.post('/telephony/events', { ...ringing(id), event: 'ended' });
    const open = await agent.api.get(`/tasks?filter[relatedId]=${customerId}&limit=50`);
    expect(
      (open.body.data as { id: string; type: string }[]).filter((t) => t.type === 'call'),
    ).toHaveLength(1);

    // The next pop of this caller lists it among the open tasks.
    const pop = await agent.api.get(`/screen-pop?phone=${encodeURIComponent(PHONE)}`);
    expect(pop.body.customer.openTasks).toEqual([
      expect.objectContaining({ id: result.body.taskId }),
    ]);
  });

  it('gives the call-back of a call no agent took to the team’s call-back owner', async () => {
    const lead = await ws.addUser('manager');
    await ws.api.put('/telephony/settings', {
      callbackUserId: lead.userId,
      callbackSlaMinutes: 15,
    });
    const id = callId();
    const at = new Date();
    const res = await pbx.post('/telephony/events', {
      ...ringing(id),
      extension: '999',
      event: 'missed',
      at: at.toISOString(),
    });
    expect(res.body.warnings).toContain('unknown_extension');
    const task = await lead.api.get(`/tasks/${res.body.taskId}`);
    expect(task.body).toMatchObject({ ownerId: lead.userId, type: 'call' });
    expect(new Date(task.body.dueAt).getTime()).toBe(at.getTime() + 15 * 60_000);
    await ws.api.put('/telephony/settings', { callbackUserId: null, callbackSlaMinutes: 60 });
  });

  it('pushes the answered call as in progress', async () => {
    const other = callId();
    const second = await pbx.post('/telephony/events', ringing(other));
    await pbx.post('/telephony/events', { ...ringing(other), event: 'answered' });
    const answered = await stream.next(
      (e) => e.event === 'call.updated' && (e.data as { id: string }).id === second.body.id,
    );
    expect((answered.data as { status: string }).status).toBe('in_progress');
  });

  it('pops a new lead for an unknown number, and nothing to another agent', async () => {
    const colleague = await ws.addUser('member');
    const theirs = await openEventStream(colleague.api);
    const id = callId();
    const res = await pbx.post('/telephony/events', ringing(id, '+386 31 999 888'));
    expect(res.body.leadId).toBeTruthy();
    const event = await stream.next(
      (e) => e.event === 'call.ringing' && JSON.stringify(e.data).includes(res.body.id),
    );
    const pop = (event.data as { pop: Record<string, any> }).pop;
    expect(pop.customer).toMatchObject({ type: 'leads', id: res.body.leadId });
    expect(pop.customer.finance).toBeNull();
    expect(theirs.events.some((e) => e.event === 'call.ringing')).toBe(false);

    // A sales rep sees only their own customers: the pop keeps the others' records out.
    await colleague.api.put(`/telephony/agents/${colleague.userId}`, { extension: '202' });
    const other = await pbx.post('/telephony/events', { ...ringing(callId()), extension: '202' });
    const theirPop = await theirs.next(
      (e) => e.event === 'call.ringing' && JSON.stringify(e.data).includes(other.body.id),
    );
    const hidden = (theirPop.data as { pop: Record<string, any> }).pop;
    expect(hidden.matchCount).toBe(1);
    expect(hidden.matches).toEqual([]);
    expect(hidden.customer).toBeNull();
    expect(JSON.stringify(hidden)).not.toContain('Novak');
    theirs.close();
  });

  it('answers GET /screen-pop for a number in any format (timed)', async () => {
    const times: number[] = [];
    for (let i = 0; i < 30; i++) {
      const started = performance.now();
      const res = await agent.api.get(
        `/screen-pop?phone=${encodeURIComponent('00386 41/555-123')}`,
      );
      times.push(performance.now() - started);
      expect(res.status).toBe(200);
      expect(res.body.customer.finance.balance).toBe(2440);
    }
    // The same figures as the customer's finance card (billing), field by field.
    const card = (await agent.api.get(`/screen-pop?phone=${encodeURIComponent(PHONE)}`)).body
      .customer.finance;
    const finance = (await ws.api.get(`/customers/contacts/${customerId}/finance`)).body;
    expect(card).toMatchObject({
      balance: finance.balance,
      overdue: finance.overdueAmount,
      daysOverdue: finance.overdueDays,
      creditLimit: finance.creditLimit,
      availableCredit: finance.creditAvailable,
      paymentTermsDays: finance.paymentTermsDays,
      overCreditLimit: finance.overCreditLimit,
      latePayments: finance.latePayments,
      averageDaysToPay: finance.averageDaysToPay,
    });
    console.log(
      `[telephony] ${testEngine()}: GET /screen-pop p50 ${percentile(times, 0.5).toFixed(1)} ms, p95 ${percentile(times, 0.95).toFixed(1)} ms (30 requests, fixture scale)`,
    );
  });
});
