import { z } from 'zod';
import { ctxOf, type App } from '../platform/http.js';
import {
  phoneLookupQuery,
  phoneLookupResponse,
  recentQuery,
  searchHit,
  searchQuery,
  searchResponse,
} from './schema.js';
import { phoneLookup, recent, search } from './service.js';

export function searchRoutes(app: App): void {
  app.get(
    '/search',
    { schema: { tags: ['search'], querystring: searchQuery, response: { 200: searchResponse } } },
    async (request) => search(ctxOf(request), request.query),
  );
  app.get(
    '/search/recent',
    {
      schema: {
        tags: ['search'],
        querystring: recentQuery,
        response: { 200: z.object({ data: z.array(searchHit) }) },
      },
    },
    async (request) => ({ data: await recent(ctxOf(request), request.query.limit) }),
  );
  app.get(
    '/phone-lookup',
    {
      schema: {
        tags: ['search'],
        querystring: phoneLookupQuery,
        response: { 200: phoneLookupResponse },
      },
    },
    async (request) => ({ data: await phoneLookup(ctxOf(request), request.query) }),
  );
}
