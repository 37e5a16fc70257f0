import { ctxOf, ctxWithRole, type App } from '../platform/http.js';
import { idParams } from '../records/schema.js';
import { presentField } from './presenter.js';
import {
  fieldCreateBody,
  fieldList,
  fieldOut,
  fieldsQuery,
  fieldUpdateBody,
  reorderBody,
} from './schema.js';
import * as fields from './service.js';

export function fieldRoutes(app: App): void {
  const tags = ['fields'];

  app.get(
    '/fields',
    { schema: { tags, querystring: fieldsQuery, response: { 200: fieldList } } },
    async (request) => ({
      data: (await fields.listFields(ctxOf(request), request.query.object)).map(presentField),
    }),
  );

  app.post(
    '/fields',
    { schema: { tags, body: fieldCreateBody, response: { 201: fieldOut } } },
    async (request, reply) =>
      reply
        .status(201)
        .send(presentField(await fields.createField(ctxWithRole(request, 'admin'), request.body))),
  );

  app.patch(
    '/fields/:id',
    { schema: { tags, params: idParams, body: fieldUpdateBody, response: { 200: fieldOut } } },
    async (request) =>
      presentField(
        await fields.updateField(ctxWithRole(request, 'admin'), request.params.id, request.body),
      ),
  );

  app.post('/fields/reorder', { schema: { tags, body: reorderBody } }, async (request, reply) => {
    await fields.reorderFields(
      ctxWithRole(request, 'admin'),
      request.body.object,
      request.body.ids,
    );
    return reply.status(204).send();
  });

  app.delete('/fields/:id', { schema: { tags, params: idParams } }, async (request, reply) => {
    await fields.deleteField(ctxWithRole(request, 'admin'), request.params.id);
    return reply.status(204).send();
  });
}
