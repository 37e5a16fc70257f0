import type { App } from '../platform/http.js';
import { recordRoutes } from '../records/routes.js';
import { presentContact } from './presenter.js';
import { contactCreateBody, contactOut, contactUpdateBody } from './schema.js';
import * as contacts from './service.js';

export function contactRoutes(app: App): void {
  recordRoutes(app, {
    object: 'contacts',
    createBody: contactCreateBody,
    updateBody: contactUpdateBody,
    out: contactOut,
    create: async (ctx, input) => presentContact(ctx, await contacts.createContact(ctx, input)),
    update: async (ctx, id, input, version) =>
      presentContact(ctx, await contacts.updateContact(ctx, id, input, version)),
    get: async (ctx, id) => presentContact(ctx, await contacts.getContact(ctx, id)),
    list: async (ctx, query) => {
      const page = await contacts.listContacts(ctx, query);
      return { ...page, data: page.rows.map((row) => presentContact(ctx, row)) };
    },
  });
}
