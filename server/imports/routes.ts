import { Readable } from 'node:stream';
import multipart from '@fastify/multipart';
import { z } from 'zod';
import { EXPORT_OBJECTS } from '../../common/imports.js';
import { ctxOf, type App } from '../platform/http.js';
import { sendCsv } from '../platform/csv.js';
import { AppError } from '../platform/errors.js';
import { EXPORT_FORMATS, exportList } from './export.js';
import { exportFile, getExport, startExport } from './export-jobs.js';
import { presentExportJob, presentImport } from './presenter.js';
import {
  exportJobBody,
  exportJobOut,
  idParams,
  importList,
  importOut,
  mappingBody,
  uploadQuery,
} from './schema.js';
import * as imports from './service.js';

const tags = ['imports'];

export function importRoutes(app: App): void {
  exportRoutes(app);
  void app.register(async (scoped: App) => {
    // Only this scope parses multipart bodies; the file streams to disk (bounded memory).
    await scoped.register(multipart, {
      limits: { fileSize: imports.MAX_UPLOAD_BYTES, files: 1, fields: 10 },
    });
    scoped.post(
      '/imports',
      {
        schema: {
          tags,
          querystring: uploadQuery,
          consumes: ['multipart/form-data'],
          response: { 201: importOut },
        },
      },
      async (request, reply) => {
        const ctx = ctxOf(request);
        if (!request.isMultipart()) throw new AppError('unsupported_media_type');
        const file = await request.file();
        if (!file) throw AppError.invalid('file', 'imports:errors.empty_file');
        const row = await imports.createImport(ctx, request.query, file.filename, file.file);
        return reply.status(201).send(await presentImport(ctx, row));
      },
    );
  });

  app.get('/imports', { schema: { tags, response: { 200: importList } } }, async (request) => {
    const ctx = ctxOf(request);
    const rows = await imports.listImports(ctx);
    return { data: await Promise.all(rows.map((r) => presentImport(ctx, r))) };
  });
  app.get(
    '/imports/:id',
    { schema: { tags, params: idParams, response: { 200: importOut } } },
    async (request) => {
      const ctx = ctxOf(request);
      return presentImport(ctx, await imports.getImport(ctx, request.params.id));
    },
  );
  app.post(
    '/imports/:id/mapping',
    { schema: { tags, params: idParams, body: mappingBody, response: { 200: importOut } } },
    async (request) => {
      const ctx = ctxOf(request);
      return presentImport(ctx, await imports.updateMapping(ctx, request.params.id, request.body));
    },
  );
  for (const [action, run] of [
    ['start', imports.startImport],
    ['cancel', imports.cancelImport],
    ['undo', imports.requestUndo],
  ] as const) {
    app.post(
      `/imports/:id/${action}`,
      { schema: { tags, params: idParams, response: { 200: importOut } } },
      async (request) => {
        const ctx = ctxOf(request);
        return presentImport(ctx, await run(ctx, request.params.id));
      },
    );
  }
  app.get('/imports/:id/errors', { schema: { tags, params: idParams } }, async (request, reply) => {
    const ctx = ctxOf(request);
    const row = await imports.getImport(ctx, request.params.id);
    const name = row.fileName.replace(/\.[^.]+$/, '').replace(/[^\w.-]+/g, '_') || 'import';
    return sendCsv(reply, `${name}-errors.csv`, Readable.from(imports.errorFile(ctx, row.id)));
  });
}

const exportQuery = z.looseObject({ format: z.enum(EXPORT_FORMATS).default('csv') });

/** `GET /<collection>/export?format=csv|xlsx|vcf&…` with the list's own query parameters. */
export function exportRoutes(app: App): void {
  // Big lists: prepared in the background, downloaded when ready (by the user who asked).
  app.post(
    '/exports',
    { schema: { tags, body: exportJobBody, response: { 202: exportJobOut } } },
    async (request, reply) => {
      const row = await startExport(ctxOf(request), request.body);
      return reply.status(202).send(presentExportJob(row));
    },
  );
  app.get(
    '/exports/:id',
    { schema: { tags, params: idParams, response: { 200: exportJobOut } } },
    async (request) => presentExportJob(await getExport(ctxOf(request), request.params.id)),
  );
  app.get('/exports/:id/file', { schema: { tags, params: idParams } }, async (request, reply) => {
    const file = await exportFile(ctxOf(request), request.params.id);
    return reply
      .header('content-type', file.contentType)
      .header('content-length', file.size)
      .header('content-disposition', `attachment; filename="${file.fileName}"`)
      .send(file.stream);
  });

  for (const object of EXPORT_OBJECTS) {
    app.get(
      `/${object}/export`,
      { schema: { tags: [object], querystring: exportQuery } },
      async (request, reply) => {
        const ctx = ctxOf(request);
        const { format } = request.query;
        const out = await exportList(ctx, {
          object,
          format,
          query: request.query,
        });
        return reply
          .header('content-type', out.contentType)
          .header('content-disposition', `attachment; filename="${out.fileName}"`)
          .send(out.stream);
      },
    );
  }
}
