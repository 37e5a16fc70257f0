import { z } from 'zod';
import { guardCreate, guardDelete, guardList, guardUpdate } from '../access/enforce.js';
import { redact } from '../platform/permissions.js';
import { ctxOf, ctxWithRole, type App } from '../platform/http.js';
import { sendCsv } from '../platform/csv.js';
import { onceByKey } from '../platform/idempotency.js';
import { pickFields } from '../records/presenter.js';
import { bulkBody, bulkResponse, idParams, ifMatchHeaders, listQuery } from '../records/schema.js';
import { bulkAction, expectedVersion } from '../records/service.js';
import { timelineRoutes } from '../timeline/routes.js';
import {
  presentDeal,
  presentHistory,
  presentLostReason,
  presentPipeline,
  presentPipelines,
} from './presenter.js';
import {
  dealCreateBody,
  dealOut,
  dealUpdateBody,
  boardColumnQuery,
  boardOut,
  boardQuery,
  columnPageOut,
  funnelOut,
  funnelQuery,
  historyList,
  lostReasonCreateBody,
  lostReasonList,
  lostReasonOut,
  lostReasonUpdateBody,
  moveBody,
  pipelineCreateBody,
  pipelineList,
  pipelineOut,
  pipelineUpdateBody,
} from './schema.js';
import * as deals from './service.js';
import { getBoard, getColumnPage } from './board.js';
import { funnelCsv, funnelReport } from './funnel.js';

