import { z } from 'zod';
import type { App } from '../platform/http.js';
import { VERSION } from './version.js';

export const healthResponse = z.object({
  status: z.literal('ok'),
  database: z.enum(['pglite', 'postgres']),
  version: z.string(),
});

export function systemRoutes(app: App): void {
  app.get('/health', { schema: { tags: ['system'], response: { 200: healthResponse } } }, () => ({
    status: 'ok' as const,
    database: app.database.engine,
    version: VERSION,
  }));
}
