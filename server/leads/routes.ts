import { ctxOf, type App } from '../platform/http.js';
import { recordRoutes } from '../records/routes.js';
import { idParams } from '../records/schema.js';
import { presentLead } from './presenter.js';
import { convertBody, convertResponse, leadCreateBody, leadOut, leadUpdateBody } from './schema.js';
import * as leads from './service.js';

export function leadRoutes(app: App): void {
  recordRoutes(app, {
    object: 'leads',
    createBody: leadCreateBody,
    updateBody: leadUpdateBody,
    out: leadOut,
    create: async (ctx, input) => presentLead(ctx, await leads.createLead(ctx, input)),
    update: async (ctx, id, input, version) =>
      presentLead(ctx, await leads.updateLead(ctx, id, input, version)),
    get: async (ctx, id) => presentLead(ctx, await leads.getLead(ctx, id)),
    list: async (ctx, query) => {
      const page = await leads.listLeads(ctx, query);
      return { ...page, data: page.rows.map((row) => presentLead(ctx, row)) };
    },
  });

  app.post(
    '/leads/:id/convert',
    {
      schema: {
        tags: ['leads'],
        params: idParams,
        body: convertBody,
        response: { 200: convertResponse },
      },
    },
    async (request) => leads.convertLead(ctxOf(request), request.params.id, request.body),
  );
}
