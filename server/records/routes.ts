import { z, type ZodType } from 'zod';
import type { RecordObject } from '../../common/records.js';
import type { FastifyInstance, FastifySchema } from 'fastify';
import { ctxOf, type App } from '../platform/http.js';
import type { Ctx } from '../platform/context.js';
import { onceByKey } from '../platform/idempotency.js';
import { pickFields } from './presenter.js';
import { bulkAction, deleteRecord, expectedVersion, restoreRecord } from './service.js';
import {
  bulkBody,
  bulkResponse,
  idParams,
  ifMatchHeaders,
  listQuery,
  type BulkInput,
} from './schema.js';
import { timelineRoutes } from '../timeline/routes.js';
import { guardCreate, guardDelete, guardList, guardUpdate } from '../access/enforce.js';
import { redact } from '../platform/permissions.js';

/** Hides a generic schema's literal type from Fastify's reply inference. */
const untyped = (schema: FastifySchema): FastifySchema => schema;

/** What a record collection provides; the shared routes below do the rest. */
export interface RecordCollection<
  Create extends ZodType,
  Update extends ZodType,
  Out extends ZodType,
> {
  object: RecordObject;
  createBody: Create;
  updateBody: Update;
  out: Out;
  create(ctx: Ctx, input: z.output<Create>): Promise<z.output<Out>>;
  update(
    ctx: Ctx,
    id: string,
    input: z.output<Update>,
    expectedVersion: number | null,
  ): Promise<z.output<Out>>;
  get(ctx: Ctx, id: string): Promise<z.output<Out>>;
  list(
    ctx: Ctx,
    query: Record<string, unknown>,
  ): Promise<{ data: z.output<Out>[]; nextCursor: string | null; fields: string[] }>;
}

/**
 * The list contract and lifecycle every collection shares (issue 3): create (with optional
 * `Idempotency-Key`), list, get, patch (`If-Match`), soft delete, restore, bulk actions, notes and
 * timeline.
 */
export function recordRoutes<C extends ZodType, U extends ZodType, O extends ZodType>(
  typedApp: App,
  collection: RecordCollection<C, U, O>,
): void {
  // Generic schemas defeat the type provider's inference; the collection's functions are typed
  // and the validator still parses every request with the schemas below.
  const app = typedApp as unknown as FastifyInstance;
  const base = `/${collection.object}`;
  const tags = [collection.object];
  const listResponse = z.object({
    data: z.array(collection.out),
    nextCursor: z.string().nullable(),
  });

  app.post(
    base,
    {
      schema: untyped({
        tags,
        body: collection.createBody,
        headers: z.object({ 'idempotency-key': z.string().optional() }),
        response: { 201: collection.out },
      }),
    },
    async (request, reply) => {
      const ctx = ctxOf(request);
      const result = await onceByKey(
        ctx,
        request.headers['idempotency-key'] as string | undefined,
        `POST ${base}`,
        (tx) => {
          guardCreate(tx, collection.object, request.body as Record<string, unknown>);
          return collection.create(tx, request.body as z.output<C>).then(redactFor(tx));
        },
      );
      return reply.status(result.replayed ? 200 : 201).send(result.body);
    },
  );

  app.get(
    base,
    { schema: untyped({ tags, querystring: listQuery, response: { 200: listResponse } }) },
    async (request) => {
      const ctx = ctxOf(request);
      guardList(ctx, collection.object, request.query as Record<string, unknown>);
      const page = await collection.list(ctx, request.query as Record<string, unknown>);
      return {
        data: page.data.map((record) =>
          pickFields(
            redact(ctx, collection.object, record) as Record<string, unknown>,
            page.fields,
          ),
        ),
        nextCursor: page.nextCursor,
      };
    },
  );

  app.get(
    `${base}/:id`,
    { schema: untyped({ tags, params: idParams, response: { 200: collection.out } }) },
    async (request) => {
      const ctx = ctxOf(request);
      return redactFor(ctx)(await collection.get(ctx, (request.params as { id: string }).id));
    },
  );

  app.patch(
    `${base}/:id`,
    {
      schema: untyped({
        tags,
        params: idParams,
        headers: ifMatchHeaders,
        body: collection.updateBody,
        response: { 200: collection.out },
      }),
    },
    async (request) => {
      const ctx = ctxOf(request);
      const id = (request.params as { id: string }).id;
      await guardUpdate(ctx, collection.object, id, request.body as Record<string, unknown>);
      return redactFor(ctx)(
        await collection.update(
          ctx,
          id,
          request.body as z.output<U>,
          expectedVersion(request.headers['if-match']),
        ),
      );
    },
  );

  app.delete(
    `${base}/:id`,
    { schema: untyped({ tags, params: idParams }) },
    async (request, reply) => {
      const ctx = ctxOf(request);
      await guardDelete(ctx, collection.object, (request.params as { id: string }).id);
      await deleteRecord(ctx, collection.object, (request.params as { id: string }).id);
      return reply.status(204).send();
    },
  );

  app.post(
    `${base}/:id/restore`,
    { schema: untyped({ tags, params: idParams, response: { 200: collection.out } }) },
    async (request) => {
      const ctx = ctxOf(request);
      await guardDelete(ctx, collection.object, (request.params as { id: string }).id);
      await restoreRecord(ctx, collection.object, (request.params as { id: string }).id);
      return redactFor(ctx)(await collection.get(ctx, (request.params as { id: string }).id));
    },
  );

  app.post(
    `${base}/bulk`,
    { schema: untyped({ tags, body: bulkBody, response: { 200: bulkResponse } }) },
    async (request) => ({
      updated: await bulkAction(ctxOf(request), collection.object, request.body as BulkInput),
    }),
  );

  timelineRoutes(typedApp, collection.object);

  /** Fields hidden from the caller's role leave no response (issue 9). */
  function redactFor(ctx: Ctx) {
    return <T>(record: T): T => redact(ctx, collection.object, record);
  }
}
