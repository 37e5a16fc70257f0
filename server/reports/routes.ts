import { z } from 'zod';
import { sendCsv } from '../platform/csv.js';
import { ctxOf, type App } from '../platform/http.js';
import { activityReportOut, activityReportQuery } from './schema.js';
import { activityCsv, activityReport } from './service.js';

export function reportRoutes(app: App): void {
  app.get(
    '/reports/activity',
    {
      schema: {
        tags: ['reports'],
        querystring: activityReportQuery,
        response: {
          200: z.union([activityReportOut, z.string().describe('CSV (format=csv)')]),
        },
      },
    },
    async (request, reply) => {
      const ctx = ctxOf(request);
      const report = await activityReport(ctx, request.query);
      if (request.query.format !== 'csv') return report;
      return sendCsv(
        reply,
        `activity-${report.from}-${report.to}.csv`,
        `\uFEFF${activityCsv(ctx, report)}`,
      );
    },
  );
}
