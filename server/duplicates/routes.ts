import { ctxOf, type App } from '../platform/http.js';
import { duplicatePairs, mergeRecords } from './merge.js';
import { summaries } from './repository.js';
import {
  duplicateCheckBody,
  duplicateList,
  duplicatePairList,
  duplicatePairsQuery,
  mergeBody,
  mergeResult,
} from './schema.js';
import { findPossibleDuplicates } from './service.js';

export function duplicateRoutes(app: App): void {
  app.post(
    '/duplicates/check',
    {
      schema: { tags: ['duplicates'], body: duplicateCheckBody, response: { 200: duplicateList } },
    },
    async (request) => ({ data: await findPossibleDuplicates(ctxOf(request), request.body) }),
  );
  app.get(
    '/duplicates',
    {
      schema: {
        tags: ['duplicates'],
        querystring: duplicatePairsQuery,
        response: { 200: duplicatePairList },
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      const { object, limit } = request.query;
      const pairs = await duplicatePairs(ctx, object, limit);
      const found = new Map(
        (
          await summaries(
            ctx,
            pairs.flatMap((p) => [
              { type: object, id: p.a },
              { type: object, id: p.b },
            ]),
          )
        ).map((s) => [s.id, { id: s.id, title: s.title, subtitle: s.subtitle }]),
      );
      return {
        data: pairs.flatMap((p) => {
          const a = found.get(p.a);
          const b = found.get(p.b);
          return a && b ? [{ reasons: p.reasons, records: [a, b] as [typeof a, typeof b] }] : [];
        }),
      };
    },
  );
  for (const object of ['contacts', 'companies', 'leads'] as const) {
    app.post(
      `/${object}/merge`,
      { schema: { tags: ['duplicates'], body: mergeBody, response: { 200: mergeResult } } },
      async (request) => ({ id: await mergeRecords(ctxOf(request), object, request.body) }),
    );
  }
}
