import type { App } from '../platform/http.js';
import { recordRoutes } from '../records/routes.js';
import { presentCompany } from './presenter.js';
import { companyCreateBody, companyOut, companyUpdateBody } from './schema.js';
import * as companies from './service.js';

export function companyRoutes(app: App): void {
  recordRoutes(app, {
    object: 'companies',
    createBody: companyCreateBody,
    updateBody: companyUpdateBody,
    out: companyOut,
    create: async (ctx, input) => presentCompany(ctx, await companies.createCompany(ctx, input)),
    update: async (ctx, id, input, version) =>
      presentCompany(ctx, await companies.updateCompany(ctx, id, input, version)),
    get: async (ctx, id) => presentCompany(ctx, await companies.getCompany(ctx, id)),
    list: async (ctx, query) => {
      const page = await companies.listCompanies(ctx, query);
      return { ...page, data: page.rows.map((row) => presentCompany(ctx, row)) };
    },
  });
}
