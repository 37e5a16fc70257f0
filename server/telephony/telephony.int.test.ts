import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiClient,
  startTestServer,
  type SignedIn,
  type TestServer,
} from '../test-support/http.js';
import { sign } from './signature.js';

let server: TestServer;
let ws: SignedIn;
let pbx: ApiClient;
let agent: { api: ApiClient; userId: string; email: string };

beforeAll(async () => {
  server = await startTestServer();
  ws = await server.newWorkspace({ country: 'RS', currency: 'RSD', locale: 'sr-Latn' });
  const key = await ws.api.post('/api-keys', { name: 'PBX' });
  pbx = server.client({ authorization: `Bearer ${key.body.key}` });
  // A call-center agent: the Support role sees every customer (a sales rep only their own).
  agent = await ws.addUser('support');
  expect(
    (await agent.api.request('PUT', `/telephony/agents/${agent.userId}`, { extension: '101' }))
      .status,
  ).toBe(200);
});
afterAll(async () => server.close());

let seq = 0;
const callId = () => `pbx-${Date.now()}-${++seq}`;
const at = (s: number) => new Date(Date.UTC(2026, 11, 3, 8, 0, s)).toISOString();

function event(id: string, name: string, extra: Record<string, unknown> = {}) {
  return {
    callId: id,
    event: name,
    direction: 'inbound',
    from: '064/123-45-67',
    to: '+381112345678',
    extension: '101',
    at: at(0),
    ...extra,
  };
}

async function timelineCalls(type: string, id: string) {
  const timeline = await ws.api.get(`/${type}/${id}/timeline?kinds=call`);
  expect(timeline.status).toBe(200);
  return timeline.body.data as {
    kind: string;
    body: string | null;
    data: Record<string, unknown>;
  }[];
}

