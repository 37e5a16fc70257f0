import { z } from 'zod';
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
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="activity-${report.from}-${report.to}.csv"`,
        )
        .send(`\uFEFF${activityCsv(ctx, report)}`);
    },
  );
}
