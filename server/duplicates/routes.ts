import { ctxOf, type App } from '../platform/http.js';
import { duplicateCheckBody, duplicateList } from './schema.js';
import { findPossibleDuplicates } from './service.js';

export function duplicateRoutes(app: App): void {
  app.post(
    '/duplicates/check',
    {
      schema: { tags: ['duplicates'], body: duplicateCheckBody, response: { 200: duplicateList } },
    },
    async (request) => ({ data: await findPossibleDuplicates(ctxOf(request), request.body) }),
  );
}
