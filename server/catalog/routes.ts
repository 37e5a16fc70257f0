import { z } from 'zod';
import type { Ctx } from '../platform/context.js';
import { ctxCan, ctxOf, ctxWithRole, type App } from '../platform/http.js';
import {
  redact,
  requireCan,
  requireEditableFields,
  requireVisibleListParams,
} from '../platform/permissions.js';
import { pickFields } from '../records/presenter.js';
import { idParams, ifMatchHeaders, listQuery } from '../records/schema.js';
import { expectedVersion } from '../records/service.js';
import { presentDiscount, presentPriceList, presentProduct, presentVatRate } from './presenter.js';
import type { ProductRow } from './repository.js';
import {
  discountCreateBody,
  discountList,
  discountOut,
  discountQuery,
  discountUpdateBody,
  exchangeRateBody,
  exchangeRateList,
  exchangeRateParams,
  priceListCreateBody,
  priceListList,
  priceListOut,
  priceListUpdateBody,
  priceOut,
  priceQuery,
  productCreateBody,
  productOut,
  productUpdateBody,
  vatRateCreateBody,
  vatRateList,
  vatRateOut,
  vatRateUpdateBody,
} from './schema.js';
import * as catalog from './service.js';

async function presentProducts(ctx: Ctx, rows: ProductRow[]) {
  const rates = new Map(
    (await catalog.listVatRates(ctx)).map((r) => [r.id, Number(r.rate)] as const),
  );
  // Cost price and margin are hidden from roles that may not see them (issue 9).
  return rows.map((row) => redact(ctx, 'products', presentProduct(ctx, row, rates)));
}

async function presentOne(ctx: Ctx, row: ProductRow) {
  const rates = new Map(
    (await catalog.listVatRates(ctx)).map((r) => [r.id, Number(r.rate)] as const),
  );
  return redact(ctx, 'products', presentProduct(ctx, row, rates));
}

