/**
 * Screen-pop benchmark (issue 11): on a fresh database of either engine, a workspace with
 * customers who bought and owe, an agent with an open event stream; then
 *   1. ringing → card delivered: PBX `ringing` POST until the `call.ringing` event with the
 *      whole card arrives on the agent's SSE stream (what the browser waits for), and
 *   2. `GET /screen-pop?phone=…` round trips,
 * both as p50/p95/max over --calls runs after a warm-up. Prints figures; asserts nothing.
 *
 *   npx tsx bench/screen-pop.ts --engine pglite --calls 100
 *   npx tsx bench/screen-pop.ts --engine postgres --calls 100 --customers 200
 */
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { startTestServer } from '../server/test-support/http.js';
import { openEventStream } from '../server/test-support/sse.js';

const { values: args } = parseArgs({
  options: {
    engine: { type: 'string', default: 'pglite' },
    calls: { type: 'string', default: '100' },
    customers: { type: 'string', default: '60' },
  },
});
process.env.ODNOS_TEST_ENGINE = args.engine;
const CALLS = Number(args.calls);
const CUSTOMERS = Number(args.customers);

function stats(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;
  return `p50 ${at(0.5).toFixed(1)} ms, p95 ${at(0.95).toFixed(1)} ms, max ${at(1).toFixed(1)} ms (n=${values.length})`;
}

const server = await startTestServer();
const ws = await server.newWorkspace({ country: 'SI', currency: 'EUR', locale: 'sl' });
const pbx = server.client({
  authorization: `Bearer ${(await ws.api.post<{ key: string }>('/api-keys', { name: 'PBX' })).body.key}`,
});
await ws.api.put(`/telephony/agents/${ws.userId}`, { extension: '201' });
const products: string[] = [];
for (let i = 0; i < 12; i++)
  products.push(
    (
      await ws.api.post<{ id: string }>('/products', {
        sku: `P${i}`,
        name: { sl: `Izdelek ${i}` },
        price: 1000,
      })
    ).body.id,
  );
const phones: string[] = [];
for (let c = 0; c < CUSTOMERS; c++) {
  const phone = `+386 41 ${String(100000 + c)}`;
  phones.push(phone);
  const contact = await ws.api.post<{ id: string }>('/contacts', {
    firstName: 'Stranka',
    lastName: `Št. ${c}`,
    phones: [{ value: phone }],
  });
  for (let k = 0; k < 3; k++) {
    const lines = [products[c % 12], products[(c + k) % 12], products[(c * 7 + k) % 12]].map(
      (productId) => ({ productId, description: 'x', quantity: 1, unitPrice: 1000, vatRate: 22 }),
    );
    const doc = await ws.api.post<{ id: string }>('/invoices', {
      customerType: 'contacts',
      customerId: contact.body.id,
      issueDate: `2026-0${k + 6}-1${c % 9}`,
      lines,
    });
    await ws.api.post(`/invoices/${doc.body.id}/issue`);
  }
}
const job = await ws.api.post('/telephony/predictions/recompute');
console.log(
  `fixture: ${CUSTOMERS} customers × 3 invoices; prediction job ${JSON.stringify(job.body)}`,
);

const stream = await openEventStream(ws.api);
const ringings = (e: (typeof stream.events)[number]) =>
  stream.events.filter((x) => x.event === 'call.ringing').indexOf(e);
const delivered: number[] = [];
const posted: number[] = [];
for (let i = 0; i < CALLS + 10; i++) {
  const callId = `bench-${i}`;
  const started = performance.now();
  const response = pbx.post('/telephony/events', {
    callId,
    event: 'ringing',
    direction: 'inbound',
    from: phones[i % phones.length],
    to: '+38612345678',
    extension: '201',
    at: new Date().toISOString(),
  });
  // The (i+1)-th card on the stream is this call's (calls are posted one after the other).
  const event = await stream.next((e) => e.event === 'call.ringing' && ringings(e) === i);
  const deliveredAt = performance.now();
  const res = await response;
  const body = res.body as { id: string };
  if (res.status !== 200 || !JSON.stringify(event.data).includes(body.id))
    throw new Error(`unexpected: ${res.status} ${JSON.stringify(res.body)}`);
  if (i >= 10) {
    delivered.push(deliveredAt - started);
    posted.push(performance.now() - started);
  }
}
console.log(`[${args.engine}] ringing POST → call.ringing card on the stream: ${stats(delivered)}`);
console.log(`[${args.engine}] ringing POST → PBX response:                   ${stats(posted)}`);
const bytes = JSON.stringify(stream.events.at(-1)?.data).length;
console.log(`[${args.engine}] card size on the wire: ${bytes} bytes`);

const pops: number[] = [];
for (let i = 0; i < CALLS + 10; i++) {
  const started = performance.now();
  const res = await ws.api.get(
    `/screen-pop?phone=${encodeURIComponent(phones[i % phones.length] ?? '')}`,
  );
  if (res.status !== 200) throw new Error(JSON.stringify(res.body));
  if (i >= 10) pops.push(performance.now() - started);
}
console.log(`[${args.engine}] GET /screen-pop:                               ${stats(pops)}`);
stream.close();
await server.close();