describe('PBX events', () => {
  let contactId: string;
  beforeAll(async () => {
    const contact = await ws.api.post('/contacts', {
      firstName: 'Milica',
      lastName: 'Petrović',
      phones: [{ value: '+381 64 1234567' }],
      tags: ['vip'],
    });
    contactId = contact.body.id;
  });

  it('logs a call on the caller’s timeline: ringing → answered → ended, with duration and recording', async () => {
    const id = callId();
    const ringing = await pbx.post('/telephony/events', event(id, 'ringing'));
    expect(ringing.status).toBe(200);
    expect(ringing.body).toMatchObject({
      callId: id,
      status: 'ringing',
      duplicate: false,
      agentId: agent.userId,
      matches: 1,
      leadId: null,
      warnings: [],
    });
    await pbx.post('/telephony/events', event(id, 'answered', { at: at(6) }));
    const ended = await pbx.post(
      '/telephony/events',
      event(id, 'ended', { at: at(126), recordingUrl: 'https://pbx.example.com/rec/1.mp3' }),
    );
    expect(ended.body.status).toBe('completed');

    const entries = await timelineCalls('contacts', contactId);
    expect(entries).toHaveLength(1);
    expect(entries[0]!.data).toMatchObject({
      direction: 'inbound',
      status: 'completed',
      durationSec: 120,
      agentId: agent.userId,
      agentName: 'support user',
      recordingUrl: 'https://pbx.example.com/rec/1.mp3',
      number: '+381641234567',
    });

    const call = await ws.api.get(`/calls/${ringing.body.id}`);
    expect(call.body).toMatchObject({
      status: 'completed',
      durationSec: 120,
      agent: { id: agent.userId },
      matches: [{ type: 'contacts', id: contactId, title: 'Milica Petrović' }],
    });
  });

  it('is idempotent by callId and gives the same result in any order', async () => {
    const id = callId();
    const ended = event(id, 'ended', { at: at(70), durationSec: 55 });
    const first = await pbx.post('/telephony/events', ended);
    // talk time tells the call was answered even before `answered` arrives
    expect(first.body).toMatchObject({ status: 'completed', duplicate: false });
    // the same event again, and copies arriving together
    const copies = await Promise.all([
      pbx.post('/telephony/events', ended),
      pbx.post('/telephony/events', event(id, 'answered', { at: at(10) })),
      pbx.post('/telephony/events', event(id, 'answered', { at: at(10) })),
    ]);
    expect(copies[0].body.duplicate).toBe(true);
    expect(copies.slice(1).filter((c) => c.body.duplicate)).toHaveLength(1);
    const late = await pbx.post('/telephony/events', event(id, 'ringing', { at: at(0) }));
    expect(late.body).toMatchObject({ status: 'completed', duplicate: false });

    const call = (await ws.api.get(`/calls/${first.body.id}`)).body;
    expect(call).toMatchObject({
      status: 'completed',
      durationSec: 55,
      startedAt: at(0),
      callbackDueAt: null,
    });
    const entries = await timelineCalls('contacts', contactId);
    expect(entries.filter((e) => e.data.callId === first.body.id)).toHaveLength(1);
  });

  it('matches numbers typed in any format and refuses malformed events with the field named', async () => {
    for (const from of ['+381641234567', '00381 64 123 4567', '064 123 4567', '064/1234-567']) {
      const response = await pbx.post('/telephony/events', event(callId(), 'ringing', { from }));
      expect(response.body.matches).toBe(1);
    }
    const bad = await pbx.post('/telephony/events', {
      ...event(callId(), 'ringing'),
      event: 'exploded',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.details[0].path).toBe('event');
    const noAt = await pbx.post('/telephony/events', {
      ...event(callId(), 'ringing'),
      at: 'yesterday',
    });
    expect(noAt.body.details[0].path).toBe('at');
    const notJson = await pbx.request('POST', '/telephony/events', '{"callId": ', {
      'content-type': 'application/json',
    });
    expect(notJson.status).toBe(400);
    expect(notJson.body.error).toBe('bad_request');
    const anonymous = await server.client().post('/telephony/events', event(callId(), 'ringing'));
    expect(anonymous.status).toBe(401);
  });

  it('still logs a call from an unknown extension or a hidden number, with warnings', async () => {
    const unknownExt = await pbx.post(
      '/telephony/events',
      event(callId(), 'ringing', { extension: '999' }),
    );
    expect(unknownExt.status).toBe(200);
    expect(unknownExt.body).toMatchObject({ agentId: null, warnings: ['unknown_extension'] });
    const byEmail = await pbx.post(
      '/telephony/events',
      event(callId(), 'ringing', { extension: undefined, agentEmail: agent.email.toUpperCase() }),
    );
    expect(byEmail.body.agentId).toBe(agent.userId);
    const hidden = await pbx.post(
      '/telephony/events',
      event(callId(), 'ringing', { from: 'anonymous' }),
    );
    expect(hidden.status).toBe(200);
    expect(hidden.body).toMatchObject({
      matches: 0,
      leadId: null,
      warnings: ['number_not_normalized'],
    });
  });

  it('turns an unknown caller into a lead with source "call", once', async () => {
    const id = callId();
    const from = '+381 63 555 0101';
    const ringing = await pbx.post('/telephony/events', event(id, 'ringing', { from }));
    expect(ringing.body.leadId).toEqual(expect.any(String));
    await pbx.post('/telephony/events', event(id, 'ringing', { from }));
    const lead = (await ws.api.get(`/leads/${ringing.body.leadId}`)).body;
    expect(lead).toMatchObject({ source: 'call', phone: '+381635550101', ownerId: agent.userId });
    expect(await timelineCalls('leads', lead.id)).toHaveLength(1);
    const again = await pbx.post('/telephony/events', event(callId(), 'ringing', { from }));
    expect(again.body).toMatchObject({ leadId: null, matches: 1 });
    expect((await ws.api.get('/leads?filter[source]=call')).body.data).toHaveLength(1);
  });

  it('puts a missed inbound call up for a call back within the SLA', async () => {
    await ws.api.request('PUT', '/telephony/settings', { callbackSlaMinutes: 30 });
    const id = callId();
    await pbx.post('/telephony/events', event(id, 'ringing'));
    const missed = await pbx.post('/telephony/events', event(id, 'missed', { at: at(40) }));
    expect(missed.body.status).toBe('missed');
    const call = (await ws.api.get(`/calls/${missed.body.id}`)).body;
    expect(call.callbackDueAt).toBe(new Date(Date.parse(at(40)) + 30 * 60_000).toISOString());
    const list = (await ws.api.get('/calls?filter[status]=missed')).body.data;
    expect(list.map((c: { id: string }) => c.id)).toContain(missed.body.id);
  });

  it('shows a chooser when a number matches many records, without duplicate entries', async () => {
    const phone = '+381 65 777 8888';
    for (let i = 0; i < 32; i++) {
      await ws.api.post('/contacts', { lastName: `Shared ${i}`, phones: [{ value: phone }] });
    }
    const id = callId();
    const ringing = await pbx.post('/telephony/events', event(id, 'ringing', { from: phone }));
    expect(ringing.body).toMatchObject({ status: 'ringing', matches: 31 });
    await pbx.post('/telephony/events', event(id, 'ringing', { from: phone }));
    const pop = await ws.api.get(`/screen-pop?phone=${encodeURIComponent('065/777-8888')}`);
    expect(pop.status).toBe(200);
    expect(pop.body.matches).toHaveLength(30);
    expect(pop.body.matchCount).toBe(31);
    const someone = pop.body.matches[5];
    expect(await timelineCalls('contacts', someone.id)).toHaveLength(1);
  });
});

describe('signatures', () => {
  it('requires a valid HMAC over the raw body once a secret is set', async () => {
    const other = await server.newWorkspace({ country: 'SI' });
    const key = (await other.api.post('/api-keys', { name: 'PBX' })).body.key as string;
    const client = server.client({ authorization: `Bearer ${key}` });
    const secret = 'shared-secret-of-the-pbx-123';
    const set = await other.api.request('PUT', '/telephony/settings', { signingSecret: secret });
    expect(set.body.signingSecretSet).toBe(true);
    const body = JSON.stringify(event(callId(), 'ringing', { from: '041 123 456' }));
    const unsigned = await client.request('POST', '/telephony/events', body);
    expect(unsigned.status).toBe(401);
    expect(unsigned.body.details[0].path).toBe('x-odnos-signature');
    const forged = await client.request('POST', '/telephony/events', body, {
      'x-odnos-signature': sign('another-secret-entirely', body),
    });
    expect(forged.status).toBe(401);
    const signed = await client.request('POST', '/telephony/events', body, {
      'x-odnos-signature': sign(secret, body),
    });
    expect(signed.status).toBe(200);
    // the body as sent, not as re-serialized: whitespace changes the signature
    const spaced = body.replace(/,/g, ', ');
    const resigned = await client.request('POST', '/telephony/events', spaced, {
      'x-odnos-signature': sign(secret, body),
    });
    expect(resigned.status).toBe(401);
  });
});

describe('agents and click-to-call', () => {
  it('maps users to extensions; a taken extension is refused; members set only their own', async () => {
    const other = await ws.addUser('member');
    const taken = await other.api.request('PUT', `/telephony/agents/${other.userId}`, {
      extension: '101',
    });
    expect(taken.status).toBe(400);
    expect(taken.body.details[0].path).toBe('extension');
    const forbidden = await other.api.request('PUT', `/telephony/agents/${agent.userId}`, {
      extension: '102',
    });
    expect(forbidden.status).toBe(403);
    const byAdmin = await ws.api.request('PUT', `/telephony/agents/${other.userId}`, {
      extension: '102',
    });
    expect(byAdmin.body.extension).toBe('102');
    const agents = (await ws.api.get('/telephony/agents')).body.data;
    expect(agents.find((a: { userId: string }) => a.userId === agent.userId).extension).toBe('101');
  });

  it('dials through tel: or asks the PBX, signed', async () => {
    const tel = await agent.api.post('/telephony/dial', { number: '064 123 4567' });
    expect(tel.body).toMatchObject({ mode: 'tel', telUri: 'tel:+381641234567' });
    const received: { headers: IncomingHttpHeaders; body: string }[] = [];
    const pbxServer = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.writeHead(202).end();
      });
    });
    await new Promise<void>((resolve) => pbxServer.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(pbxServer.address() as AddressInfo).port}/dial`;
      const secret = 'click-to-call-secret-0001';
      await ws.api.request('PUT', '/telephony/settings', {
        clickToCallUrl: url,
        signingSecret: secret,
      });
      const dialed = await agent.api.post('/telephony/dial', { number: '+381 64 123 4567' });
      expect(dialed.body).toMatchObject({ mode: 'webhook', pbxStatus: 202 });
      expect(JSON.parse(received[0]!.body)).toMatchObject({
        action: 'dial',
        to: '+381641234567',
        extension: '101',
      });
      expect(received[0]!.headers['x-odnos-signature']).toBe(sign(secret, received[0]!.body));
      const bad = await agent.api.post('/telephony/dial', { number: '12' });
      expect(bad.body.details[0].path).toBe('number');
    } finally {
      await ws.api.request('PUT', '/telephony/settings', {
        clickToCallUrl: null,
        signingSecret: null,
      });
      pbxServer.close();
    }
  });
});

describe('screen pop', () => {
  it('shows who calls: owner, language, tags, organization and the last interactions', async () => {
    const company = (await ws.api.post('/companies', { name: 'Delta Holding' })).body;
    const contact = (
      await ws.api.post('/contacts', {
        firstName: 'Јован',
        lastName: 'Јовановић',
        jobTitle: 'Nabavka',
        companyId: company.id,
        locale: 'sr-Cyrl',
        tags: ['veleprodaja'],
        phones: [{ value: '011 765 4321' }],
      })
    ).body;
    for (let i = 1; i <= 6; i++)
      await ws.api.post(`/contacts/${contact.id}/notes`, { body: `<p>Note <b>${i}</b></p>` });
    const pop = await ws.api.get('/screen-pop?phone=%2B381117654321');
    expect(pop.status).toBe(200);
    expect(pop.body).toMatchObject({
      number: '+381117654321',
      matchCount: 1,
      customer: {
        type: 'contacts',
        id: contact.id,
        title: 'Јован Јовановић',
        subtitle: 'Nabavka, Delta Holding',
        owner: { id: ws.userId, name: 'Ana Admin' },
        language: 'sr-Cyrl',
        tags: ['veleprodaja'],
        company: { id: company.id, name: 'Delta Holding' },
      },
    });
    expect(pop.body.customer.lastInteractions.map((i: { summary: string }) => i.summary)).toEqual([
      'Note 6',
      'Note 5',
      'Note 4',
      'Note 3',
      'Note 2',
    ]);
    const unknown = await ws.api.get('/screen-pop?phone=066%20000%20111');
    expect(unknown.body).toMatchObject({ matches: [], matchCount: 0, customer: null });
    const invalid = await ws.api.get('/screen-pop?phone=abc');
    expect(invalid.status).toBe(400);
    expect(invalid.body.details[0].path).toBe('phone');
    const chosen = await ws.api.get(`/screen-pop?type=companies&id=${company.id}`);
    expect(chosen.body.customer).toMatchObject({ type: 'companies', title: 'Delta Holding' });
  });

  it('keeps the call note on the call and on every timeline entry', async () => {
    const id = callId();
    const ringing = await pbx.post(
      '/telephony/events',
      // Rings now, after the notes written in the previous test.
      event(id, 'ringing', { from: '011 765 4321', at: new Date().toISOString() }),
    );
    const noted = await agent.api.request('PUT', `/calls/${ringing.body.id}/note`, {
      note: 'Wants 20 pallets before Friday',
    });
    expect(noted.body.note).toBe('Wants 20 pallets before Friday');
    // The caller's record belongs to the administrator (a sales rep does not see it).
    const pop = await ws.api.get(`/screen-pop?callId=${ringing.body.id}`);
    expect(pop.body.customer.lastInteractions[0]).toMatchObject({
      kind: 'call',
      summary: 'Wants 20 pallets before Friday',
    });
  });
});
