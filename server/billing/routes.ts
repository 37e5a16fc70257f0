import { z } from 'zod';
import type { DocumentType } from '../../common/billing/totals.js';
import { ctxCan, ctxOf, ctxWithRole, type App } from '../platform/http.js';
import { sendCsv } from '../platform/csv.js';
import {
  redact,
  requireCan,
  requireEditableFields,
  requireVisibleListParams,
} from '../platform/permissions.js';
import type { FastifyRequest } from 'fastify';
import { idParams } from '../records/schema.js';
import * as money from './payments.js';
import { presentBankLine, presentDocument, presentPayment } from './presenter.js';
import { listTemplates, previewTemplate, saveTemplate } from './template-service.js';
import {
  bankConfirmBody,
  bankImportBody,
  bankLineOut,
  convertBody,
  customerParams,
  documentCreateBody,
  documentOut,
  documentPage,
  documentUpdateBody,
  emailBody,
  exportQuery,
  financeOut,
  fromDealBody,
  paymentCreateBody,
  paymentListQuery,
  paymentOut,
  purchaseOut,
  statusBody,
  templateBody,
  templateOut,
  templateParams,
  termsBody,
} from './schema.js';
import * as billing from './service.js';

function ifMatch(header: unknown): number | null {
  if (typeof header !== 'string' || header === '') return null;
  const n = Number(header.replaceAll('"', ''));
  return Number.isInteger(n) ? n : null;
}

