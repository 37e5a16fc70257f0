import type { z } from 'zod';
import type { RecordObject } from '../../common/records.js';
import { AppError } from '../platform/errors.js';
import { ctxOf, type App } from '../platform/http.js';
import { newId } from '../platform/ids.js';
import { idParams } from '../records/schema.js';
import * as repo from './repository.js';
import {
  viewCreateBody,
  viewList,
  viewOut,
  viewsQuery,
  viewUpdateBody,
  type viewConfig,
} from './schema.js';

function present(row: repo.ViewRow) {
  return {
    id: row.id,
    object: row.object as RecordObject,
    name: row.name,
    config: row.config as z.output<typeof viewConfig>,
    position: row.position,
  };
}

export function viewRoutes(app: App): void {
  const tags = ['views'];
  app.get(
    '/views',
    { schema: { tags, querystring: viewsQuery, response: { 200: viewList } } },
    async (request) => ({
      data: (await repo.listViews(ctxOf(request), request.query.object)).map(present),
    }),
  );

  app.post(
    '/views',
    { schema: { tags, body: viewCreateBody, response: { 201: viewOut } } },
    async (request, reply) => {
      const ctx = ctxOf(request);
      if (!ctx.actor.userId) throw new AppError('forbidden');
      const existing = await repo.listViews(ctx, request.body.object);
      const row = await repo.insertView(ctx, {
        id: newId(),
        ...request.body,
        position: existing.length,
      });
      return reply.status(201).send(present(row));
    },
  );

  app.patch(
    '/views/:id',
    { schema: { tags, params: idParams, body: viewUpdateBody, response: { 200: viewOut } } },
    async (request) => {
      const row = await repo.updateView(ctxOf(request), request.params.id, request.body);
      if (!row) throw AppError.notFound();
      return present(row);
    },
  );

  app.delete('/views/:id', { schema: { tags, params: idParams } }, async (request, reply) => {
    if (!(await repo.deleteView(ctxOf(request), request.params.id))) throw AppError.notFound();
    return reply.status(204).send();
  });
}
