import type { RecordObject } from '../../common/records.js';
import { ctxOf, type App } from '../platform/http.js';
import { idParams } from '../records/schema.js';
import { noteBody, noteOut, noteParams, timelinePage, timelineQuery } from './schema.js';
import * as timeline from './service.js';

export function timelineRoutes(app: App, object: RecordObject): void {
  const base = `/${object}/:id`;
  const tags = [object];

  app.get(
    `${base}/timeline`,
    {
      schema: {
        tags,
        params: idParams,
        querystring: timelineQuery,
        response: { 200: timelinePage },
      },
    },
    async (request) =>
      timeline.getTimeline(ctxOf(request), object, request.params.id, request.query),
  );

  app.get(
    `${base}/notes`,
    {
      schema: {
        tags,
        params: idParams,
        querystring: timelineQuery,
        response: { 200: timelinePage },
      },
    },
    async (request) =>
      timeline.getTimeline(ctxOf(request), object, request.params.id, {
        ...request.query,
        kinds: 'note',
      }),
  );

  app.post(
    `${base}/notes`,
    { schema: { tags, params: idParams, body: noteBody, response: { 201: noteOut } } },
    async (request, reply) =>
      reply
        .status(201)
        .send(await timeline.addNote(ctxOf(request), object, request.params.id, request.body.body)),
  );

  app.patch(
    `${base}/notes/:noteId`,
    { schema: { tags, params: noteParams, body: noteBody, response: { 200: noteOut } } },
    async (request) =>
      timeline.editNote(
        ctxOf(request),
        object,
        request.params.id,
        request.params.noteId,
        request.body.body,
      ),
  );

  app.delete(
    `${base}/notes/:noteId`,
    { schema: { tags, params: noteParams } },
    async (request, reply) => {
      await timeline.deleteNote(ctxOf(request), object, request.params.id, request.params.noteId);
      return reply.status(204).send();
    },
  );
}