export function dealRoutes(app: App): void {
  pipelineRoutes(app);
  lostReasonRoutes(app);
  boardRoutes(app);

  const tags = ['deals'];
  app.post(
    '/deals',
    {
      schema: {
        tags,
        body: dealCreateBody,
        headers: z.object({ 'idempotency-key': z.string().optional() }),
        response: { 201: dealOut, 200: dealOut },
      },
    },
    async (request, reply) => {
      const ctx = ctxOf(request);
      const result = await onceByKey(
        ctx,
        request.headers['idempotency-key'],
        'POST /deals',
        async (tx) => {
          guardCreate(tx, 'deals', request.body);
          return redact(tx, 'deals', presentDeal(tx, await deals.createDeal(tx, request.body)));
        },
      );
      return reply.status(result.replayed ? 200 : 201).send(result.body);
    },
  );

  app.get(
    '/deals',
    {
      schema: {
        tags,
        querystring: listQuery,
        response: {
          200: z.object({ data: z.array(dealOut.partial()), nextCursor: z.string().nullable() }),
        },
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      guardList(ctx, 'deals', request.query);
      const page = await deals.listDeals(ctx, request.query);
      return {
        data: page.details.map((detail) =>
          pickFields(redact(ctx, 'deals', presentDeal(ctx, detail)), page.fields),
        ),
        nextCursor: page.nextCursor,
      };
    },
  );

  app.get(
    '/deals/:id',
    { schema: { tags, params: idParams, response: { 200: dealOut } } },
    async (request) => {
      const ctx = ctxOf(request);
      return redact(ctx, 'deals', presentDeal(ctx, await deals.getDeal(ctx, request.params.id)));
    },
  );

  app.patch(
    '/deals/:id',
    {
      schema: {
        tags,
        params: idParams,
        headers: ifMatchHeaders,
        body: dealUpdateBody,
        response: { 200: dealOut },
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      await guardUpdate(ctx, 'deals', request.params.id, request.body);
      return presentDeal(
        ctx,
        await deals.updateDeal(
          ctx,
          request.params.id,
          request.body,
          expectedVersion(request.headers['if-match']),
        ),
      );
    },
  );

  app.post(
    '/deals/:id/move',
    {
      schema: {
        tags,
        params: idParams,
        headers: ifMatchHeaders,
        body: moveBody,
        response: { 200: dealOut },
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      await guardUpdate(ctx, 'deals', request.params.id, {});
      return presentDeal(
        ctx,
        await deals.moveDeal(
          ctx,
          request.params.id,
          request.body,
          expectedVersion(request.headers['if-match']),
        ),
      );
    },
  );

  app.get(
    '/deals/:id/stage-history',
    { schema: { tags, params: idParams, response: { 200: historyList } } },
    async (request) => ({
      data: (await deals.stageHistory(ctxOf(request), request.params.id)).map(presentHistory),
    }),
  );

  app.delete('/deals/:id', { schema: { tags, params: idParams } }, async (request, reply) => {
    const ctx = ctxOf(request);
    await guardDelete(ctx, 'deals', request.params.id);
    await deals.deleteDeal(ctx, request.params.id);
    return reply.status(204).send();
  });

  app.post(
    '/deals/:id/restore',
    { schema: { tags, params: idParams, response: { 200: dealOut } } },
    async (request) => {
      const ctx = ctxOf(request);
      await guardDelete(ctx, 'deals', request.params.id);
      return redact(
        ctx,
        'deals',
        presentDeal(ctx, await deals.restoreDeal(ctx, request.params.id)),
      );
    },
  );

  app.post(
    '/deals/bulk',
    { schema: { tags, body: bulkBody, response: { 200: bulkResponse } } },
    async (request) => ({ updated: await bulkAction(ctxOf(request), 'deals', request.body) }),
  );

  timelineRoutes(app, 'deals');
}

function pipelineRoutes(app: App): void {
  const tags = ['pipelines'];
  app.get('/pipelines', { schema: { tags, response: { 200: pipelineList } } }, async (request) => {
    const ctx = ctxOf(request);
    return { data: presentPipelines(ctx, await deals.listPipelines(ctx)) };
  });
  app.post(
    '/pipelines',
    { schema: { tags, body: pipelineCreateBody, response: { 201: pipelineOut } } },
    async (request, reply) => {
      const ctx = ctxWithRole(request, 'admin');
      return reply
        .status(201)
        .send(presentPipeline(ctx, await deals.createPipeline(ctx, request.body)));
    },
  );
  app.get(
    '/pipelines/:id',
    { schema: { tags, params: idParams, response: { 200: pipelineOut } } },
    async (request) => {
      const ctx = ctxOf(request);
      return presentPipeline(ctx, await deals.getPipeline(ctx, request.params.id));
    },
  );
  app.patch(
    '/pipelines/:id',
    {
      schema: {
        tags,
        params: idParams,
        headers: ifMatchHeaders,
        body: pipelineUpdateBody,
        response: { 200: pipelineOut },
      },
    },
    async (request) => {
      const ctx = ctxWithRole(request, 'admin');
      return presentPipeline(
        ctx,
        await deals.updatePipeline(
          ctx,
          request.params.id,
          request.body,
          expectedVersion(request.headers['if-match']),
        ),
      );
    },
  );
  app.delete('/pipelines/:id', { schema: { tags, params: idParams } }, async (request, reply) => {
    await deals.deletePipeline(ctxWithRole(request, 'admin'), request.params.id);
    return reply.status(204).send();
  });
}

function lostReasonRoutes(app: App): void {
  const tags = ['lost-reasons'];
  app.get(
    '/lost-reasons',
    { schema: { tags, response: { 200: lostReasonList } } },
    async (request) => {
      const ctx = ctxOf(request);
      return {
        data: (await deals.listLostReasons(ctx)).map((r) => presentLostReason(ctx, r)),
      };
    },
  );
  app.post(
    '/lost-reasons',
    { schema: { tags, body: lostReasonCreateBody, response: { 201: lostReasonOut } } },
    async (request, reply) => {
      const ctx = ctxWithRole(request, 'admin');
      return reply
        .status(201)
        .send(presentLostReason(ctx, await deals.createLostReason(ctx, request.body)));
    },
  );
  app.patch(
    '/lost-reasons/:id',
    {
      schema: {
        tags,
        params: idParams,
        body: lostReasonUpdateBody,
        response: { 200: lostReasonOut },
      },
    },
    async (request) => {
      const ctx = ctxWithRole(request, 'admin');
      return presentLostReason(
        ctx,
        await deals.updateLostReason(ctx, request.params.id, request.body),
      );
    },
  );
}

function boardRoutes(app: App): void {
  app.get(
    '/pipelines/:id/board',
    {
      schema: {
        tags: ['pipelines'],
        params: idParams,
        querystring: boardQuery,
        response: { 200: boardOut },
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      const board = await getBoard(ctx, request.params.id, request.query);
      return { ...board, pipeline: presentPipeline(ctx, board.pipeline) };
    },
  );
  app.get(
    '/pipelines/:id/board/:stageId',
    {
      schema: {
        tags: ['pipelines'],
        params: z.strictObject({ id: z.uuid(), stageId: z.uuid() }),
        querystring: boardColumnQuery,
        response: { 200: columnPageOut },
      },
    },
    async (request) =>
      getColumnPage(ctxOf(request), request.params.id, request.params.stageId, request.query),
  );
  app.get(
    '/reports/funnel',
    {
      schema: {
        tags: ['reports'],
        querystring: funnelQuery,
        response: { 200: z.union([funnelOut, z.string().describe('CSV (format=csv)')]) },
      },
    },
    async (request, reply) => {
      const ctx = ctxOf(request);
      const report = await funnelReport(ctx, request.query);
      if (request.query.format !== 'csv') return report;
      return sendCsv(
        reply,
        `funnel-${report.from}-${report.to}.csv`,
        `\uFEFF${funnelCsv(ctx, report)}`,
      );
    },
  );
}
