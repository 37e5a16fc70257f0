import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type SignedIn, type TestServer } from '../test-support/http.js';
import { openEventStream } from '../test-support/sse.js';

let server: TestServer;
let si: SignedIn;

interface Stage {
  id: string;
  kind: string;
  displayName: string;
  probability: number;
}
interface Pipeline {
  id: string;
  version: number;
  displayName: string;
  stages: Stage[];
}

let pipeline: Pipeline;
const open = () => pipeline.stages.filter((s) => s.kind === 'open');
const stageOfKind = (kind: string) => pipeline.stages.find((s) => s.kind === kind)!;

beforeAll(async () => {
  server = await startTestServer();
  si = await server.newWorkspace({ country: 'SI', currency: 'EUR', locale: 'sl' });
  pipeline = (await si.api.get('/pipelines')).body.data[0];
});
afterAll(async () => server.close());

describe('pipelines', () => {
  it('gives a new workspace one pipeline with five stages, named in its language', async () => {
    const res = await si.api.get('/pipelines');
    expect(res.status).toBe(200);
    expect(res.body.data).toHaveLength(1);
    expect(pipeline.displayName).toBe('Prodaja');
    expect(pipeline.stages.map((s) => [s.displayName, s.kind, s.probability])).toEqual([
      ['Kvalifikacija', 'open', 20],
      ['Ponudba', 'open', 50],
      ['Pogajanja', 'open', 80],
      ['Dobljeno', 'won', 100],
      ['Izgubljeno', 'lost', 0],
    ]);
    const reasons = await si.api.get('/lost-reasons');
    expect(reasons.body.data.map((r: { displayName: string }) => r.displayName)).toEqual([
      'Cena',
      'Izbral konkurenco',
      'Neustrezen čas',
      'Brez odločitve',
    ]);
    // Seeded once: a second read does not add another.
    expect((await si.api.get('/pipelines')).body.data).toHaveLength(1);
  });

  it('lets an administrator edit stages; refuses removing a stage that has deals', async () => {
    const created = await si.api.post('/pipelines', {
      name: { en: 'Renewals', sl: 'Podaljšanja' },
      stages: [
        { name: { en: 'Contacted' }, probability: 30, color: 'teal' },
        { name: { en: 'Renewed' }, kind: 'won' },
        { name: { en: 'Churned' }, kind: 'lost' },
      ],
    });
    expect(created.status).toBe(201);
    const renewals: Pipeline = created.body;
    expect(renewals.stages.map((s) => s.probability)).toEqual([30, 100, 0]);
    const [contacted, renewed, churned] = renewals.stages as [Stage, Stage, Stage];

    const deal = await si.api.post('/deals', { title: 'Renewal 2027', pipelineId: renewals.id });
    expect(deal.body.stageId).toBe(contacted.id);

    const edited = await si.api.patch(
      `/pipelines/${renewals.id}`,
      {
        stages: [
          { id: contacted.id, name: { en: 'Contacted', sl: 'Kontaktirani' }, probability: 40 },
          { name: { en: 'Offer sent' }, probability: 70, color: 'orange' },
          { id: renewed.id, name: { en: 'Renewed' }, kind: 'won' },
          { id: churned.id, name: { en: 'Churned' }, kind: 'lost' },
        ],
      },
      { 'if-match': String(renewals.version) },
    );
    expect(edited.status).toBe(200);
    expect(edited.body.stages.map((s: Stage) => s.displayName)).toEqual([
      'Kontaktirani',
      'Offer sent',
      'Renewed',
      'Churned',
    ]);

    const removing = await si.api.patch(`/pipelines/${renewals.id}`, {
      stages: [
        { name: { en: 'Only' } },
        { id: renewed.id, name: { en: 'Renewed' }, kind: 'won' },
        { id: churned.id, name: { en: 'Churned' }, kind: 'lost' },
      ],
    });
    expect(removing.status).toBe(400);
    expect(removing.body.details[0]).toEqual({
      path: 'stages',
      message: 'V fazi »Kontaktirani« so še posli; najprej jih premaknite.',
    });
    const noWon = await si.api.patch(`/pipelines/${renewals.id}`, {
      stages: [{ id: contacted.id, name: { en: 'Contacted' } }],
    });
    expect(noWon.status).toBe(400);
    expect(noWon.body.details.map((d: { path: string }) => d.path)).toEqual(['stages', 'stages']);

    expect((await si.api.delete(`/pipelines/${renewals.id}`)).status).toBe(409);
    expect((await si.api.delete(`/deals/${deal.body.id}`)).status).toBe(204);

    const member = await si.addUser('member');
    expect((await member.api.post('/pipelines', { name: { en: 'X' } })).status).toBe(403);
    expect((await member.api.get('/pipelines')).body.data).toHaveLength(2);
  });
});