/** The same routes for quotes, orders and invoices (proforma and credit notes live with invoices). */
function documentRoutes(app: App, collection: billing.Collection): void {
  const tags = ['billing'];
  app.get(
    `/${collection}`,
    {
      schema: {
        tags,
        querystring: z.record(z.string(), z.unknown()),
        response: { 200: documentPage },
      },
    },
    async (request) => {
      const ctx = ctxCan(request, 'read', 'documents');
      requireVisibleListParams(ctx, 'documents', request.query);
      const page = await billing.listDocuments(ctx, collection, request.query);
      return {
        data: page.rows.map((row) => redact(ctx, 'documents', presentDocument(ctx, row))),
        nextCursor: page.nextCursor,
      };
    },
  );
  app.post(
    `/${collection}`,
    { schema: { tags, body: documentCreateBody, response: { 201: documentOut } } },
    async (request, reply) => {
      const ctx = ctxCan(request, 'create', 'documents');
      requireEditableFields(ctx, 'documents', request.body);
      const result = await billing.createDocument(ctx, collection, request.body);
      return reply
        .status(201)
        .send(redact(ctx, 'documents', presentDocument(ctx, result.document, result)));
    },
  );
  app.get(
    `/${collection}/:id`,
    { schema: { tags, params: idParams, response: { 200: documentOut } } },
    async (request) => {
      const ctx = ctxOf(request);
      const result = await billing.getDocument(ctx, request.params.id, collection);
      return redact(ctx, 'documents', presentDocument(ctx, result.document, result));
    },
  );
  app.patch(
    `/${collection}/:id`,
    {
      schema: { tags, params: idParams, body: documentUpdateBody, response: { 200: documentOut } },
    },
    async (request) => {
      const ctx = await documentCtx(request, collection, 'edit');
      requireEditableFields(ctx, 'documents', request.body);
      const result = await billing.updateDocument(
        ctx,
        collection,
        request.params.id,
        request.body,
        ifMatch(request.headers['if-match']),
      );
      return presentDocument(ctx, result.document, result);
    },
  );
  app.delete(
    `/${collection}/:id`,
    { schema: { tags, params: idParams } },
    async (request, reply) => {
      const ctx = await documentCtx(request, collection, 'delete');
      await billing.deleteDocument(ctx, collection, request.params.id);
      return reply.status(204).send();
    },
  );
  app.post(
    `/${collection}/:id/issue`,
    { schema: { tags, params: idParams, response: { 200: documentOut } } },
    async (request) => {
      const ctx = await documentCtx(request, collection, 'edit');
      const result = await billing.issueDocument(ctx, collection, request.params.id);
      return presentDocument(ctx, result.document, result);
    },
  );
  app.post(
    `/${collection}/:id/status`,
    { schema: { tags, params: idParams, body: statusBody, response: { 200: documentOut } } },
    async (request) => {
      const ctx = await documentCtx(request, collection, 'edit');
      const result = await billing.changeStatus(
        ctx,
        collection,
        request.params.id,
        request.body.status,
      );
      return presentDocument(ctx, result.document, result);
    },
  );
  app.post(
    `/${collection}/:id/convert`,
    { schema: { tags, params: idParams, body: convertBody, response: { 201: documentOut } } },
    async (request, reply) => {
      const ctx = ctxCan(request, 'create', 'documents');
      const result = await billing.convertDocument(
        ctx,
        collection,
        request.params.id,
        request.body.to,
      );
      return reply.status(201).send(presentDocument(ctx, result.document, result));
    },
  );
  app.post(
    `/${collection}/:id/email`,
    { schema: { tags, params: idParams, body: emailBody, response: { 200: documentOut } } },
    async (request) => {
      const ctx = ctxOf(request);
      const result = await billing.emailDocument(ctx, collection, request.params.id, request.body);
      return presentDocument(ctx, result.document, result);
    },
  );
  app.get(
    `/${collection}/:id/pdf`,
    {
      schema: {
        tags,
        params: idParams,
        querystring: z.strictObject({ download: z.enum(['0', '1']).optional() }),
      },
    },
    async (request, reply) => {
      const { pdf, fileName } = await billing.documentPdf(
        ctxOf(request),
        collection,
        request.params.id,
      );
      const disposition = request.query.download === '1' ? 'attachment' : 'inline';
      return reply
        .header('content-type', 'application/pdf')
        .header(
          'content-disposition',
          `${disposition}; filename="${fileName.replace(/[^\x20-\x7e]/g, '_').replaceAll('"', '')}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
        )
        .header('cache-control', 'no-store')
        .send(pdf);
    },
  );
}

export function billingRoutes(app: App): void {
  documentRoutes(app, 'quotes');
  documentRoutes(app, 'orders');
  documentRoutes(app, 'invoices');
  const tags = ['billing'];

  app.post(
    '/deals/:id/documents',
    {
      schema: {
        tags,
        summary: "A draft quote, order or invoice from the deal's line items",
        params: idParams,
        body: fromDealBody,
        response: { 201: documentOut },
      },
    },
    async (request, reply) => {
      const ctx = ctxOf(request);
      const result = await billing.createFromDeal(ctx, request.params.id, request.body.type);
      return reply.status(201).send(presentDocument(ctx, result.document, result));
    },
  );

  app.get(
    '/payments',
    {
      schema: {
        tags,
        querystring: paymentListQuery,
        response: {
          200: z.object({ data: z.array(paymentOut), nextCursor: z.string().nullable() }),
        },
      },
    },
    async (request) => {
      const ctx = ctxCan(request, 'read', 'payments');
      const page = await money.listPayments(ctx, request.query);
      return {
        data: page.data.map((p) => redact(ctx, 'payments', presentPayment(p))),
        nextCursor: page.nextCursor,
      };
    },
  );
  app.post(
    '/payments',
    { schema: { tags, body: paymentCreateBody, response: { 201: paymentOut } } },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          presentPayment(
            await money.createPayment(ctxCan(request, 'create', 'payments'), request.body),
          ),
        ),
  );
  app.get(
    '/payments/:id',
    { schema: { tags, params: idParams, response: { 200: paymentOut } } },
    async (request) => presentPayment(await money.getPayment(ctxOf(request), request.params.id)),
  );

  const bankPage = z.object({
    importId: z.uuid().nullable(),
    skipped: z.number(),
    data: z.array(bankLineOut),
  });
  app.post(
    '/payments/bank-statements',
    { schema: { tags, body: bankImportBody, response: { 201: bankPage } } },
    async (request, reply) => {
      const ctx = ctxWithRole(request, 'manager');
      const imported = await money.importStatement(ctx, request.body);
      const lines = await money.bankLines(ctx, imported.importId);
      return reply.status(201).send({
        importId: imported.importId,
        skipped: imported.skipped,
        data: lines.map((l) => presentBankLine(l.line, l.suggestions)),
      });
    },
  );
  app.get(
    '/payments/bank-lines',
    {
      schema: {
        tags,
        querystring: z.strictObject({ importId: z.uuid().optional() }),
        response: { 200: bankPage },
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      const lines = await money.bankLines(ctx, request.query.importId ?? null);
      return {
        importId: request.query.importId ?? null,
        skipped: 0,
        data: lines.map((l) => presentBankLine(l.line, l.suggestions)),
      };
    },
  );
  app.post(
    '/payments/bank-lines/:id/confirm',
    { schema: { tags, params: idParams, body: bankConfirmBody, response: { 201: paymentOut } } },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          presentPayment(
            await money.confirmBankLine(
              ctxWithRole(request, 'manager'),
              request.params.id,
              request.body.documentId,
            ),
          ),
        ),
  );
  app.post(
    '/payments/bank-lines/:id/ignore',
    { schema: { tags, params: idParams } },
    async (request, reply) => {
      await money.ignoreBankLine(ctxWithRole(request, 'manager'), request.params.id);
      return reply.status(204).send();
    },
  );

  app.get(
    '/document-templates',
    {
      schema: {
        tags,
        response: {
          200: z.object({ data: z.array(templateOut), placeholders: z.array(z.string()) }),
        },
      },
    },
    async (request) => listTemplates(ctxOf(request)),
  );
  app.put(
    '/document-templates/:type/:language',
    {
      schema: { tags, params: templateParams, body: templateBody, response: { 200: templateOut } },
    },
    async (request) =>
      saveTemplate(
        ctxWithRole(request, 'admin'),
        request.params.type,
        request.params.language,
        request.body,
      ),
  );
  app.get(
    '/document-templates/:type/:language/preview',
    { schema: { tags, params: templateParams } },
    async (request, reply) => {
      const pdf = await previewTemplate(
        ctxOf(request),
        request.params.type,
        request.params.language,
      );
      return reply
        .header('content-type', 'application/pdf')
        .header('cache-control', 'no-store')
        .send(pdf);
    },
  );

  app.get(
    '/customers/:type/:id/finance',
    { schema: { tags, params: customerParams, response: { 200: financeOut } } },
    async (request) => {
      const f = await money.customerFinance(ctxOf(request), request.params.type, request.params.id);
      return presentFinance(ctxOf(request), f);
    },
  );
  app.put(
    '/customers/:type/:id/finance',
    { schema: { tags, params: customerParams, body: termsBody, response: { 200: financeOut } } },
    async (request) => {
      const ctx = ctxWithRole(request, 'manager');
      const f = await money.setTerms(ctx, request.params.type, request.params.id, request.body);
      return presentFinance(ctx, f);
    },
  );
  app.get(
    '/customers/:type/:id/purchases',
    {
      schema: {
        tags,
        params: customerParams,
        querystring: z.strictObject({
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
        response: { 200: z.object({ data: z.array(purchaseOut) }) },
      },
    },
    async (request) => {
      const rows = await money.purchaseHistory(
        ctxOf(request),
        request.params.type,
        request.params.id,
        request.query.limit,
      );
      return {
        data: rows.map((r) => ({ ...r, type: r.type as DocumentType })),
      };
    },
  );

  app.get(
    '/exports/accounting',
    { schema: { tags, querystring: exportQuery } },
    async (request, reply) => {
      const ctx = ctxWithRole(request, 'manager');
      requireCan(ctx, 'export', 'documents');
      const data = await money.accountingExport(ctx, request.query.from, request.query.to);
      const name = `accounting-${request.query.from}-${request.query.to}`;
      if (request.query.format === 'json')
        return reply
          .header('content-disposition', `attachment; filename="${name}.json"`)
          .type('application/json')
          .send(data);
      return sendCsv(reply, `${name}.csv`, money.accountingCsv(data));
    },
  );
}

function presentFinance(
  ctx: Parameters<typeof presentDocument>[0],
  f: Awaited<ReturnType<typeof money.customerFinance>>,
) {
  return {
    ...f,
    recentDocuments: f.recentDocuments.map((row) => {
      const doc = presentDocument(ctx, row);
      return {
        id: doc.id,
        type: doc.type,
        number: doc.number,
        status: doc.status,
        issueDate: doc.issueDate,
        dueDate: doc.dueDate,
        grossTotal: doc.grossTotal,
        openAmount: doc.openAmount,
        currency: doc.currency,
      };
    }),
  };
}

/** Edit/delete a document: the role's scope on its owner (a document outside read scope is 404). */
async function documentCtx(
  request: FastifyRequest,
  collection: Parameters<typeof billing.getDocument>[2],
  action: 'edit' | 'delete',
) {
  const ctx = ctxCan(request, action, 'documents');
  const { id } = request.params as { id: string };
  const { document } = await billing.getDocument(ctx, id, collection);
  requireCan(ctx, action, 'documents', { ownerId: document.ownerId });
  return ctx;
}