export function catalogRoutes(app: App): void {
  const vatTags = ['vat-rates'];
  app.get(
    '/vat-rates',
    { schema: { tags: vatTags, response: { 200: vatRateList } } },
    async (request) => ({
      data: (await catalog.listVatRates(ctxOf(request))).map(presentVatRate),
    }),
  );
  app.post(
    '/vat-rates',
    { schema: { tags: vatTags, body: vatRateCreateBody, response: { 201: vatRateOut } } },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          presentVatRate(await catalog.createVatRate(ctxWithRole(request, 'admin'), request.body)),
        ),
  );
  app.patch(
    '/vat-rates/:id',
    {
      schema: {
        tags: vatTags,
        params: idParams,
        headers: ifMatchHeaders,
        body: vatRateUpdateBody,
        response: { 200: vatRateOut },
      },
    },
    async (request) =>
      presentVatRate(
        await catalog.updateVatRate(
          ctxWithRole(request, 'admin'),
          request.params.id,
          request.body,
          expectedVersion(request.headers['if-match']),
        ),
      ),
  );

  const tags = ['products'];
  app.get(
    '/products',
    {
      schema: {
        tags,
        querystring: listQuery,
        response: {
          200: z.object({ data: z.array(productOut.partial()), nextCursor: z.string().nullable() }),
        },
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      requireCan(ctx, 'read', 'products');
      requireVisibleListParams(ctx, 'products', request.query);
      const page = await catalog.listProducts(ctx, request.query);
      return {
        data: (await presentProducts(ctx, page.rows)).map((p) => pickFields(p, page.fields)),
        nextCursor: page.nextCursor,
      };
    },
  );
  app.post(
    '/products',
    { schema: { tags, body: productCreateBody, response: { 201: productOut } } },
    async (request, reply) => {
      const ctx = ctxCan(request, 'create', 'products');
      requireEditableFields(ctx, 'products', request.body);
      return reply
        .status(201)
        .send(await presentOne(ctx, await catalog.createProduct(ctx, request.body)));
    },
  );
  app.get(
    '/products/:id',
    { schema: { tags, params: idParams, response: { 200: productOut } } },
    async (request) => {
      const ctx = ctxOf(request);
      return presentOne(ctx, await catalog.getProduct(ctx, request.params.id));
    },
  );
  app.patch(
    '/products/:id',
    {
      schema: {
        tags,
        params: idParams,
        headers: ifMatchHeaders,
        body: productUpdateBody,
        response: { 200: productOut },
      },
    },
    async (request) => {
      const ctx = ctxCan(request, 'edit', 'products');
      requireEditableFields(ctx, 'products', request.body);
      return presentOne(
        ctx,
        await catalog.updateProduct(
          ctx,
          request.params.id,
          request.body,
          expectedVersion(request.headers['if-match']),
        ),
      );
    },
  );
  app.delete('/products/:id', { schema: { tags, params: idParams } }, async (request, reply) => {
    await catalog.setProductDeleted(ctxCan(request, 'delete', 'products'), request.params.id, true);
    return reply.status(204).send();
  });
  app.post(
    '/products/:id/restore',
    { schema: { tags, params: idParams, response: { 200: productOut } } },
    async (request) => {
      const ctx = ctxCan(request, 'delete', 'products');
      await catalog.setProductDeleted(ctx, request.params.id, false);
      return presentOne(ctx, await catalog.getProduct(ctx, request.params.id));
    },
  );
  app.get(
    '/products/:id/price',
    { schema: { tags, params: idParams, querystring: priceQuery, response: { 200: priceOut } } },
    async (request) => catalog.resolvePrice(ctxOf(request), request.params.id, request.query, 'id'),
  );

  const plTags = ['price-lists'];
  app.get(
    '/price-lists',
    { schema: { tags: plTags, response: { 200: priceListList } } },
    async (request) => ({
      data: (await catalog.listPriceLists(ctxOf(request))).map((p) =>
        presentPriceList(p.list, p.items),
      ),
    }),
  );
  app.get(
    '/price-lists/:id',
    { schema: { tags: plTags, params: idParams, response: { 200: priceListOut } } },
    async (request) => {
      const p = await catalog.getPriceList(ctxOf(request), request.params.id);
      return presentPriceList(p.list, p.items);
    },
  );
  app.post(
    '/price-lists',
    { schema: { tags: plTags, body: priceListCreateBody, response: { 201: priceListOut } } },
    async (request, reply) => {
      const p = await catalog.createPriceList(ctxWithRole(request, 'manager'), request.body);
      return reply.status(201).send(presentPriceList(p.list, p.items));
    },
  );
  app.patch(
    '/price-lists/:id',
    {
      schema: {
        tags: plTags,
        params: idParams,
        headers: ifMatchHeaders,
        body: priceListUpdateBody,
        response: { 200: priceListOut },
      },
    },
    async (request) => {
      const p = await catalog.updatePriceList(
        ctxWithRole(request, 'manager'),
        request.params.id,
        request.body,
        expectedVersion(request.headers['if-match']),
      );
      return presentPriceList(p.list, p.items);
    },
  );
  app.delete(
    '/price-lists/:id',
    { schema: { tags: plTags, params: idParams } },
    async (request, reply) => {
      await catalog.deletePriceList(ctxWithRole(request, 'manager'), request.params.id);
      return reply.status(204).send();
    },
  );

  const dTags = ['customer-discounts'];
  app.get(
    '/customer-discounts',
    { schema: { tags: dTags, querystring: discountQuery, response: { 200: discountList } } },
    async (request) => ({
      data: (await catalog.listDiscounts(ctxOf(request), request.query)).map(presentDiscount),
    }),
  );
  app.post(
    '/customer-discounts',
    { schema: { tags: dTags, body: discountCreateBody, response: { 201: discountOut } } },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          presentDiscount(
            await catalog.createDiscount(ctxWithRole(request, 'manager'), request.body),
          ),
        ),
  );
  app.patch(
    '/customer-discounts/:id',
    {
      schema: {
        tags: dTags,
        params: idParams,
        body: discountUpdateBody,
        response: { 200: discountOut },
      },
    },
    async (request) =>
      presentDiscount(
        await catalog.updateDiscount(
          ctxWithRole(request, 'manager'),
          request.params.id,
          request.body,
        ),
      ),
  );
  app.delete(
    '/customer-discounts/:id',
    { schema: { tags: dTags, params: idParams } },
    async (request, reply) => {
      await catalog.deleteDiscount(ctxWithRole(request, 'manager'), request.params.id);
      return reply.status(204).send();
    },
  );

  const xTags = ['exchange-rates'];
  app.get(
    '/exchange-rates',
    { schema: { tags: xTags, response: { 200: exchangeRateList } } },
    async (request) => ({
      data: (await catalog.listExchangeRates(ctxOf(request))).map((r) => ({
        currency: r.currency,
        validOn: r.validOn,
        rate: Number(r.rate),
        source: r.source,
      })),
    }),
  );
  app.put(
    '/exchange-rates',
    { schema: { tags: xTags, body: exchangeRateBody } },
    async (request, reply) => {
      await catalog.setExchangeRate(ctxWithRole(request, 'manager'), request.body);
      return reply.status(204).send();
    },
  );
  app.delete(
    '/exchange-rates/:currency/:validOn',
    { schema: { tags: xTags, params: exchangeRateParams } },
    async (request, reply) => {
      await catalog.deleteExchangeRate(
        ctxWithRole(request, 'manager'),
        request.params.currency,
        request.params.validOn,
      );
      return reply.status(204).send();
    },
  );
}