describe('deals', () => {
  it('creates a deal with line items priced from the catalog; totals computed per line', async () => {
    const rates = (await si.api.get('/vat-rates')).body.data as { id: string; rate: number }[];
    const reduced = rates.find((r) => r.rate === 9.5)!;
    const product = (
      await si.api.post('/products', {
        sku: 'LIC-1',
        name: { sl: 'Licenca', en: 'Licence' },
        price: 1999,
        unit: 'kos',
      })
    ).body;
    const company = (await si.api.post('/companies', { name: 'Kovinar d.o.o.' })).body;
    const contact = (
      await si.api.post('/contacts', {
        firstName: 'Mojca',
        lastName: 'Kranjc',
        companyId: company.id,
      })
    ).body;
    const res = await si.api.post('/deals', {
      title: 'Letna licenca',
      companyId: company.id,
      contactId: contact.id,
      expectedCloseDate: '2027-03-31',
      source: 'sejem',
      tags: ['vip'],
      lines: [
        // 3 × 19,99 € − 10 % = 53,973 → 53,97; VAT 22 % = 11,8734 → 11,87
        { productId: product.id, quantity: 3, discountPercent: 10 },
        // 2,5 h × 40,00 € = 100,00; VAT 9,5 % = 9,50
        { description: 'Namestitev', quantity: 2.5, unitPrice: 4000, vatRateId: reduced.id },
      ],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      title: 'Letna licenca',
      companyName: 'Kovinar d.o.o.',
      contactName: 'Mojca Kranjc',
      pipelineId: pipeline.id,
      stageId: open()[0]!.id,
      stageName: 'Kvalifikacija',
      status: 'open',
      probability: 20,
      probabilityOverride: null,
      currency: 'EUR',
      amount: 15397,
      ownerId: si.userId,
      version: 1,
      totals: { net: 15397, vat: 1187 + 950, gross: 15397 + 2137 },
    });
    expect(res.body.lines).toMatchObject([
      {
        productId: product.id,
        description: 'Licenca',
        quantity: 3,
        unit: 'kos',
        unitPrice: 1999,
        discountPercent: 10,
        vatRate: 22,
        net: 5397,
        vat: 1187,
        gross: 6584,
      },
      { productId: null, description: 'Namestitev', net: 10000, vat: 950, gross: 10950 },
    ]);
    const got = await si.api.get(`/deals/${res.body.id}`);
    expect(got.body).toEqual(res.body);

    const found = await si.api.get('/deals?q=kovinar');
    expect(found.body.data.map((d: { id: string }) => d.id)).toEqual([res.body.id]);
    const filtered = await si.api.get(
      `/deals?filter[stageId]=${open()[0]!.id}&filter[pipelineId]=${pipeline.id}&filter[tags]=vip`,
    );
    expect(filtered.body.data.map((d: { id: string }) => d.id)).toEqual([res.body.id]);
    expect(filtered.body.data[0].lines).toBeUndefined();

    // Edit: override probability, replace the lines; the amount follows the lines.
    const edited = await si.api.patch(
      `/deals/${res.body.id}`,
      { probability: 35, lines: [{ description: 'Paket', quantity: 1, unitPrice: 50000 }] },
      { 'if-match': '1' },
    );
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({
      probability: 35,
      probabilityOverride: 35,
      amount: 50000,
      totals: { net: 50000, vat: 11000, gross: 61000 },
      version: 2,
    });
    const manual = await si.api.patch(`/deals/${res.body.id}`, { amount: 1 });
    expect(manual.status).toBe(400);
    expect(manual.body.details[0].path).toBe('amount');
    const timeline = (await si.api.get(`/deals/${res.body.id}/timeline`)).body.data;
    expect(timeline.map((t: { kind: string }) => t.kind)).toEqual(['changed', 'created']);
    expect(timeline[0].changes).toEqual(
      expect.arrayContaining([
        { field: 'amount', from: 15397, to: 50000 },
        { field: 'probability', from: null, to: 35 },
      ]),
    );
  });

  it('moves between stages with history, 409 when stale, won/lost with a reason', async () => {
    const [first, second, third] = open() as [Stage, Stage, Stage];
    const deal = (await si.api.post('/deals', { title: 'Selitev strežnikov', amount: 120000 }))
      .body;
    const stream = await openEventStream(si.api);
    try {
      const moved = await si.api.post(
        `/deals/${deal.id}/move`,
        { stageId: second.id },
        { 'if-match': String(deal.version) },
      );
      expect(moved.status).toBe(200);
      expect(moved.body).toMatchObject({ stageId: second.id, probability: 50, version: 2 });
      const event = await stream.next((e) => e.event === 'deal.moved');
      expect(event.data).toMatchObject({
        id: deal.id,
        pipelineId: pipeline.id,
        fromStageId: first.id,
        toStageId: second.id,
      });
    } finally {
      stream.close();
    }

    // A colleague who still saw version 1 loses.
    const stale = await si.api.post(
      `/deals/${deal.id}/move`,
      { stageId: third.id },
      { 'if-match': '1' },
    );
    expect(stale.status).toBe(409);
    expect(stale.body.error).toBe('version_conflict');

    const noReason = await si.api.post(`/deals/${deal.id}/move`, {
      stageId: stageOfKind('lost').id,
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.details[0]).toEqual({
      path: 'lostReasonId',
      message: 'Izberite, zakaj je bil posel izgubljen.',
    });
    const reasons = (await si.api.get('/lost-reasons')).body.data as { id: string }[];
    const lost = await si.api.post(`/deals/${deal.id}/move`, {
      stageId: stageOfKind('lost').id,
      lostReasonId: reasons[1]!.id,
      lostNote: 'Cheaper offer',
    });
    expect(lost.body).toMatchObject({
      status: 'lost',
      lostReasonId: reasons[1]!.id,
      lostNote: 'Cheaper offer',
      probability: 0,
    });
    expect(lost.body.closedAt).not.toBeNull();
    const reopened = await si.api.post(`/deals/${deal.id}/move`, { stageId: third.id });
    expect(reopened.body).toMatchObject({ status: 'open', lostReasonId: null, closedAt: null });
    const won = await si.api.post(`/deals/${deal.id}/move`, { stageId: stageOfKind('won').id });
    expect(won.body.status).toBe('won');

    const history = (await si.api.get(`/deals/${deal.id}/stage-history`)).body.data;
    expect(
      history.map((h: { fromStageId: string | null; toStageId: string }) => [
        h.fromStageId,
        h.toStageId,
      ]),
    ).toEqual([
      [null, first.id],
      [first.id, second.id],
      [second.id, stageOfKind('lost').id],
      [stageOfKind('lost').id, third.id],
      [third.id, stageOfKind('won').id],
    ]);
    expect(history.every((h: { amount: number }) => h.amount === 120000)).toBe(true);
    expect(history.slice(0, -1).every((h: { leftAt: string | null }) => h.leftAt !== null)).toBe(
      true,
    );
    expect(history.at(-1).leftAt).toBeNull();
  });

  it('refuses bad input naming the field, changing nothing', async () => {
    const other = (
      await si.api.post('/pipelines', {
        name: { en: 'Other' },
      })
    ).body as Pipeline;
    const deal = (await si.api.post('/deals', { title: 'Robni primer' })).body;
    const wrongPipeline = await si.api.post(`/deals/${deal.id}/move`, {
      stageId: other.stages[0]!.id,
    });
    expect(wrongPipeline.status).toBe(400);
    expect(wrongPipeline.body.details).toEqual([
      { path: 'stageId', message: 'Ta faza spada v drug prodajni lijak.' },
    ]);

    const stranger = await server.newWorkspace();
    const theirCompany = (await stranger.api.post('/companies', { name: 'Tuje podjetje' })).body;
    const bad = await si.api.post('/deals', {
      title: 'X',
      currency: 'XYZ',
      lines: [{ description: 'A', quantity: -1, unitPrice: 100 }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'currency',
      'lines.0.quantity',
    ]);
    const badVat = await si.api.post('/deals', {
      title: 'X',
      companyId: theirCompany.id,
      lines: [
        {
          description: 'A',
          quantity: 1,
          unitPrice: 100,
          vatRateId: '00000000-0000-4000-8000-000000000000',
        },
      ],
    });
    expect(badVat.status).toBe(400);
    expect(badVat.body.details).toEqual([{ path: 'companyId', message: expect.any(String) }]);
    const badVatOnly = await si.api.post('/deals', {
      title: 'X',
      lines: [
        { description: 'A', quantity: 1, unitPrice: 100 },
        {
          description: 'B',
          quantity: 1,
          unitPrice: 100,
          vatRateId: '00000000-0000-4000-8000-000000000000',
        },
      ],
    });
    expect(badVatOnly.body.details[0].path).toBe('lines.1.vatRateId');
    const badStage = await si.api.post('/deals', {
      title: 'X',
      pipelineId: pipeline.id,
      stageId: other.stages[0]!.id,
    });
    expect(badStage.body.details[0].path).toBe('stageId');
    const list = (await si.api.get('/deals?q=X&limit=200')).body.data;
    expect(list.filter((d: { title: string }) => d.title === 'X')).toEqual([]);
    // Invisible to another workspace.
    expect((await stranger.api.get(`/deals/${deal.id}`)).status).toBe(404);
    expect(
      (await stranger.api.post(`/deals/${deal.id}/move`, { stageId: pipeline.stages[1]!.id }))
        .status,
    ).toBe(404);
    expect((await stranger.api.get(`/deals/${deal.id}/stage-history`)).status).toBe(404);
  });

  it('soft-deletes and restores, with the timeline', async () => {
    const deal = (await si.api.post('/deals', { title: 'Brisanje' })).body;
    expect((await si.api.delete(`/deals/${deal.id}`)).status).toBe(204);
    expect(
      (await si.api.get('/deals?deleted=true')).body.data.map((d: { id: string }) => d.id),
    ).toContain(deal.id);
    const restored = await si.api.post(`/deals/${deal.id}/restore`);
    expect(restored.body.deletedAt).toBeNull();
    const kinds = (await si.api.get(`/deals/${deal.id}/timeline`)).body.data.map(
      (t: { kind: string }) => t.kind,
    );
    expect(kinds).toEqual(['restored', 'deleted', 'created']);
  });
});
